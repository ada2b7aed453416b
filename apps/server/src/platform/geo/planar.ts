/**
 * Planar geometry on WGS84 longitude/latitude (GeoJSON coordinate order), good enough for a city
 * 100 km across: the grid shapes are synthetic anyway, and the app draws them on a flat map.
 * Shared by the demo-city generator (placing enterprises) and the server (locating a public tip's
 * grid).
 */
export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: MultiPolygonCoords;
}

export interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function bboxOf(mp: MultiPolygonCoords): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of mp) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return { minX, minY, maxX, maxY };
}

/** Even–odd rule over a polygon's outer ring and holes. */
function inPolygon(polygon: PolygonCoords, x: number, y: number): boolean {
  let inside = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

export function pointInMultiPolygon(mp: MultiPolygonCoords, x: number, y: number): boolean {
  for (const polygon of mp) if (inPolygon(polygon, x, y)) return true;
  return false;
}
