/**
 * The visiting order of an inspector's tasks: nearest-neighbour from where the inspector stands,
 * then improved by 2-opt. Pure (no I/O, no clock, no randomness), so the same tasks always come
 * back in the same order and the phone's list does not reshuffle between two refreshes.
 */

export interface GeoPoint {
  lat: number;
  lon: number;
}

/** Mean Earth radius (IUGG): the error against the ellipsoid is well under the geofence's. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres. */
export function haversineMetres(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface RouteOrder {
  /** Indexes into the input, in visiting order (a permutation of 0..n-1). */
  order: number[];
  /** Length of the walk from the start (if given) through every point in order. */
  metres: number;
  /** The nearest-neighbour walk's length before 2-opt, for comparison. */
  nearestNeighbourMetres: number;
}

/** 2-opt passes are O(n²) each; a day's or a month's list converges in a handful. */
const MAX_PASSES = 50;
/** Improvements smaller than this are rounding noise and could make the search cycle. */
const EPSILON_M = 1e-6;

/**
 * Orders the points for a walk that starts at `start` (else at the first point) and ends at the
 * last visit (no return leg: the inspector goes home or to the office from wherever they end).
 */
export function orderRoute(points: readonly GeoPoint[], start?: GeoPoint | null): RouteOrder {
  const n = points.length;
  if (n === 0) return { order: [], metres: 0, nearestNeighbourMetres: 0 };
  // Node n is the external start, when there is one: distances are computed once.
  const nodes = start ? [...points, start] : [...points];
  const size = nodes.length;
  const dist = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const d = haversineMetres(nodes[i]!, nodes[j]!);
      dist[i * size + j] = d;
      dist[j * size + i] = d;
    }
  }
  const d = (i: number, j: number) => dist[i * size + j]!;

  // The path as node indexes; path[0] is fixed (the start, or the first point).
  const path: number[] = [start ? n : 0];
  const visited = new Uint8Array(n);
  if (!start) visited[0] = 1;
  for (let step = start ? 0 : 1; step < n; step++) {
    const from = path[path.length - 1]!;
    let best = -1;
    let bestD = Infinity;
    // Ties go to the lowest index: the order depends on the input alone.
    for (let j = 0; j < n; j++) {
      if (visited[j]) continue;
      const dj = d(from, j);
      if (dj < bestD) {
        bestD = dj;
        best = j;
      }
    }
    visited[best] = 1;
    path.push(best);
  }
  const length = () => {
    let total = 0;
    for (let i = 1; i < path.length; i++) total += d(path[i - 1]!, path[i]!);
    return total;
  };
  const nearestNeighbourMetres = length();

  // 2-opt on an open path: reversing path[i..k] replaces edges (i-1,i) and (k,k+1) by
  // (i-1,k) and (i,k+1); past the end there is no edge, so only the first pair changes.
  const last = path.length - 1;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let improved = false;
    for (let i = 1; i < last; i++) {
      for (let k = i + 1; k <= last; k++) {
        const a = path[i - 1]!;
        const b = path[i]!;
        const c = path[k]!;
        const before = d(a, b) + (k < last ? d(c, path[k + 1]!) : 0);
        const after = d(a, c) + (k < last ? d(b, path[k + 1]!) : 0);
        if (after < before - EPSILON_M) {
          for (let x = i, y = k; x < y; x++, y--) [path[x], path[y]] = [path[y]!, path[x]!];
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  const order = start ? path.slice(1) : path;
  return { order, metres: length(), nearestNeighbourMetres };
}
