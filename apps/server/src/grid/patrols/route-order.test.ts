import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { haversineMetres, orderRoute, type GeoPoint } from './route-order';

// Points within Shenzhen's extent: the distances the inspectors actually walk.
const point = fc.record({
  lat: fc.double({ min: 22.4, max: 22.9, noNaN: true }),
  lon: fc.double({ min: 113.7, max: 114.7, noNaN: true }),
});
const points = fc.array(point, { minLength: 0, maxLength: 40 });
const start = fc.option(point, { nil: undefined });

const walk = (pts: readonly GeoPoint[], order: number[], from?: GeoPoint) => {
  const seq = [...(from ? [from] : []), ...order.map((i) => pts[i]!)];
  let total = 0;
  for (let i = 1; i < seq.length; i++) total += haversineMetres(seq[i - 1]!, seq[i]!);
  return total;
};

describe('haversine', () => {
  it('gives the known length of a degree of latitude and zero for the same point', () => {
    expect(haversineMetres({ lat: 22, lon: 114 }, { lat: 23, lon: 114 })).toBeCloseTo(111_195, -1);
    expect(haversineMetres({ lat: 22.5, lon: 114 }, { lat: 22.5, lon: 114 })).toBe(0);
  });
});

describe('route order', () => {
  it('is a permutation of the input', () => {
    fc.assert(
      fc.property(points, start, (pts, from) => {
        const { order } = orderRoute(pts, from);
        expect([...order].sort((a, b) => a - b)).toEqual(pts.map((_, i) => i));
      }),
    );
  });

  it('never makes the nearest-neighbour walk longer, and reports the walk it returns', () => {
    fc.assert(
      fc.property(points, start, (pts, from) => {
        const r = orderRoute(pts, from);
        expect(r.metres).toBeLessThanOrEqual(r.nearestNeighbourMetres + 1e-6);
        expect(r.metres).toBeCloseTo(walk(pts, r.order, from), 3);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(points, start, (pts, from) => {
        expect(orderRoute(pts, from)).toEqual(
          orderRoute(
            pts.map((p) => ({ ...p })),
            from,
          ),
        );
      }),
    );
  });

  it('starts at the first point when no position is given', () => {
    fc.assert(
      fc.property(points, (pts) => {
        if (pts.length > 0) expect(orderRoute(pts).order[0]).toBe(0);
      }),
    );
  });

  it('walks points on a line in line order from one end', () => {
    const line = [3, 0, 4, 1, 2].map((k) => ({ lat: 22.5, lon: 114 + k * 0.01 }));
    const r = orderRoute(line, { lat: 22.5, lon: 113.99 });
    expect(r.order.map((i) => line[i]!.lon)).toEqual([114, 114.01, 114.02, 114.03, 114.04]);
  });
});
