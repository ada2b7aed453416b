import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  centroidOf,
  multiPolygonArea,
  pointInMultiPolygon,
  roundMultiPolygon,
  spreadSeeds,
  voronoiPartition,
  type MultiPolygonCoords,
} from './geometry';
import { Random, WeightedPicker, apportion, mulberry32 } from './prng';

const square: MultiPolygonCoords = [
  [
    [
      [114, 22.5],
      [114.1, 22.5],
      [114.1, 22.6],
      [114, 22.6],
      [114, 22.5],
    ],
  ],
];
// An L shape: concave, so a Voronoi cell can be clipped into an odd piece.
const ell: MultiPolygonCoords = [
  [
    [
      [114, 22.5],
      [114.2, 22.5],
      [114.2, 22.55],
      [114.05, 22.55],
      [114.05, 22.7],
      [114, 22.7],
      [114, 22.5],
    ],
  ],
];

describe('prng', () => {
  it('repeats itself for the same seed and differs for another', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('gives independent streams per name', () => {
    expect(Random.stream(1, 'a').float()).not.toBe(Random.stream(1, 'b').float());
    expect(Random.stream(1, 'a').float()).toBe(Random.stream(1, 'a').float());
  });

  it('apportions a total exactly, in proportion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000 }),
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (total, weights) => {
          const parts = apportion(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => expect(Math.abs(p - (weights[i]! / sum) * total)).toBeLessThan(1));
        },
      ),
    );
  });

  it('picks by weight', () => {
    const picker = new WeightedPicker(['a', 'b', 'c'], [1, 0, 3]);
    const random = new Random(7);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 4000; i++) counts[picker.pick(random) as 'a' | 'b' | 'c']++;
    expect(counts.b).toBe(0);
    expect(counts.c / counts.a).toBeGreaterThan(2.5);
    expect(counts.c / counts.a).toBeLessThan(3.5);
  });
});

describe('geometry', () => {
  it('tests points against polygons with holes', () => {
    const withHole: MultiPolygonCoords = [
      [
        square[0]![0]!,
        [
          [114.04, 22.54],
          [114.06, 22.54],
          [114.06, 22.56],
          [114.04, 22.56],
          [114.04, 22.54],
        ],
      ],
    ];
    expect(pointInMultiPolygon(withHole, 114.01, 22.51)).toBe(true);
    expect(pointInMultiPolygon(withHole, 114.05, 22.55)).toBe(false);
    expect(pointInMultiPolygon(withHole, 114.2, 22.55)).toBe(false);
    expect(multiPolygonArea(withHole)).toBeCloseTo(0.01 - 0.0004, 10);
  });

  it('finds the centroid of a square', () => {
    const [x, y] = centroidOf(square);
    expect(x).toBeCloseTo(114.05, 6);
    expect(y).toBeCloseTo(22.55, 6);
  });

  it('splits a concave shape into pieces that tile it', () => {
    for (const n of [1, 2, 5, 12]) {
      const random = new Random(n);
      const seeds = spreadSeeds(ell, n, random);
      for (const [x, y] of seeds) expect(pointInMultiPolygon(ell, x, y)).toBe(true);
      const pieces = voronoiPartition(ell, seeds).map((p) => roundMultiPolygon(p));
      expect(pieces).toHaveLength(n);
      const total = pieces.reduce((sum, p) => sum + multiPolygonArea(p), 0);
      expect(total).toBeCloseTo(multiPolygonArea(ell), 8);
      // Each seed lies in its own piece.
      pieces.forEach((p, i) => expect(pointInMultiPolygon(p, seeds[i]![0], seeds[i]![1])).toBe(true));
    }
  });

  it('rounds to 6 decimals and drops collapsed rings', () => {
    const rounded = roundMultiPolygon([
      [
        [
          [114.1234567, 22.1234564],
          [114.2, 22.1],
          [114.2, 22.2],
          [114.1234567, 22.1234564],
        ],
      ],
      [
        [
          [114, 22],
          [114.0000001, 22],
          [114, 22.0000001],
          [114, 22],
        ],
      ],
    ]);
    expect(rounded).toHaveLength(1);
    expect(rounded[0]![0]![0]).toEqual([114.123457, 22.123456]);
  });
});
