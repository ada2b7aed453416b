import type { MapEnterprises } from '@safegrid/contracts';
import { apiGet, apiUrl } from '../../shell/api';
import { STATUS_COLORS } from '../common/labels';
import { GRADE_STYLES } from '../../profile/profileModel';

export type BoundaryLevel = 'district' | 'street' | 'community' | 'grid';
export const BOUNDARY_LEVELS: readonly BoundaryLevel[] = ['district', 'street', 'community', 'grid'];

export interface BoundaryProps {
  id: string;
  name: string;
  level: BoundaryLevel;
  synthetic: boolean;
}
export type BoundaryCollection = GeoJSON.FeatureCollection<GeoJSON.Geometry | null, BoundaryProps>;

/** Zoom from which each boundary level is drawn (districts always). */
export const BOUNDARY_MIN_ZOOM: Record<BoundaryLevel, number> = {
  district: 0,
  street: 11,
  community: 12,
  grid: 13,
};

/** Levels to draw at a zoom, given the levels the user has switched on in the layer control. */
export function levelsVisibleAt(zoom: number, enabled: ReadonlySet<BoundaryLevel>): BoundaryLevel[] {
  return BOUNDARY_LEVELS.filter((level) => enabled.has(level) && zoom >= BOUNDARY_MIN_ZOOM[level]);
}

const boundaryCache = new Map<BoundaryLevel, Promise<BoundaryCollection>>();

/** Each level is fetched once per page load and shared by every map that needs it. */
export function loadBoundaries(level: BoundaryLevel): Promise<BoundaryCollection> {
  let pending = boundaryCache.get(level);
  if (!pending) {
    pending = apiGet<BoundaryCollection>(apiUrl('/api/map/boundaries', { level }));
    boundaryCache.set(level, pending);
    pending.catch(() => boundaryCache.delete(level));
  }
  return pending;
}

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** "minLon,minLat,maxLon,maxLat", rounded to ~1 m so equal views give equal (cacheable) URLs. */
export function bboxParam(b: Bounds): string {
  return [
    round(clamp(b.west, -180, 180)),
    round(clamp(b.south, -90, 90)),
    round(clamp(b.east, -180, 180)),
    round(clamp(b.north, -90, 90)),
  ].join(',');
}

export function fetchMapEnterprises(
  bounds: Bounds,
  zoom: number,
  signal: AbortSignal,
): Promise<MapEnterprises> {
  return apiGet<MapEnterprises>(
    apiUrl('/api/map/enterprises', { bbox: bboxParam(bounds), zoom: Math.round(zoom) }),
    { signal },
  );
}

/** Cluster marker diameter in px: grows with the logarithm of the count, 26–64. */
export function clusterDiameter(count: number): number {
  const d = 22 + 9 * Math.log10(Math.max(1, count));
  return Math.round(clamp(d, 26, 64));
}

export function clusterColor(count: number): string {
  if (count >= 5000) return '#8e2b2b';
  if (count >= 1000) return '#c0504d';
  if (count >= 100) return '#d9822b';
  return '#2f7ab8';
}

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  cancel(): void;
  flush(): void;
}

/** Trailing-edge debounce; `flush` runs a pending call now. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastArgs: A | undefined;
  const run = () => {
    timer = undefined;
    const args = lastArgs;
    lastArgs = undefined;
    if (args) fn(...args);
  };
  const debounced = ((...args: A) => {
    lastArgs = args;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, ms);
  }) as Debounced<A>;
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    lastArgs = undefined;
  };
  debounced.flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    run();
  };
  return debounced;
}

/** What the enterprise dots are coloured by: their registry status or their risk grade. */
export type PointColouring = 'status' | 'grade';
export const POINT_COLOURINGS: readonly PointColouring[] = ['status', 'grade'];
/** An enterprise not graded yet: light grey, apart from the grey of the general grade. */
export const UNGRADED_COLOR = '#d9d9d9';

export function pointColor(point: MapEnterprises['points'][number], colouring: PointColouring): string {
  if (colouring === 'status') return STATUS_COLORS[point.status];
  return point.grade === null ? UNGRADED_COLOR : GRADE_STYLES[point.grade].background;
}
