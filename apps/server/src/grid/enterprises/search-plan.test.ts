import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseSearchPlan, estimateMatches, type SearchTermStats } from './search-plan';

const statsArb: fc.Arbitrary<SearchTermStats> = fc
  .record({
    rows: fc.integer({ min: 1, max: 2_000_000 }),
    tracked: fc.dictionary(
      fc.integer({ min: 0, max: 200 }).map(String),
      fc.double({ min: 0.0001, max: 1, noNaN: true }),
    ),
    floor: fc.double({ min: 0, max: 0.0001, noNaN: true }),
  })
  .map(({ rows, tracked, floor }) => ({
    rows,
    frequencies: new Map(Object.entries(tracked).map(([k, v]) => [Number(k), v])),
    floor,
  }));
const termsArb = fc.array(fc.integer({ min: 0, max: 250 }), { minLength: 1, maxLength: 6 });

describe('search plan estimate', () => {
  it('bounds the matches by the rarest term: within the table, never raised by another term', () => {
    fc.assert(
      fc.property(statsArb, termsArb, fc.integer({ min: 0, max: 250 }), (stats, terms, extra) => {
        const estimate = estimateMatches(stats, terms)!;
        expect(estimate).toBeGreaterThanOrEqual(0);
        expect(estimate).toBeLessThanOrEqual(stats.rows);
        // A longer fragment needs more terms: it can only match fewer rows.
        expect(estimateMatches(stats, [...terms, extra])!).toBeLessThanOrEqual(estimate);
        // The order of the terms does not matter.
        expect(estimateMatches(stats, [...terms].reverse())).toBe(estimate);
      }),
    );
  });

  it('walks the id order only for common fragments, monotonically, and never with another filter', () => {
    fc.assert(
      fc.property(
        statsArb,
        termsArb,
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        (stats, terms, limit, scale) => {
          const plan = chooseSearchPlan({ stats, terms, limit, otherFilters: false });
          expect(chooseSearchPlan({ stats, terms, limit, otherFilters: true })).toBe('term-index');
          if (plan === 'id-order') {
            // More frequent terms (or a smaller page) keep the walk.
            const commoner: SearchTermStats = {
              rows: stats.rows,
              frequencies: new Map([...stats.frequencies].map(([t, f]) => [t, Math.min(1, f * scale)])),
              floor: Math.min(1, stats.floor * scale),
            };
            expect(chooseSearchPlan({ stats: commoner, terms, limit, otherFilters: false })).toBe('id-order');
            expect(
              chooseSearchPlan({ stats, terms, limit: Math.max(1, limit - 1), otherFilters: false }),
            ).toBe('id-order');
          }
        },
      ),
    );
  });

  it('keeps the planner choice without statistics or terms', () => {
    const stats: SearchTermStats = { rows: 120_000, frequencies: new Map([[1, 0.5]]), floor: 0.0004 };
    expect(chooseSearchPlan({ stats: undefined, terms: [1], limit: 21, otherFilters: false })).toBe(
      'term-index',
    );
    expect(chooseSearchPlan({ stats, terms: [], limit: 21, otherFilters: false })).toBe('term-index');
  });

  it('matches the measured break-even on the 120,000-enterprise city (a page of 21)', () => {
    const stats = (matches: number): SearchTermStats => ({
      rows: 120_000,
      frequencies: new Map([
        [1, matches / 120_000],
        [2, 0.3],
      ]),
      floor: 46 / 120_000,
    });
    const plan = (matches: number) =>
      chooseSearchPlan({ stats: stats(matches), terms: [1, 2], limit: 21, otherFilters: false });
    expect(plan(1904)).toBe('id-order'); // 新能源: the walk reads ~1,300 rows, the index 1,904 and sorts
    expect(plan(1152)).toBe('id-order');
    expect(plan(282)).toBe('term-index'); // 星电子: 112 real matches, the walk would read 70 times more
    expect(plan(46)).toBe('term-index');
  });
});
