import { parseArgs } from 'node:util';
import { DEVICE_ID_PATTERN } from '../../apps/server/src/platform/mqtt/device-contract';
import {
  LOCK_SCENARIOS,
  SCENARIOS,
  detectorIds,
  playLockScenario,
  simulateDetectors,
  type LockScenario,
  type Scenario,
} from './simulator';

const USAGE = `Usage: npm run simulate:devices -- [options]

  --url <mqtt-url>        broker (default: MQTT_URL, else the embedded broker mqtt://127.0.0.1:\${MQTT_PORT:-1884})
  --devices <a,b,c>       device ids to play
  --count <n>             or: play GD-000001 … GD-<n> (default 10)
  --interval <ms>         pause between rounds (default 1000)
  --messages <n>          readings per device (default 10)
  --seed <n>              random seed (default 1)
  --start-seq <n>         first seq (default 1; continue a previous run with its lastSeq + 1)
  --duplicates <rate>     probability of a duplicate reading (0..1)
  --out-of-order <rate>   probability of a reordered reading (0..1)
  --malformed <rate>      probability of an extra malformed payload (0..1)
  --mqtt5                 connect with MQTT 5 (default 3.1.1)
  --scenario <name>       detectors: normal | h2s-leak | o2-drop | detector-silent (the incident
                          starts halfway through the run); with --lock: unapproved-opening | late-lock-log
  --lock <id>             play a smart lock's scenario instead of detectors

Prints a JSON summary. The devices must be registered for the server to store their readings.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(64); // EX_USAGE
}

function number(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    fail(`--${name} must be a number from ${min} to ${max}`);
  return value;
}

function scenario(raw: string | undefined): Scenario {
  if (raw === undefined) return 'normal';
  if (!(SCENARIOS as readonly string[]).includes(raw))
    fail(`--scenario must be one of ${SCENARIOS.join(', ')}`);
  return raw as Scenario;
}

function redact(raw: string): string {
  try {
    const parsed = new URL(raw);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return raw;
  }
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: 'string' },
        devices: { type: 'string' },
        count: { type: 'string' },
        interval: { type: 'string' },
        messages: { type: 'string' },
        seed: { type: 'string' },
        'start-seq': { type: 'string' },
        duplicates: { type: 'string' },
        'out-of-order': { type: 'string' },
        malformed: { type: 'string' },
        mqtt5: { type: 'boolean' },
        scenario: { type: 'string' },
        lock: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }

  const url = values.url ?? process.env.MQTT_URL ?? `mqtt://127.0.0.1:${process.env.MQTT_PORT ?? '1884'}`;
  if (values.lock !== undefined) {
    if (!DEVICE_ID_PATTERN.test(values.lock)) fail(`invalid lock id: ${values.lock}`);
    const lockScenario = values.scenario ?? 'unapproved-opening';
    if (!(LOCK_SCENARIOS as readonly string[]).includes(lockScenario)) {
      fail(`--scenario with --lock must be one of ${LOCK_SCENARIOS.join(', ')}`);
    }
    const result = await playLockScenario({
      url,
      lockId: values.lock,
      scenario: lockScenario as LockScenario,
      protocolVersion: values.mqtt5 ? 5 : 4,
    });
    console.log(
      JSON.stringify({ url: redact(url), lock: values.lock, scenario: lockScenario, ...result }, null, 2),
    );
    return;
  }
  let deviceIds: string[];
  if (values.devices !== undefined) {
    deviceIds = values.devices
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = deviceIds.filter((id) => !DEVICE_ID_PATTERN.test(id));
    if (bad.length > 0) fail(`invalid device ids: ${bad.join(', ')} (allowed: ${DEVICE_ID_PATTERN.source})`);
    if (deviceIds.length === 0) fail('--devices is empty');
  } else {
    deviceIds = detectorIds(Math.floor(number('count', values.count, 10, 1, 100_000)));
  }

  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const summary = await simulateDetectors({
    url,
    deviceIds,
    intervalMs: number('interval', values.interval, 1000, 0, 3_600_000),
    count: Math.floor(number('messages', values.messages, 10, 1, 10_000_000)),
    seed: Math.floor(number('seed', values.seed, 1, 0, 2 ** 32 - 1)),
    startSeq: Math.floor(number('start-seq', values['start-seq'], 1, 0, Number.MAX_SAFE_INTEGER)),
    protocolVersion: values.mqtt5 ? 5 : 4,
    scenario: scenario(values.scenario),
    faults: {
      duplicateRate: number('duplicates', values.duplicates, 0, 0, 1),
      outOfOrderRate: number('out-of-order', values['out-of-order'], 0, 0, 1),
      malformedRate: number('malformed', values.malformed, 0, 0, 1),
    },
    signal: controller.signal,
  });
  // Thousands of devices make lastSeq unreadable on a terminal; a small run keeps it.
  const printable = deviceIds.length > 20 ? { ...summary, lastSeq: undefined } : summary;
  console.log(JSON.stringify({ url: redact(url), ...printable }, null, 2));
}

main().catch((error: unknown) => {
  console.error('device simulator failed:', (error as Error).message);
  process.exit(1);
});
