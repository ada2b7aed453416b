import { Type, type Static } from 'typebox';
import { DEVICE_ID_PATTERN } from '../../platform/mqtt/device-contract';

/** Same rule as the MQTT topic and the table's CHECK, so a malformed id is a 400, never a query. */
export const DeviceIdParams = Type.Object({
  id: Type.String({ pattern: DEVICE_ID_PATTERN.source, minLength: 3, maxLength: 64 }),
});
export type DeviceIdParams = Static<typeof DeviceIdParams>;

export const DeviceKind = Type.Enum(['gas_detector', 'smart_lock']);

export const DeviceDetail = Type.Object({
  id: Type.String(),
  kind: DeviceKind,
  label: Type.String(),
  /** bigint id as a string, like every other enterprise id on the API. */
  enterpriseId: Type.Union([Type.String(), Type.Null()]),
  online: Type.Boolean(),
  lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type DeviceDetail = Static<typeof DeviceDetail>;

/** Shown once: only the hash is kept, so a lost secret means issuing a new one. */
export const DeviceCredentials = Type.Object({
  deviceId: Type.String(),
  mqttUsername: Type.String(),
  mqttPassword: Type.String(),
});
export type DeviceCredentials = Static<typeof DeviceCredentials>;
