import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DutyAspectId, DutyGroup } from '@safegrid/contracts';
import { DUTY_ASPECTS } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import type { MonthWindow } from '../../grid/assessment/assessment.repository';

/** Everything the aspects' conditions depend on, fixed by the service for one request. */
export interface DutyWindow extends MonthWindow {
  /** The month's end, or now while the month runs: open and overdue hazards are judged here. */
  cutOff: Date;
  /** The cut-off's calendar day in China Standard Time ('YYYY-MM-DD'). */
  cutOffDay: string;
  /** The streets in the caller's scope (every counted record carries its street). */
  streets: string[];
  /** data/grid/assessment.json: days from submission to verification. */
  verificationTargetDays: number;
  /** data/profile/duty-scoring.json: days from finding a major hazard to reporting it to the district. */
  majorHazardReportDays: number;
}

/** One street or grid and its counts per aspect (absent: nothing to count). */
export interface DutyCounts {
  key: string;
  name: string;
  streetId: string;
  counts: Partial<Record<DutyAspectId, { numerator: number; denominator: number }>>;
}

// Whitelisted key columns of the facts: the one place the grouping enters the SQL.
const FACT_KEY: Record<DutyGroup, RawBuilder<string>> = {
  street: sql`f.street_id`,
  grid: sql`f.grid_id`,
};

/**
 * Common tables of the two aspects that look at enterprises. PostgreSQL evaluates a WITH query
 * only when a statement reads it, so statements about other aspects pay nothing.
 *
 * - `later_grade`: per enterprise whose grade changed after the month, the grade it changed from
 *   in its first change after (its grade at the month's end; few rows for a past month, none for
 *   the running one).
 * - `grade_interval`: months between two patrols per grade under the active grading model.
 * - `planned_recent`: per enterprise, the latest of the 12 months up to the month with a planned
 *   (not cancelled) task.
 * - `done_recent`: per enterprise, the latest month with a task done (of any kind) within the
 *   longest red/orange interval ending with the month, and that completion time.
 *
 * Grouped subqueries rather than one materialised table of enterprises: the planner then knows
 * each is unique per enterprise and estimates the joins right (a materialised CTE has no
 * statistics; the estimate of 24 million rows it led to made PostgreSQL JIT-compile the
 * statement, which cost a second on the demo city).
 */
function context(w: DutyWindow) {
  return sql`
    later_grade AS (
      SELECT DISTINCT ON (c.enterprise_id) c.enterprise_id, c.previous_grade
      FROM enterprise_grade_change c
      WHERE c.at >= ${w.end}
      ORDER BY c.enterprise_id, c.at, c.id
    ),
    grade_interval AS (
      SELECT f.key AS grade, least((f.value ->> 'intervalMonths')::int, 12) AS months
      FROM grading_model m, jsonb_each(m.document -> 'frequency') f
      WHERE m.status = 'active' AND jsonb_typeof(f.value) = 'object' AND f.value ? 'intervalMonths'
    ),
    planned_recent AS (
      SELECT t.enterprise_id, max(t.month) AS month
      FROM patrol_task t
      WHERE t.kind = 'planned' AND t.status <> 'cancelled' AND t.street_id = ANY(${w.streets}::text[])
        AND t.month >= (${w.firstDay}::date - interval '11 months')::date AND t.month <= ${w.firstDay}::date
      GROUP BY t.enterprise_id
    ),
    done_recent AS (
      SELECT t.enterprise_id, max(t.month) AS month, max(t.completed_at) AS at
      FROM patrol_task t
      WHERE t.status = 'done' AND t.street_id = ANY(${w.streets}::text[])
        AND t.month <= ${w.firstDay}::date
        AND t.month >= (${w.firstDay}::date - make_interval(months => (
          SELECT coalesce(max(gi.months), 1) - 1 FROM grade_interval gi WHERE gi.grade IN ('red', 'orange'))))::date
      GROUP BY t.enterprise_id
    )`;
}

/** Enterprises (alias e) with their grade at the month's end (eg.grade): a FROM clause. */
function enterprisesWithGrade() {
  return sql`
    FROM enterprise e
    LEFT JOIN enterprise_grade g ON g.enterprise_id = e.id
    LEFT JOIN later_grade later ON later.enterprise_id = e.id
    CROSS JOIN LATERAL (SELECT coalesce(later.previous_grade, g.grade) AS grade) eg`;
}

/**
 * The records one aspect looks at, one row each, with `counted` saying whether the numerator
 * counts it. The figures (`counts`) and the drill-down (`records`) both read these, so a figure
 * and the records behind it cannot disagree. Columns: grid_id, street_id, kind, record_id,
 * enterprise_id, counted, day, at, hours, grade, status, referral_status.
 */
function facts(aspect: DutyAspectId, w: DutyWindow): RawBuilder<unknown> {
  const inStreets = (column: RawBuilder<unknown>) => sql`${column} = ANY(${w.streets}::text[])`;
  const plannedTasks = (counted: RawBuilder<unknown>) => sql`
    SELECT t.grid_id, t.street_id, 'patrol_task'::text AS kind, t.id::text AS record_id, t.enterprise_id,
      coalesce(${counted}, false) AS counted, t.due_date::text AS day, t.completed_at AS at,
      NULL::float8 AS hours, NULL::text AS grade, t.status::text AS status, NULL::text AS referral_status
    FROM patrol_task t
    WHERE t.month = ${w.firstDay}::date AND t.kind = 'planned' AND t.status <> 'cancelled'
      AND ${inStreets(sql`t.street_id`)}`;
  switch (aspect) {
    case 'patrolCoverage':
      return plannedTasks(sql`t.status = 'done'`);
    case 'patrolOnTime':
      return plannedTasks(
        sql`t.status = 'done' AND (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date <= t.due_date`,
      );
    case 'overdueHazards':
      // Open at the cut-off: found before it and not closed before it (withdrawn ones never count).
      return sql`
        SELECT h.grid_id, h.street_id, 'hazard'::text AS kind, h.id::text AS record_id, h.enterprise_id,
          coalesce(h.deadline < ${w.cutOffDay}::date, false) AS counted, h.deadline::text AS day,
          h.found_at AS at, NULL::float8 AS hours, NULL::text AS grade, h.status::text AS status,
          NULL::text AS referral_status
        FROM hazard h
        WHERE ${inStreets(sql`h.street_id`)} AND h.status <> 'withdrawn' AND h.found_at < ${w.cutOff}
          AND (h.closed_at IS NULL OR h.closed_at >= ${w.cutOff})`;
    case 'unsupervisedEnterprises':
      return sql`
        SELECT e.grid_id, e.street_id, 'enterprise'::text AS kind, e.id::text AS record_id,
          e.id AS enterprise_id, (p.month IS NULL) AS counted, p.month::text AS day, NULL::timestamptz AS at,
          NULL::float8 AS hours, eg.grade::text AS grade, NULL::text AS status, NULL::text AS referral_status
        ${enterprisesWithGrade()}
        LEFT JOIN planned_recent p ON p.enterprise_id = e.id
        WHERE e.status = 'operating' AND ${inStreets(sql`e.street_id`)} AND eg.grade IS DISTINCT FROM 'general'`;
    case 'patrolQuality':
      return sql`
        SELECT r.grid_id, r.street_id, 'hazard'::text AS kind, h.id::text AS record_id, h.enterprise_id,
          (r.result = 'confirmed') AS counted, NULL::text AS day, r.checked_at AS at, NULL::float8 AS hours,
          NULL::text AS grade, r.result::text AS status, NULL::text AS referral_status
        FROM hazard_recheck r JOIN hazard h ON h.id = r.hazard_id
        WHERE r.month = ${w.firstDay}::date AND r.result IS NOT NULL AND ${inStreets(sql`r.street_id`)}`;
    case 'verificationTimeliness':
      // The same judgement as the assessment's: from the last submission before the verification.
      return sql`
        SELECT h.grid_id, h.street_id, 'hazard'::text AS kind, h.id::text AS record_id, h.enterprise_id,
          coalesce(v.at - s.at <= make_interval(days => ${w.verificationTargetDays}), false) AS counted,
          h.deadline::text AS day, v.at, (extract(epoch FROM v.at - s.at) / 3600)::float8 AS hours,
          NULL::text AS grade, h.status::text AS status, NULL::text AS referral_status
        FROM hazard_transition v
        JOIN hazard h ON h.id = v.hazard_id
        CROSS JOIN LATERAL (
          SELECT max(p.at) AS at FROM hazard_transition p
          WHERE p.hazard_id = v.hazard_id AND p.event = 'submit' AND p.seq < v.seq
        ) s
        WHERE v.event = 'verify' AND v.at >= ${w.start} AND v.at < ${w.end} AND ${inStreets(sql`h.street_id`)}`;
    case 'enforcementFollowThrough':
      return sql`
        SELECT h.grid_id, h.street_id, 'hazard'::text AS kind, h.id::text AS record_id, h.enterprise_id,
          (r.status <> 'open' OR h.status = 'closed') AS counted, h.deadline::text AS day, r.created_at AS at,
          NULL::float8 AS hours, NULL::text AS grade, h.status::text AS status, r.status AS referral_status
        FROM enforcement_referral r JOIN hazard h ON h.id = r.hazard_id
        WHERE r.created_at >= ${w.start} AND r.created_at < ${w.end} AND ${inStreets(sql`h.street_id`)}`;
    case 'majorHazardReporting':
      return sql`
        SELECT h.grid_id, h.street_id, 'hazard'::text AS kind, h.id::text AS record_id, h.enterprise_id,
          coalesce(h.reported_to_district_at <= h.found_at + make_interval(days => ${w.majorHazardReportDays}), false)
            AS counted,
          (h.found_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day, h.reported_to_district_at AS at,
          (extract(epoch FROM h.reported_to_district_at - h.found_at) / 3600)::float8 AS hours,
          NULL::text AS grade, h.status::text AS status, NULL::text AS referral_status
        FROM hazard h
        WHERE h.level = 'major' AND h.status <> 'withdrawn' AND h.found_at >= ${w.start}
          AND h.found_at < ${w.end} AND ${inStreets(sql`h.street_id`)}`;
    case 'highRiskCoverage':
      // Patrolled within the grade's interval ending with the month (red 1, orange 3 by default).
      return sql`
        SELECT e.grid_id, e.street_id, 'enterprise'::text AS kind, e.id::text AS record_id,
          e.id AS enterprise_id,
          coalesce(d.month >= (${w.firstDay}::date - make_interval(months => coalesce(gi.months, 1) - 1))::date,
            false) AS counted,
          d.month::text AS day, d.at, NULL::float8 AS hours, eg.grade::text AS grade, NULL::text AS status,
          NULL::text AS referral_status
        ${enterprisesWithGrade()}
        LEFT JOIN grade_interval gi ON gi.grade = eg.grade
        LEFT JOIN done_recent d ON d.enterprise_id = e.id
        WHERE e.status = 'operating' AND ${inStreets(sql`e.street_id`)} AND eg.grade IN ('red', 'orange')`;
  }
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * All SQL of the duty scoring: one statement for the month's figures of every street or grid in
 * scope (the nine aspects' records tallied together), one for the records behind a figure.
 */
export function createDutyRepository(db: Kysely<DB>) {
  return {
    /** Every street with its district: few enough (74 in the city) to filter by scope in memory. */
    async streets(): Promise<{ id: string; parentId: string | null }[]> {
      const rows = await db
        .selectFrom('jurisdiction')
        .select(['id', 'parent_id'])
        .where('level', '=', 'street')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, parentId: r.parent_id }));
    },

    async node(id: string) {
      return db
        .selectFrom('jurisdiction')
        .select(['id', 'level', 'parent_id'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** The street a grid lies in (grid → community → street), if the grid exists. */
    async streetOfGrid(gridId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('jurisdiction as g')
        .innerJoin('jurisdiction as c', 'c.id', 'g.parent_id')
        .select('c.parent_id')
        .where('g.id', '=', gridId)
        .where('g.level', '=', 'grid')
        .executeTakeFirst();
      return row?.parent_id ?? undefined;
    },

    /** One entry per street or grid of the streets, with the nine aspects' counts. */
    async counts(group: DutyGroup, w: DutyWindow): Promise<DutyCounts[]> {
      const universe =
        group === 'grid'
          ? sql`SELECT g.id AS key, g.name, c.parent_id AS street_id FROM jurisdiction g
                JOIN jurisdiction c ON c.id = g.parent_id
                WHERE g.level = 'grid' AND c.parent_id = ANY(${w.streets}::text[])`
          : sql`SELECT s.id AS key, s.name, s.id AS street_id FROM jurisdiction s
                WHERE s.level = 'street' AND s.id = ANY(${w.streets}::text[])`;
      const all = sql.join(
        DUTY_ASPECTS.map((aspect) => sql`SELECT ${aspect}::text AS aspect, f.* FROM (${facts(aspect, w)}) f`),
        sql` UNION ALL `,
      );
      const statement = sql<Record<string, unknown>>`
        WITH ${context(w)},
        universe AS (${universe}),
        facts AS (${all}),
        tallied AS (
          SELECT ${FACT_KEY[group]} AS key, f.aspect,
            count(*) FILTER (WHERE f.counted) AS numerator, count(*) AS denominator
          FROM facts f
          GROUP BY 1, 2
        )
        SELECT u.key, u.name, u.street_id, t.aspect, t.numerator, t.denominator
        FROM universe u LEFT JOIN tallied t ON t.key = u.key
        ORDER BY u.key`;
      // One read-only statement over a few hundred thousand rows, estimated far above
      // jit_above_cost at city scale: JIT-compiling its nine branches cost more than it saved on
      // the demo city (0.36 s without, 0.4–1.5 s with), so it is off for this transaction only.
      const rows = await db.transaction().execute(async (trx) => {
        await sql`SET LOCAL jit = off`.execute(trx);
        return (await statement.execute(trx)).rows;
      });
      const byKey = new Map<string, DutyCounts>();
      for (const r of rows) {
        const key = String(r.key);
        let entry = byKey.get(key);
        if (!entry) {
          entry = { key, name: String(r.name), streetId: String(r.street_id), counts: {} };
          byKey.set(key, entry);
        }
        if (r.aspect != null) {
          entry.counts[r.aspect as DutyAspectId] = {
            numerator: num(r.numerator),
            denominator: num(r.denominator),
          };
        }
      }
      return [...byKey.values()];
    },

    /**
     * The records of one aspect for one street or grid (the conditions of `counts`), those that
     * cost points first, then by day and time; one more than the limit, so the caller can tell
     * that it cut the list.
     */
    async records(
      query: { groupBy: DutyGroup; key: string; aspect: DutyAspectId; counted?: boolean; limit: number },
      w: DutyWindow,
      shortfallWhenCounted: boolean,
    ): Promise<Record<string, unknown>[]> {
      const { rows } = await sql<Record<string, unknown>>`
        WITH ${context(w)},
        facts AS (${facts(query.aspect, w)})
        SELECT f.kind, f.record_id, f.enterprise_id::text AS enterprise_id, e.name AS enterprise_name,
          f.counted, f.day, f.at, f.hours, f.grade, f.status, f.referral_status
        FROM facts f JOIN enterprise e ON e.id = f.enterprise_id
        WHERE ${FACT_KEY[query.groupBy]} = ${query.key}
          ${query.counted === undefined ? sql`` : sql`AND f.counted = ${query.counted}`}
        ORDER BY (f.counted = ${shortfallWhenCounted}) DESC, f.day NULLS LAST, f.at NULLS LAST,
          f.record_id::bigint
        LIMIT ${query.limit + 1}`.execute(db);
      return rows;
    },
  };
}

export type DutyRepository = ReturnType<typeof createDutyRepository>;
