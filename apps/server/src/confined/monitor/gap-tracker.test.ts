import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createGapTracker } from './gap-tracker';

const expand = (gaps: { fromSeq: number; toSeq: number }[]) =>
  gaps
    .flatMap((g) => Array.from({ length: g.toSeq - g.fromSeq + 1 }, (_, i) => g.fromSeq + i))
    .sort((a, b) => a - b);

describe('gap tracker', () => {
  it('reports a skipped seq only once it has stayed missing for the grace period', () => {
    const gaps = createGapTracker(10_000);
    gaps.observe('GD-1', 1, 0);
    gaps.observe('GD-1', 5, 100);
    expect(gaps.matured(5_000)).toEqual([]);
    gaps.observe('GD-1', 3, 6_000); // late, fills part of the gap
    expect(gaps.matured(10_100)).toEqual([
      { deviceId: 'GD-1', fromSeq: 2, toSeq: 2 },
      { deviceId: 'GD-1', fromSeq: 4, toSeq: 4 },
    ]);
    expect(gaps.matured(20_000)).toEqual([]);
  });

  it('continues from the seq stored before a restart', () => {
    const gaps = createGapTracker(0);
    gaps.seed('GD-1', 10);
    gaps.observe('GD-1', 14, 0);
    expect(gaps.matured(1)).toEqual([{ deviceId: 'GD-1', fromSeq: 11, toSeq: 13 }]);
  });

  it('whatever the arrival order, reports exactly the seqs never delivered', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 2, max: 60 }), { maxLength: 60 }),
        fc.integer({ min: 61, max: 80 }),
        fc.array(fc.nat()),
        (delivered, top, keys) => {
          // Seq 1 opens the stream and `top` closes it; in between, some seqs arrive in any order.
          const order = delivered.map((seq, i) => ({ seq, key: keys[i] ?? i })).sort((a, b) => a.key - b.key);
          const gaps = createGapTracker(1_000);
          gaps.observe('GD-1', 1, 0);
          for (const { seq } of order) gaps.observe('GD-1', seq, 0);
          gaps.observe('GD-1', top, 0);
          const reported = expand(gaps.matured(1_000));
          const got = new Set([1, top, ...delivered]);
          const missing = Array.from({ length: top }, (_, i) => i + 1).filter((s) => !got.has(s));
          expect(reported).toEqual(missing);
        },
      ),
    );
  });
});
