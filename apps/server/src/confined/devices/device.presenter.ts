import type { TelemetryReading } from '@safegrid/contracts';
import type { DeviceRow, TelemetryRow } from './device.repository';
import type { DeviceDetail } from './device.schemas';

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

export function presentDevice(row: DeviceRow): DeviceDetail {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    enterpriseId: row.enterprise_id === null ? null : String(row.enterprise_id),
    online: row.online,
    lastSeenAt: row.last_seen_at === null ? null : iso(row.last_seen_at),
  };
}

export function presentReading(row: TelemetryRow): TelemetryReading {
  return {
    deviceId: row.device_id,
    // bigint arrives as a string; device counters stay far below 2^53.
    seq: Number(row.seq),
    measuredAt: iso(row.measured_at),
    receivedAt: iso(row.received_at),
    o2: row.o2,
    h2s: row.h2s,
    co: row.co,
    lel: row.lel,
    battery: row.battery,
  };
}
