import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import type { ConfinedSpaceDetail, ConfinedSpacePage } from '@safegrid/contracts';
import { DEMO_PASSWORD } from '../demo-city/accounts';
import {
  deviceTopic,
  encodeStatus,
  encodeTelemetry,
  formatDeviceTime,
} from '../../apps/server/src/platform/mqtt/device-contract';
import { approvedPermitWithToken } from './approved-permit';
import { demoDeviceSecret } from './demo-device-secret';
import { createDetector, createRandom } from './simulator';

/**
 * Keeps a few confined-space permits running in the demo city, so that a new user sees the live
 * monitor working: as demo enterprise accounts it applies, tests the air, approves and unlocks
 * through the API (exactly what an enterprise's staff would do), then plays the detectors of
 * those spaces over MQTT in clean air. Started by `npm start` in embedded demo mode; never against
 * a production database (it signs in with the demo password).
 *
 * npm run demo:live -- --base-url http://127.0.0.1:3000 --mqtt-url mqtt://127.0.0.1:1884 \
 *   --accounts var/demo-accounts.txt [--permits 3] [--interval 2000]
 */

interface Session {
  cookie: string;
  csrf: string;
}

interface LiveWork {
  permitId: string;
  detectorIds: string[];
}

const WINDOW_HOURS = 8;
const SIGN_IN_PAUSE_MS = 3_500;

async function signIn(baseUrl: string, username: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in of ${username}: HTTP ${response.status}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const body = (await response.json()) as { csrfToken: string; stage: string };
  if (body.stage !== 'active') throw new Error(`${username}: session stage ${body.stage}`);
  return { cookie, csrf: body.csrfToken };
}

function api(baseUrl: string, session: Session) {
  return async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

const connect = (url: string, id: string): Promise<MqttClient> =>
  mqtt.connectAsync(url, {
    clientId: `${id}-demo-live`,
    username: id,
    password: demoDeviceSecret(id),
    will: { topic: deviceTopic(id, 'status'), payload: encodeStatus(false), qos: 1, retain: true },
  });

/** One live permit on one of this account's spaces that has a detector and a lock. */
async function startWork(baseUrl: string, mqttUrl: string, username: string): Promise<LiveWork | null> {
  const call = api(baseUrl, await signIn(baseUrl, username));
  const { items } = await call<ConfinedSpacePage>('/api/confined/spaces?limit=200');
  for (const summary of items) {
    const space = await call<ConfinedSpaceDetail>(`/api/confined/spaces/${summary.id}`);
    const detectorIds = space.devices.filter((d) => d.kind === 'gas_detector').map((d) => d.id);
    const lock = space.devices.find((d) => d.kind === 'smart_lock');
    if (detectorIds.length === 0 || !lock) continue;
    if (summary.livePermitId && summary.livePermitStatus === 'active') {
      return { permitId: summary.livePermitId, detectorIds };
    }
    if (summary.livePermitId) continue; // someone is working with it by hand

    const { permit, token } = await approvedPermitWithToken(call, {
      spaceId: space.id,
      lockId: lock.id,
      workContent: '演示：池体清淤及设备检修',
      entrants: ['演示作业人员甲', '演示作业人员乙'],
      attendant: '演示监护人',
      responsiblePerson: '演示作业负责人',
      windowHours: WINDOW_HOURS,
      instrumentId: 'DEMO-PGD4',
    });
    const client = await connect(mqttUrl, lock.id);
    await client.publishAsync(
      deviceTopic(lock.id, 'event'),
      JSON.stringify({
        seq: Math.floor(Date.now() / 1000),
        ts: formatDeviceTime(new Date()),
        type: 'unlocked',
        tokenId: token.tokenId,
      }),
      { qos: 1 },
    );
    await client.endAsync();
    return { permitId: permit.id, detectorIds };
  }
  return null;
}

async function main() {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      'mqtt-url': { type: 'string' },
      accounts: { type: 'string' },
      permits: { type: 'string', default: '3' },
      interval: { type: 'string', default: '2000' },
    },
    strict: true,
  });
  const baseUrl = values['base-url'] ?? 'http://127.0.0.1:3000';
  const mqttUrl = values['mqtt-url'] ?? `mqtt://127.0.0.1:${process.env.MQTT_PORT ?? '1884'}`;
  const wanted = Math.max(0, Math.min(20, Number(values.permits)));
  const intervalMs = Math.max(1000, Number(values.interval));
  const usernames = readFileSync(values.accounts ?? 'var/demo-accounts.txt', 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name.startsWith('ent-'));

  // Detectors start reporting as soon as their permit runs: a silent detector on an active
  // permit is an alarm after 30 s, and finding the next demo firm takes a few sign-ins.
  const detectors: { id: string; client: MqttClient; air: ReturnType<typeof createDetector> }[] = [];
  let seq = Math.floor(Date.now() / intervalMs);
  const timer = setInterval(() => {
    seq += 1;
    for (const d of detectors) {
      const payload = encodeTelemetry({ seq, ts: formatDeviceTime(new Date()), ...d.air.next() });
      d.client.publish(deviceTopic(d.id, 'telemetry'), payload, { qos: 1 });
    }
  }, intervalMs);
  const play = async (ids: readonly string[]) => {
    for (const id of ids) {
      const client = await connect(mqttUrl, id);
      await client.publishAsync(deviceTopic(id, 'status'), encodeStatus(true), { qos: 1, retain: true });
      detectors.push({ id, client, air: createDetector(createRandom(1000 + detectors.length)) });
    }
  };

  const running: string[] = [];
  // Each district's device firm comes first in the account list (tools/demo-city/accounts.ts).
  const candidates = [...new Set(usernames)].slice(0, wanted * 4);
  for (const [i, username] of candidates.entries()) {
    if (running.length >= wanted) break;
    // The sign-in endpoint allows 20 calls a minute per address (AUTH_RATE_LIMIT_PER_MINUTE).
    if (i > 0) await new Promise((r) => setTimeout(r, SIGN_IN_PAUSE_MS));
    try {
      const started = await startWork(baseUrl, mqttUrl, username);
      if (!started) continue;
      running.push(started.permitId);
      await play(started.detectorIds);
    } catch (error) {
      console.error(`demo live work: ${username}: ${(error as Error).message}`);
    }
  }
  if (running.length === 0) {
    clearInterval(timer);
    console.error('demo live work: no demo enterprise with a detector and a lock');
    return;
  }
  console.log(`demo live work: ${running.length} permit(s) at work (${running.join(', ')})`);

  const stop = async () => {
    clearInterval(timer);
    await Promise.all(detectors.map((d) => d.client.endAsync().catch(() => undefined)));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error('demo live work failed:', (error as Error).message);
  process.exit(1);
});
