import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DUTY_ASPECTS } from '@safegrid/contracts/values';
import { aspectPoints, rankDutyRows, rateOf, scoreRow, totalOf, type Counts } from './duty-points';
import { loadDutyScoring } from './duty-scoring';

const scoring = loadDutyScoring();
const definitions = scoring.aspects;
const direction = fc.constantFrom('higher_better' as const, 'lower_better' as const);
const weight = fc.integer({ min: 1, max: 100 });
/** A share as the SQL produces it: numerator ≤ denominator, denominator possibly 0. */
const share = fc
  .integer({ min: 0, max: 5000 })
  .chain((denominator) =>
    fc.record({ numerator: fc.integer({ min: 0, max: denominator }), denominator: fc.constant(denominator) }),
  );
const counts: fc.Arbitrary<Counts> = fc.record(
  Object.fromEntries(DUTY_ASPECTS.map((id) => [id, share])) as Record<
    (typeof DUTY_ASPECTS)[number],
    typeof share
  >,
);
const tenths = (v: number) => Math.round(v * 10);

describe('aspect points', () => {
  it('lie within 0..weight, in tenths, and are null exactly when nothing was counted', () => {
    fc.assert(
      fc.property(weight, direction, share, (w, d, s) => {
        const points = aspectPoints(w, d, rateOf(s.numerator, s.denominator));
        if (s.denominator === 0) {
          expect(points).toBeNull();
          return;
        }
        expect(points).not.toBeNull();
        expect(points!).toBeGreaterThanOrEqual(0);
        expect(points!).toBeLessThanOrEqual(w);
        expect(Math.abs(points! * 10 - tenths(points!))).toBeLessThan(1e-9);
      }),
      { numRuns: 1000 },
    );
  });

  it('never fall as the rate rises when higher is better, never rise when lower is better', () => {
    const rates = fc.tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    );
    fc.assert(
      fc.property(weight, rates, (w, [a, b]) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(aspectPoints(w, 'higher_better', high)!).toBeGreaterThanOrEqual(
          aspectPoints(w, 'higher_better', low)!,
        );
        expect(aspectPoints(w, 'lower_better', high)!).toBeLessThanOrEqual(
          aspectPoints(w, 'lower_better', low)!,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('give the whole weight at the best rate and nothing at the worst', () => {
    fc.assert(
      fc.property(weight, (w) => {
        expect([aspectPoints(w, 'higher_better', 1), aspectPoints(w, 'higher_better', 0)]).toEqual([w, 0]);
        expect([aspectPoints(w, 'lower_better', 0), aspectPoints(w, 'lower_better', 1)]).toEqual([w, 0]);
      }),
    );
  });
});

describe('row total', () => {
  it('is the sum of the nine points when all are measured, and lies within 0..100', () => {
    fc.assert(
      fc.property(counts, (c) => {
        const row = scoreRow({ key: 'k', name: 'n', streetId: 's' }, c, definitions);
        const measured = row.aspects.filter((a) => a.points !== null);
        const sum = measured.reduce((s, a) => s + tenths(a.points!), 0);
        if (row.measuredWeight === 100) expect(tenths(row.total!)).toBe(sum);
        if (measured.length === 0) expect(row.total).toBeNull();
        else {
          expect(row.total!).toBeGreaterThanOrEqual(0);
          expect(row.total!).toBeLessThanOrEqual(100);
        }
        for (const [i, a] of row.aspects.entries()) {
          expect(a.aspect).toBe(definitions[i]!.id);
          if (a.points !== null) expect(a.points).toBeLessThanOrEqual(definitions[i]!.weight);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('scales the measured aspects to 100 when some had nothing to count', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ points: fc.option(fc.integer({ min: 0, max: 200 }).map((t) => t / 10)), weight }),
          {
            maxLength: 9,
          },
        ),
        (scores) => {
          const clipped = scores.map((s) => ({
            weight: s.weight,
            points: s.points === null ? null : Math.min(s.points, s.weight),
          }));
          const { total, measuredWeight } = totalOf(clipped);
          const measured = clipped.filter((s) => s.points !== null);
          expect(measuredWeight).toBe(measured.reduce((s, m) => s + m.weight, 0));
          if (measuredWeight === 0) {
            expect(total).toBeNull();
            return;
          }
          const exact = (measured.reduce((s, m) => s + tenths(m.points!), 0) * 10) / measuredWeight;
          expect(Math.abs(total! - exact)).toBeLessThanOrEqual(0.05 + 1e-9);
        },
      ),
    );
  });

  it('is monotone in each higher-better aspect’s numerator, other counts fixed', () => {
    const higher = definitions.filter((d) => d.direction === 'higher_better').map((d) => d.id);
    fc.assert(
      fc.property(counts, fc.constantFrom(...higher), (c, id) => {
        const s = c[id]!;
        if (s.numerator === s.denominator) return;
        const better = { ...c, [id]: { ...s, numerator: s.numerator + 1 } };
        const row = (x: Counts) => scoreRow({ key: 'k', name: 'n', streetId: 's' }, x, definitions);
        expect(row(better).total!).toBeGreaterThanOrEqual(row(c).total!);
      }),
      { numRuns: 500 },
    );
  });
});

describe('worked example and ranking', () => {
  it('adds up a hand-computed row', () => {
    const weights = Object.fromEntries(definitions.map((d) => [d.id, d.weight]));
    expect(weights).toEqual({
      patrolCoverage: 15,
      patrolOnTime: 10,
      overdueHazards: 15,
      unsupervisedEnterprises: 10,
      patrolQuality: 10,
      verificationTimeliness: 10,
      enforcementFollowThrough: 10,
      majorHazardReporting: 10,
      highRiskCoverage: 10,
    });
    const row = scoreRow(
      { key: 's', name: '街道', streetId: 's' },
      {
        patrolCoverage: { numerator: 2, denominator: 3 }, // 15 × 2/3 = 10
        patrolOnTime: { numerator: 1, denominator: 3 }, // 10 × 1/3 = 3.3
        overdueHazards: { numerator: 1, denominator: 4 }, // 15 × 3/4 = 11.3 (11.25 rounded half up)
        unsupervisedEnterprises: { numerator: 0, denominator: 2 }, // 10
        // patrolQuality: nothing re-checked → left out (weight 10)
        verificationTimeliness: { numerator: 1, denominator: 2 }, // 5
        enforcementFollowThrough: { numerator: 0, denominator: 1 }, // 0
        majorHazardReporting: { numerator: 1, denominator: 1 }, // 10
        highRiskCoverage: { numerator: 1, denominator: 2 }, // 5
      },
      definitions,
    );
    expect(row.aspects.map((a) => a.points)).toEqual([10, 3.3, 11.3, 10, null, 5, 0, 10, 5]);
    expect(row.measuredWeight).toBe(90);
    // 54.6 of 90 → 60.666… of 100
    expect(row.total).toBe(60.7);
  });

  it('ranks by total with shared ranks, rows without a total last', () => {
    const base = (key: string, total: number | null) => ({
      key,
      name: key,
      streetId: 's',
      total,
      measuredWeight: total === null ? 0 : 100,
      aspects: [],
    });
    const ranked = rankDutyRows([base('a', 50), base('b', null), base('c', 80), base('d', 50)]);
    expect(ranked.map((r) => [r.rank, r.key])).toEqual([
      [1, 'c'],
      [2, 'a'],
      [2, 'd'],
      [4, 'b'],
    ]);
  });
});
