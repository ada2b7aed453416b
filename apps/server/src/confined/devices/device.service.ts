import type { TelemetryReading } from '@safegrid/contracts';
import { notFound } from '../../errors';
import type { DeviceRepository } from './device.repository';
import type { Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { presentDevice, presentReading } from './device.presenter';
import type { DeviceDetail } from './device.schemas';

export function createDeviceService(deps: { devices: DeviceRepository }) {
  const { devices } = deps;
  return {
    async get(actor: Actor, id: string): Promise<DeviceDetail> {
      authorize(actor, 'device.read');
      const device = await devices.findInScope(id, actor.scope);
      if (!device) throw notFound('device', id);
      return presentDevice(device);
    },

    /** A registered device that has not reported yet is a 404 on 'telemetry', not on 'device'. */
    async latestReading(actor: Actor, id: string): Promise<TelemetryReading> {
      authorize(actor, 'device.read');
      const [device, reading] = await Promise.all([
        devices.findInScope(id, actor.scope),
        devices.latestTelemetry(id),
      ]);
      if (!device) throw notFound('device', id);
      if (!reading) throw notFound('telemetry', id);
      return presentReading(reading);
    },
  };
}

export type DeviceService = ReturnType<typeof createDeviceService>;
