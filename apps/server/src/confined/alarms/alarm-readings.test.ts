import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HAZARD_LIMITS } from '@safegrid/contracts/values';
import {
  CSV_HEADER,
  formatDuration,
  overLimit,
  readingsCsv,
  summariseReadings,
  type EvidenceReading,
} from './alarm-readings';

const t0 = Date.parse('2026-11-30T02:00:00Z');
const gasValue = fc.option(fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true }), {
  nil: null,
});
const readingsArb = fc
  .array(
    fc.record({
      step: fc.integer({ min: 1, max: 60 }),
      deviceId: fc.constantFrom('GD-1', 'GD-2'),
      o2: gasValue,
      h2s: gasValue,
      co: gasValue,
      lel: gasValue,
    }),
    { maxLength: 60 },
  )
  .map((rows) => {
    let at = t0;
    return rows.map((r, i): EvidenceReading => ({
      deviceId: r.deviceId,
      seq: String(i + 1),
      measuredAt: new Date((at += r.step * 1000)),
      o2: r.o2,
      h2s: r.h2s,
      co: r.co,
      lel: r.lel,
    }));
  });

describe('alarm readings as evidence', () => {
  it('writes one CSV line per present gas value, each reading back to the value', () => {
    fc.assert(
      fc.property(readingsArb, (readings) => {
        const lines = readingsCsv(readings).trimEnd().split('\n');
        expect(lines[0]).toBe(CSV_HEADER);
        const present = readings.flatMap((r) =>
          (['o2', 'h2s', 'co', 'lel'] as const).filter((g) => r[g] !== null).map((g) => ({ r, g })),
        );
        expect(lines).toHaveLength(1 + present.length);
        present.forEach(({ r, g }, i) => {
          const [device, seq, at, gas, value] = lines[i + 1]!.split(',');
          expect([device, seq, at, gas]).toEqual([r.deviceId, r.seq, r.measuredAt.toISOString(), g]);
          // == rather than Object.is: a -0 reading is written as 0, the same reading.
          expect(Number(value) === r[g]).toBe(true);
        });
      }),
    );
  });

  it('finds the peak in the limit direction and never counts more time over it than the readings span', () => {
    const series = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 120 }), fc.double({ min: 0, max: 30, noNaN: true })), {
        minLength: 1,
        maxLength: 80,
      })
      .map((steps) => {
        let at = t0;
        return steps.map(([step, value]) => ({ measuredAt: new Date((at += step * 1000)), value }));
      });
    fc.assert(
      fc.property(
        series,
        fc.constantFrom('<', '<=', '>', '>=' as const),
        fc.double({ min: 0, max: 30, noNaN: true }),
        (readings, comparator, value) => {
          const found = overLimit(readings, { comparator, value })!;
          const values = readings.map((r) => r.value);
          const low = comparator.startsWith('<');
          expect(found.peak).toBe(low ? Math.min(...values) : Math.max(...values));
          const span = readings.at(-1)!.measuredAt.getTime() - readings[0]!.measuredAt.getTime();
          expect(found.overMs).toBeGreaterThanOrEqual(0);
          expect(found.overMs).toBeLessThanOrEqual(span);
          const anyOver = readings.some((r) =>
            low
              ? r.value < value || (comparator === '<=' && r.value === value)
              : r.value > value || (comparator === '>=' && r.value === value),
          );
          expect(found.firstOverAt !== null).toBe(anyOver);
          if (!anyOver) expect(found.overMs).toBe(0);
        },
      ),
    );
  });

  it('counts each stretch from its first reading over the limit to the first reading back inside', () => {
    const at = (s: number) => new Date(t0 + s * 1000);
    const readings = [
      { measuredAt: at(0), value: 1 },
      { measuredAt: at(10), value: 9 },
      { measuredAt: at(20), value: 12 },
      { measuredAt: at(40), value: 2 },
      { measuredAt: at(100), value: 8 },
      { measuredAt: at(130), value: 8 },
    ];
    expect(overLimit(readings, { comparator: '>', value: 7.05 })).toEqual({
      peak: 12,
      peakAt: at(20),
      overMs: 30_000 + 30_000,
      firstOverAt: at(10),
    });
    expect(overLimit([], { comparator: '>', value: 1 })).toBeNull();
    expect(formatDuration(3_725_000)).toBe('1 小时 2 分 5 秒');
    expect(formatDuration(0)).toBe('0 秒');
  });

  it("keeps the summary short enough to follow the officer's 400 characters in a hazard", () => {
    fc.assert(
      fc.property(
        readingsArb,
        fc.string({ maxLength: 100 }),
        fc.boolean(),
        (readings, spaceName, truncated) => {
          const text = summariseReadings(
            {
              id: '999999999999999999',
              kind: 'gas_over_limit',
              deviceId: 'D'.repeat(64),
              spaceName,
              occurredAt: new Date(t0),
              detail: { rule: 'co_twa', limit: 17.2, comparator: '>' },
            },
            readings,
            {
              name: 'alarm-999999999999999999-readings.csv',
              sha256: 'a'.repeat(64),
              truncated,
              from: new Date(t0),
              to: new Date(t0 + 3_600_000),
            },
          );
          expect(text.length).toBeLessThanOrEqual(HAZARD_LIMITS.description - 400 - 2);
        },
      ),
    );
  });
});
