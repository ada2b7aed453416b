import { execFile } from 'node:child_process';
import { demoDeviceSecret } from './demo-device-secret';
import { deviceSecretHash } from '../../apps/server/src/platform/mqtt/device-credentials';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startMqtt, type MqttRuntime } from '../../apps/server/src/platform/mqtt/connection';
import {
  encodeTelemetry,
  formatDeviceTime,
  parseDeviceMessage,
} from '../../apps/server/src/platform/mqtt/device-contract';
import {
  applyScenario,
  createDetector,
  createRandom,
  detectorIds,
  lockScenarioEvents,
  malformedPayload,
  simulateDetectors,
} from './simulator';

const TOPIC = 'sg/v1/dev/GD-000001/telemetry';

describe('simulated readings', () => {
  it('are repeatable from a seed', () => {
    const a = createDetector(createRandom(7));
    const b = createDetector(createRandom(7));
    for (let i = 0; i < 50; i++) expect(a.next()).toEqual(b.next());
  });

  it('always satisfy the device contract and stay in clean-air ranges', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const detector = createDetector(createRandom(seed));
        for (let seq = 1; seq <= 200; seq++) {
          const reading = detector.next();
          const result = parseDeviceMessage(
            TOPIC,
            encodeTelemetry({ seq, ts: formatDeviceTime(new Date()), ...reading }),
          );
          expect(result.ok).toBe(true);
          expect(reading.o2).toBeGreaterThanOrEqual(19.5);
          expect(reading.o2).toBeLessThanOrEqual(23.5);
          expect(reading.lel).toBeLessThan(10);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('makes malformed payloads the parser always refuses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 1e9 }), (seed, seq) => {
        expect(parseDeviceMessage(TOPIC, malformedPayload(createRandom(seed), seq)).ok).toBe(false);
      }),
    );
  });

  it('names detectors like the demo city', () => {
    expect(detectorIds(3)).toEqual(['GD-000001', 'GD-000002', 'GD-000003']);
    expect(detectorIds(1, 'X-', 42)).toEqual(['X-000042']);
  });
});

describe('against a broker', () => {
  let mqtt: MqttRuntime;
  let url: string;
  beforeAll(async () => {
    mqtt = await startMqtt(
      { mqttUrl: undefined, mqttPort: 0, mqttHost: '127.0.0.1' },
      { deviceCredentials: async (id) => deviceSecretHash(demoDeviceSecret(id)) },
    );
    url = `mqtt://127.0.0.1:${mqtt.brokerPort}`;
  });
  afterAll(async () => {
    await mqtt.close();
  });

  it('publishes increasing seqs per device, plus the requested faults', async () => {
    const seen = new Map<string, number[]>();
    let malformed = 0;
    const statuses: string[] = [];
    mqtt.client.on('message', (topic, payload) => {
      const parsed = parseDeviceMessage(topic, payload);
      if (!parsed.ok) {
        malformed += 1;
        return;
      }
      const m = parsed.message;
      if (m.kind === 'telemetry') seen.set(m.deviceId, [...(seen.get(m.deviceId) ?? []), m.seq]);
      if (m.kind === 'status') statuses.push(`${m.deviceId}:${m.online}`);
    });
    await mqtt.client.subscribeAsync('sg/v1/dev/#', { qos: 1 });

    const ids = ['SIM-1', 'SIM-2', 'SIM-3'];
    const summary = await simulateDetectors({
      url,
      deviceIds: ids,
      intervalMs: 1,
      count: 40,
      seed: 3,
      startSeq: 100,
      faults: { duplicateRate: 0.2, outOfOrderRate: 0.2, malformedRate: 0.1 },
    });

    expect(summary).toMatchObject({
      devices: 3,
      readings: 120,
      publishErrors: 0,
      aborted: false,
      statusSent: 6,
    });
    expect(summary.lastSeq).toEqual({ 'SIM-1': 139, 'SIM-2': 139, 'SIM-3': 139 });
    expect(summary.messagesSent).toBe(120 + summary.duplicatesSent + summary.malformedSent + 6);

    const expectedTotal = 120 + summary.duplicatesSent;
    await expect.poll(() => [...seen.values()].reduce((n, s) => n + s.length, 0)).toBe(expectedTotal);
    expect(malformed).toBe(summary.malformedSent);
    for (const id of ids) {
      const seqs = seen.get(id) ?? [];
      expect(new Set(seqs)).toEqual(new Set(Array.from({ length: 40 }, (_, i) => 100 + i)));
    }
    const arrival = [...seen.values()].flat();
    const reordered = arrival.some((seq, i) => i > 0 && seq < (arrival[i - 1] as number));
    expect(reordered).toBe(summary.outOfOrder > 0);
    expect(statuses).toEqual(expect.arrayContaining(['SIM-1:true', 'SIM-1:false']));
  });

  it('stops early when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const summary = await simulateDetectors({
      url,
      deviceIds: ['SIM-ABORT'],
      intervalMs: 20,
      count: 10_000,
      seed: 1,
      signal: controller.signal,
    });
    expect(summary.aborted).toBe(true);
    expect(summary.readings).toBeLessThan(100);
  });

  it('runs from the command line and prints a JSON summary', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const { stdout } = await promisify(execFile)(
      join(root, 'node_modules', '.bin', 'tsx'),
      [
        join(import.meta.dirname, 'cli.ts'),
        '--url',
        url,
        '--count',
        '2',
        '--messages',
        '3',
        '--interval',
        '0',
      ],
      { cwd: root, timeout: 20_000 },
    );
    const summary = JSON.parse(stdout) as {
      devices: number;
      readings: number;
      lastSeq: Record<string, number>;
    };
    expect(summary).toMatchObject({ devices: 2, readings: 6, lastSeq: { 'GD-000001': 3, 'GD-000002': 3 } });
  });
});

describe('scenarios', () => {
  it('a late lock log arrives newest first, its opening two hours before it is sent', () => {
    const now = new Date('2026-11-30T10:00:00Z');
    const events = lockScenarioEvents('late-lock-log', now, 7);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [8, 'locked'],
      [7, 'opened_without_token'],
    ]);
    const opened = parseDeviceMessage('sg/v1/dev/LK-000001/event', Buffer.from(JSON.stringify(events[1])));
    expect(opened.ok && opened.message.kind === 'event' && opened.message.occurredAt.toISOString()).toBe(
      '2026-11-30T08:00:00.000Z',
    );
    expect(lockScenarioEvents('unapproved-opening', now, 1)).toMatchObject([
      { type: 'opened_without_token' },
    ]);
  });

  it('an H2S leak passes the 7 ppm alarm limit within seconds; normal air never does', () => {
    const clean = { o2: 20.9, h2s: 0.1, co: 1, lel: 0, battery: 80 };
    expect(applyScenario(clean, 'normal', 30)).toEqual(clean);
    expect(applyScenario(clean, 'h2s-leak', 1).h2s).toBeLessThan(7.05);
    expect(applyScenario(clean, 'h2s-leak', 3).h2s).toBeGreaterThan(7.05);
    expect(applyScenario(clean, 'o2-drop', 4).o2).toBeLessThan(19.5);
    const random = createRandom(7);
    const detector = createDetector(random);
    for (let i = 0; i < 500; i++) expect(detector.next().h2s).toBeLessThan(7.05);
  });
});
