import type { TelemetryReading, TelemetrySeries } from '@safegrid/contracts';

/** Up to two hours a chart gets every reading (≤ 7,200 at 1 Hz); beyond, one-minute buckets. */
export const RAW_SERIES_MAX_MINUTES = 120;
import { notFound } from '../../errors';
import type { DeviceRepository } from './device.repository';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { presentDevice, presentReading } from './device.presenter';
import type { DeviceCredentials, DeviceDetail } from './device.schemas';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit-trail';
import { deviceSecretHash, newDeviceSecret } from '../../platform/mqtt/device-credentials';

export function createDeviceService(deps: { db: Kysely<DB>; devices: DeviceRepository }) {
  const { db, devices } = deps;
  return {
    /** New broker credentials; the previous secret stops working at the device's next connect. */
    async issueCredentials(actor: Actor, id: string): Promise<DeviceCredentials> {
      authorize(actor, 'device.manage');
      const device = await devices.findInScope(id, actor.scope);
      if (!device) throw notFound('device', id);
      const secret = newDeviceSecret();
      await db.transaction().execute(async (trx) => {
        await devices.setSecretHash(trx, id, deviceSecretHash(secret));
        await appendAudit(trx, auditWho(actor), {
          action: 'device.credentials_issued',
          resourceType: 'device',
          resourceId: id,
        });
      });
      return { deviceId: id, mqttUsername: id, mqttPassword: secret };
    },

    async get(actor: Actor, id: string): Promise<DeviceDetail> {
      authorize(actor, 'device.read');
      const device = await devices.findInScope(id, actor.scope);
      if (!device) throw notFound('device', id);
      return presentDevice(device);
    },

    async series(actor: Actor, id: string, minutes: number, now: Date): Promise<TelemetrySeries> {
      authorize(actor, 'device.read');
      const device = await devices.findInScope(id, actor.scope);
      if (!device) throw notFound('device', id);
      const bucketed = minutes > RAW_SERIES_MAX_MINUTES;
      const rows = await devices.series(id, new Date(now.getTime() - minutes * 60_000), bucketed);
      return {
        deviceId: id,
        resolution: bucketed ? '1m' : 'raw',
        points: rows.map((r) => ({
          seq: Number(r.seq),
          measuredAt: new Date(r.measured_at).toISOString(),
          o2: r.o2,
          h2s: r.h2s,
          co: r.co,
          lel: r.lel,
        })),
      };
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
