import { request as httpRequest, type ClientRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '@safegrid/contracts';
import { buildApp, ephemeralConfinedRuntime, type App } from '../../app';
import { openDatabase, type Database } from '../../platform/db/database';
import { startNotifyListener, type NotifyListener } from '../../platform/db/notify-listener';
import type { LockEventMessage } from '../../platform/mqtt/device-contract';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { injectAs, signedInAs } from '../../../test/sessions';
import { startConfinedMonitor, type ConfinedMonitor } from '../monitor/confined-monitor';
import { createAlarmRepository } from '../alarms/alarm.repository';
import { createLiveFeed, liveChannel, type LiveFeed } from './live-feed';
import { startLiveRelay, type LiveRelay } from './live-relay';

const url = process.env.SAFEGRID_TEST_DATABASE_URL || undefined;

interface StreamClient {
  events: { type: string; data: { id: string; status?: string } }[];
  close(): void;
}

/** A browser's EventSource, over real HTTP: resolves once the stream is open (subscribed). */
function openStream(app: App, headers: Record<string, string>): Promise<StreamClient> {
  const { port } = app.server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const events: StreamClient['events'] = [];
    let req: ClientRequest | undefined = undefined;
    req = httpRequest({ host: '127.0.0.1', port, path: '/api/confined/alarms/stream', headers }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('retry:')) resolve({ events, close: () => req!.destroy() });
          const match = /^event: (\w+)\ndata: (.*)$/s.exec(block);
          if (match) events.push({ type: match[1]!, data: JSON.parse(match[2]!) as { id: string } });
        }
      });
    });
    req.on('error', (error) => reject(error));
    req.end();
  });
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const settle = () => new Promise((r) => setTimeout(r, 300));
const alarmEvents = (client: StreamClient, id: string) =>
  client.events.filter((e) => e.type === 'alarm' && e.data.id === id);

/**
 * Split roles on PostgreSQL: two app instances on one schema stand for a `web` and an `ingest`
 * process, each with its own in-process feed; alarms cross between them by LISTEN/NOTIFY.
 */
describe.skipIf(!url)('confined alarms across processes (LISTEN/NOTIFY)', () => {
  let databaseA: Database;
  let databaseB: Database;
  let cleanup: () => Promise<void>;
  let appA: App;
  let appB: App;
  let feedA: LiveFeed;
  let feedB: LiveFeed;
  let relayA: LiveRelay;
  let relayB: LiveRelay;
  let otherRelay: LiveRelay;
  let rawListener: NotifyListener;
  let monitor: ConfinedMonitor;
  let headers: Record<string, string>;
  let clientA: StreamClient;
  let clientB: StreamClient;
  let blockB = false;
  const heardOnChannel: string[] = [];
  const otherSchemaEvents: unknown[] = [];
  let seq = 0;
  let enterpriseId: string;
  const now = new Date();

  const tamper = (): LockEventMessage => ({
    kind: 'event',
    deviceId: 'LK-R1',
    seq: ++seq,
    ts: now.toISOString(),
    occurredAt: now,
    type: 'tamper',
    tokenId: null,
  });
  const client = () => new pg.Client({ connectionString: url });

  beforeAll(async () => {
    ({ database: databaseA, cleanup } = await openTestDatabase('relay'));
    const schema = databaseA.schema;
    databaseB = await openDatabase({ databaseUrl: url, databaseSchema: schema, dataDir: '', inMemory: true });
    const { enterprises } = await seedMiniCity(databaseA.db);
    enterpriseId = enterprises[0]!.id;
    const space = await databaseA.db
      .insertInto('confined_space')
      .values({
        enterprise_id: enterpriseId,
        code: 'R-001',
        name: '污水调节池',
        space_type: 'underground',
        ventilation: 'natural',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await databaseA.db
      .insertInto('device')
      .values({
        id: 'LK-R1',
        kind: 'smart_lock',
        enterprise_id: enterpriseId,
        confined_space_id: space.id,
        label: '蓝牙锁',
      })
      .execute();

    feedA = createLiveFeed({ channel: liveChannel(schema) });
    feedB = createLiveFeed({ channel: liveChannel(schema) });
    appA = await buildApp({
      config: testConfig(),
      database: databaseA,
      logger: false,
      confined: { ...ephemeralConfinedRuntime(), feed: feedA },
    });
    appB = await buildApp({
      config: testConfig(),
      database: databaseB,
      logger: false,
      confined: { ...ephemeralConfinedRuntime(), feed: feedB },
    });
    relayA = startLiveRelay({ db: databaseA.db, feed: feedA, connect: client, minBackoffMs: 20 });
    relayB = startLiveRelay({
      db: databaseB.db,
      feed: feedB,
      // While blocked, B's reconnect attempts fail as against a server that is down.
      connect: () => (blockB ? new pg.Client({ connectionString: 'postgres://x@127.0.0.1:1/x' }) : client()),
      minBackoffMs: 20,
      maxBackoffMs: 100,
    });
    // Another installation (another schema) on the same server.
    const otherFeed = createLiveFeed({ channel: liveChannel(`t_other_${randomBytes(4).toString('hex')}`) });
    otherFeed.subscribe((event) => otherSchemaEvents.push(event));
    otherRelay = startLiveRelay({ db: databaseA.db, feed: otherFeed, connect: client });
    rawListener = startNotifyListener({
      connect: client,
      channel: liveChannel(schema),
      onNotification: (payload) => heardOnChannel.push(payload),
    });
    await Promise.all([relayA.ready, relayB.ready, otherRelay.ready, rawListener.ready]);

    monitor = startConfinedMonitor({
      db: databaseA.db,
      feed: feedA,
      limits: ephemeralConfinedRuntime().limits,
      sweepIntervalMs: 3_600_000,
      refreshIntervalMs: 3_600_000,
    });
    await monitor.ready;

    headers = await signedInAs(databaseA.db, 'street_officer', ['440306001']);
    await appA.listen({ host: '127.0.0.1', port: 0 });
    await appB.listen({ host: '127.0.0.1', port: 0 });
    clientA = await openStream(appA, headers);
    clientB = await openStream(appB, headers);
  });

  afterAll(async () => {
    clientA?.close();
    clientB?.close();
    await monitor?.stop();
    await Promise.all([relayA?.stop(), relayB?.stop(), otherRelay?.stop(), rawListener?.stop()]);
    await appA?.close();
    await appB?.close();
    await databaseB?.close();
    await cleanup?.();
  });

  let raised: string;

  it('delivers an alarm raised by the monitor of process A to SSE clients of A and B, once each', async () => {
    await monitor.onLockEvent(tamper(), now);
    await monitor.idle();
    const [row] = await databaseA.db.selectFrom('alarm').select('id').execute();
    raised = row!.id;

    await waitFor('the alarm on B', () => alarmEvents(clientB, raised).length > 0);
    await relayA.idle();
    await relayB.idle();
    await settle();
    expect(alarmEvents(clientB, raised)).toHaveLength(1);
    expect(alarmEvents(clientA, raised)).toHaveLength(1);
    expect(alarmEvents(clientB, raised)[0]!.data).toMatchObject({
      kind: 'unapproved_unlocking',
      severity: 'critical',
      status: 'raised',
    } satisfies Partial<Alarm>);
    // A heard its own announcement and left it out; B relayed it.
    expect(relayA.stats()).toMatchObject({ ownSkipped: 1, relayed: 0 });
    expect(relayB.stats()).toMatchObject({ relayed: 1 });
    expect(heardOnChannel.every((p) => Buffer.byteLength(p) < 200)).toBe(true);
  });

  it('carries an acknowledgement made in process B back to the clients of A', async () => {
    const response = await injectAs(
      appB,
      headers,
    )({ method: 'POST', url: `/api/confined/alarms/${raised}/acknowledge` });
    expect(response.statusCode).toBe(200);
    const acknowledged = (c: StreamClient) =>
      alarmEvents(c, raised).filter((e) => e.data.status === 'acknowledged');
    await waitFor('the acknowledgement on A', () => acknowledged(clientA).length > 0);
    await relayA.idle();
    await settle();
    expect(acknowledged(clientA)).toHaveLength(1);
    expect(acknowledged(clientB)).toHaveLength(1);
  });

  it('never announces an alarm whose transaction rolled back', async () => {
    const alarms = createAlarmRepository(databaseA.db);
    const alarm = (key: string) => ({
      dedup_key: key,
      kind: 'low_battery' as const,
      severity: 'minor' as const,
      status: 'raised' as const,
      device_id: 'LK-R1',
      enterprise_id: enterpriseId,
      occurred_at: now,
    });
    let rolledBack: string | undefined;
    await expect(
      databaseA.db.transaction().execute(async (trx) => {
        rolledBack = await alarms.raise(trx, alarm('test:rolled-back'));
        await feedA.announce(trx, { type: 'alarm', id: rolledBack! });
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    // A committed announcement after it: notifications arrive in commit order.
    const marker = await databaseA.db.transaction().execute(async (trx) => {
      const id = (await alarms.raise(trx, alarm('test:committed')))!;
      await feedA.announce(trx, { type: 'alarm', id });
      return id;
    });
    await waitFor('the committed alarm on B', () => alarmEvents(clientB, marker).length > 0);
    expect(rolledBack).toBeDefined();
    expect(heardOnChannel.filter((p) => p.includes(`"id":"${rolledBack}"`))).toHaveLength(0);
    expect(heardOnChannel.filter((p) => p.includes(`"id":"${marker}"`))).toHaveLength(1);
    expect(alarmEvents(clientB, rolledBack!)).toHaveLength(0);
  });

  it('republishes open alarms after the LISTEN connection was lost', async () => {
    blockB = true;
    relayB.interrupt();
    await monitor.onLockEvent(tamper(), now);
    await monitor.idle();
    const missed = (
      await databaseA.db.selectFrom('alarm').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    ).id;
    await waitFor('the alarm on A', () => alarmEvents(clientA, missed).length > 0);
    await settle();
    expect(alarmEvents(clientB, missed)).toHaveLength(0);
    blockB = false;
    await waitFor('the missed alarm on B', () => alarmEvents(clientB, missed).length > 0);
    expect(relayB.stats()).toMatchObject({ connected: true, resyncs: 1 });
  });

  it('is not heard by the processes of another schema', async () => {
    await otherRelay.idle();
    expect(liveChannel('t_a')).not.toBe(liveChannel('t_b'));
    expect(otherRelay.stats().notifications).toBe(0);
    expect(otherSchemaEvents).toHaveLength(0);
  });
});

describe('live channel names', () => {
  it('name the schema and stay within PostgreSQL identifier length', () => {
    expect(liveChannel('t_confined_1a2b3c4d')).toBe('safegrid_live:t_confined_1a2b3c4d');
    const long = `t_${'x'.repeat(70)}`;
    const a = liveChannel(`${long}_a`);
    const b = liveChannel(`${long}_b`);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(63);
    expect(a.startsWith('safegrid_live:t_xxx')).toBe(true);
    expect(a).not.toBe(b);
    expect(Buffer.byteLength(liveChannel('模式'.repeat(30)))).toBeLessThanOrEqual(63);
  });
});
