import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Health, Problem, TelemetryReading } from '@safegrid/contracts';
import { buildApp, type App } from '../../app';
import type { Database } from '../../platform/db/database';
import { startMqtt, type MqttRuntime } from '../../platform/mqtt/connection';
import { deviceSecretHash, deviceSecretMatches } from '../../platform/mqtt/device-credentials';
import { createDeviceRepository } from './device.repository';
import { demoDeviceSecret } from '../../../../../tools/device-simulator/demo-device-secret';
import { deviceTopic, encodeStatus } from '../../platform/mqtt/device-contract';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { injectAs, signedInAs } from '../../../test/sessions';
import { seedMiniCity } from '../../../test/mini-city';
import { simulateDetectors } from '../../../../../tools/device-simulator/simulator';
import { startTelemetryIngest, type IngestStats, type TelemetryIngest } from './telemetry-ingest';
import type { DeviceDetail } from './device.schemas';

/**
 * Broker → ingest → database → HTTP, end to end. Embedded Aedes on a free port and in-memory
 * PGlite by default; SAFEGRID_TEST_MQTT_URL / SAFEGRID_TEST_DATABASE_URL switch to real servers.
 * Device ids carry a per-run suffix so that runs sharing one real broker never see each other.
 */
const run = randomBytes(3).toString('hex');
const id = (name: string) => `${name}-${run}`;
const DET_A = id('GD-A');
const DET_B = id('GD-B');
const DET_SILENT = id('GD-SILENT');
const DET_DOOMED = id('GD-DOOMED');
const LOCK = id('LK-A');
const UNKNOWN = id('GD-UNKNOWN');

let database: Database;
let cleanupDb: () => Promise<void>;
let mqtt: MqttRuntime;
let ingest: TelemetryIngest;
let app: App;
let asAdmin: ReturnType<typeof injectAs>;
let brokerUrl: string;
const deviceClients: MqttClient[] = [];

async function waitFor<T>(probe: () => T | Promise<T>, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const stats = (): IngestStats => ingest.stats();

/**
 * The broker's registry of device secrets. It knows every id the tests use, including ones the
 * device table lacks: the ingest's own "unknown device" handling is what is under test there.
 */
const deviceSecret = demoDeviceSecret;
const deviceCredentials = async (id: string) => deviceSecretHash(deviceSecret(id));

/** A device of our own, logged in with its id as username like a real one. */
async function device(deviceId: string): Promise<MqttClient> {
  const client = await connectAsync(brokerUrl, {
    username: deviceId,
    password: deviceSecret(deviceId),
    reconnectPeriod: 0,
  });
  deviceClients.push(client);
  return client;
}

const telemetry = (seq: number, ts: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ seq, ts, o2: 20.9, h2s: 0.0, co: 1, lel: 0, battery: 87, ...extra });

const storedSeqs = async (deviceId: string) =>
  (
    await database.db
      .selectFrom('telemetry')
      .select('seq')
      .where('device_id', '=', deviceId)
      .orderBy('seq')
      .execute()
  ).map((r) => Number(r.seq));

beforeAll(async () => {
  const t = await openTestDatabase('ingest');
  database = t.database;
  cleanupDb = t.cleanup;
  const { db } = database;

  // Device A belongs to an enterprise of the shared mini city; the others to none.
  const { enterprises } = await seedMiniCity(db);
  const enterprise = enterprises[0]!;
  await db
    .insertInto('device')
    .values([
      { id: DET_A, kind: 'gas_detector', enterprise_id: enterprise.id, label: '1号污水井气体检测仪' },
      { id: DET_B, kind: 'gas_detector', enterprise_id: null, label: 'Detector B' },
      { id: DET_SILENT, kind: 'gas_detector', enterprise_id: null, label: 'Never reports' },
      { id: DET_DOOMED, kind: 'gas_detector', enterprise_id: null, label: 'Deleted while cached' },
      { id: LOCK, kind: 'smart_lock', enterprise_id: null, label: '1号污水井智能锁' },
    ])
    .execute();

  const externalBroker = process.env.SAFEGRID_TEST_MQTT_URL || undefined;
  mqtt = await startMqtt(
    { mqttUrl: externalBroker, mqttPort: 0, mqttHost: '127.0.0.1' },
    { deviceCredentials },
  );
  brokerUrl = externalBroker ?? `mqtt://127.0.0.1:${mqtt.brokerPort}`;
  // On a real MQTT 5 broker this also exercises the $share/… subscription path.
  ingest = startTelemetryIngest({
    client: mqtt.client,
    db,
    shareGroup: `t${run}`,
    tuning: { unknownDeviceTtlMs: 100 },
  });
  await waitFor(async () => (await ingest.health.check()).detail?.subscription === 'granted');

  app = await buildApp({
    config: testConfig(),
    database,
    healthChecks: [mqtt.health, ingest.health],
    logger: false,
  });

  asAdmin = injectAs(app, await signedInAs(database.db, 'city_admin'));
});

afterAll(async () => {
  await Promise.all(deviceClients.map((c) => c.endAsync(true).catch(() => undefined)));
  await ingest?.stop();
  if (process.env.SAFEGRID_TEST_MQTT_URL && mqtt) {
    // Leave no retained status behind on a shared broker.
    for (const d of [DET_A, DET_B, DET_SILENT, DET_DOOMED, LOCK, UNKNOWN]) {
      await mqtt.client
        .publishAsync(deviceTopic(d, 'status'), '', { qos: 1, retain: true })
        .catch(() => undefined);
    }
  }
  await app?.close();
  await mqtt?.close();
  await cleanupDb?.();
});

describe('telemetry ingest', () => {
  it('stores simulated readings once each, despite duplicates, reordering and broken payloads', async () => {
    const before = stats();
    const summary = await simulateDetectors({
      url: brokerUrl,
      deviceIds: [DET_A, DET_B],
      intervalMs: 0,
      count: 150,
      seed: 42,
      faults: { duplicateRate: 0.1, outOfOrderRate: 0.1, malformedRate: 0.05 },
    });
    expect(summary.publishErrors).toBe(0);
    expect(summary.duplicatesSent).toBeGreaterThan(0);
    expect(summary.outOfOrder).toBeGreaterThan(0);
    expect(summary.malformedSent).toBeGreaterThan(0);

    await waitFor(
      () => stats().telemetryStored - before.telemetryStored === 300 && stats().pendingWrites === 0,
    );
    await waitFor(() => stats().duplicates - before.duplicates >= summary.duplicatesSent);
    expect(stats().malformed - before.malformed).toBe(summary.malformedSent);
    const range = Array.from({ length: 150 }, (_, i) => i + 1);
    expect(await storedSeqs(DET_A)).toEqual(range);
    expect(await storedSeqs(DET_B)).toEqual(range);
    // Batched: far fewer INSERTs than readings.
    expect(stats().batchesWritten - before.batchesWritten).toBeLessThan(300 / 4);

    const res = await asAdmin({ url: `/api/devices/${DET_A}/telemetry/latest` });
    expect(res.statusCode).toBe(200);
    const latest = res.json<TelemetryReading>();
    expect(latest.deviceId).toBe(DET_A);
    expect(latest.seq).toBe(summary.lastSeq[DET_A]);
    expect(latest.o2).toBeGreaterThan(19.5);
    expect(latest.o2).toBeLessThan(23.5);

    // The simulator announced itself and said goodbye (retained status).
    await waitFor(async () => {
      const d = await asAdmin({ url: `/api/devices/${DET_B}` });
      const body = d.json<DeviceDetail>();
      return body.online === false && body.lastSeenAt !== null;
    });
  });

  it('serves the exact reading by measurement time, not by arrival', async () => {
    const client = await device(DET_B);
    await client.publishAsync(
      deviceTopic(DET_B, 'telemetry'),
      telemetry(10_000, '2099-11-30T10:00:01.000+08:00'),
      { qos: 1 },
    );
    // Arrives later but was measured earlier: must not become "latest".
    await client.publishAsync(
      deviceTopic(DET_B, 'telemetry'),
      telemetry(9_999, '2099-11-30T09:59:59.000+08:00', { o2: 18 }),
      { qos: 1 },
    );
    await waitFor(async () => (await storedSeqs(DET_B)).includes(9_999));

    const res = await asAdmin({ url: `/api/devices/${DET_B}/telemetry/latest` });
    expect(res.statusCode).toBe(200);
    const body = res.json<TelemetryReading>();
    expect(body).toMatchObject({
      deviceId: DET_B,
      seq: 10_000,
      measuredAt: '2099-11-30T02:00:01.000Z',
      o2: 20.9,
      h2s: 0,
      co: 1,
      lel: 0,
      battery: 87,
    });
    expect(Object.keys(body).sort()).toEqual(
      ['battery', 'co', 'deviceId', 'h2s', 'lel', 'measuredAt', 'o2', 'receivedAt', 'seq'].sort(),
    );
    expect(Number.isNaN(Date.parse(body.receivedAt))).toBe(false);
  });

  it('does not store a redelivered reading twice', async () => {
    const client = await device(DET_A);
    const before = stats();
    const payload = telemetry(5_000, '2026-11-30T10:00:01.000+08:00');
    await client.publishAsync(deviceTopic(DET_A, 'telemetry'), payload, { qos: 1 });
    await waitFor(() => stats().telemetryStored === before.telemetryStored + 1);
    await client.publishAsync(deviceTopic(DET_A, 'telemetry'), payload, { qos: 1 });
    await waitFor(() => stats().duplicates === before.duplicates + 1);
    expect((await storedSeqs(DET_A)).filter((s) => s === 5_000)).toHaveLength(1);
  });

  it('counts unknown devices and malformed messages by reason, and keeps working', async () => {
    const before = stats();
    const stranger = await device(UNKNOWN);
    await stranger.publishAsync(deviceTopic(UNKNOWN, 'telemetry'), telemetry(1, '2026-11-30T10:00:00Z'), {
      qos: 1,
    });
    await stranger.publishAsync(deviceTopic(UNKNOWN, 'telemetry'), telemetry(2, '2026-11-30T10:00:01Z'), {
      qos: 1,
    });

    const client = await device(DET_A);
    const topic = deviceTopic(DET_A, 'telemetry');
    await client.publishAsync(topic, '{"seq": 1, "ts": ', { qos: 1 });
    await client.publishAsync(topic, Buffer.from([0xff, 0xfe, 0x00]), { qos: 1 });
    await client.publishAsync(topic, telemetry(6_000, '2026-11-30T10:00:00Z', { o2: 250 }), { qos: 1 });
    await client.publishAsync(topic, telemetry(-1, '2026-11-30T10:00:00Z'), { qos: 1 });
    await client.publishAsync(topic, Buffer.alloc(5000, 0x20), { qos: 1 });
    await client.publishAsync(deviceTopic(DET_A, 'status'), 'maybe', { qos: 1 });
    // …and a good reading right after all of that.
    await client.publishAsync(topic, telemetry(6_001, '2026-11-30T10:00:02Z'), { qos: 1 });

    await waitFor(() => stats().telemetryStored === before.telemetryStored + 1);
    await waitFor(() => stats().unknownDevice === before.unknownDevice + 2);
    const after = stats();
    expect(after.malformed - before.malformed).toBe(6);
    const delta = (reason: keyof IngestStats['malformedByReason']) =>
      after.malformedByReason[reason] - before.malformedByReason[reason];
    expect(delta('payload.not_json')).toBe(1);
    expect(delta('payload.not_utf8')).toBe(1);
    expect(delta('reading.out_of_range')).toBe(1);
    expect(delta('seq.invalid')).toBe(1);
    expect(delta('payload.too_large')).toBe(1);
    expect(delta('status.invalid')).toBe(1);
    expect(await storedSeqs(UNKNOWN)).toEqual([]);
    expect(await storedSeqs(DET_A)).toContain(6_001);
    expect(await storedSeqs(DET_A)).not.toContain(6_000);
  });

  it('accepts a device registered after it was first refused', async () => {
    const lateId = id('GD-LATE');
    const client = await device(lateId);
    const before = stats();
    await client.publishAsync(deviceTopic(lateId, 'telemetry'), telemetry(1, '2026-11-30T10:00:00Z'), {
      qos: 1,
    });
    await waitFor(() => stats().unknownDevice === before.unknownDevice + 1);
    await database.db
      .insertInto('device')
      .values({ id: lateId, kind: 'gas_detector', label: 'late', enterprise_id: null })
      .execute();
    // The negative cache (100 ms in this test) expires; the next reading is stored.
    await new Promise((r) => setTimeout(r, 150));
    await client.publishAsync(deviceTopic(lateId, 'telemetry'), telemetry(2, '2026-11-30T10:00:01Z'), {
      qos: 1,
    });
    await waitFor(async () => (await storedSeqs(lateId)).includes(2));
  });

  it('tracks online state from status messages and counts lock events without storing them', async () => {
    const lock = await device(LOCK);
    const before = stats();
    await lock.publishAsync(deviceTopic(LOCK, 'status'), encodeStatus(true), { qos: 1, retain: true });
    await lock.publishAsync(
      deviceTopic(LOCK, 'event'),
      JSON.stringify({ seq: 1, ts: '2026-11-30T10:00:00+08:00', type: 'unlocked', tokenId: 'tok-1' }),
      { qos: 1 },
    );
    // A lock has no gas sensors: readings from it are refused, not stored.
    await lock.publishAsync(deviceTopic(LOCK, 'telemetry'), telemetry(1, '2026-11-30T10:00:00Z'), { qos: 1 });

    await waitFor(() => stats().eventsAccepted === before.eventsAccepted + 1);
    await waitFor(() => stats().kindMismatch === before.kindMismatch + 1);
    const online = await waitFor(async () => {
      const body = (await asAdmin({ url: `/api/devices/${LOCK}` })).json<DeviceDetail>();
      return body.online ? body : undefined;
    });
    expect(online).toMatchObject({
      id: LOCK,
      kind: 'smart_lock',
      label: '1号污水井智能锁',
      enterpriseId: null,
    });
    expect(Number.isNaN(Date.parse(online.lastSeenAt ?? ''))).toBe(false);
    expect(await storedSeqs(LOCK)).toEqual([]);

    await lock.publishAsync(deviceTopic(LOCK, 'status'), encodeStatus(false), { qos: 1, retain: true });
    await waitFor(
      async () => (await asAdmin({ url: `/api/devices/${LOCK}` })).json<DeviceDetail>().online === false,
    );
  });

  it('survives a failed write, counts it, and forgets the cached device', async () => {
    const client = await device(DET_DOOMED);
    const topic = deviceTopic(DET_DOOMED, 'telemetry');
    await client.publishAsync(topic, telemetry(1, '2026-11-30T10:00:00Z'), { qos: 1 });
    await waitFor(async () => (await storedSeqs(DET_DOOMED)).length === 1);

    // Deleted behind the ingest's back: its cache still says "known", the insert hits the foreign key.
    await database.db.deleteFrom('telemetry').where('device_id', '=', DET_DOOMED).execute();
    await database.db.deleteFrom('device').where('id', '=', DET_DOOMED).execute();
    const before = stats();
    await client.publishAsync(topic, telemetry(2, '2026-11-30T10:00:01Z'), { qos: 1 });
    await waitFor(() => stats().writeErrors === before.writeErrors + 1);
    expect(stats().lastWriteError).toMatch(/foreign key/i);

    await client.publishAsync(topic, telemetry(3, '2026-11-30T10:00:02Z'), { qos: 1 });
    await waitFor(() => stats().unknownDevice === before.unknownDevice + 1);

    // Other devices are unaffected.
    const other = await device(DET_A);
    await other.publishAsync(deviceTopic(DET_A, 'telemetry'), telemetry(7_000, '2026-11-30T10:00:00Z'), {
      qos: 1,
    });
    await waitFor(async () => (await storedSeqs(DET_A)).includes(7_000));
  });

  it('shows its counters in /api/health', async () => {
    const res = await asAdmin({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const health = res.json<Health>();
    expect(health.components.mqtt?.status).toBe('up');
    const ingestHealth = health.components.deviceIngest;
    expect(ingestHealth?.status).toBe('up');
    expect(ingestHealth?.detail).toMatchObject({
      subscription: 'granted',
      received: expect.any(Number),
      telemetryStored: expect.any(Number),
      duplicates: expect.any(Number),
      unknownDevice: expect.any(Number),
      malformed: expect.any(Number),
      writeErrors: expect.any(Number),
      malformedByReason: expect.objectContaining({ 'payload.not_json': expect.any(Number) }),
    });
    expect((ingestHealth?.detail?.telemetryStored as number) > 300).toBe(true);
    // Aedes speaks 3.1.1 only, so shared subscriptions are used exactly when the broker is MQTT 5.
    const shared = mqtt.client.options.protocolVersion === 5;
    expect(ingestHealth?.detail?.sharedSubscription).toBe(shared);
    expect((ingestHealth?.detail?.subscriptions as string[])[0]).toBe(
      shared ? `$share/t${run}/sg/v1/dev/+/telemetry` : 'sg/v1/dev/+/telemetry',
    );
  });
});

describe('stopping', () => {
  it('writes what is still buffered, then stops listening', async () => {
    // A second ingest on a client of its own, with a flush interval it will never reach by itself.
    const client = await mqtt.connectServiceClient();
    deviceClients.push(client);
    const second = startTelemetryIngest({ client, db: database.db, tuning: { flushIntervalMs: 60_000 } });
    await waitFor(async () => (await second.health.check()).detail?.subscription === 'granted');

    const detector = await device(DET_A);
    await detector.publishAsync(deviceTopic(DET_A, 'telemetry'), telemetry(8_000, '2026-11-30T10:00:00Z'), {
      qos: 1,
    });
    await waitFor(() => second.stats().pendingWrites === 1);
    await Promise.all([second.stop(), second.stop()]);
    const after = second.stats();
    expect(after.pendingWrites).toBe(0);
    // The main ingest may have stored it first; then this one saw a duplicate. Either way it was written.
    expect(after.telemetryStored + after.duplicates).toBe(1);

    await detector.publishAsync(deviceTopic(DET_A, 'telemetry'), telemetry(8_001, '2026-11-30T10:00:01Z'), {
      qos: 1,
    });
    await waitFor(async () => (await storedSeqs(DET_A)).includes(8_001));
    expect(second.stats().received).toBe(after.received);
  });
});

describe('device API', () => {
  it('presents a device with whitelisted fields', async () => {
    const res = await asAdmin({ url: `/api/devices/${DET_A}` });
    expect(res.statusCode).toBe(200);
    const body = res.json<DeviceDetail>();
    expect(Object.keys(body).sort()).toEqual(['enterpriseId', 'id', 'kind', 'label', 'lastSeenAt', 'online']);
    expect(body).toMatchObject({ id: DET_A, kind: 'gas_detector', label: '1号污水井气体检测仪' });
    expect(body.enterpriseId).toMatch(/^\d+$/);
  });

  it('404s an unknown device and a device without readings, naming which', async () => {
    const unknown = await asAdmin({ url: `/api/devices/${UNKNOWN}/telemetry/latest` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<Problem>()).toMatchObject({
      code: 'resource.not_found',
      params: { resource: 'device', id: UNKNOWN },
    });

    const silent = await asAdmin({ url: `/api/devices/${DET_SILENT}/telemetry/latest` });
    expect(silent.statusCode).toBe(404);
    expect(silent.json<Problem>()).toMatchObject({ params: { resource: 'telemetry', id: DET_SILENT } });

    expect((await asAdmin({ url: `/api/devices/${UNKNOWN}` })).statusCode).toBe(404);
  });

  it('issues broker credentials once: the stored hash admits the new secret and no other', async () => {
    const devices = createDeviceRepository(database.db);
    const first = await asAdmin({ method: 'POST', url: `/api/devices/${DET_B}/credentials` });
    expect(first.statusCode).toBe(201);
    const { mqttUsername, mqttPassword } = first.json<{ mqttUsername: string; mqttPassword: string }>();
    expect(mqttUsername).toBe(DET_B);
    expect(deviceSecretMatches(await devices.secretHashOf(DET_B), mqttPassword)).toBe(true);
    const second = (await asAdmin({ method: 'POST', url: `/api/devices/${DET_B}/credentials` })).json<{
      mqttPassword: string;
    }>();
    expect(second.mqttPassword).not.toBe(mqttPassword);
    expect(deviceSecretMatches(await devices.secretHashOf(DET_B), mqttPassword)).toBe(false);
    expect(deviceSecretMatches(await devices.secretHashOf(DET_B), second.mqttPassword)).toBe(true);
  });

  it('refuses an id that no device can have', async () => {
    const res = await asAdmin({ url: '/api/devices/a%20b/telemetry/latest' });
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>().code).toBe('request.invalid');
  });
});
