import { isUtf8 } from 'node:buffer';

/**
 * The MQTT device contract (DESIGN §5) as a pure parser: no I/O, no clock, never throws on input.
 * Everything a device sends is untrusted; each rejection carries a stable reason code that ops
 * dashboards count, so the codes below are a contract as much as the topics are.
 */

export const TOPIC_ROOT = 'sg/v1/dev';
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;
/** Real detectors send ~120 bytes; the cap keeps a misbehaving device from costing parse time. */
export const MAX_PAYLOAD_BYTES = 4096;

export const CHANNELS = ['telemetry', 'event', 'status'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LOCK_EVENT_TYPES = [
  'unlocked',
  'locked',
  'opened_without_token',
  'tamper',
  'low_battery',
] as const;
export type LockEventType = (typeof LOCK_EVENT_TYPES)[number];

/**
 * Status payloads are the bare strings `online` / `offline` (no JSON): that is what a device can
 * set as its retained last will without building JSON, and what an operator reads in any MQTT tool.
 */
export const STATUS_PAYLOADS = ['online', 'offline'] as const;

/** Physical range of each reading; outside it the sensor is broken or the payload is forged. */
export const READING_RANGES = {
  o2: { min: 0, max: 100 }, // %vol
  h2s: { min: 0, max: 10_000 }, // ppm
  co: { min: 0, max: 10_000 }, // ppm
  lel: { min: 0, max: 100 }, // %LEL
  battery: { min: 0, max: 100 }, // %
} as const;
export type ReadingField = keyof typeof READING_RANGES;
export const READING_FIELDS = Object.keys(READING_RANGES) as ReadingField[];
const GAS_FIELDS: readonly ReadingField[] = ['o2', 'h2s', 'co', 'lel'];

const TOKEN_ID_MAX = 128;

export const MALFORMED_REASONS = [
  'topic.invalid',
  'topic.device_id_invalid',
  'topic.channel_unknown',
  'payload.empty',
  'payload.too_large',
  'payload.not_utf8',
  'payload.not_json',
  'payload.not_object',
  'seq.invalid',
  'ts.invalid',
  'reading.invalid_type',
  'reading.out_of_range',
  'reading.missing',
  'event.type_invalid',
  'event.token_invalid',
  'status.invalid',
] as const;
export type MalformedReason = (typeof MALFORMED_REASONS)[number];

export interface DeviceTopic {
  deviceId: string;
  channel: Channel;
}

export interface TelemetryMessage {
  kind: 'telemetry';
  deviceId: string;
  seq: number;
  /** As sent, offset included: the device's local time is evidence and is kept verbatim. */
  ts: string;
  measuredAt: Date;
  /** null = the detector has no such sensor (or did not report it in this reading). */
  o2: number | null;
  h2s: number | null;
  co: number | null;
  lel: number | null;
  battery: number | null;
}

export interface LockEventMessage {
  kind: 'event';
  deviceId: string;
  seq: number;
  ts: string;
  occurredAt: Date;
  type: LockEventType;
  tokenId: string | null;
}

export interface StatusMessage {
  kind: 'status';
  deviceId: string;
  online: boolean;
}

export type DeviceMessage = TelemetryMessage | LockEventMessage | StatusMessage;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: MalformedReason };
type TopicResult = { ok: true; topic: DeviceTopic } | { ok: false; reason: MalformedReason };

const fail = (reason: MalformedReason) => ({ ok: false as const, reason });

export function deviceTopic(deviceId: string, channel: Channel): string {
  return `${TOPIC_ROOT}/${deviceId}/${channel}`;
}

/** Subscription filters for every device and channel, optionally as MQTT 5 shared subscriptions. */
export function deviceTopicFilters(shareGroup?: string): string[] {
  const prefix = shareGroup ? `$share/${shareGroup}/` : '';
  return CHANNELS.map((channel) => `${prefix}${TOPIC_ROOT}/+/${channel}`);
}

export function parseTopic(topic: string): TopicResult {
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}/${parts[2]}` !== TOPIC_ROOT)
    return fail('topic.invalid');
  const deviceId = parts[3] as string;
  const channel = parts[4] as string;
  if (!DEVICE_ID_PATTERN.test(deviceId)) return fail('topic.device_id_invalid');
  if (!(CHANNELS as readonly string[]).includes(channel)) return fail('topic.channel_unknown');
  return { ok: true, topic: { deviceId, channel: channel as Channel } };
}

export function parseDeviceMessage(topic: string, payload: Buffer | Uint8Array): ParseResult<DeviceMessage> {
  const parsedTopic = parseTopic(topic);
  if (!parsedTopic.ok) return parsedTopic;
  const { deviceId, channel } = parsedTopic.topic;
  switch (channel) {
    case 'telemetry':
      return parseTelemetryPayload(deviceId, payload);
    case 'event':
      return parseEventPayload(deviceId, payload);
    case 'status':
      return parseStatusPayload(deviceId, payload);
  }
}

type JsonObject = Record<string, unknown>;

function decodeJsonObject(payload: Buffer | Uint8Array): ParseResult<JsonObject> {
  if (payload.byteLength === 0) return fail('payload.empty');
  if (payload.byteLength > MAX_PAYLOAD_BYTES) return fail('payload.too_large');
  if (!isUtf8(payload)) return fail('payload.not_utf8');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch {
    return fail('payload.not_json');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('payload.not_object');
  return { ok: true, message: value as JsonObject };
}

// Own properties only: a payload key must never resolve through Object.prototype.
const field = (obj: JsonObject, key: string): unknown => (Object.hasOwn(obj, key) ? obj[key] : undefined);

function parseSeq(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

const TS_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * ISO-8601 with an explicit offset (Z or ±hh:mm). A bare local time is ambiguous across the
 * gateways' time zones, and Date.parse would silently roll 02-30 over to March, so fields are
 * checked one by one. Years before 1970 are refused: no device has a clock that old, and
 * PostgreSQL rejects year 0.
 */
export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const m = TS_PATTERN.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 18 || om > 59) return undefined;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return new Date(utc);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The part every timed device message shares: a JSON object with `seq` and an ISO-8601 `ts`. */
function decodeHeader(
  payload: Buffer | Uint8Array,
): ParseResult<{ obj: JsonObject; seq: number; ts: string; at: Date }> {
  const decoded = decodeJsonObject(payload);
  if (!decoded.ok) return decoded;
  const obj = decoded.message;
  const seq = parseSeq(field(obj, 'seq'));
  if (seq === undefined) return fail('seq.invalid');
  const ts = field(obj, 'ts');
  const at = parseTimestamp(ts);
  if (at === undefined) return fail('ts.invalid');
  return { ok: true, message: { obj, seq, ts: ts as string, at } };
}

export function parseTelemetryPayload(
  deviceId: string,
  payload: Buffer | Uint8Array,
): ParseResult<TelemetryMessage> {
  const head = decodeHeader(payload);
  if (!head.ok) return head;
  const { obj, seq, ts, at: measuredAt } = head.message;

  const readings = {} as Record<ReadingField, number | null>;
  for (const key of READING_FIELDS) {
    const value = field(obj, key);
    if (value === undefined || value === null) {
      readings[key] = null;
      continue;
    }
    // JSON.parse turns 1e400 into Infinity, so finiteness is checked even though JSON has no NaN.
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail('reading.invalid_type');
    const { min, max } = READING_RANGES[key];
    if (value < min || value > max) return fail('reading.out_of_range');
    // JSON allows -0; it means 0, and normalising keeps equality checks downstream simple.
    readings[key] = value === 0 ? 0 : value;
  }
  if (GAS_FIELDS.every((key) => readings[key] === null)) return fail('reading.missing');

  return {
    ok: true,
    message: { kind: 'telemetry', deviceId, seq, ts: ts as string, measuredAt, ...readings },
  };
}

export function parseEventPayload(
  deviceId: string,
  payload: Buffer | Uint8Array,
): ParseResult<LockEventMessage> {
  const head = decodeHeader(payload);
  if (!head.ok) return head;
  const { obj, seq, ts, at: occurredAt } = head.message;
  const type = field(obj, 'type');
  if (typeof type !== 'string' || !(LOCK_EVENT_TYPES as readonly string[]).includes(type)) {
    return fail('event.type_invalid');
  }
  const token = field(obj, 'tokenId');
  let tokenId: string | null = null;
  if (token !== undefined && token !== null) {
    if (typeof token !== 'string' || token.length === 0 || token.length > TOKEN_ID_MAX) {
      return fail('event.token_invalid');
    }
    tokenId = token;
  }
  return {
    ok: true,
    message: {
      kind: 'event',
      deviceId,
      seq,
      ts: ts as string,
      occurredAt,
      type: type as LockEventType,
      tokenId,
    },
  };
}

export function parseStatusPayload(
  deviceId: string,
  payload: Buffer | Uint8Array,
): ParseResult<StatusMessage> {
  if (payload.byteLength === 0) return fail('payload.empty');
  if (payload.byteLength > 16) return fail('status.invalid');
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('latin1');
  if (text === 'online') return { ok: true, message: { kind: 'status', deviceId, online: true } };
  if (text === 'offline') return { ok: true, message: { kind: 'status', deviceId, online: false } };
  return fail('status.invalid');
}

/** Encoders for the simulator and tests, so that producers and the parser share one definition. */
export function encodeTelemetry(reading: {
  seq: number;
  ts: string;
  o2?: number | null;
  h2s?: number | null;
  co?: number | null;
  lel?: number | null;
  battery?: number | null;
}): Buffer {
  return Buffer.from(JSON.stringify(reading), 'utf8');
}

export function encodeLockEvent(event: {
  seq: number;
  ts: string;
  type: LockEventType;
  tokenId?: string;
}): Buffer {
  return Buffer.from(JSON.stringify(event), 'utf8');
}

export function encodeStatus(online: boolean): Buffer {
  return Buffer.from(online ? 'online' : 'offline', 'utf8');
}

/** ISO-8601 in China Standard Time (+08:00), the way Shenzhen's devices stamp their readings. */
export function formatDeviceTime(date: Date, offsetMinutes = 480): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}
