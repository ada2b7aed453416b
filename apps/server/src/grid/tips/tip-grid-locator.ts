import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { bboxOf, pointInMultiPolygon, type BBox, type MultiPolygonCoords } from '../../platform/geo/planar';

export interface GridPlace {
  grid_id: string;
  community_id: string;
  street_id: string;
  district_id: string;
}

interface LoadedGrid extends GridPlace {
  shape: MultiPolygonCoords;
  box: BBox;
}

/** GeoJSON as stored: grids are MultiPolygons, but a Polygon (older data, the tests' squares) is taken too. */
function coordsOf(boundary: unknown): MultiPolygonCoords | null {
  const geometry = (typeof boundary === 'string' ? JSON.parse(boundary) : boundary) as {
    type?: string;
    coordinates?: unknown;
  } | null;
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates as MultiPolygonCoords;
  if (geometry?.type === 'Polygon') return [geometry.coordinates as MultiPolygonCoords[number]];
  return null;
}

/**
 * Finds the grid whose boundary holds a point. Grid shapes are reference data (the demo city or
 * an import writes them, nothing edits them at run time), so they are read once per process and
 * kept; the bounding boxes make a miss cheap.
 */
export function createGridLocator(db: Kysely<DB>) {
  let grids: Promise<LoadedGrid[]> | undefined;
  const load = async (): Promise<LoadedGrid[]> => {
    const rows = await db
      .selectFrom('jurisdiction as g')
      .innerJoin('jurisdiction as c', 'c.id', 'g.parent_id')
      .innerJoin('jurisdiction as s', 's.id', 'c.parent_id')
      .select([
        'g.id as grid_id',
        'g.boundary',
        'c.id as community_id',
        's.id as street_id',
        's.parent_id as district_id',
      ])
      .where('g.level', '=', 'grid')
      .where('g.boundary', 'is not', null)
      // Ordered, so that a point on a shared edge always lands in the same grid.
      .orderBy('g.id')
      .execute();
    return rows.flatMap((r) => {
      const shape = coordsOf(r.boundary);
      if (!shape || !r.district_id) return [];
      const { grid_id, community_id, street_id, district_id } = r;
      return [{ grid_id, community_id, street_id, district_id, shape, box: bboxOf(shape) }];
    });
  };
  return {
    async locate(lon: number, lat: number): Promise<GridPlace | null> {
      grids ??= load().catch((error: unknown) => {
        grids = undefined;
        throw error;
      });
      for (const g of await grids) {
        if (lon < g.box.minX || lon > g.box.maxX || lat < g.box.minY || lat > g.box.maxY) continue;
        if (pointInMultiPolygon(g.shape, lon, lat)) {
          return {
            grid_id: g.grid_id,
            community_id: g.community_id,
            street_id: g.street_id,
            district_id: g.district_id,
          };
        }
      }
      return null;
    },
  };
}

export type GridLocator = ReturnType<typeof createGridLocator>;
