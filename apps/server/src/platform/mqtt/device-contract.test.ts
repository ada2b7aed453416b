import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MALFORMED_REASONS,
  MAX_PAYLOAD_BYTES,
  READING_RANGES,
  deviceTopic,
  deviceTopicFilters,
  encodeStatus,
  formatDeviceTime,
  parseDeviceMessage,
  parseTimestamp,
  parseTopic,
  type MalformedReason,
  type ReadingField,
} from './device-contract';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const TELEMETRY = 'sg/v1/dev/GD-000001/telemetry';
const EVENT = 'sg/v1/dev/LK-000001/event';
const STATUS = 'sg/v1/dev/GD-000001/status';
const valid = {
  seq: 1043,
  ts: '2026-11-30T10:00:01.000+08:00',
  o2: 20.9,
  h2s: 0.0,
  co: 1,
  lel: 0,
  battery: 87,
};

function reasonOf(topic: string, payload: Buffer): MalformedReason | 'ok' {
  const result = parseDeviceMessage(topic, payload);
  return result.ok ? 'ok' : result.reason;
}

describe('device topics', () => {
  it('parses the three channels', () => {
    expect(parseTopic('sg/v1/dev/GD-000001/telemetry')).toEqual({
      ok: true,
      topic: { deviceId: 'GD-000001', channel: 'telemetry' },
    });
    expect(parseTopic('sg/v1/dev/lock_7/event')).toMatchObject({ ok: true, topic: { channel: 'event' } });
    expect(parseTopic('sg/v1/dev/abc/status')).toMatchObject({ ok: true, topic: { channel: 'status' } });
  });

  it.each([
    ['sg/v1/dev/GD-1/telemetry/extra', 'topic.invalid'],
    ['sg/v2/dev/GD-1/telemetry', 'topic.invalid'],
    ['sg/v1/dev/GD-1', 'topic.invalid'],
    ['', 'topic.invalid'],
    ['sg/v1/dev/ab/telemetry', 'topic.device_id_invalid'],
    ['sg/v1/dev/GD 1/telemetry', 'topic.device_id_invalid'],
    ['sg/v1/dev/设备01/telemetry', 'topic.device_id_invalid'],
    [`sg/v1/dev/${'x'.repeat(65)}/telemetry`, 'topic.device_id_invalid'],
    ['sg/v1/dev/GD-1/commands', 'topic.channel_unknown'],
  ])('refuses %j as %s', (topic, reason) => {
    expect(parseTopic(topic)).toEqual({ ok: false, reason });
  });

  it('builds topics and (shared) subscription filters', () => {
    expect(deviceTopic('GD-000001', 'telemetry')).toBe(TELEMETRY);
    expect(deviceTopicFilters()).toEqual([
      'sg/v1/dev/+/telemetry',
      'sg/v1/dev/+/event',
      'sg/v1/dev/+/status',
    ]);
    expect(deviceTopicFilters('ingest')[0]).toBe('$share/ingest/sg/v1/dev/+/telemetry');
  });
});

describe('telemetry payloads', () => {
  it('parses the DESIGN §5 example', () => {
    const result = parseDeviceMessage(TELEMETRY, json(valid));
    expect(result).toEqual({
      ok: true,
      message: {
        kind: 'telemetry',
        deviceId: 'GD-000001',
        seq: 1043,
        ts: '2026-11-30T10:00:01.000+08:00',
        measuredAt: new Date('2026-11-30T02:00:01.000Z'),
        o2: 20.9,
        h2s: 0,
        co: 1,
        lel: 0,
        battery: 87,
      },
    });
  });

  it('ignores unknown keys and treats missing or null sensors as absent', () => {
    const result = parseDeviceMessage(
      TELEMETRY,
      json({ seq: 0, ts: '2026-01-01T00:00:00Z', o2: 20.8, fw: '1.2', co: null }),
    );
    expect(result).toMatchObject({
      ok: true,
      message: { seq: 0, o2: 20.8, co: null, h2s: null, lel: null, battery: null },
    });
  });

  it('accepts the limits of each physical range', () => {
    for (const [key, { min, max }] of Object.entries(READING_RANGES)) {
      for (const v of [min, max]) {
        const payload = { seq: 1, ts: valid.ts, o2: 20.9, [key]: v };
        expect(reasonOf(TELEMETRY, json(payload)), `${key}=${v}`).toBe('ok');
      }
    }
  });

  it.each<[string, Buffer, MalformedReason]>([
    ['empty', Buffer.alloc(0), 'payload.empty'],
    ['not JSON', Buffer.from('{"seq": 1,'), 'payload.not_json'],
    ['a BOM in front', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json(valid)]), 'payload.not_json'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), 'payload.not_utf8'],
    ['an array', json([valid]), 'payload.not_object'],
    ['null', Buffer.from('null'), 'payload.not_object'],
    ['a number', Buffer.from('42'), 'payload.not_object'],
    ['no seq', json({ ...valid, seq: undefined }), 'seq.invalid'],
    ['negative seq', json({ ...valid, seq: -1 }), 'seq.invalid'],
    ['fractional seq', json({ ...valid, seq: 1.5 }), 'seq.invalid'],
    ['seq as string', json({ ...valid, seq: '1043' }), 'seq.invalid'],
    [
      'seq beyond 2^53',
      Buffer.from('{"seq": 9007199254740993, "ts": "2026-11-30T10:00:01Z", "o2": 20}'),
      'seq.invalid',
    ],
    ['ts without offset', json({ ...valid, ts: '2026-11-30T10:00:01.000' }), 'ts.invalid'],
    ['ts with a space', json({ ...valid, ts: '2026-11-30 10:00:01+08:00' }), 'ts.invalid'],
    ['ts as epoch number', json({ ...valid, ts: 1_790_000_000_000 }), 'ts.invalid'],
    ['ts on 30 February', json({ ...valid, ts: '2026-02-30T10:00:00+08:00' }), 'ts.invalid'],
    ['ts at 24:00', json({ ...valid, ts: '2026-11-30T24:00:00+08:00' }), 'ts.invalid'],
    ['ts before 1970', json({ ...valid, ts: '1969-12-31T23:59:59Z' }), 'ts.invalid'],
    ['o2 as string', json({ ...valid, o2: '20.9' }), 'reading.invalid_type'],
    ['co as boolean', json({ ...valid, co: true }), 'reading.invalid_type'],
    [
      'lel overflowing to Infinity',
      Buffer.from(`{"seq":1,"ts":"${valid.ts}","lel":1e400}`),
      'reading.invalid_type',
    ],
    ['o2 above 100 %vol', json({ ...valid, o2: 100.1 }), 'reading.out_of_range'],
    ['negative h2s', json({ ...valid, h2s: -0.1 }), 'reading.out_of_range'],
    ['co above 10000 ppm', json({ ...valid, co: 10_001 }), 'reading.out_of_range'],
    ['battery above 100', json({ ...valid, battery: 101 }), 'reading.out_of_range'],
    ['no gas reading at all', json({ seq: 1, ts: valid.ts, battery: 50 }), 'reading.missing'],
  ])('refuses %s', (_name, payload, reason) => {
    expect(reasonOf(TELEMETRY, payload)).toBe(reason);
  });

  it('caps the payload at 4 KiB', () => {
    const padded = (size: number) => {
      const base = JSON.stringify({ ...valid, pad: '' });
      return Buffer.from(JSON.stringify({ ...valid, pad: 'x'.repeat(size - base.length) }));
    };
    expect(padded(MAX_PAYLOAD_BYTES)).toHaveLength(MAX_PAYLOAD_BYTES);
    expect(reasonOf(TELEMETRY, padded(MAX_PAYLOAD_BYTES))).toBe('ok');
    expect(reasonOf(TELEMETRY, padded(MAX_PAYLOAD_BYTES + 1))).toBe('payload.too_large');
  });

  it('does not read keys through Object.prototype', () => {
    expect(reasonOf(TELEMETRY, Buffer.from(`{"__proto__": {"seq": 1}, "ts": "${valid.ts}", "o2": 20}`))).toBe(
      'seq.invalid',
    );
  });
});

describe('timestamps', () => {
  it.each([
    ['2026-11-30T10:00:01.000+08:00', '2026-11-30T02:00:01.000Z'],
    ['2026-11-30T10:00:01Z', '2026-11-30T10:00:01.000Z'],
    ['2026-11-30T10:00:01.5-03:30', '2026-11-30T13:30:01.500Z'],
    ['2026-11-30T10:00:01.123456789+00:00', '2026-11-30T10:00:01.123Z'],
    ['2028-02-29T00:00:00+08:00', '2028-02-28T16:00:00.000Z'],
  ])('reads %s', (ts, iso) => {
    expect(parseTimestamp(ts)?.toISOString()).toBe(iso);
  });

  it.each([
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-30T10:60:00Z',
    '2026-11-30T10:00:00+19:00',
    '2026-11-30',
  ])('refuses %s', (ts) => {
    expect(parseTimestamp(ts)).toBeUndefined();
  });

  it('formats device time in China Standard Time', () => {
    expect(formatDeviceTime(new Date('2026-11-30T02:00:01.000Z'))).toBe('2026-11-30T10:00:01.000+08:00');
    expect(formatDeviceTime(new Date('2026-11-30T02:00:01.000Z'), -210)).toBe(
      '2026-11-29T22:30:01.000-03:30',
    );
  });
});

describe('lock events and status', () => {
  it('parses a lock event with and without a token', () => {
    expect(
      parseDeviceMessage(EVENT, json({ seq: 7, ts: valid.ts, type: 'unlocked', tokenId: 'tok-1' })),
    ).toMatchObject({
      ok: true,
      message: { kind: 'event', deviceId: 'LK-000001', type: 'unlocked', tokenId: 'tok-1' },
    });
    expect(
      parseDeviceMessage(EVENT, json({ seq: 8, ts: valid.ts, type: 'opened_without_token' })),
    ).toMatchObject({
      ok: true,
      message: { type: 'opened_without_token', tokenId: null },
    });
  });

  it.each<[unknown, MalformedReason]>([
    [{ seq: 1, ts: valid.ts, type: 'exploded' }, 'event.type_invalid'],
    [{ seq: 1, ts: valid.ts }, 'event.type_invalid'],
    [{ seq: 1, ts: valid.ts, type: 'locked', tokenId: 42 }, 'event.token_invalid'],
    [{ seq: 1, ts: valid.ts, type: 'locked', tokenId: '' }, 'event.token_invalid'],
    [{ ts: valid.ts, type: 'locked' }, 'seq.invalid'],
    [{ seq: 1, type: 'locked' }, 'ts.invalid'],
  ])('refuses event %j', (payload, reason) => {
    expect(reasonOf(EVENT, json(payload))).toBe(reason);
  });

  it('reads status as the bare strings online/offline', () => {
    expect(parseDeviceMessage(STATUS, encodeStatus(true))).toEqual({
      ok: true,
      message: { kind: 'status', deviceId: 'GD-000001', online: true },
    });
    expect(parseDeviceMessage(STATUS, Buffer.from('offline'))).toMatchObject({
      ok: true,
      message: { online: false },
    });
    expect(reasonOf(STATUS, Buffer.from('{"state":"online"}'))).toBe('status.invalid');
    expect(reasonOf(STATUS, Buffer.from('Online'))).toBe('status.invalid');
    expect(reasonOf(STATUS, Buffer.alloc(0))).toBe('payload.empty');
  });
});

// ---- properties ----

const offsetArb = fc.integer({ min: -14 * 60, max: 14 * 60 });
const instantArb = fc.date({
  min: new Date('1970-01-02T00:00:00Z'),
  max: new Date('9999-12-30T00:00:00Z'),
  noInvalidDate: true,
});

/** Any ISO-8601 rendering a device may use: Z or ±hh:mm, 0–9 fraction digits. */
const isoArb = fc
  .record({
    instant: instantArb,
    offset: offsetArb,
    digits: fc.integer({ min: 0, max: 9 }),
    zulu: fc.boolean(),
  })
  .map(({ instant, offset, digits, zulu }) => {
    const effective = zulu ? 0 : offset;
    const base = formatDeviceTime(instant, effective); // yyyy-mm-ddThh:mm:ss.mmm±hh:mm
    const wall = base.slice(0, 19);
    const ms = base.slice(20, 23);
    const fraction = digits === 0 ? '' : `.${(ms + '000000').slice(0, digits)}`;
    const truncatedMs = digits === 0 ? 0 : Number(ms.slice(0, Math.min(digits, 3)).padEnd(3, '0'));
    const expected = new Date(Math.floor(instant.getTime() / 1000) * 1000 + truncatedMs);
    return { ts: `${wall}${fraction}${zulu ? 'Z' : base.slice(23)}`, expected };
  });

const readingArb = (field: ReadingField) =>
  fc.option(fc.double({ min: READING_RANGES[field].min, max: READING_RANGES[field].max, noNaN: true }), {
    nil: undefined,
  });

const extraKeysArb = fc.dictionary(
  fc
    .string({ minLength: 1, maxLength: 8 })
    .filter((k) => !['seq', 'ts', 'o2', 'h2s', 'co', 'lel', 'battery'].includes(k)),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 4 },
);

const telemetryArb = fc
  .record({
    seq: fc.maxSafeNat(),
    time: isoArb,
    o2: readingArb('o2'),
    h2s: readingArb('h2s'),
    co: readingArb('co'),
    lel: readingArb('lel'),
    battery: readingArb('battery'),
    extra: extraKeysArb,
  })
  .filter((r) => [r.o2, r.h2s, r.co, r.lel].some((v) => v !== undefined));

const deviceIdArb = fc.stringMatching(/^[A-Za-z0-9_-]{3,64}$/);

describe('properties', () => {
  it('every valid telemetry payload parses and round-trips its values', () => {
    fc.assert(
      fc.property(deviceIdArb, telemetryArb, (deviceId, r) => {
        const body: Record<string, unknown> = { ...r.extra, seq: r.seq, ts: r.time.ts };
        for (const key of ['o2', 'h2s', 'co', 'lel', 'battery'] as const)
          if (r[key] !== undefined) body[key] = r[key];
        const result = parseDeviceMessage(deviceTopic(deviceId, 'telemetry'), json(body));
        if (!result.ok) throw new Error(`refused ${JSON.stringify(body)}: ${result.reason}`);
        const m = result.message;
        expect(m.kind).toBe('telemetry');
        if (m.kind !== 'telemetry') return;
        expect(m.deviceId).toBe(deviceId);
        expect(m.seq).toBe(r.seq);
        expect(m.ts).toBe(r.time.ts);
        expect(m.measuredAt.getTime()).toBe(r.time.expected.getTime());
        for (const key of ['o2', 'h2s', 'co', 'lel', 'battery'] as const) {
          // JSON carries -0 as 0; anything else comes back bit for bit.
          expect(m[key]).toBe(r[key] === undefined ? null : r[key] === 0 ? 0 : r[key]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with Date.parse on every offset timestamp it accepts', () => {
    fc.assert(
      fc.property(isoArb, ({ ts }) => {
        const parsed = parseTimestamp(ts);
        expect(parsed).toBeDefined();
        if (/\.\d{4,}/.test(ts)) return; // Date.parse is not specified beyond milliseconds
        expect(parsed?.getTime()).toBe(Date.parse(ts));
      }),
    );
  });

  it('arbitrary bytes on any topic never throw and yield a known reason', () => {
    const topicArb = fc.oneof(
      fc.constantFrom(TELEMETRY, EVENT, STATUS),
      fc.string({ maxLength: 80 }),
      deviceIdArb.map((id) => `sg/v1/dev/${id}/telemetry`),
    );
    fc.assert(
      fc.property(topicArb, fc.uint8Array({ maxLength: MAX_PAYLOAD_BYTES + 64 }), (topic, bytes) => {
        const result = parseDeviceMessage(topic, Buffer.from(bytes));
        if (!result.ok) expect(MALFORMED_REASONS).toContain(result.reason);
      }),
      { numRuns: 1000 },
    );
  });

  it('arbitrary JSON never throws, and what it accepts is within physical range', () => {
    const valueArb = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.double(), fc.integer());
    const objectArb = fc.record(
      {
        seq: valueArb,
        ts: fc.oneof(
          valueArb,
          isoArb.map((t) => t.ts),
        ),
        o2: valueArb,
        h2s: valueArb,
        co: valueArb,
        lel: valueArb,
        battery: valueArb,
        type: fc.oneof(valueArb, fc.constantFrom('unlocked', 'tamper')),
        tokenId: valueArb,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(TELEMETRY, EVENT, STATUS),
        fc.oneof(objectArb, fc.jsonValue()),
        (topic, value) => {
          const text = JSON.stringify(value) ?? '';
          const result = parseDeviceMessage(topic, Buffer.from(text));
          if (!result.ok) {
            expect(MALFORMED_REASONS).toContain(result.reason);
            return;
          }
          const m = result.message;
          if (m.kind === 'telemetry') {
            for (const [key, { min, max }] of Object.entries(READING_RANGES)) {
              const v = m[key as ReadingField];
              if (v !== null) expect(v >= min && v <= max && Number.isFinite(v)).toBe(true);
            }
            expect(Number.isSafeInteger(m.seq) && m.seq >= 0).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('one out-of-range reading always rejects the whole message', () => {
    const fields = Object.keys(READING_RANGES) as ReadingField[];
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.boolean(),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        (field, below, excess) => {
          const { min, max } = READING_RANGES[field];
          const payload = { ...valid, [field]: below ? min - excess : max + excess };
          expect(reasonOf(TELEMETRY, json(payload))).toBe('reading.out_of_range');
        },
      ),
    );
  });
});
