import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type {
  EnterpriseProfile,
  GradeChangeList,
  GradeDistribution,
  GradingActivation,
  GradingDryRun,
  HitRates,
  Problem,
} from '@safegrid/contracts';
import type { Role } from '@safegrid/contracts/values';
import { buildApp, type App } from '../app';
import type { DB } from '../platform/db/schema';
import { openTestDatabase, testConfig } from '../../test/test-database';
import { seedMiniCity } from '../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../test/sessions';
import { GRADING_MODEL_FILE, parseGradingModel } from './grading/grading-model';
import { scoreEnterprise } from './grading/score-enterprise';
import { createGradingModels } from './models/grading-models';
import {
  gradesAreStale,
  recomputeAllGrades,
  recomputeAllGradesInSlices,
  recomputeQueuedGrades,
} from './grades/recompute-grades';
import { selectGradingInputs } from './grades/grading-inputs';

/**
 * The profile and grading end to end on the test database: grades computed from the records by
 * the batch, explained and reproduced from their recorded inputs, moved by a recorded accident
 * through the database's queue, and a new model version published, dry-run and activated.
 */

const NOW = new Date('2026-11-20T10:00:00+08:00');
const DEFAULT_DOCUMENT = JSON.parse(readFileSync(GRADING_MODEL_FILE, 'utf8')) as Record<string, unknown>;

describe('enterprise profile and grading', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let e1: string;
  let e2: string;
  let street: ReturnType<typeof injectAs>;
  let admin: ReturnType<typeof injectAs>;
  const models = () => createGradingModels(db);

  const as = async (role: Role, scopeIds: string[]) =>
    injectAs(app, await openTestSession(db, (await createTestUser(db, { role, scopeIds })).id));
  const problem = (res: { headers: Record<string, unknown>; json: <T>() => T }) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const profileOf = async (id: string, caller = street) => {
    const res = await caller({ url: `/api/profile/enterprises/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<EnterpriseProfile>();
  };

  beforeAll(async () => {
    const t = await openTestDatabase('profile');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    [e1, e2] = seeded.enterprises.map((e) => e.id) as [string, string];
    app = await buildApp({ config: testConfig(), database: t.database, logger: false, clock: () => NOW });
    street = await as('street_officer', ['440306001']);
    admin = await as('city_admin', ['440300']);
    // A poorly kept enterprise: two tags, no plan, nobody trained, one overdue hazard.
    await db
      .insertInto('enterprise_risk_tag')
      .values([
        { enterprise_id: e1, tag: 'dust_explosion', source: 'demo' },
        { enterprise_id: e1, tag: 'hazardous_chemicals', source: 'declared' },
      ])
      .execute();
    await db
      .insertInto('enterprise_safety_management')
      .values({
        enterprise_id: e1,
        emergency_plan_filed: false,
        safety_officers: 0,
        training_coverage_percent: 10,
        certificates_complete: false,
        standardisation_level: 0,
        source: 'declared',
      })
      .execute();
    await recomputeAllGrades(db, await models().active(), { now: NOW, reason: 'batch' });
    await db.deleteFrom('grading_queue').execute();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('explains a grade whose points add up, reproduced from the inputs it recorded', async () => {
    const profile = await profileOf(e1);
    const grade = profile.grade!;
    expect(grade).not.toBeNull();
    const sum = grade.dimensions.reduce((a, d) => a + d.points, 0);
    expect(sum).toBe(grade.score);
    for (const d of grade.dimensions) {
      expect(d.indicators.reduce((a, i) => a + i.points, 0)).toBe(d.points);
    }
    const byId = new Map(grade.dimensions.flatMap((d) => d.indicators).map((i) => [i.id, i]));
    expect(byId.get('dustExplosion')!.value).toBe(1);
    expect(byId.get('emergencyPlanFiled')!.points).toBe(byId.get('emergencyPlanFiled')!.weight);
    expect(profile.riskTags).toEqual([
      { tag: 'dust_explosion', source: 'demo' },
      { tag: 'hazardous_chemicals', source: 'declared' },
    ]);
    expect(profile.safetyManagement).toMatchObject({ trainingCoveragePercent: 10, source: 'declared' });
    // A first grade is no change.
    expect(profile.gradeHistory).toEqual([]);

    // The stored row, scored again from its own inputs under its own version, gives the same grade.
    const row = await db
      .selectFrom('enterprise_grade')
      .selectAll()
      .where('enterprise_id', '=', e1)
      .executeTakeFirstOrThrow();
    const model = parseGradingModel(DEFAULT_DOCUMENT);
    expect(row.model_version).toBe(model.version);
    const again = scoreEnterprise(
      model,
      JSON.parse(JSON.stringify(row.inputs)) as Record<string, number | null>,
    );
    expect({ score: again.score, grade: again.grade }).toEqual({ score: row.score, grade: row.grade });
    // …and the inputs are what the records say today.
    const [fresh] = await selectGradingInputs(db, { asOf: '2026-11-20', enterpriseIds: [e1] });
    expect(fresh!.inputs.dustExplosion).toBe(1);
    expect(fresh!.inputs.trainingCoveragePercent).toBe(10);
    // A poorly kept enterprise scores more than a clean one.
    expect(grade.score).toBeGreaterThan((await profileOf(e2)).grade!.score);
  });

  it('moves the grade to red within one queue run after a fatal accident is recorded', async () => {
    const before = (await profileOf(e1)).grade!;
    const res = await street({
      method: 'POST',
      url: `/api/profile/enterprises/${e1}/accidents`,
      payload: {
        occurredOn: '2026-11-02',
        severity: 'fatal',
        deaths: 1,
        injuries: 0,
        description: '高处坠落死亡1人',
        sourceRef: 'SZ-2026-118',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    // The accident's insert queued the enterprise in its own transaction.
    const queued = await db.selectFrom('grading_queue').select('enterprise_id').execute();
    expect(queued.map((q) => String(q.enterprise_id))).toEqual([e1]);

    const result = await recomputeQueuedGrades(db, await models().active(), { now: NOW, limit: 100 });
    expect(result.recomputed).toBe(1);
    expect(result.changes).toEqual([{ enterprise_id: e1, previous_grade: before.grade, grade: 'red' }]);
    expect(await db.selectFrom('grading_queue').select('enterprise_id').execute()).toEqual([]);

    const after = await profileOf(e1);
    expect(after.grade).toMatchObject({
      grade: 'red',
      frequency: { intervalMonths: 1, randomSampling: false },
    });
    expect(after.grade!.overrides.find((o) => o.id === 'fatalAccident')).toMatchObject({
      active: true,
      because: 'condition',
    });
    expect(after.accidents[0]).toMatchObject({
      severity: 'fatal',
      source: 'import',
      sourceRef: 'SZ-2026-118',
    });
    expect(after.gradeHistory[0]).toMatchObject({
      reason: 'input_changed',
      previousGrade: before.grade,
      grade: 'red',
    });
    // A fatal accident has no fix: the grade cannot be lowered by the enterprise now.
    expect(after.grade!.whatWouldChange.reachable).toBe(false);

    const changes = await street({ url: '/api/profile/grades/changes?limit=1' });
    expect(changes.json<GradeChangeList>().items[0]).toMatchObject({ enterpriseId: e1, grade: 'red' });
    const audit = await db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'accident.recorded')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('grades the same in slices as in one batch, and calls a batch due once a grade is a day old', async () => {
    const model = await models().active();
    const whole = await db
      .selectFrom('enterprise_grade')
      .select(['enterprise_id', 'score', 'grade', 'inputs'])
      .orderBy('enterprise_id')
      .execute();
    // Slices of one id each: every slice boundary is crossed.
    const sliced = await recomputeAllGradesInSlices(db, model, { now: NOW, slice: 1 });
    expect(sliced.recomputed).toBe(whole.length);
    expect(sliced.changed).toBe(0);
    expect(
      await db
        .selectFrom('enterprise_grade')
        .select(['enterprise_id', 'score', 'grade', 'inputs'])
        .orderBy('enterprise_id')
        .execute(),
    ).toEqual(whole);
    expect(await gradesAreStale(db, new Date(NOW.getTime() + 23 * 3_600_000))).toBe(false);
    expect(await gradesAreStale(db, new Date(NOW.getTime() + 25 * 3_600_000))).toBe(true);
  });

  it('refuses an accident whose severity and deaths disagree, and one in the future', async () => {
    const post = (payload: object) =>
      street({ method: 'POST', url: `/api/profile/enterprises/${e2}/accidents`, payload });
    const mismatch = await post({
      occurredOn: '2026-11-01',
      severity: 'minor_injury',
      deaths: 1,
      injuries: 0,
      description: 'x',
    });
    expect(mismatch.statusCode).toBe(422);
    expect(problem(mismatch).code).toBe('accident.deaths_mismatch');
    const future = await post({
      occurredOn: '2026-12-30',
      severity: 'minor_injury',
      deaths: 0,
      injuries: 1,
      description: 'x',
    });
    expect(problem(future).code).toBe('accident.date_in_future');
    expect(
      await db.selectFrom('enterprise_accident').select('id').where('enterprise_id', '=', e2).execute(),
    ).toEqual([]);
  });

  it('counts grades by street within the scope', async () => {
    const res = await street({ url: '/api/profile/grades/distribution?groupBy=street' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<GradeDistribution>();
    const graded = await db
      .selectFrom('enterprise_grade')
      .innerJoin('enterprise', 'enterprise.id', 'enterprise_grade.enterprise_id')
      .select('enterprise.id')
      .where('enterprise.street_id', '=', '440306001')
      .execute();
    expect(body.rows.map((r) => r.key)).toEqual(['440306001']);
    expect(body.rows[0]!.total).toBe(graded.length);
    expect(body.total.red).toBe(1);
    const outside = await street({ url: '/api/profile/grades/distribution?jurisdictionId=440307009' });
    expect(outside.statusCode).toBe(404);
  });

  it('reports hit rates by the tier that planned each done patrol', async () => {
    const inspector = await db.selectFrom('inspector').select('id').orderBy('id').executeTakeFirstOrThrow();
    const reporter = await createTestUser(db, { role: 'grid_inspector', scopeIds: ['G440306001001-1'] });
    const task = async (enterpriseId: string, basis: string, month = '2026-11-01') =>
      (
        await db
          .insertInto('patrol_task')
          .values({
            kind: 'planned',
            status: 'done',
            enterprise_id: enterpriseId,
            grid_id: 'G440306001001-1',
            street_id: '440306001',
            inspector_id: inspector.id,
            month,
            due_date: month.replace('-01', '-10'),
            completed_at: NOW,
            basis,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const redTask = await task(e1, 'grade:red');
    await task(e2, 'sample:patrol-sample-2026-11');
    await task(e2, 'category:machinery', '2026-10-01');
    // Two hazards found on the red enterprise's patrol, one of them major; none on the others.
    for (const level of ['general', 'major'] as const) {
      await db
        .insertInto('hazard')
        .values({
          enterprise_id: e1,
          grid_id: 'G440306001001-1',
          community_id: '440306001001',
          street_id: '440306001',
          district_id: '440306',
          description: '测试隐患',
          source: 'patrol',
          level,
          major_hazard_ref: level === 'major' ? 'major-hazard-criteria-2023:3:1:2' : null,
          listed_for_supervision: level === 'major',
          status: 'reported',
          patrol_task_id: redTask,
          found_at: NOW,
          reported_by: reporter.id,
          reported_at: NOW,
          client_id: crypto.randomUUID(),
        })
        .execute();
    }
    const res = await street({ url: '/api/profile/grades/hit-rates?from=2026-10&to=2026-11' });
    expect(res.statusCode, res.body).toBe(200);
    const rows = Object.fromEntries(res.json<HitRates>().rows.map((r) => [r.tier, r]));
    expect(rows.red).toEqual({
      tier: 'red',
      inspected: 1,
      withHazards: 1,
      hazards: 2,
      majorHazards: 1,
      rate: 1,
    });
    expect(rows.general).toMatchObject({ inspected: 1, withHazards: 0, rate: 0 });
    expect(rows.ungraded).toMatchObject({ inspected: 1, withHazards: 0 });
    expect(rows.blue).toMatchObject({ inspected: 0, rate: null });
    const backwards = await street({ url: '/api/profile/grades/hit-rates?from=2026-11&to=2026-10' });
    expect(problem(backwards).code).toBe('grading.month_range_invalid');
    // The hazards queued e1 for regrading; leave the queue as the other tests expect it.
    await db.deleteFrom('grading_queue').execute();
  });

  it('publishes a model version as a draft, dry-runs it and activates it', async () => {
    const invalid = await admin({
      method: 'POST',
      url: '/api/profile/grading-models',
      payload: {
        model: {
          ...DEFAULT_DOCUMENT,
          modelVersion: '2027.1',
          gradeThresholds: { explanation: '', red: 10, orange: 20, yellow: 30, blue: 40 },
        },
      },
    });
    expect(invalid.statusCode).toBe(422);
    expect(problem(invalid).code).toBe('grading.model_invalid');
    const taken = await admin({
      method: 'POST',
      url: '/api/profile/grading-models',
      payload: { model: DEFAULT_DOCUMENT },
    });
    expect(problem(taken).code).toBe('grading.model_version_exists');

    // Lower thresholds: the expected moves are the stored inputs scored under the new version.
    const lenient = {
      ...DEFAULT_DOCUMENT,
      modelVersion: '2027.1',
      gradeThresholds: { explanation: 'test', red: 25, orange: 15, yellow: 5, blue: 1 },
    };
    const created = await admin({
      method: 'POST',
      url: '/api/profile/grading-models',
      payload: { model: lenient },
    });
    expect(created.statusCode, created.body).toBe(201);
    const lenientModel = parseGradingModel(lenient);
    const stored = await db
      .selectFrom('enterprise_grade')
      .select(['enterprise_id', 'grade', 'inputs'])
      .execute();
    const expectedMoves = stored.filter(
      (r) => scoreEnterprise(lenientModel, r.inputs as Record<string, number | null>).grade !== r.grade,
    ).length;
    expect(expectedMoves).toBeGreaterThan(0);

    const dry = (
      await admin({ method: 'POST', url: '/api/profile/grading-models/2027.1/dry-run' })
    ).json<GradingDryRun>();
    expect(dry).toMatchObject({ version: '2027.1', against: '2026.1', enterprises: stored.length });
    expect(dry.moves.reduce((a, m) => a + m.count, 0)).toBe(expectedMoves);
    expect(Object.values(dry.before).reduce((a, b) => a + b, 0)).toBe(stored.length);
    // A dry run writes nothing.
    const unchanged = await db
      .selectFrom('enterprise_grade')
      .select(['enterprise_id', 'grade', 'inputs'])
      .execute();
    expect(unchanged).toEqual(stored);

    const activated = await admin({ method: 'POST', url: '/api/profile/grading-models/2027.1/activate' });
    expect(activated.statusCode, activated.body).toBe(200);
    expect(activated.json<GradingActivation>()).toMatchObject({ version: '2027.1', changed: expectedMoves });
    const versions = await db
      .selectFrom('grading_model')
      .select(['version', 'status'])
      .orderBy('version')
      .execute();
    expect(versions).toEqual([
      { version: '2026.1', status: 'retired' },
      { version: '2027.1', status: 'active' },
    ]);
    expect((await profileOf(e2)).grade!.modelVersion).toBe('2027.1');
    const again = await admin({ method: 'POST', url: '/api/profile/grading-models/2027.1/activate' });
    expect(problem(again).code).toBe('grading.model_not_draft');
  });

  it('shows an enterprise account its own profile and no other', async () => {
    const owner = await createTestUser(db, { role: 'enterprise', scopeIds: [] });
    await db.insertInto('user_enterprise').values({ user_id: owner.id, enterprise_id: e2 }).execute();
    const own = injectAs(app, await openTestSession(db, owner.id));
    expect((await own({ url: `/api/profile/enterprises/${e2}` })).statusCode).toBe(200);
    expect((await own({ url: `/api/profile/enterprises/${e1}` })).statusCode).toBe(404);
  });
});
