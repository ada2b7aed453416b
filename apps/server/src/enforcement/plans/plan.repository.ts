import { sql, type Expression, type Insertable, type Kysely, type SqlBool } from 'kysely';
import type {
  DB,
  EnforcementPlanTable,
  EnforcementPlanTargetTable,
  GongmaoCategory,
} from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

/** The grades enforcement plans target by themselves (platform rule: enforcement goes to high risk). */
export const TARGET_GRADES = ['red', 'orange'] as const;

/**
 * A plan is visible to whoever's scope covers its whole bureau: a city plan to city-wide scopes,
 * a district plan to those and to the district's own scope. Narrower scopes would otherwise read
 * targets outside their jurisdiction.
 */
function planVisible(scope: JurisdictionScope, column = 'p.jurisdiction_id'): Expression<SqlBool> {
  if (scope.city) return sql<boolean>`true`;
  if (scope.district.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(column)} IN (${sql.join(scope.district)})`;
}

/** Enterprises lying in a bureau's jurisdiction (`e` is the enterprise alias). */
function inBureau(jurisdiction: { id: string; level: string }): Expression<SqlBool> {
  return jurisdiction.level === 'city'
    ? sql<boolean>`true`
    : sql<boolean>`e.district_id = ${jurisdiction.id}`;
}

/** An enterprise with a task still open in any plan is already planned: no second target for it. */
const noOpenTask = sql<boolean>`NOT EXISTS (
  SELECT 1 FROM enforcement_task t WHERE t.enterprise_id = e.id AND t.status <> 'done')`;

export interface PlanPeriod {
  /** Exclusive end of the plan's period, as an instant (Shenzhen midnight). */
  end: Date;
}

/** All SQL of enforcement plans, draws and tasks; every read scoped by the caller's jurisdiction. */
export function createPlanRepository(db: Kysely<DB>) {
  const planHead = (executor: Kysely<DB>) =>
    executor
      .selectFrom('enforcement_plan as p')
      .innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id')
      .innerJoin('app_user as creator', 'creator.id', 'p.created_by')
      .leftJoin('app_user as publisher', 'publisher.id', 'p.published_by')
      .selectAll('p')
      .select([
        'j.name as jurisdiction_name',
        'j.level as jurisdiction_level',
        'creator.display_name as created_by_name',
        'publisher.display_name as published_by_name',
        (eb) =>
          eb
            .selectFrom('enforcement_plan_target as t')
            .select(sql<number>`count(*)::int`.as('n'))
            .whereRef('t.draw_id', '=', 'p.current_draw_id')
            .as('target_count'),
      ]);

  return {
    /** City or district nodes the scope covers whole: where the caller may make plans. */
    bureaus(scope: JurisdictionScope) {
      let query = db
        .selectFrom('jurisdiction')
        .select(['id', 'name', 'level'])
        .where('level', 'in', ['city', 'district']);
      if (!scope.city) {
        if (scope.district.length === 0) return Promise.resolve([]);
        query = query.where('id', 'in', scope.district);
      }
      return query.orderBy('level').orderBy('sort_order').orderBy('id').execute();
    },

    /** A jurisdiction node's level, to tell "not a bureau" from "not yours" (unscoped: levels are public). */
    async jurisdictionLevel(id: string): Promise<string | undefined> {
      const node = await db
        .selectFrom('jurisdiction')
        .select('level')
        .where('id', '=', id)
        .executeTakeFirst();
      return node?.level;
    },

    async plan(executor: Kysely<DB>, id: string, scope: JurisdictionScope, lock = false) {
      let query = planHead(executor)
        .where('p.id', '=', id)
        .where(() => planVisible(scope));
      if (lock) query = query.forUpdate('p');
      return query.executeTakeFirst();
    },

    list(scope: JurisdictionScope, filter: { year?: number; status?: 'draft' | 'published' }) {
      let query = planHead(db).where(() => planVisible(scope));
      if (filter.year !== undefined) query = query.where('p.year', '=', filter.year);
      if (filter.status) query = query.where('p.status', '=', filter.status);
      return query
        .orderBy('p.year', 'desc')
        .orderBy(sql`coalesce(p.month, 0)`, 'desc')
        .orderBy('p.id', 'desc')
        .limit(200)
        .execute();
    },

    children(id: string) {
      return db
        .selectFrom('enforcement_plan')
        .select(['id', 'month', 'title', 'status'])
        .where('parent_id', '=', id)
        .orderBy('month')
        .orderBy('id')
        .execute();
    },

    async insertPlan(trx: Kysely<DB>, row: Insertable<EnforcementPlanTable>): Promise<string> {
      const { id } = await trx
        .insertInto('enforcement_plan')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    /** The supervision interval (months) per grade in the active grading model, if one is active. */
    async gradeIntervals(executor: Kysely<DB>) {
      const row = await executor
        .selectFrom('grading_model')
        .select(['version', sql<unknown>`document -> 'frequency'`.as('frequency')])
        .where('status', '=', 'active')
        .executeTakeFirst();
      const frequency = (row?.frequency ?? {}) as Record<string, { intervalMonths?: unknown } | undefined>;
      const intervals: Record<string, number | null> = {};
      for (const grade of TARGET_GRADES) {
        const months = frequency[grade]?.intervalMonths;
        intervals[grade] =
          typeof months === 'number' && Number.isInteger(months) && months > 0 ? months : null;
      }
      return { modelVersion: row?.version ?? null, intervals };
    },

    /**
     * Enterprises graded red/orange in the bureau and due in the period: no inspection started
     * within the grade's interval before the period's end (never inspected counts as due). Without
     * an interval for the grade, every such enterprise is due.
     */
    gradeTargets(
      trx: Kysely<DB>,
      bureau: { id: string; level: string },
      period: PlanPeriod,
      intervals: Record<string, number | null>,
    ) {
      const due = TARGET_GRADES.map((grade) => {
        const months = intervals[grade];
        const recent =
          months === null || months === undefined
            ? sql<boolean>`true`
            : sql<boolean>`NOT EXISTS (SELECT 1 FROM inspection i WHERE i.enterprise_id = e.id
                AND i.started_at >= ${period.end}::timestamptz - make_interval(months => ${months}::int))`;
        return sql<boolean>`(g.grade = ${grade} AND ${recent})`;
      });
      return trx
        .selectFrom('enterprise as e')
        .innerJoin('enterprise_grade as g', 'g.enterprise_id', 'e.id')
        .select(['e.id', 'g.grade'])
        .where('e.status', '=', 'operating')
        .where(() => inBureau(bureau))
        .where(() => noOpenTask)
        .where(() => sql<boolean>`(${sql.join(due, sql` OR `)})`)
        .orderBy(sql`CASE g.grade WHEN 'red' THEN 0 ELSE 1 END`)
        .orderBy('e.id')
        .execute();
    },

    /** Open referrals (overdue hazards) in the bureau not yet in a task; one per enterprise, the oldest. */
    referralTargets(trx: Kysely<DB>, bureau: { id: string; level: string }) {
      return trx
        .selectFrom('enforcement_referral as r')
        .innerJoin('hazard as h', 'h.id', 'r.hazard_id')
        .innerJoin('enterprise as e', 'e.id', 'h.enterprise_id')
        .select(['e.id', 'r.id as referral_id'])
        .distinctOn('e.id')
        .where('r.status', '=', 'open')
        .where('e.status', '<>', 'closed')
        .where(() => inBureau(bureau))
        .where(() => noOpenTask)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('enforcement_task as t')
                .select(sql`1`.as('one'))
                .whereRef('t.referral_id', '=', 'r.id'),
            ),
          ),
        )
        .orderBy('e.id')
        .orderBy('r.id')
        .execute();
    },

    /** The random pool: operating enterprises in the bureau (optionally one category). */
    async randomPool(
      trx: Kysely<DB>,
      bureau: { id: string; level: string },
      category: GongmaoCategory | null,
    ): Promise<string[]> {
      let query = trx
        .selectFrom('enterprise as e')
        .select('e.id')
        .where('e.status', '=', 'operating')
        .where(() => inBureau(bureau))
        .where(() => noOpenTask);
      if (category) query = query.where('e.gongmao_category', '=', category);
      return (await query.execute()).map((r) => r.id);
    },

    /**
     * Enforcement officers who may be drawn for the bureau: active, with a city-wide scope or (for
     * a district plan) the district itself — so either officer may start any of the plan's
     * inspections.
     */
    async officers(trx: Kysely<DB>, bureau: { id: string; level: string }): Promise<string[]> {
      const rows = await trx
        .selectFrom('app_user as u')
        .select('u.id')
        .where('u.role', '=', 'enforcement_officer')
        .where('u.disabled', '=', false)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('user_scope as s')
              .innerJoin('jurisdiction as j', 'j.id', 's.jurisdiction_id')
              .select(sql`1`.as('one'))
              .whereRef('s.user_id', '=', 'u.id')
              .where((eb) =>
                bureau.level === 'city'
                  ? eb('j.level', '=', 'city')
                  : eb.or([eb('j.level', '=', 'city'), eb('s.jurisdiction_id', '=', bureau.id)]),
              ),
          ),
        )
        .execute();
      return rows.map((r) => r.id);
    },

    async insertDraw(
      trx: Kysely<DB>,
      row: {
        plan_id: string;
        algorithm: string;
        seed: string;
        candidate_ids: string[];
        candidate_digest: string;
        officer_ids: string[];
        officer_digest: string;
        random_count: number;
        drawn_by: string;
        drawn_at: Date;
      },
      targets: Omit<Insertable<EnforcementPlanTargetTable>, 'draw_id'>[],
    ): Promise<string> {
      const { id } = await trx
        .insertInto('enforcement_plan_draw')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      if (targets.length > 0) {
        await trx
          .insertInto('enforcement_plan_target')
          .values(targets.map((t) => ({ ...t, draw_id: id })))
          .execute();
      }
      await trx
        .updateTable('enforcement_plan')
        .set({ current_draw_id: id })
        .where('id', '=', row.plan_id)
        .execute();
      return id;
    },

    draws(executor: Kysely<DB>, planId: string) {
      return executor
        .selectFrom('enforcement_plan_draw as d')
        .innerJoin('app_user as u', 'u.id', 'd.drawn_by')
        .selectAll('d')
        .select('u.display_name as drawn_by_name')
        .where('d.plan_id', '=', planId)
        .orderBy('d.id', 'desc')
        .execute();
    },

    targets(executor: Kysely<DB>, drawId: string) {
      return executor
        .selectFrom('enforcement_plan_target as t')
        .innerJoin('enterprise as e', 'e.id', 't.enterprise_id')
        .innerJoin('app_user as a', 'a.id', 't.officer_a')
        .innerJoin('app_user as b', 'b.id', 't.officer_b')
        .selectAll('t')
        .select([
          'e.name as enterprise_name',
          'e.credit_code as enterprise_credit_code',
          'a.display_name as officer_a_name',
          'b.display_name as officer_b_name',
        ])
        .where('t.draw_id', '=', drawId)
        .orderBy('t.seq')
        .execute();
    },

    async publish(trx: Kysely<DB>, planId: string, drawId: string, by: string, at: Date): Promise<number> {
      const inserted = await trx
        .insertInto('enforcement_task')
        .columns([
          'plan_id',
          'enterprise_id',
          'source',
          'referral_id',
          'officer_a',
          'officer_b',
          'created_at',
          'updated_at',
        ])
        .expression((eb) =>
          eb
            .selectFrom('enforcement_plan_target as t')
            .select([
              sql<string>`${planId}::bigint`.as('plan_id'),
              't.enterprise_id',
              't.source',
              't.referral_id',
              't.officer_a',
              't.officer_b',
              sql<Date>`${at}::timestamptz`.as('created_at'),
              sql<Date>`${at}::timestamptz`.as('updated_at'),
            ])
            .where('t.draw_id', '=', drawId)
            .orderBy('t.seq'),
        )
        .returning('id')
        .execute();
      await trx
        .updateTable('enforcement_plan')
        .set({ status: 'published', published_by: by, published_at: at })
        .where('id', '=', planId)
        .execute();
      return inserted.length;
    },

    /** The caller's tasks (as either officer) whose enterprise lies in the scope. */
    myTasks(userId: string, scope: JurisdictionScope, status?: 'assigned' | 'in_progress' | 'done') {
      let query = db
        .selectFrom('enforcement_task as k')
        .innerJoin('enterprise', 'enterprise.id', 'k.enterprise_id')
        .innerJoin('enforcement_plan as p', 'p.id', 'k.plan_id')
        .innerJoin('app_user as a', 'a.id', 'k.officer_a')
        .innerJoin('app_user as b', 'b.id', 'k.officer_b')
        .selectAll('k')
        .select([
          'p.title as plan_title',
          'p.year as plan_year',
          'p.month as plan_month',
          'enterprise.name as enterprise_name',
          'enterprise.credit_code as enterprise_credit_code',
          'enterprise.address as enterprise_address',
          'a.display_name as officer_a_name',
          'b.display_name as officer_b_name',
        ])
        .where((eb) => eb.or([eb('k.officer_a', '=', userId), eb('k.officer_b', '=', userId)]))
        .where((eb) => enterpriseInScope(eb as never, scope));
      if (status) query = query.where('k.status', '=', status);
      return query
        .orderBy(sql`CASE k.status WHEN 'in_progress' THEN 0 WHEN 'assigned' THEN 1 ELSE 2 END`)
        .orderBy('k.id')
        .limit(500)
        .execute();
    },

    /** A published plan for the public page: no scope, only published plans. */
    publishedPlan(id: string) {
      return db
        .selectFrom('enforcement_plan as p')
        .innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id')
        .innerJoin('enforcement_plan_draw as d', 'd.id', 'p.current_draw_id')
        .select([
          'p.id',
          'p.kind',
          'p.year',
          'p.month',
          'p.title',
          'p.published_at',
          'j.name as jurisdiction_name',
          'd.id as draw_id',
          'd.algorithm',
          'd.seed',
          'd.candidate_ids',
          'd.candidate_digest',
          'd.officer_ids',
          'd.officer_digest',
          'd.random_count',
          'd.drawn_at',
        ])
        .where('p.id', '=', id)
        .where('p.status', '=', 'published')
        .executeTakeFirst();
    },
  };
}

export type PlanRepository = ReturnType<typeof createPlanRepository>;
export type PlanHeadRow = NonNullable<Awaited<ReturnType<PlanRepository['plan']>>>;
export type PlanDrawRow = Awaited<ReturnType<PlanRepository['draws']>>[number];
export type PlanTargetRow = Awaited<ReturnType<PlanRepository['targets']>>[number];
export type TaskRow = Awaited<ReturnType<PlanRepository['myTasks']>>[number];
