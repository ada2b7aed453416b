import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { StatisticsGrouping } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';
import type { StatisticsPeriod } from './statistics-period';

export interface StatisticsFilter {
  by: StatisticsGrouping;
  period: StatisticsPeriod;
  districtId: string | null;
}

export interface CountRow {
  key: string;
  n: string;
  findings: string;
  fines: string;
  simulated: string;
}

/** The group of an enterprise-bearing row; months are the bureau's (China Standard Time). */
function groupKey(by: StatisticsGrouping, month: RawBuilder<string>): RawBuilder<string> {
  switch (by) {
    case 'district':
      return sql<string>`enterprise.district_id`;
    case 'street':
      return sql<string>`enterprise.street_id`;
    case 'industry':
      return sql<string>`enterprise.gongmao_category`;
    case 'month':
      return month;
  }
}

/**
 * All SQL of the enforcement statistics: two grouped counts (completed inspections by completion
 * month, decided cases by decision date), each joined to its enterprise and scoped by it, and the
 * names of the jurisdictions shown. The counts read the covering partial indexes of the
 * statistics migration; findings come from the count kept on each inspection row.
 */
export function createStatisticsRepository(db: Kysely<DB>) {
  const inspectionsQuery = (filter: StatisticsFilter, scope: JurisdictionScope) => {
    const key = groupKey(
      filter.by,
      sql<string>`to_char(i.completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`,
    );
    return db
      .selectFrom('inspection as i')
      .innerJoin('enterprise', 'enterprise.id', 'i.enterprise_id')
      .select([
        key.as('key'),
        sql<string>`count(*)`.as('n'),
        sql<string>`coalesce(sum(i.finding_count), 0)`.as('findings'),
        sql<string>`'0.00'`.as('fines'),
        sql<string>`count(*) FILTER (WHERE i.simulated)`.as('simulated'),
      ])
      .where('i.status', '=', 'completed')
      .where('i.completed_at', '>=', filter.period.start)
      .where('i.completed_at', '<', filter.period.end)
      .where((eb) => enterpriseInScope(eb as never, scope))
      .$if(filter.districtId !== null, (q) => q.where('enterprise.district_id', '=', filter.districtId!))
      .groupBy(sql`1`);
  };

  const penaltiesQuery = (filter: StatisticsFilter, scope: JurisdictionScope) => {
    const key = groupKey(filter.by, sql<string>`to_char(c.decided_on, 'YYYY-MM')`);
    return db
      .selectFrom('enforcement_case as c')
      .innerJoin('enterprise', 'enterprise.id', 'c.enterprise_id')
      .select([
        key.as('key'),
        sql<string>`count(*)`.as('n'),
        sql<string>`0`.as('findings'),
        sql<string>`coalesce(sum(c.fine_yuan), 0)::numeric(16, 2)::text`.as('fines'),
        sql<string>`count(*) FILTER (WHERE c.simulated)`.as('simulated'),
      ])
      .where('c.decided_on', 'is not', null)
      .where('c.decided_on', '>=', filter.period.startDay)
      .where('c.decided_on', '<', filter.period.endDay)
      .where((eb) => enterpriseInScope(eb as never, scope))
      .$if(filter.districtId !== null, (q) => q.where('enterprise.district_id', '=', filter.districtId!))
      .groupBy(sql`1`);
  };

  return {
    /** The builders, for the benchmark's EXPLAIN. */
    inspectionsQuery,
    penaltiesQuery,

    inspections(filter: StatisticsFilter, scope: JurisdictionScope): Promise<CountRow[]> {
      return inspectionsQuery(filter, scope).execute();
    },

    penalties(filter: StatisticsFilter, scope: JurisdictionScope): Promise<CountRow[]> {
      return penaltiesQuery(filter, scope).execute();
    },

    /** Whether the district exists and lies wholly in the scope (a filter must not widen a scope). */
    async districtInScope(id: string, scope: JurisdictionScope): Promise<boolean> {
      if (!scope.city && !scope.district.includes(id)) return false;
      const row = await db
        .selectFrom('jurisdiction')
        .select('id')
        .where('id', '=', id)
        .where('level', '=', 'district')
        .executeTakeFirst();
      return row !== undefined;
    },

    /**
     * The districts or streets a table lists — those the scope covers (all of them, with zeros
     * where nothing happened) and any other that has figures — with their names, in map order.
     */
    jurisdictions(
      level: 'district' | 'street',
      scope: JurisdictionScope,
      districtId: string | null,
      withFigures: readonly string[],
    ) {
      const covered = (): Expression<SqlBool> => {
        const parts: RawBuilder<boolean>[] = [];
        if (scope.city) parts.push(sql<boolean>`true`);
        const ids = level === 'district' ? scope.district : scope.street;
        if (ids.length > 0) parts.push(sql<boolean>`id IN (${sql.join(ids)})`);
        if (level === 'street' && scope.district.length > 0) {
          parts.push(sql<boolean>`parent_id IN (${sql.join(scope.district)})`);
        }
        const inScope =
          parts.length === 0 ? sql<boolean>`false` : sql<boolean>`(${sql.join(parts, sql` OR `)})`;
        if (districtId === null) return inScope;
        const inDistrict = level === 'district' ? sql`id = ${districtId}` : sql`parent_id = ${districtId}`;
        return sql<boolean>`(${inScope} AND ${inDistrict})`;
      };
      return db
        .selectFrom('jurisdiction')
        .select(['id', 'name'])
        .where('level', '=', level)
        .where((eb) =>
          withFigures.length > 0 ? eb.or([covered(), eb('id', 'in', [...withFigures])]) : covered(),
        )
        .orderBy('sort_order')
        .orderBy('id')
        .execute();
    },
  };
}

export type StatisticsRepository = ReturnType<typeof createStatisticsRepository>;
