import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Duty, DutyRecords, DutyRow, Problem } from '@safegrid/contracts';
import { DUTY_ASPECTS } from '@safegrid/contracts/values';
import type { Role } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { creditCode, seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';
import { enterpriseSearchTerms } from '../../grid/enterprises/search-terms';
import { GRADING_MODEL_FILE } from '../grading/grading-model';

/**
 * Government-duty scoring end to end on the test database: records written as the patrol, hazard,
 * re-check, referral and grading modules write them; the nine figures per street and grid, points,
 * totals and ranking read through the API, every figure's drill-down equal to what it counts, and
 * the scope refusals. Every figure below is computed by hand in the comments.
 */

const MONTH = '2026-11';
const XINAN = '440306001';
const KUICHONG = '440307009';
const GRID1 = 'G440306001001-1';
const GRID2 = 'G440306001001-2';
const at = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);

describe('government-duty scoring (政府履职评分)', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let city: ReturnType<typeof injectAs>;
  let xinan: ReturnType<typeof injectAs>;
  let kuichong: ReturnType<typeof injectAs>;
  let inspector: ReturnType<typeof injectAs>;
  const ids: Record<string, string> = {};

  const as = async (role: Role, scopeIds: string[]) =>
    injectAs(app, await openTestSession(db, (await createTestUser(db, { role, scopeIds })).id));
  const problem = (res: { statusCode: number; headers: Record<string, unknown>; json: <T>() => T }) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const score = async (query: string, caller = city) => {
    const res = await caller({ url: `/api/profile/duty?month=${MONTH}&${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Duty>();
  };
  const records = async (groupBy: string, key: string, aspect: string, extra = '', caller = city) => {
    const res = await caller({
      url: `/api/profile/duty/records?month=${MONTH}&groupBy=${groupBy}&key=${key}&aspect=${aspect}${extra}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<DutyRecords>();
  };
  const figures = (row: DutyRow) =>
    Object.fromEntries(row.aspects.map((a) => [a.aspect, [a.numerator, a.denominator, a.points]]));

  beforeAll(async () => {
    const t = await openTestDatabase('duty');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    app = await buildApp({ config: testConfig(), database: t.database, logger: false });
    seeded.enterprises.forEach((e, i) => (ids[`e${i + 1}`] = e.id));
    const inspectorId = seeded.inspectors[1]!.id;
    city = await as('city_admin', ['440300']);
    xinan = await as('street_officer', [XINAN]);
    kuichong = await as('street_officer', [KUICHONG]);
    inspector = await as('grid_inspector', [GRID1]);
    const reporter = await createTestUser(db, { role: 'grid_inspector', scopeIds: [GRID1] });

    // Two more operating enterprises in grid 1: e5 (red, patrolled only ad hoc in September, no
    // planned task for 13 months) and e6 (general grade: drawn at random, never "left out").
    const more = await db
      .insertInto('enterprise')
      .values(
        (
          [
            ['9144030600000005X', '深圳市久违精密机械有限公司', '新湖路20号'],
            ['9144030600000006X', '深圳市抽样五金制品有限公司', '新湖路22号'],
          ] as const
        ).map(([body, name, road]) => ({
          credit_code: creditCode(body.slice(0, 17)),
          name,
          address: `深圳市宝安区新安街道海旺社区${road}`,
          industry_code: 'C3981',
          gongmao_category: 'machinery' as const,
          scale: 'small' as const,
          employees: 30,
          lon: 114.01,
          lat: 22.51,
          grid_id: GRID1,
          community_id: '440306001001',
          street_id: XINAN,
          district_id: '440306',
          status: 'operating' as const,
          synthetic: true,
          search_terms: enterpriseSearchTerms(name, road),
        })),
      )
      .returning('id')
      .execute();
    more.forEach((e, i) => (ids[`e${i + 5}`] = e.id));

    await db
      .insertInto('grading_model')
      .values({
        version: '2026.1',
        document: readFileSync(GRADING_MODEL_FILE, 'utf8'),
        status: 'active',
        note: '',
        activated_at: new Date(),
      })
      .execute();
    const grade = (enterprise: string, value: 'red' | 'orange' | 'yellow' | 'general') => ({
      enterprise_id: enterprise,
      model_version: '2026.1',
      score: 50,
      base_grade: value,
      grade: value,
      inputs: '{}',
      computed_at: at('2026-10-01'),
    });
    await db
      .insertInto('enterprise_grade')
      .values([
        grade(ids.e1!, 'red'),
        grade(ids.e2!, 'orange'),
        grade(ids.e5!, 'red'),
        grade(ids.e6!, 'general'),
        // e4 is yellow now, but was red at the end of November: it went yellow in December.
        grade(ids.e4!, 'yellow'),
      ])
      .execute();
    await db
      .insertInto('enterprise_grade_change')
      .values({
        enterprise_id: ids.e4!,
        model_version: '2026.1',
        score: 40,
        previous_grade: 'red',
        grade: 'yellow',
        inputs: '{}',
        reason: 'batch',
        at: at('2026-12-01', 9),
      })
      .execute();

    const task = (
      enterprise: string,
      grid: string,
      street: string,
      values: {
        kind?: 'planned' | 'ad_hoc';
        month?: string;
        due: string;
        done?: Date;
        status?: 'open' | 'done';
      },
    ) => ({
      kind: values.kind ?? ('planned' as const),
      status: values.status ?? (values.done ? ('done' as const) : ('open' as const)),
      enterprise_id: enterprise,
      grid_id: grid,
      street_id: street,
      inspector_id: inspectorId,
      month: `${values.month ?? MONTH}-01`,
      due_date: values.due,
      completed_at: values.done ?? null,
    });
    await db
      .insertInto('patrol_task')
      .values([
        task(ids.e1!, GRID1, XINAN, { due: '2026-11-15', done: at('2026-11-14') }), // on time
        task(ids.e2!, GRID1, XINAN, { due: '2026-11-10', done: at('2026-11-12') }), // late
        task(ids.e3!, GRID2, XINAN, { due: '2026-11-20' }), // not done (the enterprise is suspended)
        task(ids.e1!, GRID1, XINAN, { kind: 'ad_hoc', due: '2026-11-20', done: at('2026-11-20') }),
        task(ids.e5!, GRID1, XINAN, {
          kind: 'ad_hoc',
          month: '2026-09',
          due: '2026-09-10',
          done: at('2026-09-10'),
        }),
        task(ids.e5!, GRID1, XINAN, { month: '2025-11', due: '2025-11-10', done: at('2025-11-10') }),
        task(ids.e4!, 'G440307009001-1', KUICHONG, { due: '2026-11-18', done: at('2026-11-17') }),
      ])
      .execute();

    const hazard = (
      name: string,
      enterprise: string,
      values: {
        level?: 'general' | 'major';
        status: 'assigned' | 'rectifying' | 'closed' | 'withdrawn';
        found: Date;
        deadline?: string;
        closed?: Date;
        toDistrict?: Date;
        escalated?: boolean;
      },
    ) => ({
      enterprise_id: enterprise,
      grid_id: GRID1,
      community_id: '440306001001',
      street_id: XINAN,
      district_id: '440306',
      description: name,
      source: 'patrol' as const,
      level: values.level ?? ('general' as const),
      major_hazard_ref: values.level === 'major' ? 'major-hazard-criteria-2023:4:1:1' : null,
      listed_for_supervision: values.level === 'major',
      reported_to_district_at: values.toDistrict ?? null,
      status: values.status,
      deadline: values.status === 'withdrawn' ? null : (values.deadline ?? '2026-12-31'),
      escalated: values.escalated ?? false,
      found_at: values.found,
      reported_by: reporter.id,
      reported_at: values.found,
      closed_at: values.closed ?? null,
      client_id: crypto.randomUUID(),
    });
    const hazards = await db
      .insertInto('hazard')
      .values([
        // Open at the cut-off and overdue; escalated, its referral still open.
        hazard('H1', ids.e1!, {
          status: 'assigned',
          found: at('2026-11-03'),
          deadline: '2026-11-20',
          escalated: true,
        }),
        // Open, deadline the month's last day: overdue at the cut-off (that day is over), as the sweep sees it.
        hazard('H2', ids.e2!, { status: 'rectifying', found: at('2026-11-03'), deadline: '2026-11-30' }),
        // Closed in November, two days after the enterprise submitted.
        hazard('H3', ids.e1!, {
          status: 'closed',
          found: at('2026-10-05'),
          deadline: '2026-11-20',
          closed: at('2026-11-10'),
        }),
        // Major, reported to the district 48 hours after it was found; closed ten days after submission.
        hazard('H4', ids.e2!, {
          level: 'major',
          status: 'closed',
          found: at('2026-11-05'),
          toDistrict: at('2026-11-07'),
          closed: at('2026-11-25'),
        }),
        // Major, reported to the district at once; open, deadline in December.
        hazard('H5', ids.e1!, {
          level: 'major',
          status: 'assigned',
          found: at('2026-11-06'),
          toDistrict: at('2026-11-06'),
        }),
        hazard('H6', ids.e1!, { status: 'withdrawn', found: at('2026-11-02') }),
        // Escalated in November, then closed a day after submission: followed through.
        hazard('H7', ids.e2!, {
          status: 'closed',
          found: at('2026-10-01'),
          deadline: '2026-10-20',
          closed: at('2026-11-15'),
          escalated: true,
        }),
        // Overdue and escalated; enforcement has taken the referral up.
        hazard('H8', ids.e2!, {
          status: 'rectifying',
          found: at('2026-10-10'),
          deadline: '2026-11-01',
          escalated: true,
        }),
      ])
      .returning('id')
      .execute();
    ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7', 'H8'].forEach((name, i) => (ids[name] = hazards[i]!.id));

    const step = (hazard: string, seq: number, event: 'submit' | 'verify', when: Date) => ({
      hazard_id: ids[hazard]!,
      seq,
      event,
      from_status: event === 'submit' ? ('rectifying' as const) : ('submitted' as const),
      to_status: event === 'submit' ? ('submitted' as const) : ('closed' as const),
      actor_id: reporter.id,
      role: 'grid_inspector',
      at: when,
      recorded_at: when,
      client_id: crypto.randomUUID(),
    });
    await db
      .insertInto('hazard_transition')
      .values([
        step('H3', 1, 'submit', at('2026-11-08')),
        step('H3', 2, 'verify', at('2026-11-10')),
        step('H4', 1, 'submit', at('2026-11-15')),
        step('H4', 2, 'verify', at('2026-11-25')),
        step('H7', 1, 'submit', at('2026-11-14')),
        step('H7', 2, 'verify', at('2026-11-15')),
      ])
      .execute();
    await db
      .insertInto('enforcement_referral')
      .values([
        { hazard_id: ids.H1!, reason: 'overdue', created_at: at('2026-11-21') },
        { hazard_id: ids.H7!, reason: 'overdue', created_at: at('2026-11-02') },
        { hazard_id: ids.H8!, reason: 'overdue', created_at: at('2026-11-02'), status: 'filed' },
      ])
      .execute();
    const recheck = (hazard: string, result: 'confirmed' | 'refuted' | null) => ({
      hazard_id: ids[hazard]!,
      month: `${MONTH}-01`,
      grid_id: GRID1,
      street_id: XINAN,
      verified_by_inspector_id: inspectorId,
      inspector_id: seeded.inspectors[2]!.id,
      selection: JSON.stringify({ seed: `recheck:${MONTH}`, position: 1, of: 3, share: 0.05 }),
      result,
      checked_at: result ? at('2026-11-28') : null,
      created_at: at('2026-11-27'),
    });
    await db
      .insertInto('hazard_recheck')
      .values([recheck('H3', 'confirmed'), recheck('H7', 'refuted'), recheck('H4', null)])
      .execute();
  });

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('scores each street from the records, with the data file’s aspects, and ranks them', async () => {
    const duty = await score('groupBy=street');
    expect(duty.aspects.map((a) => a.id)).toEqual([...DUTY_ASPECTS]);
    expect(duty.status).toMatch(/PLATFORM DEFAULT/);
    expect(duty.aspects.filter((a) => a.targetDays !== null).map((a) => [a.id, a.targetDays])).toEqual([
      ['verificationTimeliness', 3],
      ['majorHazardReporting', 1],
    ]);
    expect(duty.cutOff).toBe(at('2026-12-01', 0).toISOString());
    expect(duty.rows.map((r) => [r.rank, r.key, r.total, r.measuredWeight])).toEqual([
      // 葵涌: four aspects measured, all in full (45 of 45 → 100).
      [1, KUICHONG, 100, 45],
      [2, XINAN, 53.9, 100],
    ]);
    const xinanRow = duty.rows[1]!;
    expect(figures(xinanRow)).toEqual({
      patrolCoverage: [2, 3, 10], // e1, e2 done of e1, e2, e3 planned: 15 × 2/3
      patrolOnTime: [1, 3, 3.3], // e1 only: 10 × 1/3
      overdueHazards: [3, 4, 3.8], // H1, H2, H8 of H1, H2, H5, H8 open: 15 × (1 − 3/4) = 3.75
      unsupervisedEnterprises: [1, 3, 6.7], // e5 of e1, e2, e5 (e3 suspended, e6 general): 10 × 2/3
      patrolQuality: [1, 2, 5], // H3 confirmed, H7 refuted, H4 not yet checked
      verificationTimeliness: [2, 3, 6.7], // H3 (2 days), H7 (1 day); H4 took 10
      enforcementFollowThrough: [2, 3, 6.7], // H7 closed, H8 taken up; H1 neither
      majorHazardReporting: [1, 2, 5], // H5 at once; H4 after 48 hours
      highRiskCoverage: [2, 3, 6.7], // e1 (red), e2 (orange) patrolled; e5 (red) last in September
    });
    expect(xinanRow.total).toBe(53.9); // 10 + 3.3 + 3.8 + 6.7 + 5 + 6.7 + 6.7 + 5 + 6.7
    const kuichongRow = duty.rows[0]!;
    expect(figures(kuichongRow)).toMatchObject({
      patrolCoverage: [1, 1, 15],
      unsupervisedEnterprises: [0, 1, 10],
      // e4 is yellow now but was red at the month's end, and was patrolled in November.
      highRiskCoverage: [1, 1, 10],
      overdueHazards: [0, 0, null],
    });
    expect(kuichongRow.aspects.find((a) => a.aspect === 'overdueHazards')!.rate).toBeNull();
  });

  it('adds up the same records per grid, under the street officer’s scope only', async () => {
    const duty = await score('groupBy=grid', xinan);
    expect(duty.rows.map((r) => [r.rank, r.key, r.total])).toEqual([
      [1, GRID1, 60.6], // 15 + 5 + 3.8 + 6.7 + 5 + 6.7 + 6.7 + 5 + 6.7
      [2, GRID2, 0], // one planned task, not done; nothing else to count
    ]);
    expect(figures(duty.rows[0]!)).toMatchObject({ patrolCoverage: [2, 2, 15], patrolOnTime: [1, 2, 5] });
    expect(duty.rows[1]!.measuredWeight).toBe(25);
    const street = await score('groupBy=street', xinan);
    expect(street.rows.map((r) => r.key)).toEqual([XINAN]);
  });

  it('drills every figure down to exactly the records it counts', async () => {
    const duty = await score('groupBy=street');
    for (const row of duty.rows) {
      for (const figure of row.aspects) {
        const all = await records('street', row.key, figure.aspect);
        const counted = await records('street', row.key, figure.aspect, '&counted=true');
        expect({ aspect: figure.aspect, n: all.items.length }).toEqual({
          aspect: figure.aspect,
          n: figure.denominator,
        });
        expect({ aspect: figure.aspect, n: counted.items.length }).toEqual({
          aspect: figure.aspect,
          n: figure.numerator,
        });
        expect(counted.items.every((r) => r.counted)).toBe(true);
        expect(all.truncated).toBe(false);
      }
    }
    // What cost points comes first, with what the aspect judged by.
    const unsupervised = await records('street', XINAN, 'unsupervisedEnterprises');
    expect(unsupervised.items[0]).toMatchObject({
      kind: 'enterprise',
      id: ids.e5,
      enterpriseName: '深圳市久违精密机械有限公司',
      counted: true,
      shortfall: true,
      day: null,
      grade: 'red',
    });
    expect(unsupervised.items.slice(1).map((r) => r.day)).toEqual(['2026-11-01', '2026-11-01']);
    const highRisk = await records('street', XINAN, 'highRiskCoverage');
    expect(highRisk.items.map((r) => [r.id, r.shortfall, r.day, r.grade])).toEqual([
      [ids.e5, true, '2026-09-01', 'red'],
      // then by day, and by the last patrol's time: e2 on 12 November, e1 (ad hoc) on the 20th
      [ids.e2, false, '2026-11-01', 'orange'],
      [ids.e1, false, '2026-11-01', 'red'],
    ]);
    const major = await records('street', XINAN, 'majorHazardReporting');
    expect(major.items.map((r) => [r.id, r.hours, r.shortfall])).toEqual([
      [ids.H4, 48, true],
      [ids.H5, 0, false],
    ]);
    const follow = await records('street', XINAN, 'enforcementFollowThrough');
    expect(follow.items.map((r) => [r.id, r.referralStatus, r.status, r.counted])).toEqual([
      [ids.H1, 'open', 'assigned', false],
      [ids.H7, 'open', 'closed', true],
      [ids.H8, 'filed', 'rectifying', true],
    ]);
    const limited = await city({
      url: `/api/profile/duty/records?month=${MONTH}&groupBy=grid&key=${GRID1}&aspect=overdueHazards&limit=1`,
    });
    // Overdue first, the earliest deadline first: H8 (1 November).
    expect(limited.json<DutyRecords>()).toMatchObject({ truncated: true, items: [{ id: ids.H8 }] });
  });

  it('refuses what lies outside the caller’s scope, a grid as a node, a future month and an inspector', async () => {
    const other = await xinan({ url: `/api/profile/duty?month=${MONTH}&jurisdictionId=DP-440307` });
    expect(other.statusCode).toBe(404);
    expect(problem(other).code).toBe('resource.not_found');
    const grid = await xinan({ url: `/api/profile/duty?month=${MONTH}&jurisdictionId=${GRID1}` });
    expect(grid.statusCode).toBe(422);
    expect(problem(grid).code).toBe('duty.jurisdiction_level');
    const future = await xinan({ url: '/api/profile/duty?month=2099-01' });
    expect(future.statusCode).toBe(422);
    expect(problem(future).code).toBe('duty.month_in_future');
    const bad = await xinan({
      url: `/api/profile/duty/records?month=${MONTH}&groupBy=street&key=${XINAN}&aspect=x`,
    });
    expect(problem(bad).code).toBe('request.invalid');
    expect((await inspector({ url: `/api/profile/duty?month=${MONTH}` })).statusCode).toBe(403);
    // Another street's officer sees only their own street, and none of 新安's records.
    expect((await score('', kuichong)).rows.map((r) => r.key)).toEqual([KUICHONG]);
    const elsewhere = await records('street', XINAN, 'overdueHazards', '', kuichong);
    expect(elsewhere.items).toEqual([]);
    // The city narrowed to 大鹏新区 gets its street only.
    expect((await score('jurisdictionId=DP-440307')).rows.map((r) => r.key)).toEqual([KUICHONG]);
  });
});
