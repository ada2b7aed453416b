import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import type { Random } from './prng';

/**
 * Planar geometry on WGS84 longitude/latitude, good enough for a city 100 km across: the demo
 * shapes are synthetic anyway, and the app draws them on a flat map.
 */
export {
  bboxOf,
  pointInMultiPolygon,
  type BBox,
  type MultiPolygonCoords,
  type MultiPolygonGeometry,
  type PolygonCoords,
  type Position,
  type Ring,
} from '../../apps/server/src/platform/geo/planar';
import {
  bboxOf,
  pointInMultiPolygon,
  type BBox,
  type MultiPolygonCoords,
  type PolygonCoords,
  type Position,
  type Ring,
} from '../../apps/server/src/platform/geo/planar';

/**
 * A degree of longitude is shorter than a degree of latitude at Shenzhen (22.6°N). Distances and
 * Voronoi cells are computed with longitude scaled by this factor so cells come out round, not
 * stretched east–west.
 */
const LON_SCALE = Math.cos((22.6 * Math.PI) / 180);

function ringSignedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  }
  return sum / 2;
}

function polygonArea(polygon: PolygonCoords): number {
  let area = 0;
  polygon.forEach((ring, k) => {
    const a = Math.abs(ringSignedArea(ring));
    area += k === 0 ? a : -a;
  });
  return area;
}

/** Area in square degrees (only ever compared with other areas). */
export function multiPolygonArea(mp: MultiPolygonCoords): number {
  return mp.reduce((sum, p) => sum + polygonArea(p), 0);
}

/** Area-weighted centroid of the outer rings; may fall outside a concave shape. */
export function centroidOf(mp: MultiPolygonCoords): Position {
  let cx = 0;
  let cy = 0;
  let total = 0;
  for (const polygon of mp) {
    const ring = polygon[0];
    if (!ring) continue;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x0, y0] = ring[j]!;
      const [x1, y1] = ring[i]!;
      const cross = x0 * y1 - x1 * y0;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
      total += cross;
    }
  }
  if (total === 0) {
    const b = bboxOf(mp);
    return [(b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2];
  }
  return [cx / (3 * total), cy / (3 * total)];
}

export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Rounds to 6 decimals (≈ 0.1 m: keeps the stored GeoJSON small), drops repeated vertices, and
 * drops rings and pieces that rounding collapsed. Pieces below `minArea` are clipping slivers.
 */
export function roundMultiPolygon(mp: MultiPolygonCoords, minArea = 1e-10): MultiPolygonCoords {
  const out: MultiPolygonCoords = [];
  for (const polygon of mp) {
    const rings: Ring[] = [];
    for (const [k, ring] of polygon.entries()) {
      const cleaned: Ring = [];
      for (const [x, y] of ring) {
        const p: Position = [round6(x), round6(y)];
        const last = cleaned[cleaned.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) cleaned.push(p);
      }
      const first = cleaned[0];
      const last = cleaned[cleaned.length - 1];
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) cleaned.push([first[0], first[1]]);
      const ok = cleaned.length >= 4 && Math.abs(ringSignedArea(cleaned)) >= minArea;
      if (!ok && k === 0) break;
      if (ok) rings.push(cleaned);
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}

/** Uniform point inside the shape by rejection from its bounding box. */
export function samplePointInside(
  mp: MultiPolygonCoords,
  random: Random,
  box: BBox = bboxOf(mp),
  maxTries = 2000,
): Position | undefined {
  for (let i = 0; i < maxTries; i++) {
    const x = box.minX + random.float() * (box.maxX - box.minX);
    const y = box.minY + random.float() * (box.maxY - box.minY);
    if (pointInMultiPolygon(mp, x, y)) return [x, y];
  }
  return undefined;
}

function distance2(a: Position, b: Position): number {
  const dx = (a[0] - b[0]) * LON_SCALE;
  const dy = a[1] - b[1];
  return dx * dx + dy * dy;
}

/**
 * `n` seed points inside the shape, spread out by best-candidate sampling (each new point is the
 * candidate farthest from those already placed): plain random seeds give Voronoi cells of wildly
 * different sizes, which looks unlike any real street map.
 */
export function spreadSeeds(mp: MultiPolygonCoords, n: number, random: Random, candidates = 16): Position[] {
  const box = bboxOf(mp);
  const seeds: Position[] = [];
  for (let s = 0; s < n; s++) {
    let best: Position | undefined;
    let bestD = -1;
    for (let c = 0; c < candidates; c++) {
      const p = samplePointInside(mp, random, box);
      if (!p) continue;
      let d = Infinity;
      for (const q of seeds) d = Math.min(d, distance2(p, q));
      if (d > bestD) {
        bestD = d;
        best = p;
      }
    }
    if (!best) throw new Error('could not place a seed point inside a polygon');
    seeds.push(best);
  }
  return seeds;
}

/**
 * Splits `parent` into one piece per seed: the seed's Voronoi cell clipped to the parent. The
 * pieces tile the parent (up to rounding), so children never overlap and leave no gaps.
 */
export function voronoiPartition(
  parent: MultiPolygonCoords,
  seeds: readonly Position[],
): MultiPolygonCoords[] {
  if (seeds.length === 1) return [parent];
  const box = bboxOf(parent);
  const margin = 0.01;
  const delaunay = Delaunay.from(seeds.map(([x, y]) => [x * LON_SCALE, y] as [number, number]));
  const voronoi = delaunay.voronoi([
    (box.minX - margin) * LON_SCALE,
    box.minY - margin,
    (box.maxX + margin) * LON_SCALE,
    box.maxY + margin,
  ]);
  return seeds.map((_, i) => {
    const cell = voronoi.cellPolygon(i) as [number, number][] | null;
    if (!cell) throw new Error(`no Voronoi cell for seed ${i} (duplicate seed?)`);
    const ring: Ring = cell.map(([x, y]) => [x / LON_SCALE, y]);
    return polygonClipping.intersection([ring], parent) as MultiPolygonCoords;
  });
}

/** A label point for the shape: its centroid when that lies inside, otherwise `fallback`. */
export function labelPoint(mp: MultiPolygonCoords, fallback: Position): Position {
  const c = centroidOf(mp);
  return pointInMultiPolygon(mp, c[0], c[1]) ? c : fallback;
}

export function union(shapes: MultiPolygonCoords[]): MultiPolygonCoords {
  const [first, ...rest] = shapes;
  if (!first) return [];
  return polygonClipping.union(first, ...rest) as MultiPolygonCoords;
}

export function difference(a: MultiPolygonCoords, b: MultiPolygonCoords): MultiPolygonCoords {
  return polygonClipping.difference(a, b) as MultiPolygonCoords;
}
