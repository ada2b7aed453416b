import type { TelemetryReading } from '@safegrid/contracts';
import { notFound } from '../../errors';
import type { DeviceRepository } from './device.repository';
import { presentDevice, presentReading } from './device.presenter';
import type { DeviceDetail } from './device.schemas';

// Permission checks arrive with the identity model; every use case will start with one.
export function createDeviceService(deps: { devices: DeviceRepository }) {
  const { devices } = deps;
  return {
    async get(id: string): Promise<DeviceDetail> {
      const device = await devices.findById(id);
      if (!device) throw notFound('device', id);
      return presentDevice(device);
    },

    /** A registered device that has not reported yet is a 404 on 'telemetry', not on 'device'. */
    async latestReading(id: string): Promise<TelemetryReading> {
      const [device, reading] = await Promise.all([devices.findById(id), devices.latestTelemetry(id)]);
      if (!device) throw notFound('device', id);
      if (!reading) throw notFound('telemetry', id);
      return presentReading(reading);
    },
  };
}

export type DeviceService = ReturnType<typeof createDeviceService>;
