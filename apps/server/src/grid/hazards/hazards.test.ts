import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type {
  Hazard,
  HazardList,
  HazardPhotoWriteResult,
  HazardWriteResult,
  Problem,
} from '@safegrid/contracts';
import { EVIDENCE_MAX_BYTES, HAZARD_LIMITS, type Role } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';
import { appendAudit } from '../../platform/audit/audit-trail';
import { chinaDate } from '../../enforcement/documents/document-dates';
import { escalateOverdueHazards, startHazardSweep } from './hazard-sweep';

/**
 * Hazards end to end through the HTTP API on the test database (PGlite, or PostgreSQL with
 * SAFEGRID_TEST_DATABASE_URL): the lifecycle, the refusals, replays, scope and the overdue sweep.
 */

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
  0x00, 0x00, 0xff, 0xd9,
]);
const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const DAY = 86_400_000;
const dayFromToday = (n: number) => chinaDate(new Date(Date.now() + n * DAY));
const MAJOR_REF = 'major-hazard-criteria-2023:3:1:2';

const BOUNDARY = '----safegrid-hazard';
function multipart(
  fields: Record<string, string>,
  file?: { bytes: Buffer; name?: string; type?: string },
): { payload: Buffer; headers: Record<string, string> } {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name ?? 'photo.png'}"\r\n` +
          `Content-Type: ${file.type ?? 'image/png'}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}

type As = ReturnType<typeof injectAs>;

describe('hazards', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let e1: string; // 宝安 新安街道, grid 1
  let e2: string; // same grid, another enterprise
  let e3: string; // grid 2
  let e4: string; // 大鹏新区
  let inspector: As;
  let otherGridInspector: As;
  let street: As;
  let district: As;
  let enterprise1: As;
  let enterprise2: As;
  let enforcement: As;
  let approver: As;

  const user = async (role: Role, scopeIds: string[], enterpriseIds: string[] = []) => {
    const u = await createTestUser(db, { role, scopeIds, enterpriseIds });
    return injectAs(app, await openTestSession(db, u.id));
  };
  const base = '/api/grid/hazards';
  const problem = (res: { statusCode: number; headers: Record<string, unknown>; json: <T>() => T }) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const reportBody = (extra: Record<string, unknown> = {}) => ({
    clientId: randomUUID(),
    enterpriseId: e1,
    description: '配电箱前堆放杂物',
    source: 'patrol',
    foundAt: new Date(Date.now() - 3_600_000).toISOString(),
    ...extra,
  });
  const report = (payload: Record<string, unknown>, as = inspector) =>
    as({ method: 'POST', url: base, payload });
  const fresh = async (extra: Record<string, unknown> = {}, as = inspector) => {
    const res = await report(reportBody(extra), as);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<HazardWriteResult>().hazard;
  };
  const step = (
    hazard: { id: string; version: number },
    event: string,
    extra: Record<string, unknown> = {},
    as = inspector,
  ) =>
    as({
      method: 'POST',
      url: `${base}/${hazard.id}/transitions`,
      payload: { clientId: randomUUID(), event, version: hazard.version, ...extra },
    });
  const stepOk = async (
    hazard: { id: string; version: number },
    event: string,
    extra: Record<string, unknown>,
    as: As,
  ) => {
    const res = await step(hazard, event, extra, as);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<HazardWriteResult>().hazard;
  };
  const photo = (
    id: string,
    fields: Record<string, string>,
    file: { bytes: Buffer; name?: string; type?: string } | undefined,
    as: As,
  ) => as({ method: 'POST', url: `${base}/${id}/photos`, ...multipart(fields, file) });
  const photoFields = (stage: string, extra: Record<string, string> = {}) => ({
    stage,
    clientId: randomUUID(),
    capturedAt: new Date().toISOString(),
    ...extra,
  });
  const photoOk = async (id: string, stage: string, as: As, bytes = PNG) => {
    const type = bytes === JPEG ? 'image/jpeg' : 'image/png';
    const res = await photo(id, photoFields(stage), { bytes, type }, as);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<HazardPhotoWriteResult>().photo;
  };
  const read = async (id: string, as = inspector) => {
    const res = await as({ url: `${base}/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Hazard>();
  };
  /** A hazard assigned, acknowledged and with one rectification photo: ready to submit. */
  const rectifying = async () => {
    const h = await fresh({ deadline: dayFromToday(7) });
    const r = await stepOk(h, 'acknowledge', {}, enterprise1);
    await photoOk(r.id, 'rectification', enterprise1);
    return r;
  };

  beforeAll(async () => {
    const t = await openTestDatabase('hazards');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    [e1, e2, e3, e4] = seeded.enterprises.map((e) => e.id) as [string, string, string, string];
    app = await buildApp({ config: testConfig(), database: t.database, logger: false });
    inspector = await user('grid_inspector', ['G440306001001-1']);
    otherGridInspector = await user('grid_inspector', ['G440306001001-2']);
    street = await user('street_officer', ['440306001']);
    district = await user('district_officer', ['440306']);
    enterprise1 = await user('enterprise', [], [e1]);
    enterprise2 = await user('enterprise', [], [e2]);
    enforcement = await user('enforcement_officer', ['440306']);
    approver = await user('approver', ['440306']);
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('runs the lifecycle: report → assign → acknowledge → photo → submit → photo → verify, all audited', async () => {
    const body = reportBody();
    const created = await report(body);
    expect(created.statusCode, created.body).toBe(201);
    let hazard = created.json<HazardWriteResult>().hazard;
    expect(created.json<HazardWriteResult>().replayed).toBe(false);
    expect(hazard).toMatchObject({
      status: 'reported',
      level: 'general',
      majorHazard: null,
      enterprise: { id: e1, name: '深圳市华强电子有限公司' },
      gridId: 'G440306001001-1',
      streetId: '440306001',
      deadline: null,
      overdue: false,
      escalated: false,
      listedForSupervision: false,
      pendingDeferral: null,
      version: 1,
      allowedEvents: ['assign'],
    });
    expect(hazard.transitions).toMatchObject([
      { seq: 1, event: 'report', fromStatus: null, toStatus: 'reported' },
    ]);

    // The phone retries: the same answer, marked as a replay; no second hazard.
    const replay = await report(body);
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json<HazardWriteResult>()).toMatchObject({ replayed: true, hazard: { id: hazard.id } });
    const reused = await report({ ...body, description: '另一处隐患' });
    expect(reused.statusCode).toBe(422);
    expect(problem(reused).code).toBe('hazard.client_id_reused');

    const reportPhoto = await photoOk(hazard.id, 'report', inspector, JPEG);
    expect(reportPhoto).toMatchObject({ stage: 'report', mediaType: 'image/jpeg', sha256: sha(JPEG) });

    hazard = await stepOk(hazard, 'assign', { deadline: dayFromToday(7) }, inspector);
    expect(hazard).toMatchObject({ status: 'assigned', deadline: dayFromToday(7), version: 2 });
    expect((await read(hazard.id, enterprise1)).allowedEvents).toEqual(['acknowledge', 'request_deferral']);

    hazard = await stepOk(hazard, 'acknowledge', {}, enterprise1);
    expect(hazard.status).toBe('rectifying');

    const early = await step(hazard, 'submit', {}, enterprise1);
    expect(early.statusCode).toBe(422);
    expect(problem(early).code).toBe('hazard.evidence_required');

    const fields = photoFields('rectification');
    const up = await photo(hazard.id, fields, { bytes: PNG }, enterprise1);
    expect(up.statusCode, up.body).toBe(201);
    const again = await photo(hazard.id, fields, { bytes: PNG }, enterprise1);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<HazardPhotoWriteResult>()).toMatchObject({
      replayed: true,
      photo: { id: up.json<HazardPhotoWriteResult>().photo.id },
    });
    // Photos do not move the version: the submit made with version 3 still applies.
    hazard = await stepOk(hazard, 'submit', {}, enterprise1);
    expect(hazard).toMatchObject({ status: 'submitted', version: 4 });

    const verification = await photoOk(hazard.id, 'verification', inspector);
    hazard = await stepOk(hazard, 'verify', { note: '复查合格' }, inspector);
    expect(hazard).toMatchObject({ status: 'closed', allowedEvents: [], version: 5 });
    expect(hazard.closedAt).not.toBeNull();
    expect(hazard.photos.map((p) => p.stage)).toEqual(['report', 'rectification', 'verification']);
    expect(hazard.transitions.map((t) => [t.event, t.fromStatus, t.toStatus])).toEqual([
      ['report', null, 'reported'],
      ['assign', 'reported', 'assigned'],
      ['acknowledge', 'assigned', 'rectifying'],
      ['submit', 'rectifying', 'submitted'],
      ['verify', 'submitted', 'closed'],
    ]);

    const file = await enterprise1({ url: verification.url });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-sha256']).toBe(sha(PNG));
    expect(file.rawPayload.equals(PNG)).toBe(true);

    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'role'])
      .where('resource_type', '=', 'hazard')
      .where('resource_id', '=', hazard.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'hazard.reported',
      'hazard.photo_added',
      'hazard.assigned',
      'hazard.acknowledged',
      'hazard.photo_added',
      'hazard.submitted',
      'hazard.photo_added',
      'hazard.verified',
    ]);
    expect(audit[3]!.role).toBe('enterprise');

    // Closed is final for everyone.
    const late = await step(hazard, 'reject', { note: '再看看' }, inspector);
    expect(late.statusCode).toBe(409);
    expect(problem(late).code).toBe('hazard.transition_not_allowed');
  });

  it('validates a report: schema 400s, scope 404, major hazards of 令第10号 only, patrol task of the same enterprise', async () => {
    for (const bad of [
      { ...reportBody(), description: undefined },
      { ...reportBody(), clientId: 'not-a-uuid' },
      { ...reportBody(), source: 'rumour' },
      { ...reportBody(), foundAt: 'yesterday' },
      { ...reportBody(), deadline: '2026-02-30' },
      { ...reportBody(), extra: true },
    ]) {
      const res = await report(bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(problem(res).code).toBe('request.invalid');
    }
    const outside = await report(reportBody({ enterpriseId: e4 }));
    expect(outside.statusCode).toBe(404);
    expect((await report(reportBody({ enterpriseId: e3 }))).statusCode).toBe(404); // grid 2 is not the inspector's
    expect((await report(reportBody(), enterprise1)).statusCode).toBe(403);

    for (const majorHazardRef of [
      'major-hazard-criteria-2023:3',
      'work-safety-law-2021:99:1:1',
      'no-such-law:1:1:1',
    ]) {
      const res = await report(reportBody({ majorHazardRef }));
      expect(res.statusCode, majorHazardRef).toBe(422);
      expect(problem(res)).toMatchObject({
        code: 'hazard.major_hazard_invalid',
        errors: [{ pointer: '/body/majorHazardRef' }],
      });
    }
    const major = await fresh({ majorHazardRef: MAJOR_REF, deadline: dayFromToday(0) });
    expect(major).toMatchObject({
      status: 'assigned',
      level: 'major',
      listedForSupervision: true,
      majorHazard: { ref: MAJOR_REF },
    });
    const row = await db
      .selectFrom('hazard')
      .select('reported_to_district_at')
      .where('id', '=', major.id)
      .executeTakeFirstOrThrow();
    expect(row.reported_to_district_at).not.toBeNull();

    const past = await report(reportBody({ deadline: dayFromToday(-1) }));
    expect(past.statusCode).toBe(422);
    expect(problem(past).code).toBe('hazard.deadline_in_past');
    const future = await report(reportBody({ foundAt: new Date(Date.now() + 3_600_000).toISOString() }));
    expect(future.statusCode).toBe(422);
    expect(problem(future).code).toBe('hazard.found_in_future');

    const inspectorRow = await db.selectFrom('inspector').select('id').executeTakeFirstOrThrow();
    const task = async (enterpriseId: string) =>
      (
        await db
          .insertInto('patrol_task')
          .values({
            kind: 'ad_hoc',
            enterprise_id: enterpriseId,
            grid_id: 'G440306001001-1',
            street_id: '440306001',
            inspector_id: inspectorRow.id,
            month: `${dayFromToday(0).slice(0, 7)}-01`,
            due_date: dayFromToday(3),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const own = await task(e1);
    expect((await fresh({ patrolTaskId: own, checklistItemId: 'fire-exit' })).patrolTaskId).toBe(own);
    const others = await report(reportBody({ patrolTaskId: await task(e2) }));
    expect(others.statusCode).toBe(422);
    expect(problem(others).code).toBe('hazard.patrol_task_invalid');
  });

  it('refuses transitions by role (403), by state (409) and by a stale version (409 with the current status)', async () => {
    const h = await fresh();
    const forbidden = await step(h, 'assign', { deadline: dayFromToday(3) }, enterprise1);
    expect(forbidden.statusCode).toBe(403);
    expect(problem(forbidden).code).toBe('auth.forbidden');
    expect((await step(h, 'withdraw', { note: 'x' }, inspector)).statusCode).toBe(403);
    expect((await step(h, 'acknowledge', {}, enforcement)).statusCode).toBe(403);

    const notYet = await step(h, 'acknowledge', {}, enterprise1);
    expect(notYet.statusCode).toBe(409);
    expect(problem(notYet)).toMatchObject({
      code: 'hazard.transition_not_allowed',
      params: { status: 'reported' },
    });

    const noDeadline = await step(h, 'assign', {}, inspector);
    expect(noDeadline.statusCode).toBe(422);
    expect(problem(noDeadline)).toMatchObject({
      code: 'hazard.deadline_required',
      errors: [{ pointer: '/body/deadline' }],
    });
    expect(problem(await step(h, 'assign', { deadline: dayFromToday(-1) }, inspector)).code).toBe(
      'hazard.deadline_in_past',
    );

    for (const bad of [
      { event: 'close' },
      { version: 0 },
      { clientId: 'x' },
      { note: '' },
      { deadline: 'soon' },
      { version: undefined },
    ]) {
      const res = await step(h, 'assign', { deadline: dayFromToday(1), ...bad }, inspector);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }

    // Someone withdraws it while the inspector's phone still shows version 1.
    const withdrawn = await stepOk(h, 'withdraw', { note: '重复上报' }, street);
    expect(withdrawn.status).toBe('withdrawn');
    const stale = await step(h, 'assign', { deadline: dayFromToday(3) }, inspector);
    expect(stale.statusCode).toBe(409);
    expect(problem(stale)).toMatchObject({
      code: 'hazard.version_stale',
      params: { status: 'withdrawn', version: 2 },
    });
    expect(problem(await step(withdrawn, 'withdraw', { note: '再撤' }, street)).code).toBe(
      'hazard.transition_not_allowed',
    );
  });

  it('answers a replayed transition with replayed: true and refuses a clientId reused for another step', async () => {
    const h = await fresh({ deadline: dayFromToday(5) });
    const clientId = randomUUID();
    const payload = { clientId, event: 'acknowledge', version: h.version };
    const first = await enterprise1({ method: 'POST', url: `${base}/${h.id}/transitions`, payload });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<HazardWriteResult>()).toMatchObject({
      replayed: false,
      hazard: { status: 'rectifying' },
    });
    // The retry carries the version the phone saw then: still a replay, not a stale version.
    const second = await enterprise1({ method: 'POST', url: `${base}/${h.id}/transitions`, payload });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json<HazardWriteResult>()).toMatchObject({
      replayed: true,
      hazard: { status: 'rectifying', version: 2 },
    });
    const reused = await enterprise1({
      method: 'POST',
      url: `${base}/${h.id}/transitions`,
      payload: { ...payload, event: 'request_deferral', note: '理由', deadline: dayFromToday(9), version: 2 },
    });
    expect(reused.statusCode).toBe(422);
    expect(problem(reused).code).toBe('hazard.client_id_reused');
    const transitions = await db
      .selectFrom('hazard_transition')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('hazard_id', '=', h.id)
      .executeTakeFirstOrThrow();
    expect(transitions.n).toBe(2);
  });

  it('rejects back to rectifying with a note and then needs a new rectification photo', async () => {
    let h = await rectifying();
    h = await stepOk(h, 'submit', {}, enterprise1);
    const noNote = await step(h, 'reject', {}, inspector);
    expect(noNote.statusCode).toBe(422);
    expect(problem(noNote)).toMatchObject({
      code: 'hazard.note_required',
      errors: [{ pointer: '/body/note' }],
    });
    expect(problem(await step(h, 'verify', {}, inspector)).code).toBe('hazard.evidence_required');
    h = await stepOk(h, 'reject', { note: '灭火器未更换' }, street);
    expect(h.status).toBe('rectifying');
    expect(problem(await step(h, 'submit', {}, enterprise1)).code).toBe('hazard.evidence_required');
    await photoOk(h.id, 'rectification', enterprise1);
    h = await stepOk(h, 'submit', {}, enterprise1);
    expect(h.status).toBe('submitted');
  });

  it('handles deferrals: within 90 days, one pending at a time, decided by a supervisor', async () => {
    let h = await fresh({ deadline: dayFromToday(10) });
    const tooFar = await step(
      h,
      'request_deferral',
      { deadline: dayFromToday(10 + HAZARD_LIMITS.deferralDays + 1), note: '设备采购' },
      enterprise1,
    );
    expect(tooFar.statusCode).toBe(422);
    expect(problem(tooFar)).toMatchObject({ code: 'hazard.deferral_invalid', params: { maxDays: 90 } });
    expect(
      problem(await step(h, 'request_deferral', { deadline: dayFromToday(10), note: 'x' }, enterprise1)).code,
    ).toBe('hazard.deferral_invalid');
    h = await stepOk(
      h,
      'request_deferral',
      { deadline: dayFromToday(30), note: '设备采购周期长' },
      enterprise1,
    );
    expect(h.pendingDeferral).toMatchObject({
      requestedDeadline: dayFromToday(30),
      reason: '设备采购周期长',
    });
    expect(h.deadline).toBe(dayFromToday(10));
    expect(
      problem(await step(h, 'request_deferral', { deadline: dayFromToday(20), note: 'y' }, enterprise1)).code,
    ).toBe('hazard.deferral_pending');
    expect((await step(h, 'approve_deferral', {}, inspector)).statusCode).toBe(403);
    expect((await read(h.id, street)).allowedEvents).toEqual([
      'approve_deferral',
      'deny_deferral',
      'withdraw',
    ]);
    h = await stepOk(h, 'approve_deferral', {}, street);
    expect(h).toMatchObject({ deadline: dayFromToday(30), pendingDeferral: null });
    expect(problem(await step(h, 'deny_deferral', {}, district)).code).toBe('hazard.deferral_not_pending');
    h = await stepOk(h, 'request_deferral', { deadline: dayFromToday(40), note: '再延期' }, enterprise1);
    h = await stepOk(h, 'deny_deferral', { note: '不予延期' }, district);
    expect(h).toMatchObject({ deadline: dayFromToday(30), pendingDeferral: null });
  });

  it('checks photos: stage by role and status, type by bytes, size, capture time, fields, count', async () => {
    const h = await fresh();
    const cases: [string, Promise<{ statusCode: number; body: string }>, number, string][] = [
      [
        'a PDF',
        photo(h.id, photoFields('report'), { bytes: PDF, type: 'application/pdf' }, inspector),
        422,
        'hazard.photo_type_invalid',
      ],
      [
        'text as PNG',
        photo(h.id, photoFields('report'), { bytes: Buffer.from('<svg/>') }, inspector),
        422,
        'hazard.photo_type_invalid',
      ],
      [
        'a PNG sent as JPEG',
        photo(h.id, photoFields('report'), { bytes: PNG, type: 'image/jpeg' }, inspector),
        422,
        'hazard.photo_type_invalid',
      ],
      [
        'an empty file',
        photo(h.id, photoFields('report'), { bytes: Buffer.alloc(0) }, inspector),
        422,
        'hazard.photo_empty',
      ],
      [
        'too large',
        photo(
          h.id,
          photoFields('report'),
          { bytes: Buffer.concat([PNG, Buffer.alloc(EVIDENCE_MAX_BYTES)]) },
          inspector,
        ),
        413,
        'hazard.photo_too_large',
      ],
      ['no file', photo(h.id, photoFields('report'), undefined, inspector), 400, 'request.invalid'],
      [
        'no stage',
        photo(
          h.id,
          { clientId: randomUUID(), capturedAt: new Date().toISOString() },
          { bytes: PNG },
          inspector,
        ),
        400,
        'request.invalid',
      ],
      ['a bad stage', photo(h.id, photoFields('before'), { bytes: PNG }, inspector), 400, 'request.invalid'],
      [
        'a bad clientId',
        photo(h.id, photoFields('report', { clientId: '123' }), { bytes: PNG }, inspector),
        400,
        'request.invalid',
      ],
      [
        'a bad capture time',
        photo(h.id, photoFields('report', { capturedAt: 'now' }), { bytes: PNG }, inspector),
        400,
        'request.invalid',
      ],
      [
        'a capture time in the future',
        photo(
          h.id,
          photoFields('report', { capturedAt: new Date(Date.now() + 600_000).toISOString() }),
          { bytes: PNG },
          inspector,
        ),
        422,
        'hazard.captured_in_future',
      ],
      [
        'the enterprise on the report stage',
        photo(h.id, photoFields('report'), { bytes: PNG }, enterprise1),
        403,
        'hazard.stage_forbidden',
      ],
      [
        'the enterprise on verification',
        photo(h.id, photoFields('verification'), { bytes: PNG }, enterprise1),
        403,
        'hazard.stage_forbidden',
      ],
      [
        'an inspector on rectification',
        photo(h.id, photoFields('rectification'), { bytes: PNG }, inspector),
        403,
        'hazard.stage_forbidden',
      ],
      [
        'verification while reported',
        photo(h.id, photoFields('verification'), { bytes: PNG }, inspector),
        409,
        'hazard.photo_stage_closed',
      ],
      ['an approver', photo(h.id, photoFields('report'), { bytes: PNG }, approver), 403, 'auth.forbidden'],
    ];
    for (const [label, pending, status, code] of cases) {
      const res = await pending;
      expect(res.statusCode, `${label}: ${res.body}`).toBe(status);
      expect(JSON.parse(res.body).code, label).toBe(code);
    }
    const noFile = await photo(h.id, photoFields('report'), undefined, inspector);
    expect(JSON.parse(noFile.body).errors).toEqual([{ pointer: '/body/file', code: 'hazard.photo_missing' }]);

    for (let i = 0; i < HAZARD_LIMITS.photosPerStage; i++) await photoOk(h.id, 'report', inspector);
    const tenth = await photo(h.id, photoFields('report'), { bytes: PNG }, inspector);
    expect(tenth.statusCode).toBe(409);
    expect(problem(tenth)).toMatchObject({ code: 'hazard.photo_limit', params: { limit: 9 } });

    // A clientId of one photo sent with other bytes is a reused id, not a replay.
    const fields = photoFields('report');
    const other = await fresh();
    expect((await photo(other.id, fields, { bytes: PNG }, inspector)).statusCode).toBe(201);
    const reused = await photo(other.id, fields, { bytes: JPEG, type: 'image/jpeg' }, inspector);
    expect(reused.statusCode).toBe(422);
    expect(problem(reused).code).toBe('hazard.client_id_reused');
  });

  it('hides hazards outside the scope: another grid, another enterprise, another district answer 404', async () => {
    const h = await fresh({ deadline: dayFromToday(5) });
    const p = await photoOk(h.id, 'report', inspector);
    for (const as of [otherGridInspector, enterprise2]) {
      expect((await as({ url: `${base}/${h.id}` })).statusCode).toBe(404);
      expect((await as({ url: p.url })).statusCode).toBe(404);
      const list = await as({ url: base });
      expect(list.statusCode).toBe(200);
      expect(list.json<HazardList>().items.map((i) => i.id)).not.toContain(h.id);
    }
    const ack = await step(h, 'acknowledge', {}, enterprise2);
    expect(ack.statusCode).toBe(404);
    expect(problem(ack).code).toBe('resource.not_found');
    const photoOther = await photo(h.id, photoFields('report'), { bytes: PNG }, otherGridInspector);
    expect(photoOther.statusCode).toBe(404);
    expect((await enterprise1({ url: `${base}/${h.id}/photos/999999` })).statusCode).toBe(404);

    // Readers in scope see it, without buttons they may not press.
    expect((await read(h.id, enforcement)).allowedEvents).toEqual([]);
    expect((await read(h.id, approver)).id).toBe(h.id);

    const dapengOfficer = await user('street_officer', ['440307009']);
    const theirs = await fresh({ enterpriseId: e4 }, dapengOfficer);
    expect((await inspector({ url: `${base}/${theirs.id}` })).statusCode).toBe(404);
    expect((await street({ url: `${base}/${theirs.id}` })).statusCode).toBe(404);

    // A hazard stays with the grid that found it when its enterprise is re-gridded.
    const found = await fresh({ enterpriseId: e3 }, street);
    expect((await otherGridInspector({ url: `${base}/${found.id}` })).statusCode).toBe(200);
    await db.updateTable('enterprise').set({ grid_id: 'G440306001001-1' }).where('id', '=', e3).execute();
    try {
      expect((await otherGridInspector({ url: `${base}/${found.id}` })).statusCode).toBe(200);
      expect((await inspector({ url: `${base}/${found.id}` })).statusCode).toBe(404);
    } finally {
      await db.updateTable('enterprise').set({ grid_id: 'G440306001001-2' }).where('id', '=', e3).execute();
    }
  });

  it('lists newest first with keyset pages and filters on indexed columns', async () => {
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await fresh({ enterpriseId: e2, description: `清单测试 ${i}` }));
    const ids = mine.map((h) => h.id).reverse();
    const page1 = await inspector({ url: `${base}?enterpriseId=${e2}&limit=2` });
    expect(page1.statusCode, page1.body).toBe(200);
    const first = page1.json<HazardList>();
    expect(first.items.map((i) => i.id)).toEqual(ids.slice(0, 2));
    expect(first.items[0]).toMatchObject({
      enterpriseId: e2,
      enterpriseName: '深圳市宏达精密电子科技有限公司',
      gridId: 'G440306001001-1',
      status: 'reported',
      level: 'general',
      overdue: false,
    });
    const page2 = (
      await inspector({ url: `${base}?enterpriseId=${e2}&limit=2&after=${first.next}` })
    ).json<HazardList>();
    expect(page2.items.map((i) => i.id)).toEqual(ids.slice(2, 4));
    const page3 = (
      await inspector({ url: `${base}?enterpriseId=${e2}&limit=2&after=${page2.next}` })
    ).json<HazardList>();
    expect(page3.items.map((i) => i.id)).toEqual(ids.slice(4));
    expect(page3.next).toBeNull();

    const assigned = (
      await street({ url: `${base}?status=assigned&gridId=G440306001001-1&limit=100` })
    ).json<HazardList>();
    expect(assigned.items.length).toBeGreaterThan(0);
    expect(assigned.items.every((i) => i.status === 'assigned' && i.gridId === 'G440306001001-1')).toBe(true);
    const major = (await district({ url: `${base}?level=major` })).json<HazardList>();
    expect(major.items.every((i) => i.level === 'major')).toBe(true);
    const overdue = (await district({ url: `${base}?overdue=true` })).json<HazardList>();
    expect(overdue.items.every((i) => i.overdue)).toBe(true);
    for (const bad of ['limit=0', 'limit=101', 'status=open', 'after=abc', 'overdue=maybe', 'page=2']) {
      expect((await inspector({ url: `${base}?${bad}` })).statusCode, bad).toBe(400);
    }
  });

  it('escalates overdue hazards once and only once, by the sweep or a supervisor', async () => {
    const a = await fresh({ deadline: dayFromToday(1) });
    const b = await stepOk(await fresh({ deadline: dayFromToday(2) }), 'acknowledge', {}, enterprise1);
    const notYet = await fresh({ deadline: dayFromToday(20) });
    const submitted = await stepOk(await rectifying(), 'submit', {}, enterprise1);
    expect(problem(await step(a, 'escalate', {}, street)).code).toBe('hazard.not_overdue');

    const later = new Date(Date.now() + 5 * DAY);
    const escalated = await escalateOverdueHazards(db, later);
    expect(escalated).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(escalated).not.toContain(notYet.id);
    expect(escalated).not.toContain(submitted.id);
    expect(await escalateOverdueHazards(db, later)).toEqual([]);
    expect(await escalateOverdueHazards(db, new Date(later.getTime() + 3 * DAY))).not.toContain(a.id);

    const after = await read(b.id, street);
    expect(after).toMatchObject({ status: 'rectifying', escalated: true, version: b.version + 1 });
    expect(after.transitions.at(-1)).toMatchObject({
      event: 'escalate',
      actor: 'system',
      role: 'system',
      fromStatus: 'rectifying',
      toStatus: 'rectifying',
    });
    const referrals = await db
      .selectFrom('enforcement_referral')
      .select(['hazard_id', 'status', 'reason'])
      .where('hazard_id', 'in', [a.id, b.id])
      .execute();
    expect(referrals).toHaveLength(2);
    expect(referrals.every((r) => r.status === 'open' && r.reason === 'overdue')).toBe(true);
    const audit = await db
      .selectFrom('audit_event')
      .select(['resource_id', 'actor_name', 'role'])
      .where('action', '=', 'hazard.escalated')
      .where('resource_id', 'in', [a.id, b.id])
      .execute();
    expect(audit).toHaveLength(2);
    // No user acted: a system name and no role, as every other sweep writes (the trail's role is a user's).
    expect(audit.every((r) => r.actor_name === 'system:hazard-overdue' && r.role === null)).toBe(true);
    // The trail lists them, and an older entry that stored 'system' as its role reads as no role.
    await appendAudit(
      db,
      { actorId: null, actorName: 'system', role: 'system', ip: null },
      { action: 'hazard.escalated' },
    );
    const auditor = await user('auditor', ['440300']);
    const listed = await auditor({ url: '/api/audit?action=hazard.escalated&limit=10' });
    expect(listed.statusCode, listed.body).toBe(200);
    const names = listed.json<{ items: { actorName: string; role: string | null }[] }>().items;
    expect(names.map((e) => [e.actorName, e.role])).toEqual(
      expect.arrayContaining([
        ['system', null],
        ['system:hazard-overdue', null],
      ]),
    );

    // A hazard due yesterday can be escalated by hand; then not again, neither by hand nor by the sweep.
    const manual = await fresh({ deadline: dayFromToday(0) });
    await db
      .updateTable('hazard')
      .set({ deadline: dayFromToday(-1) })
      .where('id', '=', manual.id)
      .execute();
    expect((await read(manual.id, street)).allowedEvents).toContain('escalate');
    const byHand = await stepOk(manual, 'escalate', {}, district);
    expect(byHand).toMatchObject({ escalated: true, overdue: true });
    expect(problem(await step(byHand, 'escalate', {}, district)).code).toBe('hazard.already_escalated');
    expect(await escalateOverdueHazards(db, new Date())).not.toContain(manual.id);
    const referral = await db
      .selectFrom('enforcement_referral')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('hazard_id', '=', manual.id)
      .executeTakeFirstOrThrow();
    expect(referral.n).toBe(1);
  });

  it('serialises concurrent writers: one report per clientId, one winner per version', async () => {
    const body = reportBody();
    const reports = await Promise.all(Array.from({ length: 5 }, () => report(body)));
    expect(reports.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    const ids = new Set(reports.map((r) => r.json<HazardWriteResult>().hazard.id));
    expect(ids.size).toBe(1);

    const h = await fresh({ deadline: dayFromToday(5) });
    const payload = { clientId: randomUUID(), event: 'acknowledge', version: 1 };
    const same = await Promise.all(
      Array.from({ length: 4 }, () =>
        enterprise1({ method: 'POST', url: `${base}/${h.id}/transitions`, payload }),
      ),
    );
    expect(same.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(same.filter((r) => !r.json<HazardWriteResult>().replayed)).toHaveLength(1);

    // Two supervisors act on the same version at once: one wins, the other sees the conflict.
    const r = await fresh();
    const racing = await Promise.all([
      step(r, 'assign', { deadline: dayFromToday(3) }, street),
      step(r, 'withdraw', { note: '误报' }, district),
    ]);
    expect(racing.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    const loser = racing.find((x) => x.statusCode === 409)!;
    expect(problem(loser).code).toBe('hazard.version_stale');

    const photoFieldsOnce = photoFields('report');
    const photos = await Promise.all(
      Array.from({ length: 3 }, () => photo(r.id, photoFieldsOnce, { bytes: PNG }, inspector)),
    );
    const winner = racing.find((x) => x.statusCode === 200)!.json<HazardWriteResult>().hazard;
    if (winner.status === 'assigned') {
      expect(photos.map((p) => p.statusCode).sort()).toEqual([200, 200, 201]);
    } else {
      expect(photos.every((p) => p.statusCode === 409)).toBe(true);
    }
  });

  it('keeps transitions and photos append-only in the database', async () => {
    const h = await fresh();
    await photoOk(h.id, 'report', inspector);
    await expect(
      sql`UPDATE hazard_transition SET note = 'x' WHERE hazard_id = ${h.id}`.execute(db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM hazard_photo WHERE hazard_id = ${h.id}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
  });
  // Last: these sweeps run in 2030 and escalate every open hazard the other tests left behind.
  it('measures overdue in Asia/Shanghai calendar days, and the timer sweeps until stopped', async () => {
    const h = await fresh({ deadline: dayFromToday(1) });
    await db.updateTable('hazard').set({ deadline: '2030-01-01' }).where('id', '=', h.id).execute();
    // 2030-01-01 23:59 in Shanghai: the deadline day is not over.
    expect(await escalateOverdueHazards(db, new Date('2030-01-01T15:59:00Z'))).not.toContain(h.id);
    // 2030-01-02 00:00 in Shanghai (still 1 January in UTC): overdue.
    const sweep = startHazardSweep(db, {
      intervalMs: 3_600_000,
      clock: () => new Date('2030-01-01T16:00:00Z'),
    });
    await sweep.runNow();
    await sweep.stop();
    // Escalated; not shown overdue, since the app's own clock is still in 2026.
    const after = await read(h.id, street);
    expect(after).toMatchObject({ escalated: true, overdue: false });
    expect(after.transitions.at(-1)).toMatchObject({ event: 'escalate', actor: 'system' });
  });
});
