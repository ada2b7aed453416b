import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { EnterpriseProfile, GradeObjection, ObjectionList, Problem } from '@safegrid/contracts';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';
import { multipartBody, TINY_PNG } from '../../../test/multipart';
import { createGradingModels } from '../models/grading-models';
import { recomputeAllGrades } from '../grades/recompute-grades';

/**
 * Objections (异议) end to end: the enterprise objects to an input of its own grade with evidence,
 * the street officer decides, and an accepted claim changes the input the grade records — at once.
 */

const NOW = new Date('2026-11-20T10:00:00+08:00');

describe('objections to a grading input', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let e1: string;
  let e2: string;
  let owner: ReturnType<typeof injectAs>;
  let otherOwner: ReturnType<typeof injectAs>;
  let street: ReturnType<typeof injectAs>;
  let dapeng: ReturnType<typeof injectAs>;

  const enterpriseAccount = async (enterpriseId: string) => {
    const user = await createTestUser(db, { role: 'enterprise', scopeIds: [] });
    await db
      .insertInto('user_enterprise')
      .values({ user_id: user.id, enterprise_id: enterpriseId })
      .execute();
    return injectAs(app, await openTestSession(db, user.id));
  };
  const officer = async (scope: string) =>
    injectAs(
      app,
      await openTestSession(db, (await createTestUser(db, { role: 'street_officer', scopeIds: [scope] })).id),
    );
  const problem = (res: { headers: Record<string, unknown>; json: <T>() => T }) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const file = (as: ReturnType<typeof injectAs>, enterpriseId: string, payload: object) =>
    as({ method: 'POST', url: `/api/profile/enterprises/${enterpriseId}/objections`, payload });
  const storedInput = async (enterpriseId: string, id: string) => {
    const row = await db
      .selectFrom('enterprise_grade')
      .select(['inputs', 'score'])
      .where('enterprise_id', '=', enterpriseId)
      .executeTakeFirstOrThrow();
    return { value: (row.inputs as Record<string, number>)[id], score: row.score };
  };

  beforeAll(async () => {
    const t = await openTestDatabase('objections');
    cleanup = t.cleanup;
    db = t.database.db;
    [e1, e2] = (await seedMiniCity(db)).enterprises.map((e) => e.id) as [string, string];
    app = await buildApp({ config: testConfig(), database: t.database, logger: false, clock: () => NOW });
    await recomputeAllGrades(db, await createGradingModels(db).active(), { now: NOW, reason: 'batch' });
    owner = await enterpriseAccount(e1);
    otherOwner = await enterpriseAccount(e2);
    street = await officer('440306001');
    dapeng = await officer('440307009');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('refuses objections the grade cannot take, with a code per reason', async () => {
    const hazards = await file(owner, e1, { indicatorId: 'openHazards', claimedValue: 0, reason: '已整改' });
    expect(hazards.statusCode).toBe(422);
    expect(problem(hazards).code).toBe('objection.indicator_not_objectable');
    const unknown = await file(owner, e1, { indicatorId: 'noSuchIndicator', claimedValue: 1, reason: 'x' });
    expect(problem(unknown).code).toBe('objection.indicator_unknown');
    const same = await file(owner, e1, { indicatorId: 'drills12m', claimedValue: 0, reason: '同上' });
    expect(problem(same).code).toBe('objection.claim_unchanged');
    const range = await file(owner, e1, { indicatorId: 'emergencyPlanFiled', claimedValue: 2, reason: 'x' });
    expect(problem(range).code).toBe('objection.claim_out_of_range');
    // Another enterprise's grade is out of reach: not found, not forbidden.
    expect(
      (await file(otherOwner, e1, { indicatorId: 'drills12m', claimedValue: 2, reason: 'x' })).statusCode,
    ).toBe(404);
    // Officers decide objections; they do not file them.
    expect(
      (await file(street, e1, { indicatorId: 'drills12m', claimedValue: 2, reason: 'x' })).statusCode,
    ).toBe(403);
    expect(await db.selectFrom('grade_objection').select('id').execute()).toEqual([]);
  });

  it('takes an objection with evidence, and the accepted value changes the grade at once', async () => {
    const before = await storedInput(e1, 'drills12m');
    expect(before.value).toBe(0);
    const filed = await file(owner, e1, {
      indicatorId: 'drills12m',
      claimedValue: 2,
      reason: '今年3月和9月各组织一次综合演练',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const objection = filed.json<GradeObjection>();
    expect(objection).toMatchObject({
      recordedValue: 0,
      claimedValue: 2,
      status: 'pending',
      zh: '近12个月应急演练',
    });
    const again = await file(owner, e1, { indicatorId: 'drills12m', claimedValue: 1, reason: '再次' });
    expect(problem(again).code).toBe('objection.pending_exists');

    const upload = multipartBody({}, { bytes: TINY_PNG, name: '演练照片.png' });
    const evidence = await owner({
      method: 'POST',
      url: `/api/profile/objections/${objection.id}/evidence`,
      payload: upload.payload,
      headers: upload.headers,
    });
    expect(evidence.statusCode, evidence.body).toBe(201);
    const sha256 = createHash('sha256').update(TINY_PNG).digest('hex');
    expect(evidence.json()).toMatchObject({ mediaType: 'image/png', sha256, fileName: '演练照片.png' });

    // The street officer sees it in the queue and reads the evidence as it was received.
    const queue = (await street({ url: '/api/profile/objections?status=pending' })).json<ObjectionList>();
    expect(queue.items.map((o) => o.id)).toEqual([objection.id]);
    const bytes = await street({
      url: `/api/profile/objections/${objection.id}/evidence/${queue.items[0]!.evidence[0]!.id}`,
    });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.headers['x-content-sha256']).toBe(sha256);
    expect(Buffer.from(bytes.rawPayload).equals(TINY_PNG)).toBe(true);
    // Another street's officer does not.
    expect((await dapeng({ url: `/api/profile/objections/${objection.id}` })).statusCode).toBe(404);
    expect((await dapeng({ url: '/api/profile/objections' })).json<ObjectionList>().items).toEqual([]);

    const decided = await street({
      method: 'POST',
      url: `/api/profile/objections/${objection.id}/decision`,
      payload: { decision: 'accepted', note: '演练记录和照片属实' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json<GradeObjection>()).toMatchObject({
      status: 'accepted',
      decisionNote: '演练记录和照片属实',
    });

    const after = await storedInput(e1, 'drills12m');
    expect(after.value).toBe(2);
    // Two drills take the drills indicator's whole weight (4 points) off the score.
    expect(after.score).toBe(before.score - 4);
    const profile = (await owner({ url: `/api/profile/enterprises/${e1}` })).json<EnterpriseProfile>();
    const drills = profile.grade!.dimensions.flatMap((d) => d.indicators).find((i) => i.id === 'drills12m')!;
    expect(drills).toMatchObject({ value: 2, points: 0 });

    const twice = await street({
      method: 'POST',
      url: `/api/profile/objections/${objection.id}/decision`,
      payload: { decision: 'rejected', note: '改变主意' },
    });
    expect(problem(twice).code).toBe('objection.already_decided');
    const late = await owner({
      method: 'POST',
      url: `/api/profile/objections/${objection.id}/evidence`,
      payload: upload.payload,
      headers: upload.headers,
    });
    expect(problem(late).code).toBe('objection.already_decided');
    const audit = await db
      .selectFrom('audit_event')
      .select('action')
      .where('resource_type', '=', 'grade_objection')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'objection.filed',
      'objection.evidence_added',
      'objection.accepted',
    ]);
  });

  it('leaves the grade alone when the objection is rejected', async () => {
    const before = await storedInput(e1, 'certificatesComplete');
    const filed = (
      await file(owner, e1, {
        indicatorId: 'certificatesComplete',
        claimedValue: before.value === 1 ? 0 : 1,
        reason: '证书齐全',
      })
    ).json<GradeObjection>();
    const decided = await street({
      method: 'POST',
      url: `/api/profile/objections/${filed.id}/decision`,
      payload: { decision: 'rejected', note: '未提供特种作业操作证' },
    });
    expect(decided.json<GradeObjection>().status).toBe('rejected');
    expect(await storedInput(e1, 'certificatesComplete')).toEqual(before);
    const corrections = await db
      .selectFrom('grade_input_correction')
      .select(['indicator_id', 'value'])
      .execute();
    expect(corrections).toEqual([{ indicator_id: 'drills12m', value: 2 }]);
  });
});
