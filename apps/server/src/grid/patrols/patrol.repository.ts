import type pg from 'pg';
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type SqlBool,
} from 'kysely';
import type { JURISDICTION_LEVELS } from '@safegrid/contracts/values';
import type { EnterpriseField } from '../../platform/checklists/checklist-library';
import { enterpriseFields } from '../../platform/checklists/enterprise-fields';
import type { DB, PatrolChecklistTable, PatrolTaskStatus, PatrolTaskTable } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

export interface PatrolListFilter {
  month?: string;
  gridId?: string;
  inspectorId?: string;
  status?: PatrolTaskStatus;
  after?: string;
  limit: number;
}

export interface GenerationInput {
  /** First day of the month, YYYY-MM-01. */
  monthStart: string;
  monthIndex: number;
  days: number;
  intervals: Readonly<Record<string, number>>;
  /** Share (percent) of general-grade enterprises drawn each month, and the draw's seed. */
  sample: { percent: number; seed: string };
  /** Restrict to one node (its level's column on the enterprise); the whole scope when absent. */
  node?: { id: string; level: (typeof JURISDICTION_LEVELS)[number] };
  /** The planner's user id; null when the system plans the month. */
  createdBy: string | null;
}

/** The columns of the enterprise that say which node it lies under, by the node's level. */
const NODE_COLUMN = {
  district: 'district_id',
  street: 'street_id',
  community: 'community_id',
  grid: 'grid_id',
} as const;

/**
 * "This task lies in the scope", on the task's own columns: the grid and street it was planned
 * for, and the tree above them. Scoping through the enterprise (enterpriseInScope) made every
 * list a hash join over all tasks of the month (22 ms for one grid of the full city with two
 * months loaded, growing with every month); on the task's columns it is an index range. A task
 * stays with the grid it was planned for, as the migration says, even if its enterprise moves.
 */
export function taskInScope(
  eb: ExpressionBuilder<DB, 'patrol_task'>,
  scope: JurisdictionScope,
): Expression<SqlBool> {
  if (scope.city) return sql<boolean>`true`;
  const parts: Expression<SqlBool>[] = [];
  if (scope.district.length > 0) {
    parts.push(
      eb(
        'patrol_task.street_id',
        'in',
        eb
          .selectFrom('jurisdiction')
          .select('jurisdiction.id')
          .where('jurisdiction.parent_id', 'in', scope.district),
      ),
    );
  }
  if (scope.street.length > 0) parts.push(eb('patrol_task.street_id', 'in', scope.street));
  if (scope.community.length > 0) {
    parts.push(
      eb(
        'patrol_task.grid_id',
        'in',
        eb
          .selectFrom('jurisdiction')
          .select('jurisdiction.id')
          .where('jurisdiction.parent_id', 'in', scope.community),
      ),
    );
  }
  if (scope.grid.length > 0) parts.push(eb('patrol_task.grid_id', 'in', scope.grid));
  if (scope.enterprise.length > 0) parts.push(eb('patrol_task.enterprise_id', 'in', scope.enterprise));
  return parts.length === 0 ? sql<boolean>`false` : eb.or(parts);
}

/** All SQL of patrol tasks. Reads are scoped by the task's own jurisdiction columns (taskInScope). */
export function createPatrolRepository(db: Kysely<DB>, pool?: pg.Pool) {
  /** What the presenter shows, no more: the rows of a month's list are read often. */
  const taskColumns = [
    'patrol_task.id',
    'patrol_task.kind',
    'patrol_task.status',
    'patrol_task.enterprise_id',
    'patrol_task.grid_id',
    'patrol_task.inspector_id',
    'patrol_task.month',
    'patrol_task.due_date',
    'patrol_task.note',
    'patrol_task.check_in_at',
    'patrol_task.check_in_lat',
    'patrol_task.check_in_lon',
    'patrol_task.check_in_distance_m',
    'patrol_task.outside_geofence',
    'patrol_task.completed_at',
    'patrol_task.version',
    'enterprise.name as enterprise_name',
    'enterprise.address as enterprise_address',
    'enterprise.lat as enterprise_lat',
    'enterprise.lon as enterprise_lon',
    'enterprise.gongmao_category as enterprise_category',
    'i.name as inspector_name',
  ] as const;
  const taskRows = (executor: Kysely<DB>) =>
    executor
      .selectFrom('patrol_task')
      .innerJoin('enterprise', 'enterprise.id', 'patrol_task.enterprise_id')
      .innerJoin('inspector as i', 'i.id', 'patrol_task.inspector_id')
      .leftJoin('patrol_checklist as c', 'c.task_id', 'patrol_task.id')
      .select([...taskColumns, 'c.failed_items']);
  /** Open and checked-in tasks have no check-list yet (submitting it closes the task). */
  const openTaskRows = (executor: Kysely<DB>) =>
    executor
      .selectFrom('patrol_task')
      .innerJoin('enterprise', 'enterprise.id', 'patrol_task.enterprise_id')
      .innerJoin('inspector as i', 'i.id', 'patrol_task.inspector_id')
      .select([...taskColumns, sql<string[] | null>`NULL::text[]`.as('failed_items')]);

  return {
    /** The inspector record a grid inspector's account stands for (null: none linked). */
    async inspectorOf(userId: string): Promise<string | null> {
      const row = await db
        .selectFrom('app_user')
        .select('inspector_id')
        .where('id', '=', userId)
        .executeTakeFirst();
      return row?.inspector_id ?? null;
    },

    /**
     * One set-based statement: the operating enterprises in scope that are due in the month
     * (month index mod interval = id mod interval, the interval set by the enterprise's grade under
     * the active grading model, or by its 工贸 category while it has none; a general-grade
     * enterprise when the month's seeded draw picks it), numbered per grid; the grid's inspectors in
     * charge on the month's first day, numbered per grid; the n-th due enterprise goes to
     * inspector n mod k (so counts per inspector differ by at most one), due on day
     * ⌊n·days/count⌋ (spread over the month). ON CONFLICT makes a second run a no-op.
     */
    async generate(trx: Kysely<DB>, input: GenerationInput, scope: JurisdictionScope) {
      const { monthStart, monthIndex, days, intervals, sample, node, createdBy } = input;
      const frequency = sql.join(
        Object.entries(intervals).map(([category, months]) => sql`(${category}, ${months}::int)`),
      );
      let scoped = trx
        .selectFrom('enterprise')
        .select([
          'enterprise.id',
          'enterprise.grid_id',
          'enterprise.street_id',
          'enterprise.gongmao_category',
        ])
        .where('enterprise.status', '=', 'operating')
        .where((eb) => enterpriseInScope(eb, scope));
      if (node && node.level !== 'city') {
        scoped = scoped.where(`enterprise.${NODE_COLUMN[node.level]}`, '=', node.id);
      }
      const result = await sql<{
        created: number;
        planned: number;
        due: number;
        gradingModelVersion: string | null;
      }>`
        WITH frequency (category, months) AS (VALUES ${frequency}),
        -- The grades' intervals as the active model states them; general has none (sampled).
        grade_frequency AS (
          SELECT f.key AS grade, (f.value ->> 'intervalMonths')::int AS months
          FROM grading_model m, jsonb_each(m.document -> 'frequency') f
          WHERE m.status = 'active' AND jsonb_typeof(f.value) = 'object'
            AND f.value ? 'intervalMonths'
        ),
        basis AS (
          SELECT e.id, e.grid_id, e.street_id,
            CASE
              WHEN g.grade IS NULL THEN
                CASE WHEN mod(${monthIndex}::int, f.months) = mod(e.id, f.months)
                  THEN 'category:' || e.gongmao_category END
              WHEN gf.months IS NOT NULL THEN
                CASE WHEN mod(${monthIndex}::int, gf.months) = mod(e.id, gf.months) THEN 'grade:' || g.grade END
              -- General grade: a uniform draw per (seed, enterprise) in 0..9999, reproducible from the seed.
              WHEN (hashtext(${sample.seed} || ':' || e.id) & 2147483647) % 10000 < ${Math.round(sample.percent * 100)}
                THEN 'sample:' || ${sample.seed}
            END AS basis
          FROM (${scoped}) e
          JOIN frequency f ON f.category = e.gongmao_category
          LEFT JOIN enterprise_grade g ON g.enterprise_id = e.id
          LEFT JOIN grade_frequency gf ON gf.grade = g.grade
        ),
        due AS MATERIALIZED (
          SELECT b.id, b.grid_id, b.street_id, b.basis,
                 row_number() OVER (PARTITION BY b.grid_id ORDER BY b.id) - 1 AS rn,
                 count(*) OVER (PARTITION BY b.grid_id) AS cnt
          FROM basis b
          WHERE b.basis IS NOT NULL
        ),
        staff AS (
          SELECT s.grid_id, s.inspector_id,
                 row_number() OVER (PARTITION BY s.grid_id ORDER BY s.inspector_id) - 1 AS k,
                 count(*) OVER (PARTITION BY s.grid_id) AS n
          FROM (
            SELECT DISTINCT a.grid_id, a.inspector_id
            FROM grid_assignment a
            WHERE a.valid_from <= ${monthStart}::date
              AND (a.valid_to IS NULL OR a.valid_to > ${monthStart}::date)
              AND a.grid_id IN (SELECT grid_id FROM due)
          ) s
        ),
        planned AS (
          SELECT d.id, d.grid_id, d.street_id, d.basis, s.inspector_id,
                 ${monthStart}::date + (d.rn * ${days}::int / d.cnt)::int AS due_date
          FROM due d
          JOIN staff s ON s.grid_id = d.grid_id AND s.k = d.rn % s.n
        ),
        inserted AS (
          INSERT INTO patrol_task (kind, enterprise_id, grid_id, street_id, inspector_id, month, due_date, created_by, basis)
          SELECT 'planned', p.id, p.grid_id, p.street_id, p.inspector_id, ${monthStart}::date, p.due_date, ${createdBy}::bigint, p.basis
          FROM planned p
          ON CONFLICT (enterprise_id, month) WHERE kind = 'planned' DO NOTHING
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM inserted)::int AS created,
               (SELECT count(*) FROM planned)::int AS planned,
               (SELECT count(*) FROM due)::int AS due,
               (SELECT version FROM grading_model WHERE status = 'active') AS "gradingModelVersion"
      `.execute(trx);
      return result.rows[0]!;
    },

    /** Whether the inspector is in charge of the grid on the day (effective-dated assignment). */
    async inCharge(executor: Kysely<DB>, inspectorId: string, gridId: string, day: string): Promise<boolean> {
      const row = await executor
        .selectFrom('grid_assignment')
        .select('id')
        .where('inspector_id', '=', inspectorId)
        .where('grid_id', '=', gridId)
        .where('valid_from', '<=', day)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', day)]))
        .executeTakeFirst();
      return row !== undefined;
    },

    async enterpriseInScope(id: string, scope: JurisdictionScope) {
      return db
        .selectFrom('enterprise')
        .select(['id', 'grid_id', 'street_id', 'status', 'gongmao_category'])
        .where('id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .executeTakeFirst();
    },

    async insert(trx: Kysely<DB>, row: Insertable<PatrolTaskTable>): Promise<string> {
      const { id } = await trx
        .insertInto('patrol_task')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    /**
     * The task with its enterprise's location, locked until the transaction ends: in scope, or
     * (for the inspector's own writes) assigned to this inspector.
     */
    async forUpdate(
      trx: Kysely<DB>,
      id: string,
      who: { scope: JurisdictionScope } | { inspectorId: string },
    ) {
      return trx
        .selectFrom('patrol_task')
        .innerJoin('enterprise', 'enterprise.id', 'patrol_task.enterprise_id')
        .selectAll('patrol_task')
        .select([
          'enterprise.lat as enterprise_lat',
          'enterprise.lon as enterprise_lon',
          'enterprise.gongmao_category as enterprise_category',
        ])
        .where('patrol_task.id', '=', id)
        .where((eb): Expression<SqlBool> =>
          'scope' in who
            ? taskInScope(eb as never, who.scope)
            : eb('patrol_task.inspector_id', '=', who.inspectorId),
        )
        .forUpdate('patrol_task')
        .executeTakeFirst();
    },

    /** The 令第10号 fields an enterprise works in (shared query: platform/checklists). */
    enterpriseFields(executor: Kysely<DB>, enterpriseId: string): Promise<Set<EnterpriseField>> {
      return enterpriseFields(executor, enterpriseId);
    },

    async update(
      trx: Kysely<DB>,
      id: string,
      set: Partial<{
        status: PatrolTaskStatus;
        inspector_id: string;
        check_in_client_id: string;
        check_in_at: Date;
        check_in_lat: number;
        check_in_lon: number;
        check_in_accuracy: number | null;
        check_in_distance_m: number;
        outside_geofence: boolean;
        completed_at: Date;
      }>,
    ): Promise<void> {
      await trx
        .updateTable('patrol_task')
        .set({ ...set, version: sql<number>`version + 1` })
        .where('id', '=', id)
        .execute();
    },

    /** The task (if any) that already holds this check-in clientId. */
    async taskOfCheckIn(trx: Kysely<DB>, clientId: string): Promise<string | undefined> {
      const row = await trx
        .selectFrom('patrol_task')
        .select('id')
        .where('check_in_client_id', '=', clientId)
        .executeTakeFirst();
      return row?.id;
    },

    async checklistOf(trx: Kysely<DB>, taskId: string) {
      return trx.selectFrom('patrol_checklist').selectAll().where('task_id', '=', taskId).executeTakeFirst();
    },

    async taskOfChecklist(trx: Kysely<DB>, clientId: string): Promise<string | undefined> {
      const row = await trx
        .selectFrom('patrol_checklist')
        .select('task_id')
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return row?.task_id;
    },

    async insertChecklist(trx: Kysely<DB>, row: Insertable<PatrolChecklistTable>): Promise<void> {
      await trx.insertInto('patrol_checklist').values(row).execute();
    },

    /** A task for reading: in scope, or (for the inspector's own) assigned to this inspector. */
    async detail(id: string, who: { scope: JurisdictionScope } | { inspectorId: string }) {
      return taskRows(db)
        .where('patrol_task.id', '=', id)
        .where((eb): Expression<SqlBool> =>
          'scope' in who
            ? taskInScope(eb as never, who.scope)
            : eb('patrol_task.inspector_id', '=', who.inspectorId),
        )
        .executeTakeFirst();
    },

    /** Keyset page by id: stable under inserts, and each page is one index range. */
    list(filter: PatrolListFilter, scope: JurisdictionScope) {
      let query = taskRows(db).where((eb) => taskInScope(eb as never, scope));
      if (filter.month) query = query.where('patrol_task.month', '=', `${filter.month}-01`);
      if (filter.gridId) query = query.where('patrol_task.grid_id', '=', filter.gridId);
      if (filter.inspectorId) query = query.where('patrol_task.inspector_id', '=', filter.inspectorId);
      if (filter.status) query = query.where('patrol_task.status', '=', filter.status);
      if (filter.after) query = query.where('patrol_task.id', '>', filter.after);
      return query
        .orderBy('patrol_task.id')
        .limit(filter.limit + 1)
        .execute();
    },

    /**
     * The open and checked-in tasks of the inspector the account stands for, due on or before the
     * day (overdue ones too). The account's inspector is a subquery: one round trip on the
     * busiest read of the phone app, and an account without one simply has no rows.
     */
    async openTasksDueBy(userId: string, lastDay: string, limit: number) {
      const query = openTaskRows(db)
        .where('patrol_task.inspector_id', '=', (eb) =>
          eb.selectFrom('app_user').select('app_user.inspector_id').where('app_user.id', '=', userId),
        )
        // Literals, not parameters: a generic plan can then prove the partial index's predicate.
        .where(sql<boolean>`patrol_task.status IN ('open', 'checked_in')`)
        .where('patrol_task.due_date', '<=', lastDay)
        .orderBy('patrol_task.due_date')
        .orderBy('patrol_task.id')
        .limit(limit);
      if (!pool) return query.execute();
      // The phone app's busiest read: planning this four-table join cost more than running it
      // (1.4 ms against 0.6 ms on the full city), so it runs as a named prepared statement that
      // each connection plans once. The SQL is still Kysely's; only the execution differs.
      const compiled = query.compile();
      const result = await pool.query<Awaited<ReturnType<typeof query.execute>>[number]>({
        name: 'patrol.open_tasks_due_by',
        text: compiled.sql,
        values: compiled.parameters as unknown[],
      });
      return result.rows;
    },
  };
}

export type PatrolRepository = ReturnType<typeof createPatrolRepository>;
export type PatrolTaskRow = NonNullable<Awaited<ReturnType<PatrolRepository['detail']>>>;
export type LockedPatrolTask = NonNullable<Awaited<ReturnType<PatrolRepository['forUpdate']>>>;
