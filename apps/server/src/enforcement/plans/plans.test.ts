import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type {
  EnforcementDrawVerification,
  EnforcementPlan,
  EnforcementPlanList,
  EnforcementTaskList,
  Inspection,
  Problem,
  PublicEnforcementPlan,
} from '@safegrid/contracts';
import type { Role } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { creditCode, seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';
import { GRADING_MODEL_FILE } from '../../profile/grading/grading-model';
import { enterpriseSearchTerms } from '../../grid/enterprises/search-terms';
import { listDigest, runDraw } from './random-draw';
import { periodEnd } from './plan.service';

/**
 * Enforcement plans through the HTTP API on the test database: targets from grades (with the
 * model's interval) and referrals, the random draw recorded and re-run, redraw, publication by the
 * approver, the public page, tasks started and finished through inspections, and scope.
 */
describe('enforcement plans and the 双随机 draw', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let e: string[];
  const now = new Date('2026-12-10T02:00:00Z');
  type U = { id: string; name: string; as: ReturnType<typeof injectAs> };
  let officerA: U,
    officerB: U,
    officerC: U,
    streetOfficer: U,
    approver: U,
    district: U,
    dpOfficer: U,
    dpApprover: U;

  const user = async (role: Role, scopeIds: string[]): Promise<U> => {
    const u = await createTestUser(db, { role, scopeIds });
    return { id: u.id, name: u.username, as: injectAs(app, await openTestSession(db, u.id, { now })) };
  };
  const json = async <T>(res: { statusCode: number; body: string; json: <X>() => X }, status: number) => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json<T>();
  };
  const code = (res: { json: <X>() => X }) => res.json<Problem>().code;
  const create = (as: U['as'], payload: Record<string, unknown>) =>
    as({ method: 'POST', url: '/api/enforcement/plans', payload });
  const draw = (as: U['as'], id: string) => as({ method: 'POST', url: `/api/enforcement/plans/${id}/draws` });

  beforeAll(async () => {
    const t = await openTestDatabase('plans');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    e = seeded.enterprises.map((x) => x.id); // e[0..2] 宝安 (e[2] suspended), e[3] 大鹏
    // Six more operating enterprises in 宝安 for the random pool.
    const more = await db
      .insertInto('enterprise')
      .values(
        Array.from({ length: 6 }, (_, i) => {
          const name = `深圳市计划测试${i + 1}号有限公司`;
          const address = `深圳市宝安区新安街道海旺社区计划路${i + 1}号`;
          return {
            credit_code: creditCode(`91440306PLAN0000${i}`),
            name,
            address,
            industry_code: i < 3 ? 'C1711' : 'C3981',
            gongmao_category: i < 3 ? ('textile' as const) : ('machinery' as const),
            scale: 'small' as const,
            employees: 20,
            lon: 114.01,
            lat: 22.51,
            grid_id: 'G440306001001-2',
            community_id: '440306001001',
            street_id: '440306001',
            district_id: '440306',
            status: 'operating' as const,
            synthetic: true,
            search_terms: enterpriseSearchTerms(name, address),
          };
        }),
      )
      .returning('id')
      .execute();
    e.push(...more.map((m) => m.id)); // e[4..9]
    app = await buildApp({ config: testConfig(), database: t.database, logger: false, clock: () => now });
    officerA = await user('enforcement_officer', ['440306']);
    officerB = await user('enforcement_officer', ['440306']);
    officerC = await user('enforcement_officer', ['440306']);
    streetOfficer = await user('enforcement_officer', ['440306001']);
    approver = await user('approver', ['440306']);
    district = await user('district_officer', ['440306']);
    dpOfficer = await user('enforcement_officer', ['DP-440307']);
    dpApprover = await user('approver', ['DP-440307']);

    // The active grading model (its frequency: red 1 month, orange 3) and grades.
    const model = JSON.parse(readFileSync(GRADING_MODEL_FILE, 'utf8')) as { modelVersion: string };
    await db
      .insertInto('grading_model')
      .values({
        version: model.modelVersion,
        document: JSON.stringify(model),
        status: 'active',
        note: '',
        activated_at: now,
      })
      .execute();
    const grade = (id: string, g: 'red' | 'orange' | 'yellow') => ({
      enterprise_id: id,
      model_version: model.modelVersion,
      score: 50,
      base_grade: g,
      grade: g,
      inputs: '{}',
      computed_at: now,
    });
    // e0 red, never inspected: due. e1 orange, inspected a month ago: not due (3-month interval).
    // e4 yellow: not an enforcement target by grade. e3 (大鹏) red: another bureau's.
    await db
      .insertInto('enterprise_grade')
      .values([grade(e[0]!, 'red'), grade(e[1]!, 'orange'), grade(e[4]!, 'yellow'), grade(e[3]!, 'red')])
      .execute();
    await db
      .insertInto('inspection')
      .values({
        enterprise_id: e[1]!,
        started_by: officerA.id,
        partner_id: officerB.id,
        started_at: new Date('2026-11-05T02:00:00Z'),
        status: 'completed',
        completed_at: new Date('2026-11-05T04:00:00Z'),
        place: null,
      })
      .execute();
    // An overdue hazard at e5 referred to enforcement.
    const place = {
      grid_id: 'G440306001001-2',
      community_id: '440306001001',
      street_id: '440306001',
      district_id: '440306',
    };
    const { id: hazardId } = await db
      .insertInto('hazard')
      .values({
        enterprise_id: e[5]!,
        ...place,
        description: '逾期未整改的测试隐患',
        source: 'patrol',
        level: 'general',
        major_hazard_ref: null,
        status: 'assigned',
        deadline: '2026-11-01',
        found_at: new Date('2026-10-01T02:00:00Z'),
        reported_by: officerA.id,
        reported_at: new Date('2026-10-01T02:00:00Z'),
        client_id: randomUUID(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('enforcement_referral')
      .values({ hazard_id: hazardId, reason: 'overdue', created_at: new Date('2026-11-02T02:00:00Z') })
      .execute();
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  let annual: EnforcementPlan;
  let monthly: EnforcementPlan;

  it('creates an annual plan per bureau and monthly plans under it; refuses what is not a bureau', async () => {
    const list = await json<EnforcementPlanList>(await officerA.as('/api/enforcement/plans'), 200);
    expect(list.bureaus).toEqual([{ id: '440306', name: '宝安区' }]);

    annual = await json<EnforcementPlan>(
      await create(officerA.as, {
        kind: 'annual',
        jurisdictionId: '440306',
        year: 2026,
        title: ' 2026年度执法检查计划 ',
        randomCount: 2,
      }),
      201,
    );
    expect(annual).toMatchObject({
      kind: 'annual',
      status: 'draft',
      year: 2026,
      month: null,
      title: '2026年度执法检查计划',
      jurisdiction: { id: '440306', name: '宝安区' },
      draws: [],
      targets: [],
      gradeRule: { grades: ['red', 'orange'], intervalMonths: { red: 1, orange: 3 } },
    });
    monthly = await json<EnforcementPlan>(
      await create(officerA.as, {
        kind: 'monthly',
        parentId: annual.id,
        month: 12,
        title: '12月',
        randomCount: 3,
      }),
      201,
    );
    expect(monthly).toMatchObject({ kind: 'monthly', parentId: annual.id, year: 2026, month: 12 });
    const again = await json<EnforcementPlan>(await officerA.as(`/api/enforcement/plans/${annual.id}`), 200);
    expect(again.children).toEqual([{ id: monthly.id, month: 12, title: '12月', status: 'draft' }]);

    const underMonthly = await create(officerA.as, {
      kind: 'monthly',
      parentId: monthly.id,
      month: 11,
      title: 'x',
      randomCount: 0,
    });
    expect(underMonthly.statusCode).toBe(422);
    expect(code(underMonthly)).toBe('enforcement_plan.parent_invalid');
    const street = await create(officerA.as, {
      kind: 'annual',
      jurisdictionId: '440306001',
      year: 2026,
      title: 'x',
      randomCount: 0,
    });
    expect(street.statusCode).toBe(422);
    expect(code(street)).toBe('enforcement_plan.jurisdiction_invalid');
    const other = await create(officerA.as, {
      kind: 'annual',
      jurisdictionId: 'DP-440307',
      year: 2026,
      title: 'x',
      randomCount: 0,
    });
    expect(other.statusCode).toBe(404);
    expect(
      (
        await create(district.as, {
          kind: 'annual',
          jurisdictionId: '440306',
          year: 2026,
          title: 'x',
          randomCount: 0,
        })
      ).statusCode,
    ).toBe(403);
    const otherParent = await create(dpOfficer.as, {
      kind: 'monthly',
      parentId: annual.id,
      month: 1,
      title: 'x',
      randomCount: 0,
    });
    expect(otherParent.statusCode).toBe(404);
  });

  let drawn: EnforcementPlan;

  it('draws targets by referral, by grade (due by the model interval) and at random, with officer pairs', async () => {
    drawn = await json<EnforcementPlan>(await draw(officerA.as, monthly.id), 201);
    const bySource = (s: string) => drawn.targets.filter((t) => t.source === s).map((t) => t.enterprise.id);
    expect(bySource('referral')).toEqual([e[5]]);
    expect(drawn.targets.find((t) => t.source === 'referral')!.referralId).toMatch(/^\d+$/);
    expect(bySource('grade')).toEqual([e[0]]);
    expect(drawn.targets.find((t) => t.source === 'grade')!.grade).toBe('red');
    const random = bySource('random');
    expect(random).toHaveLength(3);
    // The pool: 宝安's operating enterprises that are not already targets (e1 orange but not due).
    const pool = [e[1], e[4], e[6], e[7], e[8], e[9]] as string[];
    for (const id of random) expect(pool).toContain(id);
    expect(drawn.targets.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5]);

    const officers = new Set([officerA.id, officerB.id, officerC.id]);
    for (const t of drawn.targets) {
      expect(t.officers).toHaveLength(2);
      expect(t.officers[0]!.id).not.toBe(t.officers[1]!.id);
      for (const o of t.officers) expect(officers.has(o.id)).toBe(true);
    }
    const [record] = drawn.draws;
    expect(drawn.draws).toHaveLength(1);
    expect(record).toMatchObject({
      algorithm: 'sha256-ctr-v1',
      candidateCount: pool.length,
      officerCount: 3,
      randomCount: 3,
      current: true,
      drawnBy: officerA.name,
    });
    expect(record!.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(record!.candidateDigest).toBe(listDigest(pool));
    expect(record!.officerDigest).toBe(listDigest([...officers]));

    // Anyone holding the inputs re-runs it: the pure function from the published record.
    const rerun = runDraw({
      seed: record!.seed,
      candidateIds: [...pool].reverse(),
      randomCount: 3,
      fixedTargetIds: [e[5]!, e[0]!],
      officerIds: [...officers],
    });
    expect(rerun.randomIds).toEqual(random);
    expect(rerun.assignments.map((a) => a.officers)).toEqual(
      drawn.targets.map((t) => t.officers.map((o) => o.id)),
    );

    const verification = await json<EnforcementDrawVerification>(
      await district.as(`/api/enforcement/plans/${monthly.id}/draws/${record!.id}/verification`),
      200,
    );
    expect(verification).toMatchObject({ reproduced: true, digestsMatch: true, recomputedRandomIds: random });
  });

  it('keeps every draw on redraw; the approver publishes the reviewed one, after which it is final', async () => {
    const first = drawn.draws[0]!;
    const redrawn = await json<EnforcementPlan>(await draw(approver.as, monthly.id), 201);
    expect(redrawn.draws).toHaveLength(2);
    expect(redrawn.draws[0]!.current).toBe(true);
    expect(redrawn.draws[1]).toMatchObject({ id: first.id, seed: first.seed, current: false });
    // The first draw is still verifiable after the redraw.
    const old = await json<EnforcementDrawVerification>(
      await officerA.as(`/api/enforcement/plans/${monthly.id}/draws/${first.id}/verification`),
      200,
    );
    expect(old.reproduced).toBe(true);

    const byOfficer = await officerA.as({
      method: 'POST',
      url: `/api/enforcement/plans/${monthly.id}/publish`,
      payload: { drawId: redrawn.draws[0]!.id },
    });
    expect(byOfficer.statusCode).toBe(403);
    const stale = await approver.as({
      method: 'POST',
      url: `/api/enforcement/plans/${monthly.id}/publish`,
      payload: { drawId: first.id },
    });
    expect(stale.statusCode).toBe(409);
    expect(code(stale)).toBe('enforcement_plan.draw_stale');
    const published = await json<EnforcementPlan>(
      await approver.as({
        method: 'POST',
        url: `/api/enforcement/plans/${monthly.id}/publish`,
        payload: { drawId: redrawn.draws[0]!.id },
      }),
      200,
    );
    expect(published).toMatchObject({ status: 'published', publishedBy: approver.name });
    drawn = published;

    const redraw = await draw(officerA.as, monthly.id);
    expect(redraw.statusCode).toBe(409);
    expect(code(redraw)).toBe('enforcement_plan.published');
    const twice = await approver.as({
      method: 'POST',
      url: `/api/enforcement/plans/${monthly.id}/publish`,
      payload: { drawId: redrawn.draws[0]!.id },
    });
    expect(twice.statusCode).toBe(409);
    const tasks = await db
      .selectFrom('enforcement_task')
      .selectAll()
      .where('plan_id', '=', monthly.id)
      .execute();
    expect(tasks.map((t) => t.enterprise_id).sort()).toEqual(
      published.targets.map((t) => t.enterprise.id).sort(),
    );
    expect(tasks.every((t) => t.status === 'assigned')).toBe(true);
    const audit = await db
      .selectFrom('audit_event')
      .select('action')
      .where('resource_type', '=', 'enforcement_plan')
      .where('resource_id', '=', monthly.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'enforcement_plan.created',
      'enforcement_plan.drawn',
      'enforcement_plan.drawn',
      'enforcement_plan.published',
    ]);
  });

  it('does not target enterprises whose task is still open when the next plan is drawn', async () => {
    const annualDraw = await json<EnforcementPlan>(await draw(officerA.as, annual.id), 201);
    const planned = new Set(drawn.targets.map((t) => t.enterprise.id));
    for (const t of annualDraw.targets) expect(planned.has(t.enterprise.id)).toBe(false);
  });

  it('publishes the random part on a public page without officers; drafts are not public', async () => {
    const res = await app.inject({ url: `/api/public/enforcement-plans/${monthly.id}` });
    const page = await json<PublicEnforcementPlan>(res, 200);
    const random = drawn.targets.filter((t) => t.source === 'random');
    expect(page).toMatchObject({
      agency: '宝安区',
      kind: 'monthly',
      year: 2026,
      month: 12,
      otherTargetCount: 2,
      draw: { seed: drawn.draws[0]!.seed, candidateDigest: drawn.draws[0]!.candidateDigest },
    });
    expect(page.enterprises).toEqual(
      random.map((t) => ({ name: t.enterprise.name, creditCode: t.enterprise.creditCode })),
    );
    for (const u of [officerA, officerB, officerC]) expect(res.body).not.toContain(u.name);
    expect((await app.inject({ url: `/api/public/enforcement-plans/${annual.id}` })).statusCode).toBe(404);
  });

  it('scopes plans to the bureau: another district sees nothing of it', async () => {
    for (const res of [
      await dpApprover.as(`/api/enforcement/plans/${monthly.id}`),
      await dpApprover.as(`/api/enforcement/plans/${monthly.id}/draws/${drawn.draws[0]!.id}/verification`),
      await draw(dpOfficer.as, annual.id),
      await dpApprover.as({
        method: 'POST',
        url: `/api/enforcement/plans/${annual.id}/publish`,
        payload: { drawId: '1' },
      }),
      await streetOfficer.as(`/api/enforcement/plans/${annual.id}`),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
    }
    const list = await json<EnforcementPlanList>(await dpApprover.as('/api/enforcement/plans'), 200);
    expect(list.items).toEqual([]);
    const mine = await json<EnforcementPlanList>(await district.as('/api/enforcement/plans?year=2026'), 200);
    expect(mine.items.map((p) => p.id).sort()).toEqual([annual.id, monthly.id].sort());
    expect(mine.bureaus).toEqual([{ id: '440306', name: '宝安区' }]);
  });

  it('refuses a draw with fewer than two officers covering the bureau', async () => {
    const dp = await json<EnforcementPlan>(
      await create(dpApprover.as, {
        kind: 'annual',
        jurisdictionId: 'DP-440307',
        year: 2026,
        title: '大鹏',
        randomCount: 1,
      }),
      201,
    );
    const res = await draw(dpApprover.as, dp.id);
    expect(res.statusCode).toBe(409);
    expect(code(res)).toBe('enforcement_plan.officers_insufficient');
    const nothing = await approver.as({
      method: 'POST',
      url: `/api/enforcement/plans/${annual.id}/publish`,
      payload: { drawId: '999999' },
    });
    expect(nothing.statusCode).toBe(409);
  });

  it("lists an officer's tasks and carries one through an inspection: in progress, then done", async () => {
    const listA = await json<EnforcementTaskList>(await officerA.as('/api/enforcement/tasks'), 200);
    const mineA = drawn.targets.filter((t) => t.officers.some((o) => o.id === officerA.id));
    expect(listA.items.filter((t) => t.plan.id === monthly.id)).toHaveLength(mineA.length);
    const task = listA.items.find((t) => t.plan.id === monthly.id)!;
    expect(task).toMatchObject({
      status: 'assigned',
      inspectionId: null,
      plan: { title: '12月', month: 12 },
    });
    expect(task.officers.map((o) => o.id)).toContain(officerA.id);
    expect(task.partnerId).not.toBe(officerA.id);

    const start = (as: U['as'], payload: Record<string, unknown>) =>
      as({ method: 'POST', url: '/api/enforcement/inspections', payload });
    const outsider = [officerA, officerB, officerC].find((o) => !task.officers.some((t) => t.id === o.id));
    if (outsider) {
      const res = await start(outsider.as, {
        enterpriseId: task.enterprise.id,
        partnerId: officerA.id,
        taskId: task.id,
      });
      expect(res.statusCode).toBe(403);
      expect(code(res)).toBe('enforcement_task.not_assigned');
    }
    const otherEnterprise = drawn.targets.find((t) => t.enterprise.id !== task.enterprise.id)!.enterprise.id;
    const wrongPlace = await start(officerA.as, {
      enterpriseId: otherEnterprise,
      partnerId: task.partnerId,
      taskId: task.id,
    });
    expect(wrongPlace.statusCode).toBe(422);
    expect(code(wrongPlace)).toBe('enforcement_task.enterprise_mismatch');
    const wrongPartner = await start(officerA.as, {
      enterpriseId: task.enterprise.id,
      partnerId: outsider?.id ?? streetOfficer.id,
      taskId: task.id,
    });
    expect(wrongPartner.statusCode).toBe(422);
    const dpTry = await start(dpOfficer.as, {
      enterpriseId: task.enterprise.id,
      partnerId: officerA.id,
      taskId: task.id,
    });
    expect(dpTry.statusCode).toBe(404);
    expect(
      await db
        .selectFrom('inspection')
        .select('id')
        .where('enterprise_id', '=', task.enterprise.id)
        .execute(),
    ).toHaveLength(task.enterprise.id === e[1] ? 1 : 0);

    const inspection = await json<Inspection>(
      await start(officerA.as, {
        enterpriseId: task.enterprise.id,
        partnerId: task.partnerId,
        taskId: task.id,
      }),
      201,
    );
    let row = await db
      .selectFrom('enforcement_task')
      .selectAll()
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'in_progress', inspection_id: inspection.id });
    const twice = await start(officerA.as, {
      enterpriseId: task.enterprise.id,
      partnerId: task.partnerId,
      taskId: task.id,
    });
    expect(twice.statusCode).toBe(409);
    expect(code(twice)).toBe('enforcement_task.not_open');

    const finding = await json<Inspection>(
      await officerA.as({
        method: 'POST',
        url: `/api/enforcement/inspections/${inspection.id}/findings`,
        payload: { description: '未发现问题以外的测试记录', provisionRefs: [], version: inspection.version },
      }),
      200,
    );
    await json<Inspection>(
      await officerA.as({
        method: 'POST',
        url: `/api/enforcement/inspections/${inspection.id}/complete`,
        payload: { version: finding.version },
      }),
      200,
    );
    row = await db
      .selectFrom('enforcement_task')
      .selectAll()
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('done');
    const done = await json<EnforcementTaskList>(
      await officerA.as('/api/enforcement/tasks?status=done'),
      200,
    );
    expect(done.items.map((t) => t.id)).toContain(task.id);
    // The other officers see none of A's tasks unless they are its partner.
    const listDp = await json<EnforcementTaskList>(await dpOfficer.as('/api/enforcement/tasks'), 200);
    expect(listDp.items).toEqual([]);
  });

  it('ends a monthly period at Shenzhen midnight after its last day', () => {
    expect(periodEnd({ year: 2026, month: 12 }).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(periodEnd({ year: 2026, month: null }).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(periodEnd({ year: 2026, month: 2 }).toISOString()).toBe('2026-02-28T16:00:00.000Z');
  });
});
