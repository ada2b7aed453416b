import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Inspection, InspectionList, InspectionPartners, Problem } from '@safegrid/contracts';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';
import type { Role } from '@safegrid/contracts/values';
import { evidenceGenesis, nextChainHash } from './evidence-chain';

/**
 * On-site inspections end to end through the HTTP API on the test database (PGlite, or
 * PostgreSQL with SAFEGRID_TEST_DATABASE_URL): the whole flow, the refusals, and that a tampered
 * evidence row shows as a broken chain.
 */

// A 1×1 PNG and the smallest JPEG-looking file (only the signature is read).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
  0x00, 0x00, 0xff, 0xd9,
]);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const BOUNDARY = '----safegrid-evidence';
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

describe('on-site inspections', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let baoan: string;
  let dapeng: string;
  let officer: { id: string; as: ReturnType<typeof injectAs> };
  let partner: { id: string; as: ReturnType<typeof injectAs> };
  let bystander: { id: string; as: ReturnType<typeof injectAs> };
  let dapengOfficer: { id: string; as: ReturnType<typeof injectAs> };

  const user = async (role: Role, scopeIds: string[]) => {
    const u = await createTestUser(db, { role, scopeIds });
    return { id: u.id, as: injectAs(app, await openTestSession(db, u.id)) };
  };
  const base = '/api/enforcement/inspections';
  const start = (
    as = officer.as,
    payload: Record<string, unknown> = { enterpriseId: baoan, partnerId: partner.id },
  ) => as({ method: 'POST', url: base, payload });
  const finding = (id: string, payload: Record<string, unknown>, as = officer.as) =>
    as({ method: 'POST', url: `${base}/${id}/findings`, payload });
  const upload = (
    id: string,
    fields: Record<string, string>,
    file?: { bytes: Buffer; name?: string; type?: string },
    as = officer.as,
  ) => as({ method: 'POST', url: `${base}/${id}/evidence`, ...multipart(fields, file) });
  const read = async (id: string, as = officer.as) => {
    const res = await as({ url: `${base}/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Inspection>();
  };
  const problem = (res: { statusCode: number; headers: Record<string, unknown>; json: <T>() => T }) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const fresh = async () => {
    const res = await start();
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Inspection>();
  };
  const now = () => new Date().toISOString();

  beforeAll(async () => {
    const t = await openTestDatabase('inspections');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    baoan = seeded.enterprises[0]!.id; // 宝安区 新安街道
    dapeng = seeded.enterprises[3]!.id; // 大鹏新区
    app = await buildApp({ config: testConfig(), database: t.database, logger: false });
    officer = await user('enforcement_officer', ['440306']);
    partner = await user('enforcement_officer', ['440306001']); // street scope covers 宝安 e1
    bystander = await user('enforcement_officer', ['440306']);
    dapengOfficer = await user('enforcement_officer', ['DP-440307']);
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('runs an inspection end to end: partner, findings, evidence, read back, file, complete', async () => {
    const partners = await officer.as({ url: `${base}/partners?enterpriseId=${baoan}` });
    expect(partners.statusCode, partners.body).toBe(200);
    const ids = partners.json<InspectionPartners>().items.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([partner.id, bystander.id]));
    expect(ids).not.toContain(officer.id);
    expect(ids).not.toContain(dapengOfficer.id);

    const started = await start(officer.as, {
      enterpriseId: baoan,
      partnerId: partner.id,
      place: ' 一号车间 ',
    });
    expect(started.statusCode, started.body).toBe(201);
    let inspection = started.json<Inspection>();
    expect(inspection).toMatchObject({
      status: 'in_progress',
      place: '一号车间',
      enterprise: { id: baoan, name: '深圳市华强电子有限公司', gongmaoCategory: 'machinery' },
      findings: [],
      evidence: [],
      evidenceChain: { intact: true, brokenAt: null },
      completedAt: null,
      version: 1,
    });
    expect(inspection.officers.map((o) => o.id)).toEqual([officer.id, partner.id]);
    const id = inspection.id;

    const first = await finding(id, {
      description: '仓库安全出口堆放杂物',
      provisionRefs: ['work-safety-law-2021:99:1:1'],
      onTheSpotMeasure: '责令当场清理',
      version: 1,
    });
    expect(first.statusCode, first.body).toBe(200);
    // The partner records the second one, on the version the first answer gave.
    const second = await finding(
      id,
      {
        description: '粉尘爆炸危险场所未按规定设置泄爆装置',
        provisionRefs: ['work-safety-law-2021:99:1:1'],
        majorHazardRef: 'major-hazard-criteria-2023:3:1:2',
        version: first.json<Inspection>().version,
      },
      partner.as,
    );
    expect(second.statusCode, second.body).toBe(200);
    inspection = second.json<Inspection>();
    expect(inspection.version).toBe(3);
    expect(inspection.findings.map((f) => f.seq)).toEqual([1, 2]);
    expect(inspection.findings[0]).toMatchObject({
      description: '仓库安全出口堆放杂物',
      onTheSpotMeasure: '责令当场清理',
      majorHazard: null,
      provisions: [
        { ref: 'work-safety-law-2021:99:1:1', label: '《中华人民共和国安全生产法》第九十九条第（一）项' },
      ],
    });
    expect(inspection.findings[0]!.provisions[0]!.text.length).toBeGreaterThan(0);
    expect(inspection.findings[1]!.majorHazard).toMatchObject({
      ref: 'major-hazard-criteria-2023:3:1:2',
      label: '《工贸企业重大事故隐患判定标准》第三条第（二）项',
    });
    expect(inspection.findings[1]!.majorHazard!.field).toBeTruthy();

    const photo1 = await upload(id, { capturedAt: now(), findingSeq: '1' }, { bytes: PNG, name: '出口.png' });
    expect(photo1.statusCode, photo1.body).toBe(201);
    const photo2 = await upload(
      id,
      { capturedAt: now() },
      { bytes: JPEG, name: 'c:\\dcim\\p2.jpg', type: 'image/jpeg' },
      partner.as,
    );
    expect(photo2.statusCode, photo2.body).toBe(201);

    inspection = await read(id);
    expect(inspection.evidenceChain).toEqual({ intact: true, brokenAt: null });
    // Evidence does not move the version: a pending finding of the other officer stays valid.
    expect(inspection.version).toBe(3);
    expect(inspection.evidence).toHaveLength(2);
    expect(inspection.evidence[0]).toMatchObject({
      seq: 1,
      findingSeq: 1,
      fileName: '出口.png',
      mediaType: 'image/png',
      sizeBytes: PNG.length,
      sha256: sha(PNG),
      url: `${base}/${id}/evidence/1`,
    });
    expect(inspection.evidence[1]).toMatchObject({
      seq: 2,
      findingSeq: null,
      fileName: 'p2.jpg',
      mediaType: 'image/jpeg',
      sha256: sha(JPEG),
    });
    const [e1, e2] = inspection.evidence;
    const link1 = nextChainHash(evidenceGenesis(id), {
      seq: 1,
      sha256: sha(PNG),
      capturedAt: new Date(e1!.capturedAt),
    });
    expect(e1!.chainHash).toBe(link1);
    expect(e2!.chainHash).toBe(
      nextChainHash(link1, { seq: 2, sha256: sha(JPEG), capturedAt: new Date(e2!.capturedAt) }),
    );

    // Another reader in scope (a district officer) fetches the file byte for byte.
    const reader = await user('district_officer', ['440306']);
    const file = await reader.as({ url: `${base}/${id}/evidence/2` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['x-content-sha256']).toBe(sha(JPEG));
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.compare(file.rawPayload, JPEG)).toBe(0);
    expect((await reader.as({ url: `${base}/${id}/evidence/3` })).statusCode).toBe(404);

    const done = await officer.as({ method: 'POST', url: `${base}/${id}/complete`, payload: { version: 3 } });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<Inspection>()).toMatchObject({ status: 'completed', version: 4 });
    expect(done.json<Inspection>().completedAt).not.toBeNull();

    const late = await finding(id, { description: '补记', provisionRefs: [], version: 4 });
    expect(late.statusCode).toBe(409);
    expect(problem(late).code).toBe('inspection.completed');
    const latePhoto = await upload(id, { capturedAt: now() }, { bytes: PNG });
    expect(latePhoto.statusCode).toBe(409);

    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'actor_id'])
      .where('resource_type', '=', 'inspection')
      .where('resource_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'inspection.started',
      'inspection.finding_recorded',
      'inspection.finding_recorded',
      'inspection.evidence_added',
      'inspection.evidence_added',
      'inspection.completed',
    ]);

    const list = await officer.as({ url: `${base}?mine=true&status=completed` });
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json<InspectionList>().items.find((i) => i.id === id);
    expect(item).toMatchObject({
      enterpriseId: baoan,
      findingCount: 2,
      majorHazardCount: 1,
      status: 'completed',
    });
    const others = await bystander.as({ url: `${base}?mine=true` });
    expect(others.json<InspectionList>().items.map((i) => i.id)).not.toContain(id);
    const all = await bystander.as({ url: base });
    expect(all.json<InspectionList>().items.map((i) => i.id)).toContain(id);
  });

  it('refuses a partner who is the actor, not an officer, out of scope or unknown', async () => {
    const approver = await createTestUser(db, { role: 'approver', scopeIds: ['440306'] });
    for (const partnerId of [officer.id, approver.id, dapengOfficer.id, '999999']) {
      const res = await start(officer.as, { enterpriseId: baoan, partnerId });
      expect(res.statusCode, partnerId).toBe(422);
      const body = problem(res);
      expect(body.code).toBe('inspection.partner_invalid');
      expect(body.errors?.[0]?.pointer).toBe('/body/partnerId');
    }
    // A disabled officer is no partner either.
    const gone = await createTestUser(db, { role: 'enforcement_officer', scopeIds: ['440306'] });
    await db.updateTable('app_user').set({ disabled: true }).where('id', '=', gone.id).execute();
    expect((await start(officer.as, { enterpriseId: baoan, partnerId: gone.id })).statusCode).toBe(422);
    // An enterprise outside the actor's scope is not found, whatever the partner.
    const outside = await start(officer.as, { enterpriseId: dapeng, partnerId: partner.id });
    expect(outside.statusCode).toBe(404);
    expect(problem(outside).code).toBe('resource.not_found');
    expect((await officer.as({ url: `${base}/partners?enterpriseId=${dapeng}` })).statusCode).toBe(404);
    // Readers who do not conduct inspections cannot start one.
    const reader = await user('district_officer', ['440306']);
    expect((await start(reader.as)).statusCode).toBe(403);
  });

  it('refuses unknown provisions and a major hazard outside 令第10号, with a field pointer', async () => {
    const { id } = await fresh();
    const unknown = await finding(id, {
      description: '未设置安全警示标志',
      provisionRefs: ['work-safety-law-2021:99:1:1', 'work-safety-law-2021:9999'],
      version: 1,
    });
    expect(unknown.statusCode).toBe(422);
    expect(problem(unknown)).toMatchObject({
      code: 'inspection.provision_unknown',
      errors: [{ pointer: '/body/provisionRefs/1', code: 'inspection.provision_unknown' }],
    });
    for (const majorHazardRef of [
      'work-safety-law-2021:99:1:1',
      'major-hazard-criteria-2023:3',
      'nope-law:1',
    ]) {
      const res = await finding(id, { description: '隐患', provisionRefs: [], majorHazardRef, version: 1 });
      expect(res.statusCode, majorHazardRef).toBe(422);
      expect(problem(res).errors?.[0]?.pointer).toBe('/body/majorHazardRef');
    }
    const blank = await finding(id, { description: '   ', provisionRefs: [], version: 1 });
    expect(blank.statusCode).toBe(422);
    expect(problem(blank).code).toBe('finding.blank');
    const malformed = await finding(id, { description: 'x', provisionRefs: ['NOT A REF'], version: 1 });
    expect(malformed.statusCode).toBe(400);
    // Nothing was recorded by the refusals.
    expect((await read(id)).findings).toEqual([]);
  });

  it('lets only the two officers write, hides other scopes, and refuses a stale version', async () => {
    const { id } = await fresh();
    const intruder = await finding(
      id,
      { description: '旁观者记录', provisionRefs: [], version: 1 },
      bystander.as,
    );
    expect(intruder.statusCode).toBe(403);
    expect(problem(intruder).code).toBe('inspection.not_participant');
    const intruderPhoto = await upload(id, { capturedAt: now() }, { bytes: PNG }, bystander.as);
    expect(intruderPhoto.statusCode).toBe(403);
    const intruderDone = await bystander.as({
      method: 'POST',
      url: `${base}/${id}/complete`,
      payload: { version: 1 },
    });
    expect(intruderDone.statusCode).toBe(403);

    for (const call of [
      { url: `${base}/${id}` },
      {
        method: 'POST' as const,
        url: `${base}/${id}/findings`,
        payload: { description: 'x', provisionRefs: [], version: 1 },
      },
    ]) {
      const res = await dapengOfficer.as(call);
      expect(res.statusCode).toBe(404);
      expect(problem(res).code).toBe('resource.not_found');
    }
    expect(
      (await dapengOfficer.as({ url: base })).json<InspectionList>().items.map((i) => i.id),
    ).not.toContain(id);

    expect((await finding(id, { description: '第一项', provisionRefs: [], version: 1 })).statusCode).toBe(
      200,
    );
    const stale = await finding(id, { description: '第二项', provisionRefs: [], version: 1 }, partner.as);
    expect(stale.statusCode).toBe(409);
    expect(problem(stale).code).toBe('inspection.version_stale');
    const staleDone = await officer.as({
      method: 'POST',
      url: `${base}/${id}/complete`,
      payload: { version: 1 },
    });
    expect(staleDone.statusCode).toBe(409);
    expect((await read(id)).findings).toHaveLength(1);
  });

  it('refuses to complete an inspection without findings', async () => {
    const { id } = await fresh();
    const res = await officer.as({ method: 'POST', url: `${base}/${id}/complete`, payload: { version: 1 } });
    expect(res.statusCode).toBe(422);
    expect(problem(res).code).toBe('inspection.no_findings');
  });

  it('checks evidence files by their bytes and their capture time', async () => {
    const { id } = await fresh();
    const cases: [string, ReturnType<typeof upload>, number, string][] = [
      [
        'text sent as a PNG',
        upload(id, { capturedAt: now() }, { bytes: Buffer.from('<script>x</script>'), type: 'image/png' }),
        422,
        'inspection.evidence_type_invalid',
      ],
      [
        'a PNG sent as a JPEG',
        upload(id, { capturedAt: now() }, { bytes: PNG, type: 'image/jpeg' }),
        422,
        'inspection.evidence_type_invalid',
      ],
      [
        'an empty file',
        upload(id, { capturedAt: now() }, { bytes: Buffer.alloc(0) }),
        422,
        'inspection.evidence_empty',
      ],
      ['no file', upload(id, { capturedAt: now() }), 422, 'inspection.evidence_missing'],
      [
        'a capture time an hour ahead',
        upload(id, { capturedAt: new Date(Date.now() + 3_600_000).toISOString() }, { bytes: PNG }),
        422,
        'inspection.captured_in_future',
      ],
      [
        'a capture time two days before the start',
        upload(id, { capturedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() }, { bytes: PNG }),
        422,
        'inspection.captured_too_early',
      ],
      ['no capture time', upload(id, {}, { bytes: PNG }), 422, 'inspection.captured_at_invalid'],
      [
        'a capture time that is no date',
        upload(id, { capturedAt: 'yesterday' }, { bytes: PNG }),
        422,
        'inspection.captured_at_invalid',
      ],
      [
        'an unknown finding',
        upload(id, { capturedAt: now(), findingSeq: '3' }, { bytes: PNG }),
        422,
        'inspection.finding_unknown',
      ],
      [
        'a finding seq that is no number',
        upload(id, { capturedAt: now(), findingSeq: '1; drop' }, { bytes: PNG }),
        422,
        'inspection.finding_unknown',
      ],
      [
        'JSON instead of multipart',
        officer.as({ method: 'POST', url: `${base}/${id}/evidence`, payload: { capturedAt: now() } }),
        415,
        'request.unsupported_media_type',
      ],
      [
        'a cut-off multipart body',
        officer.as({
          method: 'POST',
          url: `${base}/${id}/evidence`,
          payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n${PNG.toString('latin1')}`,
          headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        }),
        400,
        'request.invalid',
      ],
    ];
    for (const [label, call, status, code] of cases) {
      const res = await call;
      expect(res.statusCode, `${label}: ${res.body}`).toBe(status);
      expect(problem(res).code, label).toBe(code);
    }
    const tooBig = await upload(
      id,
      { capturedAt: now() },
      { bytes: Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]) },
    );
    expect(tooBig.statusCode).toBe(413);
    expect(problem(tooBig).code).toBe('inspection.evidence_too_large');
    // A WebP and a PDF are accepted; a clock a few minutes ahead is tolerated.
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([4, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
    const ahead = new Date(Date.now() + 2 * 60_000).toISOString();
    expect(
      (await upload(id, { capturedAt: ahead }, { bytes: webp, name: 'w.webp', type: 'image/webp' }))
        .statusCode,
    ).toBe(201);
    const pdf = await upload(
      id,
      { capturedAt: now() },
      { bytes: Buffer.from('%PDF-1.7\n%%EOF'), name: '扫描件.pdf', type: 'application/octet-stream' },
    );
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json<Inspection>().evidence.map((e) => e.mediaType)).toEqual([
      'image/webp',
      'application/pdf',
    ]);
  });

  it('chains concurrent uploads in order', async () => {
    const { id } = await fresh();
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        upload(
          id,
          { capturedAt: now() },
          { bytes: Buffer.concat([PNG, Buffer.from([i])]) },
          i % 2 ? partner.as : officer.as,
        ),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    const inspection = await read(id);
    expect(inspection.evidence.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(inspection.evidenceChain).toEqual({ intact: true, brokenAt: null });
  });

  describe('tampering with stored evidence', () => {
    /** Runs a change with the append-only trigger off, as someone with the owner's rights could. */
    const bypassTrigger = (change: (trx: Kysely<DB>) => Promise<unknown>) =>
      db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE inspection_evidence DISABLE TRIGGER inspection_evidence_no_update_delete`.execute(
          trx,
        );
        await change(trx);
        await sql`ALTER TABLE inspection_evidence ENABLE TRIGGER inspection_evidence_no_update_delete`.execute(
          trx,
        );
      });
    const withPhotos = async (n: number) => {
      const { id } = await fresh();
      for (let i = 0; i < n; i++) {
        expect(
          (await upload(id, { capturedAt: now() }, { bytes: Buffer.concat([PNG, Buffer.from([i])]) }))
            .statusCode,
        ).toBe(201);
      }
      expect((await read(id)).evidenceChain.intact).toBe(true);
      return id;
    };

    it('is refused by the database without the owner bypassing the trigger', async () => {
      const id = await withPhotos(1);
      await expect(
        db
          .updateTable('inspection_evidence')
          .set({ sha256: '0'.repeat(64) })
          .where('inspection_id', '=', id)
          .execute(),
      ).rejects.toThrow(/append-only/);
      await expect(
        db.deleteFrom('inspection_evidence').where('inspection_id', '=', id).execute(),
      ).rejects.toThrow(/append-only/);
    });

    it('shows a replaced digest as a broken link', async () => {
      const id = await withPhotos(3);
      await bypassTrigger((trx) =>
        trx
          .updateTable('inspection_evidence')
          .set({ sha256: sha(JPEG) })
          .where('inspection_id', '=', id)
          .where('seq', '=', 2)
          .execute(),
      );
      expect((await read(id)).evidenceChain).toEqual({ intact: false, brokenAt: 2 });
    });

    it('shows replaced bytes (with the digest left alone) as a broken link', async () => {
      const id = await withPhotos(2);
      await bypassTrigger((trx) =>
        trx
          .updateTable('inspection_evidence')
          .set({ content: JPEG })
          .where('inspection_id', '=', id)
          .where('seq', '=', 1)
          .execute(),
      );
      expect((await read(id)).evidenceChain).toEqual({ intact: false, brokenAt: 1 });
    });

    it('shows a back-dated photo, a deleted tail and a row slipped in', async () => {
      const backDated = await withPhotos(2);
      await bypassTrigger((trx) =>
        trx
          .updateTable('inspection_evidence')
          .set({ captured_at: new Date(Date.now() - 3_600_000) })
          .where('inspection_id', '=', backDated)
          .where('seq', '=', 2)
          .execute(),
      );
      expect((await read(backDated)).evidenceChain).toEqual({ intact: false, brokenAt: 2 });

      const cut = await withPhotos(2);
      await bypassTrigger((trx) =>
        trx.deleteFrom('inspection_evidence').where('inspection_id', '=', cut).where('seq', '=', 2).execute(),
      );
      expect((await read(cut)).evidenceChain).toEqual({ intact: false, brokenAt: 2 });

      // A row inserted directly (no trigger refuses inserts) with a made-up chain hash.
      const slipped = await withPhotos(1);
      await db
        .insertInto('inspection_evidence')
        .values({
          inspection_id: slipped,
          seq: 2,
          file_name: 'forged.png',
          media_type: 'image/png',
          size_bytes: PNG.length,
          sha256: sha(PNG),
          content: PNG,
          captured_at: new Date(),
          received_at: new Date(),
          chain_hash: 'f'.repeat(64),
          uploaded_by: officer.id,
        })
        .execute();
      expect((await read(slipped)).evidenceChain).toEqual({ intact: false, brokenAt: 2 });
    });
  });
});
