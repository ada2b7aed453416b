import { connectAsync, type MqttClient } from 'mqtt';
import {
  deviceTopic,
  encodeTelemetry,
  formatDeviceTime,
} from '../../apps/server/src/platform/mqtt/device-contract';

/**
 * The load side of bench-ingest, in a process of its own: hundreds of detectors, one MQTT
 * connection each, publishing QoS 1 readings and remembering, per (device, seq), whether the
 * broker acknowledged it. Separate from the bench process so that the SSE client measuring alarm
 * latency there never waits behind thousands of publishes. Driven over IPC (see Request).
 */

export type Request =
  | { op: 'connect'; url: string; devices: { id: string; secret: string }[] }
  /** rate 0 = as fast as the acknowledgements allow (a window of unacknowledged readings per device). */
  | { op: 'run'; rate: number; durationMs: number; window: number }
  | { op: 'stop' }
  /** Remember every device's last seq under this label (accounting start, restarts…). */
  | { op: 'mark'; label: string }
  | { op: 'drain'; timeoutMs: number }
  | { op: 'report' }
  | { op: 'close' };

export interface RunResult {
  published: number;
  acked: number;
  failed: number;
  seconds: number;
  startedAtEpochMs: number;
  bucketMs: number;
  /** Acknowledgements per bucket since startedAtEpochMs: lets the parent cut out its own window. */
  ackBuckets: number[];
}

export interface DeviceReport {
  id: string;
  /** seq → seq the device published in this process, by label. */
  marks: Record<string, number>;
  lastSeq: number;
  /** Published but never acknowledged (inclusive ranges). */
  notAcked: [number, number][];
}

export interface Report {
  devices: DeviceReport[];
  reconnects: number;
  closes: number;
  publishErrors: number;
  inFlight: number;
}

export type Reply =
  | { op: 'connected'; seconds: number }
  | ({ op: 'ran' } & RunResult)
  | { op: 'marked' }
  | { op: 'stopped' }
  | { op: 'drained'; inFlight: number; seconds: number }
  | ({ op: 'report' } & Report)
  | { op: 'error'; message: string };

const PENDING = 1;
const ACKED = 2;
const FAILED = 3;

interface Device {
  id: string;
  client: MqttClient;
  topic: string;
  seq: number;
  /** state[seq]: 0 never published, PENDING, ACKED or FAILED. */
  state: Uint8Array;
  inFlight: number;
  marks: Record<string, number>;
}

const devices: Device[] = [];
let totalInFlight = 0;
let reconnects = 0;
let closes = 0;
let publishErrors = 0;

/** Set while a run is on: counts and the hook that keeps the flat-out window full. */
let current:
  | {
      published: number;
      acked: number;
      failed: number;
      started: number;
      bucketMs: number;
      ackBuckets: number[];
      onAck?: (d: Device) => void;
    }
  | undefined;

let tsCache = { ms: 0, text: '' };
/** Readings in one millisecond share a timestamp string; formatting each one would cost more than the JSON. */
function deviceTime(): string {
  const now = Date.now();
  if (now !== tsCache.ms) tsCache = { ms: now, text: formatDeviceTime(new Date(now)) };
  return tsCache.text;
}

function setState(d: Device, seq: number, value: number) {
  if (seq >= d.state.length) {
    const bigger = new Uint8Array(Math.max(d.state.length * 2, seq + 1024));
    bigger.set(d.state);
    d.state = bigger;
  }
  d.state[seq] = value;
}

function publishOne(d: Device) {
  const seq = ++d.seq;
  setState(d, seq, PENDING);
  d.inFlight += 1;
  totalInFlight += 1;
  if (current) current.published += 1;
  // Clean air, a healthy battery: the load must not raise alarms of its own.
  const payload = encodeTelemetry({
    seq,
    ts: deviceTime(),
    o2: 20.9,
    h2s: (seq % 3) * 0.5,
    co: seq % 4,
    lel: 0,
    battery: 90,
  });
  d.client.publish(d.topic, payload, { qos: 1 }, (error) => {
    d.inFlight -= 1;
    totalInFlight -= 1;
    setState(d, seq, error ? FAILED : ACKED);
    if (error) publishErrors += 1;
    const run = current;
    if (!run) return;
    if (error) {
      run.failed += 1;
      return;
    }
    run.acked += 1;
    const bucket = Math.floor((performance.now() - run.started) / run.bucketMs);
    while (run.ackBuckets.length <= bucket) run.ackBuckets.push(0);
    run.ackBuckets[bucket]! += 1;
    run.onAck?.(d);
  });
}

async function connectAll(url: string, list: { id: string; secret: string }[]) {
  let next = 0;
  // A few dozen CONNECTs at a time: a few hundred at once would look like a SYN flood to the broker.
  const worker = async () => {
    while (next < list.length) {
      const { id, secret } = list[next++]!;
      const client = await connectAsync(url, {
        protocolVersion: 4,
        clientId: `bench-${id}`,
        username: id,
        password: secret,
        reconnectPeriod: 500,
        connectTimeout: 10_000,
        keepalive: 30,
      });
      client.on('error', () => {
        // Reconnection is automatic; unacknowledged readings stay in mqtt.js's store and are resent.
      });
      client.on('reconnect', () => (reconnects += 1));
      client.on('close', () => (closes += 1));
      devices.push({
        id,
        client,
        topic: deviceTopic(id, 'telemetry'),
        seq: 0,
        state: new Uint8Array(4096),
        inFlight: 0,
        marks: {},
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(25, list.length) }, worker));
}

let stopRun: (() => void) | undefined;

function run(rate: number, durationMs: number, window: number): Promise<RunResult> {
  const started = performance.now();
  const startedAtEpochMs = performance.timeOrigin + started;
  const state = {
    published: 0,
    acked: 0,
    failed: 0,
    started,
    bucketMs: 250,
    ackBuckets: [] as number[],
  } as NonNullable<typeof current>;
  current = state;
  let running = true;
  let timer: NodeJS.Timeout | undefined;

  if (rate > 0) {
    // Open loop: readings are due at the rate whatever the broker does, as real detectors send them.
    let rr = 0;
    timer = setInterval(() => {
      const due = Math.floor((rate * (performance.now() - started)) / 1000) - state.published;
      // After a stall, catch up by at most one second's worth rather than in one enormous burst.
      const n = Math.min(due, rate);
      for (let i = 0; i < n; i++) publishOne(devices[rr++ % devices.length]!);
    }, 5);
  } else {
    state.onAck = (d) => {
      if (running && d.inFlight < window) publishOne(d);
    };
    for (const d of devices) for (let i = 0; i < window; i++) publishOne(d);
  }

  return new Promise((resolve) => {
    const end = () => {
      if (!running) return;
      running = false;
      clearTimeout(deadline);
      if (timer) clearInterval(timer);
      stopRun = undefined;
      current = undefined;
      resolve({
        published: state.published,
        acked: state.acked,
        failed: state.failed,
        seconds: Math.round(performance.now() - started) / 1000,
        startedAtEpochMs,
        bucketMs: state.bucketMs,
        ackBuckets: state.ackBuckets,
      });
    };
    const deadline = setTimeout(end, durationMs);
    stopRun = end;
  });
}

function notAckedRanges(d: Device): [number, number][] {
  const ranges: [number, number][] = [];
  for (let seq = 1; seq <= d.seq; seq++) {
    if (d.state[seq] === ACKED) continue;
    const last = ranges.at(-1);
    if (last && last[1] === seq - 1) last[1] = seq;
    else ranges.push([seq, seq]);
  }
  return ranges;
}

async function drain(timeoutMs: number) {
  const started = performance.now();
  while (totalInFlight > 0 && performance.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return { inFlight: totalInFlight, seconds: Math.round(performance.now() - started) / 1000 };
}

/** Requests carry an id so that a `mark` or `stop` can be answered while a `run` is still going. */
export interface Envelope<T> {
  id: number;
  body: T;
}

async function handle(request: Request, reply: (message: Reply) => void): Promise<void> {
  switch (request.op) {
    case 'connect': {
      const started = performance.now();
      await connectAll(request.url, request.devices);
      return reply({ op: 'connected', seconds: Math.round(performance.now() - started) / 1000 });
    }
    case 'run':
      return reply({ op: 'ran', ...(await run(request.rate, request.durationMs, request.window)) });
    case 'stop':
      stopRun?.();
      return reply({ op: 'stopped' });
    case 'mark':
      for (const d of devices) d.marks[request.label] = d.seq;
      return reply({ op: 'marked' });
    case 'drain':
      return reply({ op: 'drained', ...(await drain(request.timeoutMs)) });
    case 'report':
      return reply({
        op: 'report',
        devices: devices.map((d) => ({
          id: d.id,
          marks: d.marks,
          lastSeq: d.seq,
          notAcked: notAckedRanges(d),
        })),
        reconnects,
        closes,
        publishErrors,
        inFlight: totalInFlight,
      });
    case 'close':
      await Promise.all(devices.map((d) => d.client.endAsync(true).catch(() => undefined)));
      process.exit(0);
  }
}

process.on('message', ({ id, body }: Envelope<Request>) => {
  const reply = (message: Reply) => process.send?.({ id, body: message } satisfies Envelope<Reply>);
  handle(body, reply).catch((error: unknown) => reply({ op: 'error', message: (error as Error).message }));
});
// The parent gone (crashed, killed): nobody will read the results, and the connections must go.
process.on('disconnect', () => process.exit(0));
process.once('SIGTERM', () => process.exit(0));
