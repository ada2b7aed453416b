import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type {
  Assessment,
  AssessmentRecords,
  HazardStatistics,
  Problem,
  Recheck,
  RecheckList,
  RechecksDrawn,
} from '@safegrid/contracts';
import type { Role } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';

/**
 * The assessment figures end to end on the test database: records written as the patrol and
 * hazard modules write them, figures and rankings read through the API, drill-down to the same
 * records, and the reproducible 5 % re-check.
 */

const MONTH = '2026-11';
const at = (day: number, hour = 10) =>
  new Date(`2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`);

describe('assessment (考核)', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let li: { id: string; userId: string; as: ReturnType<typeof injectAs> };
  let wang: { id: string; userId: string; as: ReturnType<typeof injectAs> };
  let street: ReturnType<typeof injectAs>;
  let dapengStreet: ReturnType<typeof injectAs>;
  let closedHazards: string[];

  const as = async (role: Role, scopeIds: string[], inspectorId?: string) => {
    const u = await createTestUser(db, { role, scopeIds });
    if (inspectorId)
      await db.updateTable('app_user').set({ inspector_id: inspectorId }).where('id', '=', u.id).execute();
    return { userId: u.id, as: injectAs(app, await openTestSession(db, u.id)) };
  };
  const problem = (res: { statusCode: number; headers: Record<string, unknown>; json: <T>() => T }) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const assess = async (query: string, caller = street) => {
    const res = await caller({ url: `/api/grid/assessment?month=${MONTH}&${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Assessment>();
  };

  beforeAll(async () => {
    const t = await openTestDatabase('assessment');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    app = await buildApp({ config: testConfig(), database: t.database, logger: false });
    const [ent1, ent2] = seeded.enterprises.map((e) => e.id) as [string, string];
    // In November grid 1 is in the charge of 李娜 and 王强 (张伟 handed over in July).
    const liId = seeded.inspectors[1]!.id;
    const wangId = seeded.inspectors[2]!.id;
    li = { id: liId, ...(await as('grid_inspector', ['G440306001001-1'], liId)) };
    wang = { id: wangId, ...(await as('grid_inspector', ['G440306001001-1'], wangId)) };
    street = (await as('street_officer', ['440306001'])).as;
    dapengStreet = (await as('street_officer', ['440307009'])).as;
    const officer = await createTestUser(db, { role: 'street_officer', scopeIds: ['440306001'] });

    const place = { grid_id: 'G440306001001-1', street_id: '440306001' };
    const task = (
      inspector: string,
      enterprise: string,
      values: Partial<{
        kind: 'planned' | 'ad_hoc';
        status: 'open' | 'done' | 'cancelled';
        due: string;
        done: Date;
        distance: number;
      }>,
    ) => ({
      kind: values.kind ?? ('planned' as const),
      status: values.status ?? ('open' as const),
      enterprise_id: enterprise,
      ...place,
      inspector_id: inspector,
      month: `${MONTH}-01`,
      due_date: values.due ?? '2026-11-15',
      completed_at: values.done ?? null,
      ...(values.distance === undefined
        ? {}
        : {
            check_in_client_id: crypto.randomUUID(),
            check_in_at: values.done ?? null,
            check_in_lat: 22.51,
            check_in_lon: 114.01,
            check_in_distance_m: values.distance,
            outside_geofence: values.distance > 300,
          }),
    });
    await db
      .insertInto('patrol_task')
      .values([
        // 李娜: two due, both done (one late), one check-in outside the geofence; a cancelled one.
        task(liId, ent1, { status: 'done', due: '2026-11-15', done: at(14), distance: 40 }),
        task(liId, ent2, { status: 'done', due: '2026-11-10', done: at(12), distance: 900 }),
        task(liId, ent2, { kind: 'ad_hoc', status: 'cancelled' }),
        // 王强: one due, not done.
        task(wangId, ent1, { kind: 'ad_hoc' }),
      ])
      .execute();

    const hazard = (
      reportedBy: string,
      enterprise: string,
      values: Partial<{ level: 'general' | 'major'; status: string; closed: Date }>,
    ) => ({
      enterprise_id: enterprise,
      ...place,
      community_id: '440306001001',
      district_id: '440306',
      description: '消防通道堆放杂物',
      source: 'patrol' as const,
      level: values.level ?? ('general' as const),
      major_hazard_ref: values.level === 'major' ? 'major-hazard-criteria-2023:4:1:1' : null,
      listed_for_supervision: values.level === 'major',
      status: (values.status ?? 'reported') as 'reported',
      deadline:
        (values.status ?? 'reported') === 'reported' || values.status === 'withdrawn' ? null : '2026-11-30',
      found_at: at(3),
      reported_by: reportedBy,
      reported_at: at(3),
      closed_at: values.closed ?? null,
      client_id: crypto.randomUUID(),
    });
    const hazards = await db
      .insertInto('hazard')
      .values([
        hazard(li.userId, ent1, { status: 'closed', closed: at(11) }),
        hazard(li.userId, ent2, { level: 'major', status: 'closed', closed: at(9) }),
        hazard(li.userId, ent2, { status: 'withdrawn' }),
        hazard(officer.id, ent1, {}),
      ])
      .returning('id')
      .execute();
    closedHazards = [hazards[0]!.id, hazards[1]!.id];
    // Both closed by 王强: the first a day after the enterprise submitted, the second eight days.
    const steps = (hazardId: string, submitted: Date, verified: Date) =>
      (
        [
          ['report', null, 'reported', li.userId, at(3)],
          ['assign', 'reported', 'assigned', li.userId, at(3)],
          ['acknowledge', 'assigned', 'rectifying', officer.id, at(4)],
          ['submit', 'rectifying', 'submitted', officer.id, submitted],
          ['verify', 'submitted', 'closed', wang.userId, verified],
        ] as const
      ).map(([event, from, to, actor, when], i) => ({
        hazard_id: hazardId,
        seq: i + 1,
        event,
        from_status: from,
        to_status: to,
        actor_id: actor,
        role: 'grid_inspector',
        at: when,
        recorded_at: when,
        client_id: crypto.randomUUID(),
      }));
    await db
      .insertInto('hazard_transition')
      .values([...steps(closedHazards[0]!, at(10), at(11)), ...steps(closedHazards[1]!, at(1), at(9))])
      .execute();
  });

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('computes each inspector’s figures from the records and ranks them', async () => {
    const result = await assess('groupBy=inspector&sort=completionRate');
    expect(result.verificationTargetDays).toBe(3);
    // 张伟's assignment ended in July: he is not assessed for November.
    expect(result.rows.map((r) => [r.rank, r.name])).toEqual([
      [1, '李娜'],
      [2, '王强'],
    ]);
    const [liRow, wangRow] = result.rows;
    expect(liRow!.completion).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(liRow!.onTime).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(liRow!.coverage).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(liRow!.geofenceAnomalies).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    // The withdrawn report does not count; the officer's report is not an inspector's.
    expect([liRow!.hazardsGeneral, liRow!.hazardsMajor]).toEqual([1, 1]);
    expect(liRow!.verificationTimeliness.denominator).toBe(0);
    expect(wangRow!.completion).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    expect(wangRow!.verificationTimeliness).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
  });

  it('ranks geofence anomalies with the fewest first and nothing measured last', async () => {
    const result = await assess('sort=geofenceAnomalyRate');
    expect(result.rows.map((r) => r.name)).toEqual(['李娜', '王强']);
    expect(result.rows[1]!.geofenceAnomalies.rate).toBeNull();
  });

  it('adds up the same records per grid and per street', async () => {
    const grids = await assess('groupBy=grid');
    const grid = grids.rows.find((r) => r.key === 'G440306001001-1')!;
    expect(grid.completion).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(grid.hazardsGeneral).toBe(2); // with the street officer's report
    const streets = await assess('groupBy=street');
    expect(streets.rows).toHaveLength(1);
    expect(streets.rows[0]!.key).toBe('440306001');
    expect(streets.rows[0]!.verificationTimeliness).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
  });

  it('drills down to the records behind a figure', async () => {
    const url = (kind: string, key = li.id) =>
      `/api/grid/assessment/records?month=${MONTH}&groupBy=inspector&key=${key}&kind=${kind}`;
    const tasks = (await street({ url: url('task') })).json<AssessmentRecords>();
    expect(tasks.items.map((r) => r.late)).toEqual([true, false]);
    const checkIns = (await street({ url: url('check_in') })).json<AssessmentRecords>();
    expect(checkIns.items.filter((r) => r.outsideGeofence).map((r) => r.distanceMetres)).toEqual([900]);
    const verifications = (await street({ url: url('verification', wang.id) })).json<AssessmentRecords>();
    expect(verifications.items.map((r) => [r.hours, r.late])).toEqual([
      [192, true],
      [24, false],
    ]);
    // Another street's officer sees none of them.
    const elsewhere = (await dapengStreet({ url: url('task') })).json<AssessmentRecords>();
    expect(elsewhere.items).toEqual([]);
  });

  it('draws a reproducible 5 % re-check, given to another inspector, once', async () => {
    const first = await street({
      method: 'POST',
      url: '/api/grid/assessment/rechecks',
      payload: { month: MONTH },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<RechecksDrawn>()).toMatchObject({
      closed: 2,
      drawn: 1,
      existing: 0,
      withoutChecker: 0,
    });
    const again = await street({
      method: 'POST',
      url: '/api/grid/assessment/rechecks',
      payload: { month: MONTH },
    });
    expect(again.json<RechecksDrawn>()).toMatchObject({ drawn: 0, existing: 1 });

    // Both were closed by 王强, so 李娜 re-checks; the one drawn is first in the seeded order.
    const md5 = (id: string) => createHash('md5').update(`recheck:${MONTH}:${id}`).digest('hex');
    const expected = [...closedHazards].sort((a, b) => md5(a).localeCompare(md5(b)))[0];
    const mine = (await li.as({ url: '/api/grid/assessment/rechecks/mine' })).json<RecheckList>();
    expect(mine.items.map((r) => r.hazardId)).toEqual([expected]);
    expect(mine.items[0]!.selection).toEqual({ seed: `recheck:${MONTH}`, position: 1, of: 2, share: 0.05 });
    expect((await wang.as({ url: '/api/grid/assessment/rechecks/mine' })).json<RecheckList>().items).toEqual(
      [],
    );

    const id = mine.items[0]!.id;
    const record = (caller: typeof li.as) =>
      caller({
        method: 'POST',
        url: `/api/grid/assessment/rechecks/${id}`,
        payload: { result: 'refuted', note: '现场仍有杂物' },
      });
    expect((await record(wang.as)).statusCode).toBe(404);
    const done = await record(li.as);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<Recheck>()).toMatchObject({ result: 'refuted', note: '现场仍有杂物' });
    expect(problem(await record(li.as)).code).toBe('assessment.recheck_done');

    // The refuted closure counts against the inspector who closed it.
    const wangRow = (await assess('')).rows.find((r) => r.key === wang.id)!;
    expect(wangRow.recheckConfirmed).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    const audit = await db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'assessment.%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'assessment.rechecks_drawn',
      'assessment.rechecks_drawn',
      'assessment.recheck_recorded',
    ]);
  });

  it('counts hazards by street, category, source and month, with zeros for empty months', async () => {
    const res = await street({ url: '/api/grid/statistics/hazards?from=2026-10&to=2026-11' });
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json<HazardStatistics>();
    // The withdrawn report is not a hazard; the two closed ones were closed before their deadline.
    expect(stats.total).toBe(3);
    expect(stats.rectification).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(stats.overdue).toEqual({ numerator: 0, denominator: 2, rate: 0 });
    expect(stats.byStreet).toEqual([
      { streetId: '440306001', name: '新安街道', general: 2, major: 1, closed: 2, overdue: 0 },
    ]);
    expect(stats.byCategory).toEqual([{ category: 'machinery', general: 2, major: 1 }]);
    expect(stats.bySource).toEqual([{ source: 'patrol', general: 2, major: 1 }]);
    expect(stats.byMonth).toEqual([
      { month: '2026-10', found: 0, closed: 0 },
      { month: '2026-11', found: 3, closed: 2 },
    ]);
    const reversed = await street({ url: '/api/grid/statistics/hazards?from=2026-11&to=2026-10' });
    expect(problem(reversed).code).toBe('assessment.range_reversed');
    const long = await street({ url: '/api/grid/statistics/hazards?from=2020-01&to=2026-11' });
    expect(problem(long).code).toBe('assessment.range_too_long');
    const elsewhere = (
      await dapengStreet({ url: '/api/grid/statistics/hazards?from=2026-10&to=2026-11' })
    ).json<HazardStatistics>();
    expect([elsewhere.total, elsewhere.byStreet.map((s) => s.streetId)]).toEqual([0, ['440307009']]);
  });

  it('refuses a future month, a node that is not a district or street, and another street', async () => {
    const future = await street({ url: '/api/grid/assessment?month=2099-01' });
    expect(future.statusCode).toBe(422);
    expect(problem(future).code).toBe('assessment.month_in_future');
    const grid = await street({ url: `/api/grid/assessment?month=${MONTH}&jurisdictionId=G440306001001-1` });
    expect(problem(grid).code).toBe('assessment.jurisdiction_level');
    const other = await dapengStreet({ url: `/api/grid/assessment?month=${MONTH}&jurisdictionId=440306001` });
    expect(other.statusCode).toBe(404);
    const bad = await street({ url: '/api/grid/assessment?month=2026-13' });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).code).toBe('request.invalid');
    expect((await li.as({ url: `/api/grid/assessment?month=${MONTH}` })).statusCode).toBe(403);
    expect(
      (await dapengStreet({ url: `/api/grid/assessment?month=${MONTH}` })).json<Assessment>().rows,
    ).toEqual([]);
  });
});
