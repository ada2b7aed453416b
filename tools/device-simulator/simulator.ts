import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { demoDeviceSecret } from './demo-device-secret';
import {
  deviceTopic,
  encodeStatus,
  encodeTelemetry,
  formatDeviceTime,
} from '../../apps/server/src/platform/mqtt/device-contract';
import { mulberry32 } from '../demo-city/prng';

/**
 * Plays gas detectors over MQTT (DESIGN §5) for the demo, load tests and integration tests.
 * Each detector is its own MQTT connection logged in with its device id as username — what real
 * detectors do, and what the broker's per-device publish rule expects.
 */

export interface SimulatorFaults {
  /** Probability that a reading is sent twice (what a QoS 1 redelivery looks like). */
  duplicateRate?: number;
  /** Probability that a reading is held back and sent after the next one. */
  outOfOrderRate?: number;
  /** Probability that a broken payload is sent as well (the real reading still follows). */
  malformedRate?: number;
}

export interface SimulateOptions {
  url: string;
  deviceIds: readonly string[];
  /** Pause between rounds (one reading per device per round); 0 = as fast as the broker acks. */
  intervalMs: number;
  /** Readings per device. */
  count: number;
  seed: number;
  faults?: SimulatorFaults;
  /** What the air does (default normal): a leak starts halfway through the run. */
  scenario?: Scenario;
  /** First seq per device (default 1). */
  startSeq?: number;
  /** Each device's broker password (default: the demo city's derivable secrets). */
  deviceSecret?: (deviceId: string) => string;
  /** Publish retained online/offline and set the offline last will (default true). */
  announceStatus?: boolean;
  /** 4 (MQTT 3.1.1, default: Aedes and Mosquitto both speak it) or 5. */
  protocolVersion?: 4 | 5;
  /** Connections opened at once; thousands of simulated devices must not SYN-flood the broker. */
  connectConcurrency?: number;
  signal?: AbortSignal;
}

export interface SimulationSummary {
  devices: number;
  /** Distinct readings (seqs) per device × devices: what the ingest should end up storing. */
  readings: number;
  messagesSent: number;
  duplicatesSent: number;
  outOfOrder: number;
  malformedSent: number;
  statusSent: number;
  publishErrors: number;
  aborted: boolean;
  elapsedMs: number;
  messagesPerSecond: number;
  /** Highest seq sent per device, to continue a run without repeats. */
  lastSeq: Record<string, number>;
}

/** The demo city's seeded generator: a simulated run is repeatable from its seed. */
export const createRandom = mulberry32;

export interface Reading {
  o2: number;
  h2s: number;
  co: number;
  lel: number;
  battery: number;
}

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export const SCENARIOS = ['normal', 'h2s-leak', 'o2-drop', 'detector-silent'] as const;
export type Scenario = (typeof SCENARIOS)[number];
/** What a smart lock's log can show: a mechanical key opening, and a log uploaded hours late. */
export const LOCK_SCENARIOS = ['unapproved-opening', 'late-lock-log'] as const;
export type LockScenario = (typeof LOCK_SCENARIOS)[number];

/**
 * The lock events of a scenario, as the lock would log them. The late log arrives newest first
 * (a gateway draining its buffer), which the platform must judge by each event's own time.
 */
export function lockScenarioEvents(scenario: LockScenario, now: Date, firstSeq: number) {
  if (scenario === 'unapproved-opening') {
    return [{ seq: firstSeq, ts: formatDeviceTime(now), type: 'opened_without_token' as const }];
  }
  const openedAt = new Date(now.getTime() - 2 * 3_600_000);
  const closedAt = new Date(openedAt.getTime() + 10 * 60_000);
  return [
    { seq: firstSeq + 1, ts: formatDeviceTime(closedAt), type: 'locked' as const },
    { seq: firstSeq, ts: formatDeviceTime(openedAt), type: 'opened_without_token' as const },
  ];
}

/** Publishes a lock scenario as the lock itself (its own broker credentials). */
export async function playLockScenario(options: {
  url: string;
  lockId: string;
  scenario: LockScenario;
  firstSeq?: number;
  deviceSecret?: (deviceId: string) => string;
  protocolVersion?: 4 | 5;
}): Promise<{ eventsSent: number }> {
  const client = await connectAsync(options.url, {
    protocolVersion: options.protocolVersion ?? 4,
    clientId: `sim-${options.lockId}-lock`,
    username: options.lockId,
    password: (options.deviceSecret ?? demoDeviceSecret)(options.lockId),
    reconnectPeriod: 0,
  });
  try {
    const events = lockScenarioEvents(
      options.scenario,
      new Date(),
      options.firstSeq ?? Math.floor(Date.now() / 1000),
    );
    for (const event of events) {
      await client.publishAsync(deviceTopic(options.lockId, 'event'), JSON.stringify(event), { qos: 1 });
    }
    return { eventsSent: events.length };
  } finally {
    await client.endAsync();
  }
}

/**
 * What a scenario does to one reading once the incident has started: an H2S leak climbs past the
 * MAC within seconds (sewage sludge disturbed), an O2 drop is displacement by another gas.
 */
export function applyScenario(reading: Reading, scenario: Scenario, secondsIntoIncident: number): Reading {
  if (scenario === 'h2s-leak')
    return { ...reading, h2s: round(Math.min(40, 3 + secondsIntoIncident * 3), 1) };
  if (scenario === 'o2-drop')
    return { ...reading, o2: round(Math.max(15, 20.5 - secondsIntoIncident * 0.5), 1) };
  return reading;
}

/**
 * A detector in clean air: O2 near 20.9 %vol, traces of H2S/CO, combustibles near zero, a slowly
 * draining battery. Values drift as a random walk so that charts look like real sensors.
 */
export function createDetector(random: () => number) {
  let state: Reading = {
    o2: 20.9,
    h2s: 0,
    co: Math.floor(random() * 3),
    lel: 0,
    battery: 60 + Math.floor(random() * 41),
  };
  const step = (spread: number) => (random() - 0.5) * spread;
  return {
    next(): Reading {
      state = {
        o2: round(clamp(state.o2 + step(0.1) + (20.9 - state.o2) * 0.2, 19.8, 21.2), 1),
        h2s: round(clamp(state.h2s + step(0.2) - state.h2s * 0.3, 0, 2), 1),
        co: Math.round(clamp(state.co + step(2) - state.co * 0.2, 0, 8)),
        lel: Math.round(clamp(state.lel + step(1) - state.lel * 0.5, 0, 3)),
        battery: random() < 0.02 ? Math.max(0, state.battery - 1) : state.battery,
      };
      return state;
    },
  };
}

/** Broken payloads the ingest must count and survive. */
export function malformedPayload(random: () => number, seq: number): Buffer {
  const ts = formatDeviceTime(new Date());
  const variants: (() => Buffer)[] = [
    () => Buffer.from('{"seq": 1, "ts": '),
    () => Buffer.from(JSON.stringify({ seq, ts, o2: 150, h2s: 0, co: 0, lel: 0, battery: 50 })),
    () => Buffer.from(JSON.stringify({ seq: -seq, ts, o2: 20.9 })),
    () => Buffer.from(JSON.stringify({ seq, ts: '2026-11-30 10:00:00', o2: 20.9 })),
    () => Buffer.from([0xc3, 0x28, 0x7b, 0x7d]),
    () => Buffer.from('[1, 2, 3]'),
    () => Buffer.from(JSON.stringify({ seq, ts, o2: '20.9' })),
  ];
  return (variants[Math.floor(random() * variants.length)] as () => Buffer)();
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface SimDevice {
  id: string;
  client: MqttClient;
  random: () => number;
  detector: ReturnType<typeof createDetector>;
  seq: number;
  held: Buffer | undefined;
}

export async function simulateDetectors(options: SimulateOptions): Promise<SimulationSummary> {
  const started = Date.now();
  const faults = options.faults ?? {};
  const announce = options.announceStatus ?? true;
  const startSeq = options.startSeq ?? 1;
  const summary: SimulationSummary = {
    devices: options.deviceIds.length,
    readings: 0,
    messagesSent: 0,
    duplicatesSent: 0,
    outOfOrder: 0,
    malformedSent: 0,
    statusSent: 0,
    publishErrors: 0,
    aborted: false,
    elapsedMs: 0,
    messagesPerSecond: 0,
    lastSeq: {},
  };

  const publish = async (client: MqttClient, topic: string, payload: Buffer, retain = false) => {
    try {
      await client.publishAsync(topic, payload, { qos: 1, retain });
      summary.messagesSent += 1;
    } catch {
      summary.publishErrors += 1;
    }
  };

  const seedRandom = createRandom(options.seed);
  const devices: SimDevice[] = [];
  try {
    const connected = await mapLimit(options.deviceIds, options.connectConcurrency ?? 50, async (id) => {
      const clientOptions: IClientOptions = {
        protocolVersion: options.protocolVersion ?? 4,
        clientId: `sim-${id}-${Math.floor(seedRandom() * 1e9).toString(36)}`,
        username: id,
        password: (options.deviceSecret ?? demoDeviceSecret)(id),
        reconnectPeriod: 1000,
        connectTimeout: 10_000,
        ...(announce
          ? { will: { topic: deviceTopic(id, 'status'), payload: encodeStatus(false), qos: 1, retain: true } }
          : {}),
      };
      const client = await connectAsync(options.url, clientOptions);
      client.on('error', () => {
        // Reconnects are automatic; failed publishes are counted where they happen.
      });
      const random = createRandom((options.seed ^ hashId(id)) >>> 0);
      const device: SimDevice = {
        id,
        client,
        random,
        detector: createDetector(random),
        seq: startSeq - 1,
        held: undefined,
      };
      devices.push(device);
      return device;
    });

    if (announce) {
      await Promise.all(
        connected.map(async (d) => {
          await publish(d.client, deviceTopic(d.id, 'status'), encodeStatus(true), true);
          summary.statusSent += 1;
        }),
      );
    }

    for (let round = 0; round < options.count; round++) {
      if (options.signal?.aborted) {
        summary.aborted = true;
        break;
      }
      const roundStarted = Date.now();
      await Promise.all(connected.map((d) => sendReading(d)));
      if (round < options.count - 1)
        await sleep(options.intervalMs - (Date.now() - roundStarted), options.signal);
    }
    // A reading held back for reordering still has to arrive.
    await Promise.all(
      connected.map(async (d) => {
        if (d.held) await publish(d.client, deviceTopic(d.id, 'telemetry'), d.held);
        d.held = undefined;
      }),
    );

    if (announce) {
      await Promise.all(
        connected.map(async (d) => {
          await publish(d.client, deviceTopic(d.id, 'status'), encodeStatus(false), true);
          summary.statusSent += 1;
        }),
      );
    }
  } finally {
    await Promise.all(devices.map((d) => d.client.endAsync().catch(() => undefined)));
  }

  for (const d of devices) summary.lastSeq[d.id] = d.seq;
  // Every seq a device used, once: what the ingest should end up storing.
  summary.readings = devices.reduce((n, d) => n + (d.seq - (startSeq - 1)), 0);
  summary.elapsedMs = Date.now() - started;
  summary.messagesPerSecond = Math.round((summary.messagesSent * 1000) / Math.max(1, summary.elapsedMs));
  return summary;

  async function sendReading(d: SimDevice) {
    const topic = deviceTopic(d.id, 'telemetry');
    const incidentAt = Math.floor(options.count / 2);
    // A detector that falls silent (fallen in the water, battery out) just stops; no last word.
    if (options.scenario === 'detector-silent' && d.seq + 1 - (options.startSeq ?? 1) >= incidentAt) return;
    d.seq += 1;
    const sent = d.seq - (options.startSeq ?? 1);
    const air =
      sent >= incidentAt
        ? applyScenario(
            d.detector.next(),
            options.scenario ?? 'normal',
            ((sent - incidentAt) * options.intervalMs) / 1000 + 1,
          )
        : d.detector.next();
    const payload = encodeTelemetry({ seq: d.seq, ts: formatDeviceTime(new Date()), ...air });

    if (faults.malformedRate && d.random() < faults.malformedRate) {
      await publish(d.client, topic, malformedPayload(d.random, d.seq));
      summary.malformedSent += 1;
    }
    if (!d.held && faults.outOfOrderRate && d.random() < faults.outOfOrderRate) {
      d.held = payload;
      summary.outOfOrder += 1;
      return;
    }
    await publish(d.client, topic, payload);
    if (d.held) {
      await publish(d.client, topic, d.held);
      d.held = undefined;
    }
    if (faults.duplicateRate && d.random() < faults.duplicateRate) {
      await publish(d.client, topic, payload);
      summary.duplicatesSent += 1;
    }
  }
}

function hashId(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** GD-000001, GD-000002, …: the demo city's detector ids. */
export function detectorIds(count: number, prefix = 'GD-', start = 1): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(start + i).padStart(6, '0')}`);
}
