import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DispatchEventDetail, DispatchEventList, Problem } from '@safegrid/contracts';
import type { Role } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';
import { raiseOverdueSupervision, startDispatchOverdueSweep } from './dispatch-overdue';

/**
 * Dispatch events end to end through the HTTP API on the test database (PGlite, or PostgreSQL
 * with SAFEGRID_TEST_DATABASE_URL): the whole flow with its timeline, every refusal, scoping,
 * keyset pages and the overdue sweep.
 */

type As = ReturnType<typeof injectAs>;
type Res = { statusCode: number; body: string; headers: Record<string, unknown>; json: <T>() => T };

describe('dispatch events', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  const as: Partial<
    Record<'street' | 'inspector' | 'otherStreet' | 'district' | 'admin' | 'enforcement', As>
  > = {};
  const base = '/api/grid/dispatch/events';

  const user = async (role: Role, scopeIds: string[]) => {
    const u = await createTestUser(db, { role, scopeIds });
    return injectAs(app, await openTestSession(db, u.id));
  };
  const problem = (res: Res) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const report = (payload: Record<string, unknown> = {}, who = as.inspector!) =>
    who({
      method: 'POST',
      url: base,
      payload: { source: 'patrol', gridId: 'G440306001001-1', description: '消防通道堵塞', ...payload },
    });
  const fresh = async (payload: Record<string, unknown> = {}, who = as.inspector!) => {
    const res = await report(payload, who);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<DispatchEventDetail>();
  };
  const step = (e: { id: string; version: number }, payload: Record<string, unknown>, who = as.street!) =>
    who({ method: 'POST', url: `${base}/${e.id}/steps`, payload: { version: e.version, ...payload } });
  const ok = async (
    e: { id: string; version: number },
    payload: Record<string, unknown>,
    who = as.street!,
  ) => {
    const res = await step(e, payload, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<DispatchEventDetail>();
  };

  beforeAll(async () => {
    const t = await openTestDatabase('dispatch');
    cleanup = t.cleanup;
    db = t.database.db;
    await seedMiniCity(db);
    app = await buildApp({ config: testConfig(), database: t.database, logger: false });
    as.street = await user('street_officer', ['440306001']);
    as.inspector = await user('grid_inspector', ['G440306001001-1']);
    as.otherStreet = await user('street_officer', ['440307009']);
    as.district = await user('district_officer', ['440306']);
    as.admin = await user('city_admin', ['440300']);
    as.enforcement = await user('enforcement_officer', ['440306']);
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('runs an event end to end, with a complete timeline and an audit entry per write', async () => {
    let e = await fresh({ urgency: 'urgent', lat: 22.51, lon: 114.01 });
    expect(e).toMatchObject({
      source: 'patrol',
      status: 'received',
      urgency: 'urgent',
      place: {
        gridId: 'G440306001001-1',
        streetId: '440306001',
        districtId: '440306',
        streetName: '新安街道',
      },
      location: [114.01, 22.51],
      slaDueAt: null,
      overdue: false,
      allowedEvents: [],
      version: 1,
    });
    expect(e.timeline).toHaveLength(1);
    expect(e.timeline[0]).toMatchObject({ seq: 1, event: 'report', fromStatus: null, toStatus: 'received' });
    expect(e.stepDueAt).not.toBeNull();

    const seenByStreet = await as.street!({ url: `${base}/${e.id}` });
    expect(seenByStreet.json<DispatchEventDetail>().allowedEvents).toEqual(['file', 'not_file']);

    e = await ok(e, { event: 'file' });
    expect(e.status).toBe('filed');
    expect(e.filedAt).not.toBeNull();
    expect(e.slaDueAt).not.toBeNull();
    expect(e.allowedEvents).toEqual(['dispatch', 'assign_finder']);
    e = await ok(e, { event: 'dispatch', department: 'street-enforcement-team' });
    expect(e.department).toMatchObject({ id: 'street-enforcement-team', name: '街道综合行政执法队' });
    e = await ok(e, { event: 'accept' }, as.inspector);
    e = await ok(e, { event: 'feedback', note: '已清理通道' }, as.inspector);
    e = await ok(e, { event: 'return', note: '缺少现场照片' });
    expect(e.status).toBe('handling');
    e = await ok(e, { event: 'feedback', note: '补充照片，通道畅通' }, as.inspector);
    e = await ok(e, { event: 'verify' });
    expect(e).toMatchObject({ status: 'closed', stepDueAt: null });
    expect(e.closedAt).not.toBeNull();
    e = await ok(e, { event: 'evaluate', rating: 4, note: '处置及时' });
    expect(e).toMatchObject({ status: 'evaluated', rating: 4, allowedEvents: [], version: 9 });

    expect(e.timeline.map((s) => [s.seq, s.event, s.fromStatus, s.toStatus])).toEqual([
      [1, 'report', null, 'received'],
      [2, 'file', 'received', 'filed'],
      [3, 'dispatch', 'filed', 'dispatched'],
      [4, 'accept', 'dispatched', 'handling'],
      [5, 'feedback', 'handling', 'handled'],
      [6, 'return', 'handled', 'handling'],
      [7, 'feedback', 'handling', 'handled'],
      [8, 'verify', 'handled', 'closed'],
      [9, 'evaluate', 'closed', 'evaluated'],
    ]);
    expect(e.timeline[5]!.note).toBe('缺少现场照片');
    expect(e.timeline[8]!.rating).toBe(4);
    expect(e.timeline.every((s) => s.actor)).toBe(true);

    const audit = await db
      .selectFrom('audit_event')
      .select('action')
      .where('resource_type', '=', 'dispatch_event')
      .where('resource_id', '=', e.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'dispatch.reported',
      'dispatch.file',
      'dispatch.dispatch',
      'dispatch.accept',
      'dispatch.feedback',
      'dispatch.return',
      'dispatch.feedback',
      'dispatch.verify',
      'dispatch.evaluate',
    ]);
    // The timeline is append-only in the database itself.
    await expect(
      db.updateTable('dispatch_step').set({ note: 'x' }).where('event_id', '=', e.id).execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('supports 巡办结合 and 不予立案', async () => {
    let e = await fresh();
    e = await ok(e, { event: 'file' });
    e = await ok(e, { event: 'assign_finder' });
    expect(e.status).toBe('handling');
    // A superior's instruction has no finder on the spot: it must be dispatched.
    const superior = await ok(await fresh({ source: 'superior' }, as.district), { event: 'file' });
    expect(superior.allowedEvents).toEqual(['dispatch']);
    const noFinder = await step(superior, { event: 'assign_finder' });
    expect(noFinder.statusCode).toBe(422);
    expect(problem(noFinder).code).toBe('dispatch.finder_missing');
    const declined = await ok(await fresh(), { event: 'not_file', note: '不属于安全生产范畴' });
    expect(declined).toMatchObject({ status: 'not_filed', stepDueAt: null, allowedEvents: [] });
  });

  it('refuses with the right answer: 400, 403, 404, 409, 422', async () => {
    const e = await fresh();
    // 400: the schema.
    for (const payload of [
      { event: 'teleport', version: 1 },
      { event: 'evaluate', version: 1, rating: 9 },
      { event: 'file', version: 1, extra: true },
      { event: 'file' },
    ]) {
      const res = await as.street!({ method: 'POST', url: `${base}/${e.id}/steps`, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(problem(res).code).toBe('request.invalid');
    }
    expect((await as.street!({ url: `${base}/abc` })).statusCode).toBe(400);
    // 403: a role that may never take this step, and one that may not touch dispatch at all.
    const forbidden = await step(e, { event: 'file' }, as.inspector);
    expect(forbidden.statusCode).toBe(403);
    expect(problem(forbidden).code).toBe('dispatch.step_forbidden');
    expect((await as.enforcement!({ url: base })).statusCode).toBe(403);
    expect((await step(e, { event: 'file' }, as.admin)).statusCode).toBe(403);
    // 404: another street's officer, and an id that does not exist.
    const other = await as.otherStreet!({ url: `${base}/${e.id}` });
    expect(other.statusCode).toBe(404);
    expect(problem(other).code).toBe('resource.not_found');
    expect((await step(e, { event: 'file' }, as.otherStreet)).statusCode).toBe(404);
    expect((await as.street!({ url: `${base}/999999999` })).statusCode).toBe(404);
    // 409: not from this status; a stale version.
    const wrongState = await step(e, { event: 'verify' });
    expect(wrongState.statusCode).toBe(409);
    expect(problem(wrongState).code).toBe('dispatch.invalid_transition');
    const stale = await step({ id: e.id, version: 7 }, { event: 'file' });
    expect(stale.statusCode).toBe(409);
    expect(problem(stale)).toMatchObject({ code: 'dispatch.version_stale', params: { version: 1 } });
    // 422: a reason, a department, a rating missing or wrong.
    const noReason = await step(e, { event: 'not_file', note: '   ' });
    expect(noReason.statusCode).toBe(422);
    expect(problem(noReason).errors).toEqual([
      { pointer: '/body/note', code: 'dispatch.note_required', params: { event: 'not_file' } },
    ]);
    const filed = await ok(e, { event: 'file' });
    const noDept = await step(filed, { event: 'dispatch', department: 'moon-base' });
    expect(problem(noDept).code).toBe('dispatch.department_unknown');
    expect(noDept.statusCode).toBe(422);
    // A refused step writes nothing.
    const after = (await as.street!({ url: `${base}/${e.id}` })).json<DispatchEventDetail>();
    expect(after).toMatchObject({ status: 'filed', version: 2 });
    expect(after.timeline).toHaveLength(2);
  });

  it('checks a report: the grid must exist and lie in scope; a superior instruction comes from an officer', async () => {
    const unknown = await report({ gridId: 'G-NOWHERE' });
    expect(unknown.statusCode).toBe(422);
    expect(problem(unknown).code).toBe('dispatch.grid_unknown');
    const outside = await report({ gridId: 'G440307009001-1' });
    expect(outside.statusCode).toBe(404);
    const street = await report({ gridId: 'G440306001001-2' }, as.street);
    expect(street.statusCode).toBe(201);
    const superior = await report({ source: 'superior' });
    expect(superior.statusCode).toBe(403);
    const fromDistrict = await report({ source: 'superior', urgency: 'low' }, as.district);
    expect(fromDistrict.statusCode, fromDistrict.body).toBe(201);
    expect(fromDistrict.json<DispatchEventDetail>()).toMatchObject({ source: 'superior', urgency: 'low' });
    const halfPoint = await report({ lat: 22.5 });
    expect(halfPoint.statusCode).toBe(400);
    const blank = await report({ source: 'tip' });
    expect(blank.statusCode).toBe(400);
  });

  it('lists in scope, newest first, in keyset pages, with filters', async () => {
    for (let i = 0; i < 3; i++) await fresh({ description: `列表事件${i}` });
    const page1 = await as.street!({ url: `${base}?limit=2` });
    expect(page1.statusCode, page1.body).toBe(200);
    const list1 = page1.json<DispatchEventList>();
    expect(list1.items).toHaveLength(2);
    expect(list1.nextCursor).not.toBeNull();
    const list2 = (
      await as.street!({ url: `${base}?limit=2&cursor=${list1.nextCursor}` })
    ).json<DispatchEventList>();
    expect(Number(list2.items[0]!.id)).toBeLessThan(Number(list1.items[1]!.id));
    const ids = list1.items.map((i) => Number(i.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const all = (await as.street!({ url: `${base}?limit=100` })).json<DispatchEventList>().items;
    expect(all.every((i) => i.place.streetId === '440306001')).toBe(true);
    const evaluated = (await as.street!({ url: `${base}?status=evaluated` })).json<DispatchEventList>().items;
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.every((i) => i.status === 'evaluated')).toBe(true);
    const superior = (await as.street!({ url: `${base}?source=superior` })).json<DispatchEventList>().items;
    expect(superior.every((i) => i.source === 'superior')).toBe(true);
    expect((await as.street!({ url: `${base}?overdue=true` })).json<DispatchEventList>().items).toEqual([]);
    // The inspector sees their grid only; another street sees none of these.
    const mine = (await as.inspector!({ url: `${base}?limit=100` })).json<DispatchEventList>().items;
    expect(mine.every((i) => i.place.gridId === 'G440306001001-1')).toBe(true);
    expect(mine.length).toBeLessThan(all.length);
    expect((await as.otherStreet!({ url: base })).json<DispatchEventList>().items).toEqual([]);
    expect((await as.admin!({ url: `${base}?limit=100` })).json<DispatchEventList>().items.length).toBe(
      all.length,
    );

    const bad = await as.street!({ url: `${base}?cursor=nonsense` });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).code).toBe('pagination.cursor_invalid');
  });

  it('raises one 督办 item per overdue step, once, and resolves it when the event moves on', async () => {
    const e = await fresh({ urgency: 'urgent' });
    const later = new Date(Date.now() + 400 * 86_400_000);
    // Two sweeps at once (two worker processes) raise each item once between them.
    const [a, b] = await Promise.all([
      raiseOverdueSupervision(db, later),
      raiseOverdueSupervision(db, later),
    ]);
    expect(a + b).toBeGreaterThan(0);
    expect(await raiseOverdueSupervision(db, later)).toBe(0);
    // And the timer the worker starts runs the same sweep.
    const timer = startDispatchOverdueSweep(db, { clock: () => later });
    await timer.runNow();
    await timer.stop();
    const items = await db
      .selectFrom('dispatch_supervision')
      .selectAll()
      .where('event_id', '=', e.id)
      .execute();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ step_seq: 1, status: 'received', resolved_at: null });
    const audited = await db
      .selectFrom('audit_event')
      .select(['action', 'actor_name'])
      .where('resource_id', '=', e.id)
      .where('action', '=', 'dispatch.supervision_raised')
      .execute();
    expect(audited).toEqual([
      { action: 'dispatch.supervision_raised', actor_name: 'system:dispatch-overdue' },
    ]);
    // Closed, evaluated and not-filed events are never overdue.
    const open = await db
      .selectFrom('dispatch_supervision as s')
      .innerJoin('dispatch_event as e', 'e.id', 's.event_id')
      .select('e.status')
      .where('e.status', 'in', ['closed', 'evaluated', 'not_filed'])
      .where('s.raised_at', '=', later)
      .execute();
    expect(open).toEqual([]);

    const filed = await ok(e, { event: 'file' });
    expect(filed.supervision).toHaveLength(1);
    expect(filed.supervision[0]!.resolvedAt).not.toBeNull();
    // The new step has a deadline of its own: overdue again later means a second item, once.
    expect(await raiseOverdueSupervision(db, new Date(later.getTime() + 1))).toBeGreaterThan(0);
    const again = await db
      .selectFrom('dispatch_supervision')
      .selectAll()
      .where('event_id', '=', e.id)
      .execute();
    expect(again.map((i) => i.step_seq).sort()).toEqual([1, 2]);
  });
});
