import { sql, type Kysely } from 'kysely';
import type { JURISDICTION_LEVELS } from '@safegrid/contracts/values';
import { GRADES } from '@safegrid/contracts/values';
import type { DB, ServicePackageItemRow } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';
import type { GongmaoCategory, Grade, RiskTag } from './service-content';

/** A jurisdiction node the caller may filter by (already checked against the scope). */
export interface NodeFilter {
  id: string;
  level: (typeof JURISDICTION_LEVELS)[number];
}

/** The enterprise's column naming the node it lies under, by the node's level. */
const NODE_COLUMN = {
  district: 'enterprise.district_id',
  street: 'enterprise.street_id',
  community: 'enterprise.community_id',
  grid: 'enterprise.grid_id',
} as const;

export interface CandidateRow {
  enterprise_id: string;
  name: string;
  category: GongmaoCategory;
  /** Null: not graded yet (nothing to match against). */
  grade: Grade | null;
  score: number | null;
  model_version: string | null;
  inputs: Record<string, number | null> | null;
  tags: RiskTag[];
  confined: boolean;
  hazards12m: number;
  /** This month's package exists already. */
  delivered: boolean;
}

export interface NewPackage {
  enterprise_id: string;
  items: ServicePackageItemRow[];
  matched_because: Record<string, unknown[]>;
  grade: Grade;
  score: number;
  model_version: string;
  hazards: number;
}

export interface EffectRow {
  grade_at_delivery: Grade;
  packages: number;
  acknowledged: number;
  hazards_before: number;
  hazards_after: number;
  after_window_open: number;
  improved: number;
  same: number;
  worse: number;
  ungraded: number;
}

/** Rows per insert statement: one JSON document, as the grade writes do. */
const WRITE_CHUNK = 5_000;

export function createServicePackageRepository(db: Kysely<DB>) {
  const scopedEnterprises = (trx: Kysely<DB>, scope: JurisdictionScope, node: NodeFilter | undefined) => {
    let q = trx
      .selectFrom('enterprise')
      .select(['enterprise.id', 'enterprise.name', 'enterprise.gongmao_category'])
      // Closed enterprises are no longer supervised (nor graded).
      .where('enterprise.status', '<>', 'closed')
      .where((eb) => enterpriseInScope(eb, scope));
    if (node && node.level !== 'city') q = q.where(NODE_COLUMN[node.level], '=', node.id);
    return q;
  };

  const summaryColumns = [
    'p.id',
    'p.enterprise_id',
    'enterprise.name as enterprise_name',
    'p.month',
    'p.delivered_at',
    'p.grade_at_delivery',
    'p.score_at_delivery',
    'p.items',
    'p.acknowledged_at',
  ] as const;

  return {
    /**
     * Every supervised enterprise in scope (under the node) with what matching needs, in one
     * statement: its current grade and recorded inputs, risk tags, whether its ledger has a
     * confined space, hazards found in the last 12 months, and whether this month's package exists.
     */
    async candidates(
      trx: Kysely<DB>,
      options: { scope: JurisdictionScope; node?: NodeFilter; monthStart: string; now: Date },
    ): Promise<CandidateRow[]> {
      const scoped = scopedEnterprises(trx, options.scope, options.node);
      const result = await sql<CandidateRow>`
        WITH e AS (${scoped}),
        tags AS (
          SELECT t.enterprise_id, jsonb_agg(t.tag ORDER BY t.tag) AS tags
          FROM enterprise_risk_tag t JOIN e ON e.id = t.enterprise_id
          GROUP BY t.enterprise_id
        ),
        spaces AS (
          SELECT DISTINCT s.enterprise_id FROM confined_space s JOIN e ON e.id = s.enterprise_id
        ),
        hz AS (
          SELECT h.enterprise_id, count(*)::int AS n
          FROM hazard h JOIN e ON e.id = h.enterprise_id
          WHERE h.status <> 'withdrawn'
            AND h.found_at >= ${options.now}::timestamptz - interval '12 months'
            AND h.found_at <= ${options.now}::timestamptz
          GROUP BY h.enterprise_id
        ),
        done AS (
          SELECT p.enterprise_id FROM service_package p JOIN e ON e.id = p.enterprise_id
          WHERE p.month = ${options.monthStart}::date
        )
        SELECT e.id::text AS enterprise_id, e.name, e.gongmao_category AS category,
          g.grade, g.score, g.model_version, g.inputs,
          coalesce(tags.tags, '[]'::jsonb) AS tags,
          (spaces.enterprise_id IS NOT NULL) AS confined,
          coalesce(hz.n, 0) AS hazards12m,
          (done.enterprise_id IS NOT NULL) AS delivered
        FROM e
        LEFT JOIN enterprise_grade g ON g.enterprise_id = e.id
        LEFT JOIN tags ON tags.enterprise_id = e.id
        LEFT JOIN spaces ON spaces.enterprise_id = e.id
        LEFT JOIN hz ON hz.enterprise_id = e.id
        LEFT JOIN done ON done.enterprise_id = e.id
        ORDER BY e.id
      `.execute(trx);
      return result.rows.map((r) => ({ ...r, hazards12m: Number(r.hazards12m) }));
    },

    /**
     * The month's packages in one statement per chunk; an enterprise that has its package already
     * (another run got there first) is skipped by the unique index. Returns how many were written.
     */
    async insertPackages(
      trx: Kysely<DB>,
      rows: readonly NewPackage[],
      meta: { monthStart: string; libraryVersion: string; createdBy: string | null; at: Date },
    ): Promise<number> {
      let created = 0;
      for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
        const chunk = rows.slice(start, start + WRITE_CHUNK);
        const result = await sql<{ id: string }>`
          INSERT INTO service_package (enterprise_id, month, library_version, items, matched_because,
            grade_at_delivery, score_at_delivery, model_version, hazards_12m_before, created_by,
            created_at, delivered_at)
          SELECT t.enterprise_id, ${meta.monthStart}::date, ${meta.libraryVersion}, t.items,
            t.matched_because, t.grade, t.score, t.model_version, t.hazards, ${meta.createdBy},
            ${meta.at}, ${meta.at}
          FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS t(enterprise_id bigint,
            items jsonb, matched_because jsonb, grade text, score smallint, model_version text,
            hazards integer)
          ON CONFLICT (enterprise_id, month) DO NOTHING
          RETURNING id
        `.execute(trx);
        created += result.rows.length;
      }
      return created;
    },

    async enterpriseInScope(id: string, scope: JurisdictionScope): Promise<boolean> {
      const row = await db
        .selectFrom('enterprise')
        .select('enterprise.id')
        .where('enterprise.id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Newest first (keyset `id < after`), in scope. */
    list(options: { scope: JurisdictionScope; enterpriseId?: string; after?: string; limit: number }) {
      let q = db
        .selectFrom('service_package as p')
        .innerJoin('enterprise', 'enterprise.id', 'p.enterprise_id')
        .select(summaryColumns)
        .where((eb) => enterpriseInScope(eb, options.scope))
        .orderBy('p.id', 'desc')
        .limit(options.limit + 1);
      if (options.enterpriseId !== undefined) q = q.where('p.enterprise_id', '=', options.enterpriseId);
      if (options.after !== undefined) q = q.where('p.id', '<', options.after);
      return q.execute();
    },

    /** One package in scope, or undefined (outside the scope reads as missing). */
    detail(trx: Kysely<DB>, id: string, scope: JurisdictionScope) {
      return trx
        .selectFrom('service_package as p')
        .innerJoin('enterprise', 'enterprise.id', 'p.enterprise_id')
        .leftJoin('app_user as u', 'u.id', 'p.acknowledged_by')
        .select([
          ...summaryColumns,
          'p.library_version',
          'p.matched_because',
          'p.model_version',
          'p.hazards_12m_before',
          'u.display_name as acknowledged_by_name',
        ])
        .where('p.id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .executeTakeFirst();
    },

    /**
     * Marks a package in scope acknowledged unless it already is: true when this call did it,
     * false when it was acknowledged before (or is not in scope: the caller tells them apart).
     */
    async acknowledge(
      trx: Kysely<DB>,
      id: string,
      options: { scope: JurisdictionScope; userId: string; at: Date },
    ): Promise<boolean> {
      const result = await trx
        .updateTable('service_package')
        .from('enterprise')
        .set({ acknowledged_at: options.at, acknowledged_by: options.userId })
        .whereRef('enterprise.id', '=', 'service_package.enterprise_id')
        .where('service_package.id', '=', id)
        .where('service_package.acknowledged_at', 'is', null)
        .where((eb) => enterpriseInScope(eb, options.scope))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /**
     * The effect, per grade at delivery, in one statement: packages and acknowledgements; hazards
     * found (not withdrawn) in the window before each delivery and in the window after it (up to
     * now); how many after-windows are still running; and the enterprise's grade now against its
     * grade at delivery (red is riskiest: a later position in GRADES is less risky).
     */
    async effect(options: {
      scope: JurisdictionScope;
      node?: NodeFilter;
      now: Date;
      windowDays: number;
    }): Promise<EffectRow[]> {
      let scoped = db
        .selectFrom('service_package as p')
        .innerJoin('enterprise', 'enterprise.id', 'p.enterprise_id')
        .select(['p.id', 'p.enterprise_id', 'p.grade_at_delivery', 'p.delivered_at', 'p.acknowledged_at'])
        .where((eb) => enterpriseInScope(eb, options.scope));
      if (options.node && options.node.level !== 'city') {
        scoped = scoped.where(NODE_COLUMN[options.node.level], '=', options.node.id);
      }
      const now = sql`${options.now}::timestamptz`;
      const window = sql`make_interval(days => ${options.windowDays})`;
      const order = sql`ARRAY[${sql.join(GRADES.map((g) => sql.lit(g)))}]::text[]`;
      const result = await sql<EffectRow>`
        WITH p AS (${scoped}),
        hz AS (
          SELECT p.id,
            count(*) FILTER (WHERE h.found_at < p.delivered_at)::int AS before,
            count(*) FILTER (WHERE h.found_at >= p.delivered_at)::int AS after
          FROM p JOIN hazard h ON h.enterprise_id = p.enterprise_id
          WHERE h.status <> 'withdrawn'
            AND h.found_at >= p.delivered_at - ${window}
            AND h.found_at < least(p.delivered_at + ${window}, ${now})
          GROUP BY p.id
        )
        SELECT p.grade_at_delivery,
          count(*)::int AS packages,
          count(p.acknowledged_at)::int AS acknowledged,
          coalesce(sum(hz.before), 0)::int AS hazards_before,
          coalesce(sum(hz.after), 0)::int AS hazards_after,
          count(*) FILTER (WHERE p.delivered_at + ${window} > ${now})::int AS after_window_open,
          count(*) FILTER (WHERE array_position(${order}, g.grade)
            > array_position(${order}, p.grade_at_delivery))::int AS improved,
          count(*) FILTER (WHERE g.grade = p.grade_at_delivery)::int AS same,
          count(*) FILTER (WHERE array_position(${order}, g.grade)
            < array_position(${order}, p.grade_at_delivery))::int AS worse,
          count(*) FILTER (WHERE g.grade IS NULL)::int AS ungraded
        FROM p
        LEFT JOIN hz ON hz.id = p.id
        LEFT JOIN enterprise_grade g ON g.enterprise_id = p.enterprise_id
        GROUP BY p.grade_at_delivery
      `.execute(db);
      return result.rows;
    },
  };
}

export type ServicePackageRepository = ReturnType<typeof createServicePackageRepository>;
export type ServicePackageDetailRow = NonNullable<Awaited<ReturnType<ServicePackageRepository['detail']>>>;
export type ServicePackageSummaryRow = Awaited<ReturnType<ServicePackageRepository['list']>>[number];
