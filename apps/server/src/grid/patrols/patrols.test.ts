import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type {
  Checklist,
  MyTasks,
  PatrolGenerationResult,
  PatrolTask,
  PatrolTaskList,
  PatrolTaskWriteResult,
  Problem,
} from '@safegrid/contracts';
import type { Role } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { creditCode, seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';
import { isDue, loadPatrolFrequency } from './patrol-frequency';
import { majorHazardArticles } from '../../platform/checklists/checklist-library';
import { haversineMetres } from './route-order';

/**
 * Patrol tasks end to end through the HTTP API on the test database (PGlite, or PostgreSQL with
 * SAFEGRID_TEST_DATABASE_URL): generation (due set, round-robin balance, idempotence, scope),
 * the planner's writes, the inspector's list, check-in and check-list with their replays.
 */

// Thursday 2026-12-10, 10:00 in Shenzhen: fixed, so due dates and ranges are exact.
const NOW = new Date('2026-12-10T02:00:00Z');
const MONTH = '2026-12';
const BAOAN_GRID_1 = 'G440306001001-1';
const BAOAN_GRID_2 = 'G440306001001-2';
const DAPENG_GRID = 'G440307009001-1';
const CATEGORIES = ['machinery', 'metallurgy', 'commerce', 'textile'] as const;
const INDUSTRY_OF = { machinery: 'C3981', metallurgy: 'C3981', commerce: 'C3981', textile: 'C1711' } as const;

type As = ReturnType<typeof injectAs>;
type Res = Awaited<ReturnType<As>>;

describe('patrol tasks', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let e1: string;
  let e4: string;
  let inspectors: { zhang: string; li: string; wang: string; grid2: string[] };
  let street: As;
  let dapengStreet: As;
  let city: As;
  let li: As; // grid inspector account of 李娜 (grid 1)
  let wang: As; // grid inspector account of 王强 (grid 1)
  let district: As;
  const frequency = loadPatrolFrequency();

  const user = async (role: Role, scopeIds: string[], inspectorId?: string) => {
    const u = await createTestUser(db, { role, scopeIds });
    if (inspectorId)
      await db.updateTable('app_user').set({ inspector_id: inspectorId }).where('id', '=', u.id).execute();
    return injectAs(app, await openTestSession(db, u.id, { now: NOW }));
  };
  const base = '/api/grid/patrols';
  const problem = (res: Res) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const generate = async (as: As, payload: Record<string, unknown>) => {
    const res = await as({ method: 'POST', url: `${base}/generate`, payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<PatrolGenerationResult>();
  };
  const listAll = async (as: As, query: string) => {
    const items: PatrolTask[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res = await as({ url: `${base}/tasks?${query}&limit=7${after ? `&after=${after}` : ''}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<PatrolTaskList>();
      items.push(...body.items);
      after = body.next;
      if (!after) break;
    }
    return items;
  };
  /** The operating enterprises due in the month, per grid, as the rule in patrol-frequency.ts says. */
  const expectedDue = async (month: string, grids: string[]) => {
    const rows = await db
      .selectFrom('enterprise')
      .select(['id', 'grid_id', 'gongmao_category'])
      .where('status', '=', 'operating')
      .where('grid_id', 'in', grids)
      .execute();
    const byGrid = new Map<string, string[]>();
    for (const r of rows) {
      if (!isDue(Number(r.id), frequency.intervalMonths[r.gongmao_category], month)) continue;
      byGrid.set(r.grid_id, [...(byGrid.get(r.grid_id) ?? []), r.id]);
    }
    return byGrid;
  };
  const taskOf = async (inspectorId: string, status = 'open') => {
    const row = await db
      .selectFrom('patrol_task as t')
      .innerJoin('enterprise as e', 'e.id', 't.enterprise_id')
      .select(['t.id', 'e.lat', 'e.lon', 'e.gongmao_category as category'])
      .where('t.inspector_id', '=', inspectorId)
      .where('t.status', '=', status as never)
      .orderBy('t.id')
      .executeTakeFirstOrThrow();
    return row;
  };
  const checkIn = (as: As, id: string, payload: Record<string, unknown>) =>
    as({ method: 'POST', url: `${base}/tasks/${id}/check-in`, payload });

  beforeAll(async () => {
    const t = await openTestDatabase('patrols');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    e1 = seeded.enterprises[0]!.id;
    e4 = seeded.enterprises[3]!.id;
    // More enterprises of several categories in both 宝安 grids and in 大鹏 (where nobody is in charge).
    const extra = [];
    for (let i = 0; i < 72; i++) {
      const grid = i < 30 ? BAOAN_GRID_1 : i < 60 ? BAOAN_GRID_2 : DAPENG_GRID;
      const category = CATEGORIES[i % CATEGORIES.length]!;
      const dapeng = grid === DAPENG_GRID;
      extra.push({
        credit_code: creditCode(`91440306PT${String(i).padStart(7, '0')}`),
        name: `巡查测试企业${i}有限公司`,
        address: '深圳市宝安区新安街道测试路1号',
        industry_code: INDUSTRY_OF[category],
        gongmao_category: category,
        scale: 'small' as const,
        employees: 10,
        lon: (dapeng ? 114.46 : 114.01) + (i % 10) * 0.002,
        lat: (dapeng ? 22.56 : 22.51) + Math.floor(i / 10) * 0.002,
        grid_id: grid,
        community_id: dapeng ? '440307009001' : '440306001001',
        street_id: dapeng ? '440307009' : '440306001',
        district_id: dapeng ? 'DP-440307' : '440306',
        status: 'operating' as const,
        synthetic: true,
        search_terms: [],
      });
    }
    await db.insertInto('enterprise').values(extra).execute();
    const grid2 = await db
      .insertInto('inspector')
      .values([1, 2, 3].map((n) => ({ name: `网格二${n}`, street_id: '440306001', synthetic: true })))
      .returning('id')
      .execute();
    await db
      .insertInto('grid_assignment')
      .values(
        grid2.map((g) => ({
          inspector_id: g.id,
          grid_id: BAOAN_GRID_2,
          valid_from: '2026-01-01',
          valid_to: null,
        })),
      )
      .execute();
    inspectors = {
      zhang: seeded.inspectors[0]!.id,
      li: seeded.inspectors[1]!.id,
      wang: seeded.inspectors[2]!.id,
      grid2: grid2.map((g) => g.id),
    };
    app = await buildApp({ config: testConfig(), database: t.database, logger: false, clock: () => NOW });
    street = await user('street_officer', ['440306001']);
    dapengStreet = await user('street_officer', ['440307009']);
    city = await user('city_admin', ['440300']);
    district = await user('district_officer', ['440306']);
    li = await user('grid_inspector', [BAOAN_GRID_1], inspectors.li);
    wang = await user('grid_inspector', [BAOAN_GRID_1], inspectors.wang);
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  describe('monthly generation', () => {
    it("creates the street's due tasks, shared out evenly over the inspectors in charge on the 1st", async () => {
      const result = await generate(street, { month: MONTH });
      const due = await expectedDue(MONTH, [BAOAN_GRID_1, BAOAN_GRID_2]);
      const total = [...due.values()].reduce((n, ids) => n + ids.length, 0);
      expect(total).toBeGreaterThan(10);
      expect(result).toEqual({ month: MONTH, created: total, existing: 0, unassigned: 0 });

      const tasks = await listAll(street, `month=${MONTH}`);
      expect(tasks.length).toBe(total);
      expect(new Set(tasks.map((t) => t.id)).size).toBe(total);
      for (const [grid, ids] of due) {
        const inGrid = tasks.filter((t) => t.gridId === grid);
        expect(inGrid.map((t) => t.enterprise.id).sort()).toEqual([...ids].sort());
        const counts = new Map<string, number>();
        for (const t of inGrid) counts.set(t.inspector.id, (counts.get(t.inspector.id) ?? 0) + 1);
        // 张伟 left grid 1 on 2026-07-01: only 李娜 and 王强 are in charge on 2026-12-01.
        const staff = grid === BAOAN_GRID_1 ? [inspectors.li, inspectors.wang] : inspectors.grid2;
        expect([...counts.keys()].sort()).toEqual([...staff].sort());
        expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
        // Due dates inside the month, spread rather than all on one day.
        const days = new Set(inGrid.map((t) => t.dueDate));
        expect([...days].every((d) => d.startsWith(`${MONTH}-`))).toBe(true);
        expect(days.size).toBeGreaterThan(Math.min(inGrid.length, 31) / 2);
      }
      expect(tasks.every((t) => t.kind === 'planned' && t.status === 'open' && t.version === 1)).toBe(true);
      expect(tasks.some((t) => t.enterprise.id === e4)).toBe(false);
    });

    it('is idempotent: a second run creates nothing and counts what exists', async () => {
      const before = await db
        .selectFrom('patrol_task')
        .select(db.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      const again = await generate(street, { month: MONTH });
      expect(again.created).toBe(0);
      expect(again.existing).toBeGreaterThan(10);
      const after = await db
        .selectFrom('patrol_task')
        .select(db.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      expect(Number(after!.n)).toBe(Number(before!.n));
    });

    it('city-wide: adds 大鹏 and counts its due enterprises without an inspector as unassigned', async () => {
      const due = await expectedDue(MONTH, [DAPENG_GRID]);
      const dapengDue = due.get(DAPENG_GRID)?.length ?? 0;
      expect(dapengDue).toBeGreaterThan(0);
      const result = await generate(city, { month: MONTH });
      expect(result.created).toBe(0);
      expect(result.unassigned).toBe(dapengDue);
      const audit = await db
        .selectFrom('audit_event')
        .select(['after'])
        .where('action', '=', 'patrol.generated')
        .execute();
      expect(audit.length).toBe(3);
    });

    it('limits to a node in scope; a node outside it is 404; an inspector may not plan', async () => {
      const next = '2027-01';
      const result = await generate(district, { month: next, jurisdictionId: BAOAN_GRID_2 });
      const due = await expectedDue(next, [BAOAN_GRID_2]);
      expect(result.created).toBe(due.get(BAOAN_GRID_2)?.length ?? 0);
      const tasks = await listAll(district, `month=${next}`);
      expect(tasks.every((t) => t.gridId === BAOAN_GRID_2)).toBe(true);

      const outside = await street({
        method: 'POST',
        url: `${base}/generate`,
        payload: { month: next, jurisdictionId: DAPENG_GRID },
      });
      expect(outside.statusCode).toBe(404);
      const unknown = await street({
        method: 'POST',
        url: `${base}/generate`,
        payload: { month: next, jurisdictionId: 'nowhere' },
      });
      expect(unknown.statusCode).toBe(404);
      const inspector = await li({ method: 'POST', url: `${base}/generate`, payload: { month: next } });
      expect(inspector.statusCode).toBe(403);
      expect(problem(inspector).code).toBe('auth.forbidden');
    });

    it('answers a malformed month with a 400 problem', async () => {
      const res = await street({ method: 'POST', url: `${base}/generate`, payload: { month: '2026-13' } });
      expect(res.statusCode).toBe(400);
      expect(problem(res).code).toBe('request.invalid');
      const extra = await street({
        method: 'POST',
        url: `${base}/generate`,
        payload: { month: MONTH, everything: true },
      });
      expect(extra.statusCode).toBe(400);
    });
  });

  describe('reading', () => {
    it("scopes lists and lookups: another street's officer sees nothing of 宝安 and gets 404", async () => {
      const baoan = await listAll(street, `month=${MONTH}`);
      const some = baoan[0]!;
      expect((await listAll(dapengStreet, `month=${MONTH}`)).some((t) => t.gridId !== DAPENG_GRID)).toBe(
        false,
      );
      const res = await dapengStreet({ url: `${base}/tasks/${some.id}` });
      expect(res.statusCode).toBe(404);
      expect(problem(res).code).toBe('resource.not_found');
      const ok = await street({ url: `${base}/tasks/${some.id}` });
      expect(ok.statusCode).toBe(200);
      expect(ok.json<PatrolTask>()).toEqual(some);
    });

    it("an inspector sees their grid's tasks only; filters combine", async () => {
      const seen = await listAll(li, `month=${MONTH}`);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((t) => t.gridId === BAOAN_GRID_1)).toBe(true);
      const mine = await listAll(street, `month=${MONTH}&inspectorId=${inspectors.li}&status=open`);
      expect(mine.every((t) => t.inspector.id === inspectors.li && t.status === 'open')).toBe(true);
      const grid2 = await listAll(street, `gridId=${BAOAN_GRID_2}`);
      expect(grid2.every((t) => t.gridId === BAOAN_GRID_2)).toBe(true);
      const bad = await street({ url: `${base}/tasks?after=abc` });
      expect(bad.statusCode).toBe(400);
    });
  });

  describe('planning writes', () => {
    it('adds an ad-hoc task for an inspector in charge; refuses one who is not, a past date, another street', async () => {
      const res = await street({
        method: 'POST',
        url: `${base}/tasks`,
        payload: { enterpriseId: e1, inspectorId: inspectors.li, dueDate: '2026-12-10', note: ' 群众举报 ' },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<PatrolTask>()).toMatchObject({
        kind: 'ad_hoc',
        status: 'open',
        month: MONTH,
        dueDate: '2026-12-10',
        note: '群众举报',
        inspector: { id: inspectors.li, name: '李娜' },
        enterprise: { id: e1, gongmaoCategory: 'machinery' },
        checkIn: null,
        failedItems: [],
      });

      const former = await street({
        method: 'POST',
        url: `${base}/tasks`,
        payload: { enterpriseId: e1, inspectorId: inspectors.zhang, dueDate: '2026-12-11' },
      });
      expect(former.statusCode).toBe(422);
      expect(problem(former)).toMatchObject({
        code: 'patrol.inspector_not_in_charge',
        errors: [{ pointer: '/body/inspectorId' }],
      });
      const past = await street({
        method: 'POST',
        url: `${base}/tasks`,
        payload: { enterpriseId: e1, inspectorId: inspectors.li, dueDate: '2026-12-09' },
      });
      expect(problem(past).code).toBe('patrol.due_date_past');
      const outside = await street({
        method: 'POST',
        url: `${base}/tasks`,
        payload: { enterpriseId: e4, inspectorId: inspectors.li, dueDate: '2026-12-11' },
      });
      expect(outside.statusCode).toBe(404);
    });

    it('reassigns an open task with the version check', async () => {
      const task = await taskOf(inspectors.wang);
      const stale = await street({
        method: 'PATCH',
        url: `${base}/tasks/${task.id}`,
        payload: { inspectorId: inspectors.li, version: 7 },
      });
      expect(stale.statusCode).toBe(409);
      expect(problem(stale).code).toBe('patrol.version_stale');
      const former = await street({
        method: 'PATCH',
        url: `${base}/tasks/${task.id}`,
        payload: { inspectorId: inspectors.zhang, version: 1 },
      });
      expect(problem(former).code).toBe('patrol.inspector_not_in_charge');
      const ok = await street({
        method: 'PATCH',
        url: `${base}/tasks/${task.id}`,
        payload: { inspectorId: inspectors.li, version: 1 },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json<PatrolTask>()).toMatchObject({ inspector: { id: inspectors.li }, version: 2 });
      const elsewhere = await dapengStreet({
        method: 'PATCH',
        url: `${base}/tasks/${task.id}`,
        payload: { inspectorId: inspectors.wang, version: 2 },
      });
      expect(elsewhere.statusCode).toBe(404);
    });
  });

  describe("the inspector's day", () => {
    it('lists own open tasks due in the range, overdue included, in a visiting order', async () => {
      // An overdue task from last month.
      const { id: overdue } = await db
        .insertInto('patrol_task')
        .values({
          kind: 'ad_hoc',
          enterprise_id: e1,
          grid_id: BAOAN_GRID_1,
          street_id: '440306001',
          inspector_id: inspectors.li,
          month: '2026-11-01',
          due_date: '2026-11-20',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const month = await li({ url: `${base}/my-tasks?range=month&lat=22.5&lon=114.0` });
      expect(month.statusCode, month.body).toBe(200);
      const all = month.json<MyTasks>();
      const expected = await db
        .selectFrom('patrol_task')
        .select('id')
        .where('inspector_id', '=', inspectors.li)
        .where('status', 'in', ['open', 'checked_in'])
        .where('due_date', '<=', '2026-12-31')
        .execute();
      expect(all.items.map((t) => t.id).sort()).toEqual(expected.map((r) => r.id).sort());
      expect(all.items.some((t) => t.id === overdue)).toBe(true);
      expect(all.ordering).toContain('2-opt');
      // The route's length is the walk from the given position through the items in order.
      let walked = 0;
      let at = { lat: 22.5, lon: 114.0 };
      for (const t of all.items) {
        walked += haversineMetres(at, t.enterprise);
        at = t.enterprise;
      }
      expect(Math.abs(all.routeMetres - walked)).toBeLessThanOrEqual(1);

      const today = (await li({ url: `${base}/my-tasks` })).json<MyTasks>();
      expect(today.items.every((t) => t.dueDate <= '2026-12-10')).toBe(true);
      expect(today.items.some((t) => t.id === overdue)).toBe(true);
      const week = (await li({ url: `${base}/my-tasks?range=week` })).json<MyTasks>();
      expect(week.items.every((t) => t.dueDate <= '2026-12-13')).toBe(true);
      expect(week.items.length).toBeGreaterThanOrEqual(today.items.length);
      // An account not linked to an inspector owns no task.
      const unlinked = await user('grid_inspector', [BAOAN_GRID_1]);
      const none = await unlinked({ url: `${base}/my-tasks?range=month` });
      expect(none.json<MyTasks>()).toMatchObject({ items: [], routeMetres: 0 });
      // Officers plan; they have no tasks of their own to walk.
      expect((await street({ url: `${base}/my-tasks` })).statusCode).toBe(403);
    });

    it('checks in near the enterprise, replays by clientId, flags a fix outside the geofence', async () => {
      const task = await taskOf(inspectors.li);
      const clientId = randomUUID();
      const payload = {
        clientId,
        lat: task.lat + 0.0005,
        lon: task.lon,
        accuracy: 12,
        at: '2026-12-10T01:55:00Z',
      };
      const first = await checkIn(li, task.id, payload);
      expect(first.statusCode, first.body).toBe(200);
      const result = first.json<PatrolTaskWriteResult>();
      expect(result.replayed).toBe(false);
      expect(result.task.status).toBe('checked_in');
      expect(result.task.checkIn).toMatchObject({ outsideGeofence: false, lat: payload.lat });
      expect(result.task.checkIn!.distanceMetres).toBeGreaterThan(40);
      expect(result.task.checkIn!.distanceMetres).toBeLessThan(70);

      const replay = await checkIn(li, task.id, payload);
      expect(replay.statusCode).toBe(200);
      expect(replay.json<PatrolTaskWriteResult>()).toEqual({ task: result.task, replayed: true });
      const second = await checkIn(li, task.id, { ...payload, clientId: randomUUID() });
      expect(second.statusCode).toBe(409);
      expect(problem(second).code).toBe('patrol.already_checked_in');
      const audits = await db
        .selectFrom('audit_event')
        .select('id')
        .where('action', '=', 'patrol.checked_in')
        .where('resource_id', '=', task.id)
        .execute();
      expect(audits.length).toBe(1);

      const far = await taskOf(inspectors.li);
      const flagged = await checkIn(li, far.id, {
        clientId: randomUUID(),
        lat: far.lat + 0.01,
        lon: far.lon,
        at: '2026-12-10T01:59:00Z',
      });
      expect(flagged.statusCode, flagged.body).toBe(200);
      expect(flagged.json<PatrolTaskWriteResult>().task.checkIn).toMatchObject({ outsideGeofence: true });
    });

    it('refuses implausible positions and times, and tasks that are not the caller’s', async () => {
      const task = await taskOf(inspectors.li);
      const base = { clientId: randomUUID(), lat: task.lat, lon: task.lon, at: '2026-12-10T02:00:00Z' };
      const nullIsland = await checkIn(li, task.id, { ...base, lat: 0, lon: 0 });
      expect(nullIsland.statusCode).toBe(422);
      expect(problem(nullIsland).code).toBe('patrol.location_implausible');
      const faraway = await checkIn(li, task.id, { ...base, lat: task.lat + 2 });
      expect(problem(faraway).code).toBe('patrol.location_implausible');
      const future = await checkIn(li, task.id, { ...base, at: '2026-12-10T02:06:00Z' });
      expect(future.statusCode).toBe(422);
      expect(problem(future)).toMatchObject({
        code: 'patrol.time_in_future',
        errors: [{ pointer: '/body/at' }],
      });
      // Within the allowed clock skew.
      const skew = await checkIn(li, task.id, { ...base, at: '2026-12-10T02:04:00Z' });
      expect(skew.statusCode, skew.body).toBe(200);

      const others = await taskOf(inspectors.grid2[0]!);
      const foreign = await checkIn(li, others.id, {
        ...base,
        clientId: randomUUID(),
        lat: others.lat,
        lon: others.lon,
      });
      expect(foreign.statusCode).toBe(404);
      const notMine = await checkIn(wang, (await taskOf(inspectors.li)).id, {
        ...base,
        clientId: randomUUID(),
      });
      expect(notMine.statusCode).toBe(404);
      const officer = await checkIn(street, task.id, { ...base, clientId: randomUUID() });
      expect(officer.statusCode).toBe(403);
      const malformed = await checkIn(li, task.id, { ...base, clientId: 'x', lat: 95 });
      expect(malformed.statusCode).toBe(400);
      expect(problem(malformed).code).toBe('request.invalid');
    });

    it('serves the check-list and takes it once, complete, after check-in', async () => {
      const open = await taskOf(inspectors.li);
      const checked = await taskOf(inspectors.li, 'checked_in');
      const checklistOf = async (task: { id: string }) => {
        const res = await li({ url: `${base}/tasks/${task.id}/checklist` });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<Checklist>();
      };
      const checklist = await checklistOf(checked);
      expect(checklist).toMatchObject({
        templateId: `patrol-${checked.category.replace('_', '-')}`,
        category: checked.category,
      });
      const major = checklist.items.filter((i) => i.majorHazardRef);
      expect([...new Set(major.map((i) => Number(i.majorHazardRef!.split(':')[1])))]).toEqual(
        majorHazardArticles(checked.category),
      );
      expect((await dapengStreet({ url: `${base}/tasks/${open.id}/checklist` })).statusCode).toBe(404);

      // An enterprise tagged for combustible dust also gets 令第10号 第十一条 (粉尘爆炸); untagged, not.
      const { enterprise_id: enterpriseId } = await db
        .selectFrom('patrol_task')
        .select('enterprise_id')
        .where('id', '=', checked.id)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('enterprise_risk_tag')
        .values({ enterprise_id: enterpriseId, tag: 'dust_explosion', source: 'declared' })
        .execute();
      const dusty = (await checklistOf(checked)).items.filter((i) => i.majorHazardRef);
      expect(new Set(dusty.map((i) => Number(i.majorHazardRef!.split(':')[1])))).toEqual(
        new Set([...majorHazardArticles(checked.category), 11]),
      );
      await db.deleteFrom('enterprise_risk_tag').where('enterprise_id', '=', enterpriseId).execute();
      expect((await checklistOf(checked)).items).toEqual(checklist.items);

      const answers = checklist.items.map((i) => ({ itemId: i.id, outcome: 'pass' as const }));
      const submit = (id: string, results: unknown, clientId = randomUUID()) =>
        li({
          method: 'POST',
          url: `${base}/tasks/${id}/checklist`,
          payload: { clientId, results, at: '2026-12-10T01:58:00Z' },
        });
      const early = await submit(
        open.id,
        (await checklistOf(open)).items.map((i) => ({ itemId: i.id, outcome: 'pass' })),
      );
      expect(early.statusCode).toBe(409);
      expect(problem(early).code).toBe('patrol.not_checked_in');

      const wrong = await submit(checked.id, [
        ...answers.slice(2),
        { itemId: 'no-such-item', outcome: 'pass' },
        answers[2],
      ]);
      expect(wrong.statusCode).toBe(422);
      const body = problem(wrong);
      expect(body.code).toBe('patrol.checklist_item_unknown');
      expect(body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ pointer: `/body/results/${answers.length - 2}/itemId` }),
          expect.objectContaining({ code: 'patrol.checklist_item_duplicate' }),
          expect.objectContaining({
            code: 'patrol.checklist_incomplete',
            params: { itemId: answers[0]!.itemId },
          }),
        ]),
      );

      const failing = answers.map((a) =>
        a.itemId === major[0]!.id || a.itemId === 'general.training'
          ? { ...a, outcome: 'fail' as const, note: '未见记录' }
          : a,
      );
      const clientId = randomUUID();
      const done = await submit(checked.id, failing, clientId);
      expect(done.statusCode, done.body).toBe(200);
      const result = done.json<PatrolTaskWriteResult>();
      expect(result.replayed).toBe(false);
      expect(result.task.status).toBe('done');
      expect(result.task.completedAt).toBe('2026-12-10T01:58:00.000Z');
      expect(result.task.failedItems.sort()).toEqual([major[0]!.id, 'general.training'].sort());

      const replay = await submit(checked.id, failing, clientId);
      expect(replay.json<PatrolTaskWriteResult>()).toEqual({ task: result.task, replayed: true });
      const again = await submit(checked.id, answers);
      expect(again.statusCode).toBe(409);
      expect(problem(again).code).toBe('patrol.checklist_submitted');
      // A done task is no longer on the inspector's list, nor can it be reassigned.
      const mine = (await li({ url: `${base}/my-tasks?range=month` })).json<MyTasks>();
      expect(mine.items.some((t) => t.id === checked.id)).toBe(false);
      const reassign = await street({
        method: 'PATCH',
        url: `${base}/tasks/${checked.id}`,
        payload: { inspectorId: inspectors.wang, version: result.task.version },
      });
      expect(reassign.statusCode).toBe(409);
      expect(problem(reassign).code).toBe('patrol.task_not_open');
    });
  });
});
