import type { Kysely } from 'kysely';
import type { DB, JurisdictionLevel } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

export interface JurisdictionRow {
  id: string;
  level: JurisdictionLevel;
  parent_id: string | null;
  name: string;
  official_code: string | null;
  is_functional: boolean;
  boundary_synthetic: boolean;
  center_lon: number | null;
  center_lat: number | null;
}

const NODE_COLUMNS = [
  'id',
  'level',
  'parent_id',
  'name',
  'official_code',
  'is_functional',
  'boundary_synthetic',
  'center_lon',
  'center_lat',
] as const;

const LEVEL_RANK: Record<JurisdictionLevel, number> = {
  city: 0,
  district: 1,
  street: 2,
  community: 3,
  grid: 4,
};

export function createJurisdictionRepository(db: Kysely<DB>) {
  return {
    async listNodes(): Promise<JurisdictionRow[]> {
      const rows = await db
        .selectFrom('jurisdiction')
        .select(NODE_COLUMNS)
        .orderBy('sort_order')
        .orderBy('id')
        .execute();
      return rows.sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level]);
    },

    async findBoundary(id: string): Promise<unknown> {
      const row = await db
        .selectFrom('jurisdiction')
        .select('boundary')
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.boundary ?? null;
    },

    /** Enterprise counts for every node in one scan, grouped at grid level and summed upwards. */
    /** Counts only what the scope may see: a street officer's tree shows zeros elsewhere. */
    async enterpriseCountsByChain(
      scope: JurisdictionScope,
    ): Promise<
      { grid_id: string; community_id: string; street_id: string; district_id: string; n: number }[]
    > {
      const rows = await db
        .selectFrom('enterprise')
        .where((eb) => enterpriseInScope(eb, scope))
        .select(['grid_id', 'community_id', 'street_id', 'district_id'])
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .groupBy(['grid_id', 'community_id', 'street_id', 'district_id'])
        .execute();
      return rows.map((r) => ({ ...r, n: Number(r.n) }));
    },

    /** Enterprise counts of a grid's ancestors, from the rows of its district only (indexed). */
    async countsAlongPath(
      chain: { community_id: string; street_id: string; district_id: string },
      scope: JurisdictionScope,
    ) {
      const row = await db
        .selectFrom('enterprise')
        .where((eb) => enterpriseInScope(eb, scope))
        .select((eb) => [
          eb.fn.countAll<string>().as('district'),
          eb.fn.countAll<string>().filterWhere('street_id', '=', chain.street_id).as('street'),
          eb.fn.countAll<string>().filterWhere('community_id', '=', chain.community_id).as('community'),
        ])
        .where('district_id', '=', chain.district_id)
        .executeTakeFirstOrThrow();
      const city = await db
        .selectFrom('enterprise')
        .where((eb) => enterpriseInScope(eb, scope))
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return {
        city: Number(city.n),
        [chain.district_id]: Number(row.district),
        [chain.street_id]: Number(row.street),
        [chain.community_id]: Number(row.community),
      } as Record<string, number>;
    },

    async countEnterprisesInGrid(gridId: string): Promise<number> {
      const row = await db
        .selectFrom('enterprise')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('grid_id', '=', gridId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Inspectors responsible for a grid on a day: valid_from ≤ day < valid_to (open-ended when NULL). */
    async inspectorsOnDay(gridId: string, day: string) {
      return db
        .selectFrom('grid_assignment as a')
        .innerJoin('inspector as i', 'i.id', 'a.inspector_id')
        .select(['i.id as inspector_id', 'i.name', 'i.phone', 'a.valid_from', 'a.valid_to'])
        .where('a.grid_id', '=', gridId)
        .where('a.valid_from', '<=', day)
        .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>', day)]))
        .orderBy('a.valid_from')
        .orderBy('i.id')
        .execute();
    },

    async boundaries(level: Exclude<JurisdictionLevel, 'city'>) {
      return db
        .selectFrom('jurisdiction')
        .select(['id', 'name', 'level', 'parent_id', 'boundary_synthetic', 'boundary'])
        .where('level', '=', level)
        .where('boundary', 'is not', null)
        .orderBy('id')
        .execute();
    },
  };
}

export type JurisdictionRepository = ReturnType<typeof createJurisdictionRepository>;

export interface GridChain {
  grid_id: string;
  community_id: string;
  street_id: string;
  district_id: string;
}

/** grid → community → street → district (大鹏新区's streets hang under the functional district). */
export function createGridChainQuery(db: Kysely<DB>) {
  const base = () =>
    db
      .selectFrom('jurisdiction as g')
      .innerJoin('jurisdiction as c', 'c.id', 'g.parent_id')
      .innerJoin('jurisdiction as s', 's.id', 'c.parent_id')
      .select(['g.id as grid_id', 'c.id as community_id', 's.id as street_id', 's.parent_id as district_id'])
      .where('g.level', '=', 'grid');
  return {
    async one(gridId: string): Promise<GridChain | undefined> {
      const row = await base().where('g.id', '=', gridId).executeTakeFirst();
      return row && row.district_id ? { ...row, district_id: row.district_id } : undefined;
    },
    async all(): Promise<Map<string, GridChain>> {
      const rows = await base().execute();
      return new Map(
        rows.flatMap((r) =>
          r.district_id ? [[r.grid_id, { ...r, district_id: r.district_id }] as const] : [],
        ),
      );
    },
  };
}
