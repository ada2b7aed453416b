import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export function createMapRepository(db: Kysely<DB>) {
  // Written as point <@ box so that the GiST index on point(lon, lat) serves it.
  const inBox = (b: BBox, scope: JurisdictionScope) =>
    db
      .selectFrom('enterprise')
      .where(
        sql<boolean>`point(lon, lat) <@ box(point(${b.minLon}, ${b.minLat}), point(${b.maxLon}, ${b.maxLat}))`,
      )
      .where((eb) => enterpriseInScope(eb, scope));

  return {
    async count(b: BBox, scope: JurisdictionScope): Promise<number> {
      const row = await inBox(b, scope)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async points(b: BBox, scope: JurisdictionScope, limit: number) {
      return inBox(b, scope)
        .leftJoin('enterprise_grade', 'enterprise_grade.enterprise_id', 'enterprise.id')
        .select([
          'enterprise.id',
          'enterprise.name',
          'enterprise.lon',
          'enterprise.lat',
          'enterprise.status',
          'enterprise.gongmao_category',
          'enterprise_grade.grade',
        ])
        .orderBy('enterprise.id')
        .limit(limit)
        .execute();
    },

    /** Square cells of `cell` degrees; each cluster sits at the mean of its members. */
    async clusters(b: BBox, scope: JurisdictionScope, cell: number) {
      const rows = await inBox(b, scope)
        .select([
          sql<number>`avg(lon)`.as('lon'),
          sql<number>`avg(lat)`.as('lat'),
          sql<string>`count(*)`.as('n'),
        ])
        .groupBy([sql`floor(lon / ${cell})`, sql`floor(lat / ${cell})`])
        .execute();
      return rows.map((r) => ({ lon: Number(r.lon), lat: Number(r.lat), count: Number(r.n) }));
    },
  };
}
