import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ASSESSMENT_METRICS } from '@safegrid/contracts/values';
import { metricValue, monthsBetween, rank, rowOf } from './assessment.presenter';
import type { GroupCounts } from './assessment.repository';

const counts = fc.record({
  key: fc.string({ minLength: 1, maxLength: 4 }),
  name: fc.constantFrom('李娜', '王强', '张伟', '陈静'),
  streetId: fc.constant('440306001'),
  due: fc.integer({ min: 0, max: 5 }),
  done: fc.integer({ min: 0, max: 5 }),
  onTime: fc.integer({ min: 0, max: 5 }),
  enterprisesDue: fc.integer({ min: 0, max: 5 }),
  enterprisesVisited: fc.integer({ min: 0, max: 5 }),
  checkIns: fc.integer({ min: 0, max: 5 }),
  outsideGeofence: fc.integer({ min: 0, max: 5 }),
  hazardsGeneral: fc.integer({ min: 0, max: 5 }),
  hazardsMajor: fc.integer({ min: 0, max: 5 }),
  verifications: fc.integer({ min: 0, max: 5 }),
  timelyVerifications: fc.integer({ min: 0, max: 5 }),
  rechecksDone: fc.integer({ min: 0, max: 5 }),
  rechecksConfirmed: fc.integer({ min: 0, max: 5 }),
}) satisfies fc.Arbitrary<GroupCounts>;

describe('assessment ranking', () => {
  it('gives each row 1 + the number of rows strictly better, measured rows before unmeasured', () => {
    fc.assert(
      fc.property(
        fc.array(counts, { maxLength: 12 }),
        fc.constantFrom(...ASSESSMENT_METRICS),
        (raw, metric) => {
          const rows = raw.map(rowOf);
          const ranked = rank(rows, metric);
          expect(ranked).toHaveLength(rows.length);
          for (const row of ranked) {
            const value = metricValue(row, metric);
            const better = ranked.filter((other) => {
              const v = metricValue(other, metric);
              return value === null ? v !== null : v !== null && v > value;
            }).length;
            expect(row.rank).toBe(better + 1);
          }
          // Listed best first: ranks never go down the list.
          ranked.forEach((row, i) => i > 0 && expect(row.rank).toBeGreaterThanOrEqual(ranked[i - 1]!.rank));
        },
      ),
    );
  });

  it('shares ties (competition ranking) and counts geofence anomalies against the inspector', () => {
    const base = rowOf({
      key: 'a',
      name: '甲',
      streetId: 's',
      due: 2,
      done: 1,
      onTime: 1,
      enterprisesDue: 2,
      enterprisesVisited: 1,
      checkIns: 2,
      outsideGeofence: 1,
      hazardsGeneral: 0,
      hazardsMajor: 0,
      verifications: 0,
      timelyVerifications: 0,
      rechecksDone: 0,
      rechecksConfirmed: 0,
    });
    const rows = [
      { ...base, key: 'a', name: '甲' },
      { ...base, key: 'b', name: '乙' },
      { ...base, key: 'c', name: '丙', completion: { numerator: 2, denominator: 2, rate: 1 } },
      { ...base, key: 'd', name: '丁', geofenceAnomalies: { numerator: 0, denominator: 2, rate: 0 } },
    ];
    expect(rank(rows, 'completionRate').map((r) => [r.key, r.rank])).toEqual([
      ['c', 1],
      // Ties by name in pinyin order: 丁 (dīng), 甲 (jiǎ), 乙 (yǐ).
      ['d', 2],
      ['a', 2],
      ['b', 2],
    ]);
    expect(rank(rows, 'geofenceAnomalyRate')[0]!.key).toBe('d');
    expect(
      rowOf({ ...{ key: 'x', name: 'x', streetId: 's' }, due: 0 } as GroupCounts).completion.rate,
    ).toBeNull();
  });

  it('counts the months of a range with both ends', () => {
    expect(monthsBetween('2026-01', '2026-03')).toBe(3);
    expect(monthsBetween('2025-11', '2026-02')).toBe(4);
  });
});
