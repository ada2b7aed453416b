import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AssessmentGroup, AssessmentRecordsQuery } from '@safegrid/contracts';
import type { JurisdictionScope } from '../../platform/auth/actor';
import type { DB } from '../../platform/db/schema';

/** A calendar month in China Standard Time: its first day and the instants it spans. */
export interface MonthWindow {
  /** 'YYYY-MM-01' */
  firstDay: string;
  start: Date;
  end: Date;
}

export function monthWindow(month: string): MonthWindow {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return {
    firstDay: `${month}-01`,
    start: new Date(`${month}-01T00:00:00+08:00`),
    end: new Date(`${next}-01T00:00:00+08:00`),
  };
}

/** The raw counts behind one row; the presenter turns them into shares and a ranking. */
export interface GroupCounts {
  key: string;
  name: string;
  streetId: string;
  due: number;
  done: number;
  onTime: number;
  enterprisesDue: number;
  enterprisesVisited: number;
  checkIns: number;
  outsideGeofence: number;
  hazardsGeneral: number;
  hazardsMajor: number;
  verifications: number;
  timelyVerifications: number;
  rechecksDone: number;
  rechecksConfirmed: number;
}

// Whitelisted key expressions per grouping: the one place a column name enters the SQL.
const TASK_KEY: Record<AssessmentGroup, RawBuilder<string>> = {
  inspector: sql`t.inspector_id::text`,
  grid: sql`t.grid_id`,
  street: sql`t.street_id`,
};
const HAZARD_KEY: Record<AssessmentGroup, RawBuilder<string>> = {
  inspector: sql`u.inspector_id::text`,
  grid: sql`h.grid_id`,
  street: sql`h.street_id`,
};
const RECHECK_KEY: Record<AssessmentGroup, RawBuilder<string>> = {
  inspector: sql`r.verified_by_inspector_id::text`,
  grid: sql`r.grid_id`,
  street: sql`r.street_id`,
};

const num = (v: unknown) => Number(v ?? 0);

/**
 * All SQL of the assessment. The figures are computed from the records every time (a month of a
 * city is a few hundred thousand rows, aggregated by index ranges), so nothing can drift from the
 * tasks, hazards and transitions they describe. Scope is a list of street ids: assessment readers
 * are street, district and city officers, and every counted record carries its street.
 */
export function createAssessmentRepository(db: Kysely<DB>) {
  return {
    /** The streets under the caller's scope (and under `underId`, when given). */
    async streetsInScope(scope: JurisdictionScope, underId?: string): Promise<string[]> {
      const rows = await sql<{ id: string }>`
        SELECT s.id FROM jurisdiction s
        WHERE s.level = 'street'
          AND (${sql.lit(scope.city)} OR s.id = ANY(${scope.street}::text[])
               OR s.parent_id = ANY(${scope.district}::text[]))
          AND (${underId ?? null}::text IS NULL OR s.id = ${underId ?? null} OR s.parent_id = ${underId ?? null})
        ORDER BY s.id`.execute(db);
      return rows.rows.map((r) => r.id);
    },

    async jurisdictionLevel(id: string): Promise<string | undefined> {
      const row = await db.selectFrom('jurisdiction').select('level').where('id', '=', id).executeTakeFirst();
      return row?.level;
    },

    /** One row per inspector, grid or street of the streets, with every count of the month. */
    async counts(
      group: AssessmentGroup,
      window: MonthWindow,
      streets: string[],
      targetDays: number,
    ): Promise<GroupCounts[]> {
      const universe =
        group === 'inspector'
          ? sql`SELECT i.id::text AS key, i.name, i.street_id FROM inspector i
                WHERE i.street_id = ANY(${streets}::text[])
                  AND EXISTS (SELECT 1 FROM grid_assignment a WHERE a.inspector_id = i.id
                    AND a.valid_from < ${window.end} AND (a.valid_to IS NULL OR a.valid_to > ${window.firstDay}::date))`
          : group === 'grid'
            ? sql`SELECT g.id AS key, g.name, c.parent_id AS street_id FROM jurisdiction g
                  JOIN jurisdiction c ON c.id = g.parent_id
                  WHERE g.level = 'grid' AND c.parent_id = ANY(${streets}::text[])`
            : sql`SELECT s.id AS key, s.name, s.id AS street_id FROM jurisdiction s
                  WHERE s.level = 'street' AND s.id = ANY(${streets}::text[])`;
      const rows = await sql<Record<string, unknown>>`
        WITH universe AS (${universe}),
        tasks AS (
          SELECT ${TASK_KEY[group]} AS key,
            count(*) FILTER (WHERE t.status <> 'cancelled') AS due,
            count(*) FILTER (WHERE t.status = 'done') AS done,
            count(*) FILTER (WHERE t.status = 'done'
              AND (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date <= t.due_date) AS on_time,
            count(DISTINCT t.enterprise_id) FILTER (WHERE t.status <> 'cancelled') AS enterprises_due,
            count(DISTINCT t.enterprise_id) FILTER (WHERE t.status = 'done') AS enterprises_visited,
            count(*) FILTER (WHERE t.check_in_at IS NOT NULL) AS check_ins,
            count(*) FILTER (WHERE t.outside_geofence) AS outside_geofence
          FROM patrol_task t
          WHERE t.month = ${window.firstDay}::date AND t.street_id = ANY(${streets}::text[])
          GROUP BY 1
        ),
        found AS (
          SELECT ${HAZARD_KEY[group]} AS key,
            count(*) FILTER (WHERE h.level = 'general') AS general,
            count(*) FILTER (WHERE h.level = 'major') AS major
          FROM hazard h JOIN app_user u ON u.id = h.reported_by
          WHERE h.found_at >= ${window.start} AND h.found_at < ${window.end}
            AND h.status <> 'withdrawn' AND h.street_id = ANY(${streets}::text[])
          GROUP BY 1
        ),
        verified AS (
          SELECT ${HAZARD_KEY[group]} AS key,
            count(*) AS verifications,
            count(*) FILTER (WHERE v.at - s.at <= make_interval(days => ${targetDays})) AS timely
          FROM hazard_transition v
          JOIN hazard h ON h.id = v.hazard_id
          JOIN app_user u ON u.id = v.actor_id
          CROSS JOIN LATERAL (
            SELECT max(p.at) AS at FROM hazard_transition p
            WHERE p.hazard_id = v.hazard_id AND p.event = 'submit' AND p.seq < v.seq
          ) s
          WHERE v.event = 'verify' AND v.at >= ${window.start} AND v.at < ${window.end}
            AND h.street_id = ANY(${streets}::text[])
          GROUP BY 1
        ),
        rechecked AS (
          SELECT ${RECHECK_KEY[group]} AS key,
            count(*) FILTER (WHERE r.result IS NOT NULL) AS done,
            count(*) FILTER (WHERE r.result = 'confirmed') AS confirmed
          FROM hazard_recheck r
          WHERE r.month = ${window.firstDay}::date AND r.street_id = ANY(${streets}::text[])
          GROUP BY 1
        )
        SELECT u.key, u.name, u.street_id,
          t.due, t.done, t.on_time, t.enterprises_due, t.enterprises_visited, t.check_ins, t.outside_geofence,
          f.general, f.major, v.verifications, v.timely, r.done AS rechecks_done, r.confirmed AS rechecks_confirmed
        FROM universe u
        LEFT JOIN tasks t ON t.key = u.key
        LEFT JOIN found f ON f.key = u.key
        LEFT JOIN verified v ON v.key = u.key
        LEFT JOIN rechecked r ON r.key = u.key`.execute(db);
      return rows.rows.map((r) => ({
        key: String(r.key),
        name: String(r.name),
        streetId: String(r.street_id),
        due: num(r.due),
        done: num(r.done),
        onTime: num(r.on_time),
        enterprisesDue: num(r.enterprises_due),
        enterprisesVisited: num(r.enterprises_visited),
        checkIns: num(r.check_ins),
        outsideGeofence: num(r.outside_geofence),
        hazardsGeneral: num(r.general),
        hazardsMajor: num(r.major),
        verifications: num(r.verifications),
        timelyVerifications: num(r.timely),
        rechecksDone: num(r.rechecks_done),
        rechecksConfirmed: num(r.rechecks_confirmed),
      }));
    },

    /** The records one figure counts, for drill-down (same conditions as `counts`). */
    async records(
      query: AssessmentRecordsQuery & { limit: number },
      window: MonthWindow,
      streets: string[],
      targetDays: number,
    ): Promise<Record<string, unknown>[]> {
      const { groupBy: group, key, kind, limit } = query;
      const taskKey = TASK_KEY[group];
      const hazardKey = HAZARD_KEY[group];
      const inStreets = (column: RawBuilder<unknown>) => sql`${column} = ANY(${streets}::text[])`;
      let statement;
      if (kind === 'task' || kind === 'check_in') {
        statement = sql`
          SELECT t.id::text AS id, e.name AS enterprise_name, t.due_date::text AS due_date,
            coalesce(t.completed_at, t.check_in_at) AS at,
            CASE WHEN t.status = 'done' THEN (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date > t.due_date
                 ELSE NULL END AS late,
            t.check_in_distance_m AS distance, t.outside_geofence, NULL::text AS level, NULL::float8 AS hours
          FROM patrol_task t JOIN enterprise e ON e.id = t.enterprise_id
          WHERE t.month = ${window.firstDay}::date AND ${inStreets(sql`t.street_id`)} AND ${taskKey} = ${key}
            AND t.status <> 'cancelled' ${kind === 'check_in' ? sql`AND t.check_in_at IS NOT NULL` : sql``}
          ORDER BY t.due_date, t.id LIMIT ${limit + 1}`;
      } else if (kind === 'hazard') {
        statement = sql`
          SELECT h.id::text AS id, e.name AS enterprise_name, h.deadline::text AS due_date, h.found_at AS at,
            NULL::boolean AS late, NULL::float8 AS distance, NULL::boolean AS outside_geofence,
            h.level, NULL::float8 AS hours
          FROM hazard h JOIN app_user u ON u.id = h.reported_by JOIN enterprise e ON e.id = h.enterprise_id
          WHERE h.found_at >= ${window.start} AND h.found_at < ${window.end} AND h.status <> 'withdrawn'
            AND ${inStreets(sql`h.street_id`)} AND ${hazardKey} = ${key}
          ORDER BY h.found_at, h.id LIMIT ${limit + 1}`;
      } else if (kind === 'verification') {
        statement = sql`
          SELECT h.id::text AS id, e.name AS enterprise_name, h.deadline::text AS due_date, v.at,
            (v.at - s.at > make_interval(days => ${targetDays})) AS late,
            NULL::float8 AS distance, NULL::boolean AS outside_geofence, h.level,
            extract(epoch FROM v.at - s.at) / 3600 AS hours
          FROM hazard_transition v
          JOIN hazard h ON h.id = v.hazard_id
          JOIN app_user u ON u.id = v.actor_id
          JOIN enterprise e ON e.id = h.enterprise_id
          CROSS JOIN LATERAL (
            SELECT max(p.at) AS at FROM hazard_transition p
            WHERE p.hazard_id = v.hazard_id AND p.event = 'submit' AND p.seq < v.seq
          ) s
          WHERE v.event = 'verify' AND v.at >= ${window.start} AND v.at < ${window.end}
            AND ${inStreets(sql`h.street_id`)} AND ${hazardKey} = ${key}
          ORDER BY v.at, h.id LIMIT ${limit + 1}`;
      } else {
        statement = sql`
          SELECT h.id::text AS id, e.name AS enterprise_name, NULL::text AS due_date, r.checked_at AS at,
            (r.result = 'refuted') AS late, NULL::float8 AS distance, NULL::boolean AS outside_geofence,
            h.level, NULL::float8 AS hours
          FROM hazard_recheck r JOIN hazard h ON h.id = r.hazard_id JOIN enterprise e ON e.id = h.enterprise_id
          WHERE r.month = ${window.firstDay}::date AND ${inStreets(sql`r.street_id`)}
            AND ${RECHECK_KEY[group]} = ${key}
          ORDER BY r.id LIMIT ${limit + 1}`;
      }
      return (await statement.execute(db)).rows as Record<string, unknown>[];
    },

    /**
     * Draws the re-check sample in one statement: per street, the month's closed hazards ordered
     * by md5(seed:id) — reproducible, and not guessable before the month is over — the first
     * ceil(share × n) of them, each given to another inspector in charge in that street (not the
     * one who closed it), chosen by the same seeded order. Drawing again adds nothing.
     */
    async drawRechecksWith(
      executor: Kysely<DB>,
      window: MonthWindow,
      streets: string[],
      share: number,
      seed: string,
      now: Date,
    ) {
      const result = await sql<{ closed: string; drawn: string; inserted: string; without: string }>`
        WITH closed AS (
          SELECT h.id, h.grid_id, h.street_id, vu.inspector_id AS verifier,
            row_number() OVER (PARTITION BY h.street_id ORDER BY md5(${seed} || ':' || h.id::text)) AS position,
            count(*) OVER (PARTITION BY h.street_id) AS n
          FROM hazard h
          LEFT JOIN LATERAL (
            SELECT t.actor_id FROM hazard_transition t
            WHERE t.hazard_id = h.id AND t.event = 'verify' ORDER BY t.seq DESC LIMIT 1
          ) v ON true
          LEFT JOIN app_user vu ON vu.id = v.actor_id
          WHERE h.status = 'closed' AND h.closed_at >= ${window.start} AND h.closed_at < ${window.end}
            AND h.street_id = ANY(${streets}::text[])
        ),
        drawn AS (SELECT * FROM closed WHERE position <= ceil(n * ${share}::float8)),
        checkers AS (
          SELECT DISTINCT i.id, i.street_id FROM inspector i
          JOIN grid_assignment a ON a.inspector_id = i.id AND a.valid_to IS NULL
          WHERE i.street_id = ANY(${streets}::text[])
        ),
        chosen AS (
          SELECT DISTINCT ON (d.id) d.id AS hazard_id, c.id AS checker
          FROM drawn d JOIN checkers c ON c.street_id = d.street_id AND c.id IS DISTINCT FROM d.verifier
          ORDER BY d.id, md5(${seed} || ':' || d.id::text || ':' || c.id::text)
        ),
        inserted AS (
          INSERT INTO hazard_recheck (hazard_id, month, grid_id, street_id, verified_by_inspector_id,
            inspector_id, selection, created_at)
          SELECT d.id, ${window.firstDay}::date, d.grid_id, d.street_id, d.verifier, ch.checker,
            jsonb_build_object('seed', ${seed}::text, 'position', d.position, 'of', d.n, 'share', ${share}::float8),
            ${now}
          FROM drawn d JOIN chosen ch ON ch.hazard_id = d.id
          ON CONFLICT (hazard_id) DO NOTHING
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM closed) AS closed, (SELECT count(*) FROM drawn) AS drawn,
          (SELECT count(*) FROM inserted) AS inserted,
          (SELECT count(*) FROM drawn d WHERE NOT EXISTS (SELECT 1 FROM chosen c WHERE c.hazard_id = d.id)) AS without
      `.execute(executor);
      const row = result.rows[0]!;
      return {
        closed: Number(row.closed),
        drawn: Number(row.drawn),
        inserted: Number(row.inserted),
        withoutChecker: Number(row.without),
      };
    },

    /**
     * Hazard counts over [start, end) in the streets, by street, 工贸 category, source and month.
     * One scan of the range (the found_at condition and the street list), grouped four ways with
     * GROUPING SETS, instead of four queries over the same rows.
     */
    async hazardStatistics(start: Date, end: Date, streets: string[], today: string) {
      const rows = await sql<Record<string, unknown>>`
        WITH found AS (
          SELECT h.street_id, e.gongmao_category AS category, h.source, h.level, h.status,
            to_char(h.found_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
            h.deadline IS NOT NULL AS has_deadline,
            (h.deadline IS NOT NULL AND (
              (h.status = 'closed' AND (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date > h.deadline)
              OR (h.status <> 'closed' AND h.deadline < ${today}::date))) AS overdue
          FROM hazard h JOIN enterprise e ON e.id = h.enterprise_id
          WHERE h.found_at >= ${start} AND h.found_at < ${end} AND h.status <> 'withdrawn'
            AND h.street_id = ANY(${streets}::text[])
        )
        SELECT street_id, category, source, month,
          GROUPING(street_id) AS g_street, GROUPING(category) AS g_category,
          GROUPING(source) AS g_source, GROUPING(month) AS g_month,
          count(*) FILTER (WHERE level = 'general') AS general,
          count(*) FILTER (WHERE level = 'major') AS major,
          count(*) FILTER (WHERE status = 'closed') AS closed,
          count(*) FILTER (WHERE overdue) AS overdue,
          count(*) FILTER (WHERE has_deadline) AS with_deadline
        FROM found
        GROUP BY GROUPING SETS ((street_id), (category), (source), (month), ())`.execute(db);
      return rows.rows;
    },

    async streetNames(ids: string[]) {
      if (ids.length === 0) return new Map<string, string>();
      const rows = await db
        .selectFrom('jurisdiction')
        .select(['id', 'name'])
        .where('id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /** The re-checks given to this inspector, open ones first. */
    async rechecksOf(inspectorId: string, executor: Kysely<DB> = db) {
      return executor
        .selectFrom('hazard_recheck as r')
        .innerJoin('hazard as h', 'h.id', 'r.hazard_id')
        .innerJoin('enterprise as e', 'e.id', 'h.enterprise_id')
        .select([
          'r.id',
          'r.hazard_id',
          'r.month',
          'r.selection',
          'r.result',
          'r.note',
          'r.checked_at',
          'e.name as enterprise_name',
          'h.description',
        ])
        .where('r.inspector_id', '=', inspectorId)
        .orderBy(sql`r.result IS NOT NULL`)
        .orderBy('r.id', 'desc')
        .limit(200)
        .execute();
    },

    /** Records the result once; undefined when the re-check is not this inspector's or already done. */
    async recordRecheckWith(
      executor: Kysely<DB>,
      id: string,
      inspectorId: string,
      values: { result: 'confirmed' | 'refuted'; note: string | null; at: Date; by: string },
    ) {
      return executor
        .updateTable('hazard_recheck')
        .set({ result: values.result, note: values.note, checked_at: values.at, checked_by: values.by })
        .where('id', '=', id)
        .where('inspector_id', '=', inspectorId)
        .where('result', 'is', null)
        .returning(['id', 'hazard_id', 'result'])
        .executeTakeFirst();
    },

    /** Locks the re-check row, so two submissions of a result queue and the second sees the first. */
    async recheckOwnerWith(executor: Kysely<DB>, id: string) {
      return executor
        .selectFrom('hazard_recheck')
        .select(['inspector_id', 'result'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    async inspectorOfUser(userId: string) {
      const row = await db
        .selectFrom('app_user')
        .select('inspector_id')
        .where('id', '=', userId)
        .executeTakeFirst();
      return row?.inspector_id ?? null;
    },
  };
}

export type AssessmentRepository = ReturnType<typeof createAssessmentRepository>;
