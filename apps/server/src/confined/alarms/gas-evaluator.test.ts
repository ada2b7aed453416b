import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEQ_MEMORY, createGasEvaluator, type GasAlarmSignal, type GasReading } from './gas-evaluator';
import {
  GAS_RULE_SHAPES,
  effectiveLimits,
  exceeds,
  loadGasLimits,
  type GasLimits,
  type GasRuleId,
} from './gas-limits';

const defaults = loadGasLimits();
const T0 = Date.UTC(2026, 10, 30, 2, 0, 0);
const MIN = 60_000;
const clean = { o2: 20.9, h2s: 0, co: 0, lel: 0 };

const reading = (
  seq: number,
  ms: number,
  gases: Partial<Pick<GasReading, 'o2' | 'h2s' | 'co' | 'lel'>> = {},
  deviceId = 'GD-1',
): GasReading => ({ deviceId, seq, measuredAt: new Date(T0 + ms), ...clean, ...gases });

const evaluator = (limits: GasLimits = defaults) => createGasEvaluator({ limitsFor: () => limits });
const brief = (signals: GasAlarmSignal[]) => signals.map((s) => `${s.type}:${s.rule}`);

/** Feeds a steady detector: one reading every `stepMs` from `fromMs` (inclusive) to `toMs` (exclusive). */
function feed(
  ev: ReturnType<typeof evaluator>,
  firstSeq: number,
  fromMs: number,
  toMs: number,
  stepMs: number,
  gases: Partial<GasReading>,
): { signals: GasAlarmSignal[]; nextSeq: number } {
  const signals: GasAlarmSignal[] = [];
  let seq = firstSeq;
  for (let t = fromMs; t < toMs; t += stepMs) signals.push(...ev.evaluate(reading(seq++, t, gases)));
  return { signals, nextSeq: seq };
}

describe('instantaneous rules', () => {
  it('raises o2_low on a drop and clears only once back past clearAt', () => {
    const ev = evaluator(
      (() => {
        const r = effectiveLimits(defaults, { o2_low: { value: 19.5, clearAt: 19.8, unit: '%vol' } });
        if (!r.ok) throw new Error('override refused');
        return r.limits;
      })(),
    );
    expect(ev.evaluate(reading(1, 0))).toEqual([]);
    expect(ev.evaluate(reading(2, 1000, { o2: 18.2 }))).toEqual([
      {
        type: 'raise',
        deviceId: 'GD-1',
        rule: 'o2_low',
        value: 18.2,
        limit: 19.5,
        occurredAt: new Date(T0 + 1000),
        seq: 2,
      },
    ]);
    expect(ev.evaluate(reading(3, 2000, { o2: 19.6 }))).toEqual([]);
    expect(ev.openRules('GD-1')).toEqual(['o2_low']);
    expect(ev.evaluate(reading(4, 3000, { o2: 20.9 }))).toEqual([
      {
        type: 'clear',
        deviceId: 'GD-1',
        rule: 'o2_low',
        value: 20.9,
        occurredAt: new Date(T0 + 3000),
        seq: 4,
      },
    ]);
    expect(ev.openRules('GD-1')).toEqual([]);
  });

  it('raises on an H2S spike once, holds it in the hysteresis band, clears below clearAt', () => {
    const ev = evaluator();
    expect(brief(ev.evaluate(reading(1, 0, { h2s: 12 })))).toEqual(['raise:h2s_high']);
    expect(ev.evaluate(reading(2, 1000, { h2s: 30 }))).toEqual([]);
    expect(ev.evaluate(reading(3, 2000, { h2s: 6.5 }))).toEqual([]);
    expect(brief(ev.evaluate(reading(4, 3000, { h2s: 0.4 })))).toEqual(['clear:h2s_high']);
  });

  it('raises several rules from one reading, in a fixed order', () => {
    const ev = evaluator();
    expect(brief(ev.evaluate(reading(1, 0, { o2: 25, lel: 10, h2s: 8 })))).toEqual([
      'raise:o2_high',
      'raise:lel_high',
      'raise:h2s_high',
    ]);
  });

  it('raises a late over-limit reading with its own time, and clears only on a newer good reading', () => {
    const ev = evaluator();
    for (let seq = 0; seq <= 10; seq++)
      if (seq !== 3) expect(ev.evaluate(reading(seq, seq * 10_000))).toEqual([]);
    expect(ev.evaluate(reading(3, 30_000, { h2s: 15 }))).toEqual([
      {
        type: 'raise',
        deviceId: 'GD-1',
        rule: 'h2s_high',
        value: 15,
        limit: defaults.h2s_high.value,
        occurredAt: new Date(T0 + 30_000),
        seq: 3,
      },
    ]);
    // Older than the over-limit reading: says nothing about whether the excursion ended.
    expect(ev.evaluate(reading(20, 20_500))).toEqual([]);
    expect(brief(ev.evaluate(reading(11, 110_000)))).toEqual(['clear:h2s_high']);
  });

  it('does not clear on a late good reading older than the newest over-limit one', () => {
    const ev = evaluator();
    ev.evaluate(reading(1, 0));
    ev.evaluate(reading(3, 20_000, { lel: 40 }));
    expect(ev.evaluate(reading(2, 10_000, { lel: 0 }))).toEqual([]);
    expect(ev.openRules('GD-1')).toEqual(['lel_high']);
  });

  it('ignores duplicates, even after a clear', () => {
    const ev = evaluator();
    const over = reading(1, 0, { h2s: 9 });
    expect(brief(ev.evaluate(over))).toEqual(['raise:h2s_high']);
    expect(ev.evaluate(over)).toEqual([]);
    expect(brief(ev.evaluate(reading(2, 1000)))).toEqual(['clear:h2s_high']);
    expect(ev.evaluate({ ...over })).toEqual([]);
    expect(ev.openRules('GD-1')).toEqual([]);
  });

  it('evaluates a reused seq with another time: a detector that restarted its counter', () => {
    const ev = evaluator();
    ev.evaluate(reading(1, 0));
    expect(brief(ev.evaluate(reading(1, 3_600_000, { h2s: 10 })))).toEqual(['raise:h2s_high']);
  });

  it('skips absent sensors and keeps devices apart', () => {
    const ev = evaluator();
    expect(ev.evaluate(reading(1, 0, { o2: null, h2s: null, co: null, lel: 50 }, 'A'))).toHaveLength(1);
    expect(ev.evaluate(reading(1, 0, { o2: null, h2s: null, co: null, lel: null }, 'B'))).toEqual([]);
    expect(ev.openRules('A')).toEqual(['lel_high']);
    expect(ev.openRules('B')).toEqual([]);
  });

  it('restores open alarms after a restart and clears them on the next good reading', () => {
    const ev = evaluator();
    ev.restore('GD-1', ['h2s_high', 'o2_low']);
    expect(ev.openRules('GD-1')).toEqual(['o2_low', 'h2s_high']);
    expect(ev.evaluate(reading(1, 0, { h2s: 9, o2: 19.7 }))).toEqual([]);
    expect(brief(ev.evaluate(reading(2, 1000, { h2s: 0 })))).toEqual(['clear:o2_low', 'clear:h2s_high']);
  });

  it('forgets a device entirely', () => {
    const ev = evaluator();
    const over = reading(1, 0, { h2s: 9 });
    ev.evaluate(over);
    ev.forget('GD-1');
    expect(ev.openRules('GD-1')).toEqual([]);
    expect(brief(ev.evaluate(over))).toEqual(['raise:h2s_high']);
  });

  it('uses the limits of the device’s space', () => {
    const strict = effectiveLimits(defaults, { h2s_high: { value: 2, clearAt: 1, unit: 'ppm' } });
    if (!strict.ok) throw new Error('override refused');
    const ev = createGasEvaluator({ limitsFor: (id) => (id === 'S' ? strict.limits : defaults) });
    expect(brief(ev.evaluate(reading(1, 0, { h2s: 3 }, 'S')))).toEqual(['raise:h2s_high']);
    expect(ev.evaluate(reading(1, 0, { h2s: 3 }, 'D'))).toEqual([]);
  });
});

describe('CO averages', () => {
  it('raises co_stel after about 13 minutes of 30 ppm and clears when the 15-minute average falls', () => {
    const ev = evaluator();
    const base = feed(ev, 0, 0, 15 * MIN, 10_000, { co: 0 });
    expect(base.signals).toEqual([]);
    const exposed = feed(ev, base.nextSeq, 15 * MIN, 35 * MIN, 10_000, { co: 30 });
    expect(brief(exposed.signals)).toEqual(['raise:co_stel']);
    const raise = exposed.signals[0] as Extract<GasAlarmSignal, { type: 'raise' }>;
    // (k + 1) minutes of 30 ppm in 15 exceed 25.75 ppm from k = 12.
    expect(raise.occurredAt.getTime() - T0).toBe(27 * MIN);
    expect(raise.value).toBeCloseTo(26, 5);
    expect(raise.limit).toBe(defaults.co_stel.value);
    const after = feed(ev, exposed.nextSeq, 35 * MIN, 55 * MIN, 10_000, { co: 0 });
    expect(brief(after.signals)).toEqual(['clear:co_stel']);
    expect(ev.openRules('GD-1')).toEqual([]);
  });

  it('raises co_stel at once when a detector is switched on into high CO', () => {
    const ev = evaluator();
    expect(brief(ev.evaluate(reading(1, 0, { co: 200 })))).toEqual(['raise:co_stel']);
  });

  it('judges co_twa only after 15 monitored minutes, over the monitored minutes', () => {
    const ev = evaluator();
    const { signals } = feed(ev, 0, 0, 30 * MIN, 10_000, { co: 20 });
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      type: 'raise',
      rule: 'co_twa',
      value: 20,
      occurredAt: new Date(T0 + 14 * MIN),
    });
  });

  it('counts a late reading in its own minute, judged at its own time', () => {
    const ev = evaluator();
    feed(ev, 0, 0, 20 * MIN, 30_000, { co: 0 });
    // A burst from minute 5 arrives late: its window is minutes 1..5, so the average is judged there.
    const late = ev.evaluate(reading(1000, 5 * MIN + 5000, { co: 500 }));
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({
      type: 'raise',
      rule: 'co_stel',
      occurredAt: new Date(T0 + 5 * MIN + 5000),
    });
  });

  it('does not average readings older than the 8-hour horizon', () => {
    const ev = evaluator();
    ev.evaluate(reading(1, 9 * 60 * MIN, { co: 0 }));
    expect(ev.evaluate(reading(0, 0, { co: 1000 }))).toEqual([]);
    expect(ev.memoryUse('GD-1').buckets).toBe(1);
  });

  it('keeps memory bounded over a long shift', () => {
    const ev = evaluator();
    feed(ev, 0, 0, 10 * 60 * MIN, 5_000, { co: 1 });
    const use = ev.memoryUse('GD-1');
    expect(use.buckets).toBeLessThanOrEqual(GAS_RULE_SHAPES.co_twa.windowMinutes as number);
    expect(use.seqs).toBe(SEQ_MEMORY);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random streams: late, out of order, duplicated.

const INSTANT_RULES = (Object.keys(GAS_RULE_SHAPES) as GasRuleId[]).filter(
  (id) => GAS_RULE_SHAPES[id].windowMinutes === null,
);

const gasValue = (values: number[]) => fc.option(fc.constantFrom(...values), { nil: null, freq: 6 });
const stepArb = fc.record({
  deviceId: fc.constantFrom('A', 'B', 'C'),
  gapMs: fc.integer({ min: 1, max: 5 * MIN }),
  o2: gasValue([15, 19.4, 19.5, 19.6, 19.8, 20.9, 23, 23.5, 23.6, 30]),
  h2s: gasValue([0, 2, 6, 6.5, 7.05, 7.1, 12, 100]),
  co: gasValue([0, 5, 16, 18, 22, 25, 30, 60, 400]),
  lel: gasValue([0, 5, 8, 9, 9.99, 10, 25]),
});

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/** Per device: increasing seq and measuredAt, as a detector produces them. */
function buildReadings(steps: Step[]): GasReading[] {
  const clock = new Map<string, { seq: number; t: number }>();
  return steps.map(({ deviceId, gapMs, ...gases }) => {
    const prev = clock.get(deviceId) ?? { seq: 0, t: T0 };
    const next = { seq: prev.seq + 1, t: prev.t + gapMs };
    clock.set(deviceId, next);
    return { deviceId, seq: next.seq, measuredAt: new Date(next.t), ...gases };
  });
}

const strict = (() => {
  const r = effectiveLimits(defaults, {
    h2s_high: { value: 5, clearAt: 4, unit: 'ppm' },
    o2_low: { value: 19.8, clearAt: 20, unit: '%vol' },
  });
  if (!r.ok) throw new Error('override refused');
  return r.limits;
})();
const limitsFor = (deviceId: string) => (deviceId === 'C' ? strict : defaults);

const shuffledStreamArb = fc
  .array(stepArb, { minLength: 1, maxLength: 120 })
  .map(buildReadings)
  .chain((readings) =>
    fc
      .array(fc.nat({ max: readings.length - 1 }), { maxLength: 30 })
      .map((dups) => [...readings, ...dups.map((i) => ({ ...(readings[i] as GasReading) }))])
      .chain((all) => fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length })),
  );

function checkAlternation(signals: GasAlarmSignal[]): void {
  const open = new Set<string>();
  for (const s of signals) {
    const key = `${s.deviceId}/${s.rule}`;
    if (s.type === 'raise') {
      expect(open.has(key), `second raise of ${key} without a clear`).toBe(false);
      open.add(key);
    } else {
      expect(open.has(key), `clear of ${key} that was not raised`).toBe(true);
      open.delete(key);
    }
  }
}

describe('gas evaluator properties', () => {
  it('(a) leaves every rule an over-limit reading breaks open after it is evaluated', () => {
    fc.assert(
      fc.property(shuffledStreamArb, (stream) => {
        const ev = createGasEvaluator({ limitsFor });
        const delivered = new Set<string>();
        for (const r of stream) {
          ev.evaluate(r);
          const key = `${r.deviceId}/${r.seq}`;
          if (delivered.has(key)) continue; // a duplicate changes nothing, so it proves nothing either
          delivered.add(key);
          const limits = limitsFor(r.deviceId);
          for (const id of INSTANT_RULES) {
            const value = r[limits[id].gas];
            if (value !== null && exceeds(limits[id], value)) expect(ev.openRules(r.deviceId)).toContain(id);
          }
        }
      }),
    );
  });

  it('(b) never raises a (device, rule) twice without a clear between, in any order', () => {
    fc.assert(
      fc.property(shuffledStreamArb, (stream) => {
        const ev = createGasEvaluator({ limitsFor });
        checkAlternation(stream.flatMap((r) => ev.evaluate(r)));
      }),
    );
  });

  it('(c) for in-order input, alternates raise/clear per (device, rule), each in time order', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 150 }).map(buildReadings), (readings) => {
        const ev = createGasEvaluator({ limitsFor });
        const signals = readings.flatMap((r) => ev.evaluate(r));
        checkAlternation(signals);
        const last = new Map<string, number>();
        for (const s of signals) {
          const key = `${s.deviceId}/${s.rule}`;
          expect(s.occurredAt.getTime()).toBeGreaterThan(last.get(key) ?? -Infinity);
          last.set(key, s.occurredAt.getTime());
        }
      }),
    );
  });

  it('(d) never throws, whatever the numbers and dates', () => {
    const anyNumber = fc.option(fc.double(), { nil: null });
    const wild = fc.record({
      deviceId: fc.string({ maxLength: 3 }),
      seq: fc.oneof(fc.integer(), fc.double()),
      measuredAt: fc.oneof(fc.date({ noInvalidDate: false }), fc.constant(new Date(Number.NaN))),
      o2: anyNumber,
      h2s: anyNumber,
      co: anyNumber,
      lel: anyNumber,
    });
    fc.assert(
      fc.property(fc.array(wild, { maxLength: 60 }), (stream) => {
        const ev = createGasEvaluator({ limitsFor });
        const signals = stream.flatMap((r) => ev.evaluate(r));
        checkAlternation(signals);
        for (const s of signals) expect(Number.isNaN(s.value)).toBe(false);
      }),
    );
  });
});
