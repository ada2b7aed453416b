import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  CreateEnforcementPlan,
  EnforcementDrawVerification,
  EnforcementPlan,
  EnforcementPlanList,
  EnforcementPlanListQuery,
  EnforcementTaskList,
  EnforcementTaskListQuery,
  PublicEnforcementPlan,
  PublishEnforcementPlan,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { appendAudit } from '../../platform/audit/audit-trail';
import { chinaMidnight } from '../../platform/time/china-time';
import { TARGET_GRADES, type PlanHeadRow, type PlanRepository } from './plan.repository';
import { listDigest, runDraw, sortIds, SEED_HEX_LENGTH } from './random-draw';
import {
  presentDrawRecord,
  presentPlan,
  presentPlanSummary,
  presentPublicPlan,
  presentTask,
} from './plan.presenter';

export interface PlanDeps {
  db: Kysely<DB>;
  plans: PlanRepository;
  clock: () => Date;
  /** 128 random bits as hex; injectable so a test can pin a draw. */
  newSeed?: () => string;
}

/** The instant the plan's period ends: Shenzhen midnight after its last day. */
export function periodEnd(plan: { year: number; month: number | null }): Date {
  return plan.month === null ? chinaMidnight(plan.year + 1, 0) : chinaMidnight(plan.year, plan.month);
}

/**
 * Enforcement plans: create (annual frame, monthly under it), draw (双随机, recorded and
 * reproducible; a draft may be redrawn, every draw kept), publish (approver; tasks for the drawn
 * pairs, final), read, verify a draw, list one's tasks, and the public page (一公开).
 */
export function createPlanService(deps: PlanDeps) {
  const { db, plans, clock } = deps;
  const newSeed = deps.newSeed ?? (() => randomBytes(SEED_HEX_LENGTH / 2).toString('hex'));

  async function gradeRule(executor: Kysely<DB>): Promise<EnforcementPlan['gradeRule']> {
    const { modelVersion, intervals } = await plans.gradeIntervals(executor);
    return { grades: [...TARGET_GRADES], intervalMonths: intervals, modelVersion };
  }

  async function read(actor: Actor, id: string): Promise<EnforcementPlan> {
    const head = await plans.plan(db, id, actor.scope);
    if (!head) throw notFound('enforcement_plan', id);
    const [draws, targets, children, rule] = await Promise.all([
      plans.draws(db, id),
      head.current_draw_id ? plans.targets(db, head.current_draw_id) : Promise.resolve([]),
      head.kind === 'annual' ? plans.children(id) : Promise.resolve([]),
      gradeRule(db),
    ]);
    return presentPlan(head, draws, targets, children, rule);
  }

  /** The plan, locked, if visible and still a draft (404, then 409). */
  async function draft(trx: Kysely<DB>, actor: Actor, id: string): Promise<PlanHeadRow> {
    const head = await plans.plan(trx, id, actor.scope, true);
    if (!head) throw notFound('enforcement_plan', id);
    if (head.status !== 'draft') throw new AppError('enforcement_plan.published');
    return head;
  }

  return {
    async list(actor: Actor, query: EnforcementPlanListQuery): Promise<EnforcementPlanList> {
      authorize(actor, 'enforcement_plan.read');
      const [rows, bureaus] = await Promise.all([plans.list(actor.scope, query), plans.bureaus(actor.scope)]);
      return {
        items: rows.map(presentPlanSummary),
        bureaus: bureaus.map((b) => ({ id: b.id, name: b.name })),
      };
    },

    get(actor: Actor, id: string): Promise<EnforcementPlan> {
      authorize(actor, 'enforcement_plan.read');
      return read(actor, id);
    },

    async create(actor: Actor, body: CreateEnforcementPlan): Promise<EnforcementPlan> {
      authorize(actor, 'enforcement_plan.manage');
      let frame: { jurisdictionId: string; year: number; parentId: string | null; month: number | null };
      if (body.kind === 'annual') {
        const bureaus = await plans.bureaus(actor.scope);
        if (!bureaus.some((b) => b.id === body.jurisdictionId)) {
          // A street or grid is no bureau; a city or district outside the scope is not the caller's.
          const level = await plans.jurisdictionLevel(body.jurisdictionId);
          if (!level || level === 'city' || level === 'district') {
            throw notFound('jurisdiction', body.jurisdictionId);
          }
          throw new AppError('enforcement_plan.jurisdiction_invalid', {
            jurisdictionId: body.jurisdictionId,
          });
        }
        frame = { jurisdictionId: body.jurisdictionId, year: body.year, parentId: null, month: null };
      } else {
        const parent = await plans.plan(db, body.parentId, actor.scope);
        if (!parent) throw notFound('enforcement_plan', body.parentId);
        if (parent.kind !== 'annual') {
          throw new AppError('enforcement_plan.parent_invalid', { parentId: body.parentId });
        }
        frame = {
          jurisdictionId: parent.jurisdiction_id,
          year: parent.year,
          parentId: parent.id,
          month: body.month,
        };
      }
      const now = clock();
      const title = body.title.trim();
      const id = await db.transaction().execute(async (trx) => {
        const id = await plans.insertPlan(trx, {
          jurisdiction_id: frame.jurisdictionId,
          kind: body.kind,
          parent_id: frame.parentId,
          year: frame.year,
          month: frame.month,
          title,
          random_count: body.randomCount,
          industry_category: body.industryCategory ?? null,
          created_by: actor.userId,
          created_at: now,
        });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'enforcement_plan.created',
            resourceType: 'enforcement_plan',
            resourceId: id,
            after: { kind: body.kind, ...frame, title, randomCount: body.randomCount },
          },
          now,
        );
        return id;
      });
      return read(actor, id);
    },

    /**
     * A new draw of a draft plan: targets by referral and by grade, then `randomCount` drawn from
     * the rest, then an officer pair for each. The inputs are stored as the draw saw them.
     */
    async draw(actor: Actor, id: string): Promise<EnforcementPlan> {
      authorize(actor, 'enforcement_plan.manage');
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const head = await draft(trx, actor, id);
        const bureau = { id: head.jurisdiction_id, level: head.jurisdiction_level };
        const { intervals } = await plans.gradeIntervals(trx);
        const referrals = await plans.referralTargets(trx, bureau);
        const graded = await plans.gradeTargets(trx, bureau, { end: periodEnd(head) }, intervals);
        const fixed = new Map<
          string,
          { source: 'referral' | 'grade'; grade: string | null; referralId: string | null }
        >();
        for (const r of referrals)
          fixed.set(r.id, { source: 'referral', grade: null, referralId: r.referral_id });
        for (const g of graded)
          if (!fixed.has(g.id)) fixed.set(g.id, { source: 'grade', grade: g.grade, referralId: null });
        const pool = sortIds(
          (await plans.randomPool(trx, bureau, head.industry_category)).filter((e) => !fixed.has(e)),
        );
        const officers = sortIds(await plans.officers(trx, bureau));
        const targetCount = fixed.size + Math.min(head.random_count, pool.length);
        if (targetCount > 0 && officers.length < 2) {
          throw new AppError('enforcement_plan.officers_insufficient', { officers: officers.length });
        }
        const seed = newSeed();
        const result = runDraw({
          seed,
          candidateIds: pool,
          randomCount: head.random_count,
          fixedTargetIds: [...fixed.keys()],
          officerIds: officers,
        });
        const drawId = await plans.insertDraw(
          trx,
          {
            plan_id: id,
            algorithm: result.algorithm,
            seed,
            candidate_ids: pool,
            candidate_digest: result.candidateDigest,
            officer_ids: officers,
            officer_digest: result.officerDigest,
            random_count: head.random_count,
            drawn_by: actor.userId,
            drawn_at: now,
          },
          result.assignments.map((a, i) => {
            const f = fixed.get(a.enterpriseId);
            return {
              seq: i + 1,
              enterprise_id: a.enterpriseId,
              source: f?.source ?? 'random',
              grade: f?.grade ?? null,
              referral_id: f?.referralId ?? null,
              officer_a: a.officers[0],
              officer_b: a.officers[1],
            };
          }),
        );
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'enforcement_plan.drawn',
            resourceType: 'enforcement_plan',
            resourceId: id,
            before: { drawId: head.current_draw_id },
            after: {
              drawId,
              algorithm: result.algorithm,
              seed,
              candidateCount: pool.length,
              candidateDigest: result.candidateDigest,
              officerDigest: result.officerDigest,
              randomIds: result.randomIds,
              fixedIds: [...fixed.keys()],
            },
          },
          now,
        );
      });
      return read(actor, id);
    },

    /** Re-runs a recorded draw from its stored inputs and compares with what was stored. */
    async verifyDraw(actor: Actor, id: string, drawId: string): Promise<EnforcementDrawVerification> {
      authorize(actor, 'enforcement_plan.read');
      const head = await plans.plan(db, id, actor.scope);
      if (!head) throw notFound('enforcement_plan', id);
      const draw = (await plans.draws(db, id)).find((d) => d.id === drawId);
      if (!draw) throw notFound('enforcement_plan_draw', drawId);
      const targets = await plans.targets(db, drawId);
      const rerun = runDraw({
        seed: draw.seed,
        candidateIds: draw.candidate_ids,
        randomCount: draw.random_count,
        fixedTargetIds: targets.filter((t) => t.source !== 'random').map((t) => t.enterprise_id),
        officerIds: draw.officer_ids,
      });
      const stored = targets.map((t) => [t.enterprise_id, t.officer_a, t.officer_b].join('/'));
      const again = rerun.assignments.map((a) => [a.enterpriseId, ...a.officers].join('/'));
      return {
        draw: presentDrawRecord(draw),
        reproduced: JSON.stringify(stored) === JSON.stringify(again),
        digestsMatch:
          listDigest(draw.candidate_ids) === draw.candidate_digest &&
          listDigest(draw.officer_ids) === draw.officer_digest,
        recomputedRandomIds: rerun.randomIds,
      };
    },

    /** Final: the reviewed draw becomes the plan's tasks; no redraw afterwards. */
    async publish(actor: Actor, id: string, body: PublishEnforcementPlan): Promise<EnforcementPlan> {
      authorize(actor, 'enforcement_plan.publish');
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const head = await draft(trx, actor, id);
        if (!head.current_draw_id) throw new AppError('enforcement_plan.no_draw');
        if (head.current_draw_id !== body.drawId) {
          throw new AppError('enforcement_plan.draw_stale', { drawId: head.current_draw_id });
        }
        if ((head.target_count ?? 0) === 0) throw new AppError('enforcement_plan.no_targets');
        const tasks = await plans.publish(trx, id, head.current_draw_id, actor.userId, now);
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'enforcement_plan.published',
            resourceType: 'enforcement_plan',
            resourceId: id,
            before: { status: 'draft' },
            after: { status: 'published', drawId: head.current_draw_id, tasks },
          },
          now,
        );
      });
      return read(actor, id);
    },

    async myTasks(actor: Actor, query: EnforcementTaskListQuery): Promise<EnforcementTaskList> {
      authorize(actor, 'inspection.conduct');
      const rows = await plans.myTasks(actor.userId, actor.scope, query.status);
      return { items: rows.map((r) => presentTask(r, actor.userId)) };
    },

    /** 一公开: no session; a draft or unknown plan is simply not found. */
    async publicPlan(id: string): Promise<PublicEnforcementPlan> {
      const plan = await plans.publishedPlan(id);
      if (!plan) throw notFound('enforcement_plan', id);
      const targets = await plans.targets(db, plan.draw_id);
      return presentPublicPlan(plan, { ...plan, id: plan.draw_id }, targets);
    },
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
