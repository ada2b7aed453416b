import type { MapEnterprises } from '@safegrid/contracts';
import { AppError } from '../../errors';
import type { JurisdictionRepository } from '../jurisdiction/jurisdiction.repository';
import { EMPTY_SCOPE, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import type { BBox, createMapRepository } from './map.repository';

/** Beyond this many enterprises in view the map gets clusters; below it, every point. */
export const POINT_LIMIT = 2500;

export function parseBBox(raw: string): BBox {
  const [minLon, minLat, maxLon, maxLat] = raw.split(',').map(Number) as [number, number, number, number];
  if (!(minLon < maxLon && minLat < maxLat) || minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
    throw new AppError('request.invalid', {}, [{ pointer: '/querystring/bbox', code: 'bbox.invalid' }]);
  }
  return { minLon, minLat, maxLon, maxLat };
}

/** About 60 px per cell at 256 px tiles: clusters stay readable at every zoom. */
export function clusterCellDegrees(zoom: number): number {
  return (360 / 2 ** zoom) * (60 / 256);
}

/**
 * Up to this zoom a viewport covers much of the city: clusters for the whole city are computed
 * once per zoom level (cells are aligned to the globe, so they are the same for every viewport)
 * and cut to the viewport in memory, instead of grouping 120,000 rows per request.
 */
export const CITY_CLUSTER_MAX_ZOOM = 13;
const WHOLE_WORLD: BBox = { minLon: -180, minLat: -90, maxLon: 180, maxLat: 90 };
const CITY_SCOPE = { ...EMPTY_SCOPE, city: true };

export function createMapService(deps: {
  map: ReturnType<typeof createMapRepository>;
  jurisdictions: JurisdictionRepository;
  pointLimit?: number;
}) {
  const pointLimit = deps.pointLimit ?? POINT_LIMIT;
  const cache = new Map<string, { at: number; body: string }>();
  const CACHE_MS = 60_000;
  const clusterCache = new Map<number, { at: number; clusters: Promise<MapEnterprises['clusters']> }>();

  const cityClusters = (zoom: number) => {
    const hit = clusterCache.get(zoom);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.clusters;
    const clusters = deps.map.clusters(WHOLE_WORLD, CITY_SCOPE, clusterCellDegrees(zoom));
    clusterCache.set(zoom, { at: Date.now(), clusters });
    clusters.catch(() => clusterCache.delete(zoom));
    return clusters;
  };

  return {
    async enterprises(actor: Actor, bboxRaw: string, zoom: number): Promise<MapEnterprises> {
      authorize(actor, 'enterprise.read');
      const bbox = parseBBox(bboxRaw);
      const scope = actor.scope;
      // The cached city-wide clusters are only right for a user who may see the whole city.
      if (zoom <= CITY_CLUSTER_MAX_ZOOM && scope.city) {
        const inView = (await cityClusters(zoom)).filter(
          (c) => c.lon >= bbox.minLon && c.lon <= bbox.maxLon && c.lat >= bbox.minLat && c.lat <= bbox.maxLat,
        );
        const approxTotal = inView.reduce((n, c) => n + c.count, 0);
        if (approxTotal > pointLimit)
          return { mode: 'clusters', clusters: inView, points: [], total: approxTotal };
      }
      const total = await deps.map.count(bbox, scope);
      if (total <= pointLimit || zoom >= 16) {
        const points = await deps.map.points(bbox, scope, pointLimit);
        return {
          mode: 'points',
          clusters: [],
          points: points.map((p) => ({
            id: p.id,
            name: p.name,
            lon: p.lon,
            lat: p.lat,
            status: p.status,
            gongmaoCategory: p.gongmao_category,
            grade: p.grade,
          })),
          total,
        };
      }
      return {
        mode: 'clusters',
        clusters: await deps.map.clusters(bbox, scope, clusterCellDegrees(zoom)),
        points: [],
        total,
      };
    },

    /**
     * GeoJSON of one level's boundaries, serialised once a minute at most: grid shapes change
     * rarely and are the largest response the map asks for.
     */
    async boundaries(level: 'district' | 'street' | 'community' | 'grid'): Promise<string> {
      const hit = cache.get(level);
      if (hit && Date.now() - hit.at < CACHE_MS) return hit.body;
      const rows = await deps.jurisdictions.boundaries(level);
      const body = JSON.stringify({
        type: 'FeatureCollection',
        features: rows.map((r) => ({
          type: 'Feature',
          id: r.id,
          properties: {
            id: r.id,
            name: r.name,
            level: r.level,
            parentId: r.parent_id,
            synthetic: r.boundary_synthetic,
          },
          geometry: r.boundary,
        })),
      });
      cache.set(level, { at: Date.now(), body });
      return body;
    },
  };
}
