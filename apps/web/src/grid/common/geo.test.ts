import { describe, expect, it } from 'vitest';
import { asGeometry, pointInGeometry } from './geo';

const square = (x0: number, y0: number, size: number) => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];

describe('pointInGeometry', () => {
  const withHole: GeoJSON.Polygon = { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] };

  it('respects holes', () => {
    expect(pointInGeometry(1, 1, withHole)).toBe(true);
    expect(pointInGeometry(5, 5, withHole)).toBe(false);
    expect(pointInGeometry(11, 5, withHole)).toBe(false);
  });

  it('handles multipolygons and ignores non-areal geometry', () => {
    const multi: GeoJSON.MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]],
    };
    expect(pointInGeometry(5.5, 5.5, multi)).toBe(true);
    expect(pointInGeometry(3, 3, multi)).toBe(false);
    expect(pointInGeometry(0, 0, { type: 'Point', coordinates: [0, 0] })).toBe(false);
    expect(pointInGeometry(0, 0, null)).toBe(false);
  });
});

describe('asGeometry', () => {
  it('accepts geometries and features, rejects anything else', () => {
    const polygon = { type: 'Polygon', coordinates: [square(0, 0, 1)] };
    expect(asGeometry(polygon)).toBe(polygon);
    expect(asGeometry({ type: 'Feature', geometry: polygon, properties: {} })).toBe(polygon);
    expect(asGeometry({ type: 'Nope' })).toBeNull();
    expect(asGeometry(null)).toBeNull();
    expect(asGeometry('Polygon')).toBeNull();
  });
});
