import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { OfficialDocumentIssued, OfficialDocumentVerification, Problem } from '@safegrid/contracts';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { AppError } from '../../errors';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession, testActor } from '../../../test/sessions';
import type { Role } from '@safegrid/contracts/values';
import { cjkFontProvider } from './cjk-font';
import { verificationCodeOf, type CanonicalDocument } from './compose-official-document';
import { issueOfficialDocument, type IssueDeps } from './issue-official-document';
import { createOfficialDocumentRepository } from './official-document.repository';
import { FINDINGS, inspectionRecord, rectificationOrder, reinspectionOpinion } from './test-fixtures';

/**
 * Issuing official documents end to end through the HTTP API on the test database (PGlite, or
 * PostgreSQL with SAFEGRID_TEST_DATABASE_URL): numbering, the archive, the public verification,
 * permissions, input problems, and that a failure after numbering leaves no number used.
 */
describe('official enforcement documents', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  // Monday 2026-11-30, 10:00 in Shenzhen.
  const now = new Date('2026-11-30T02:00:00Z');
  const clock = () => now;
  let baoanEnterprise: string;
  let dapengEnterprise: string;
  let asOfficer: ReturnType<typeof injectAs>;
  let officerId: string;
  const dir = mkdtempSync(join(tmpdir(), 'safegrid-documents-'));

  const issue = (payload: unknown, as = asOfficer) =>
    as({ method: 'POST', url: '/api/enforcement/documents', payload: payload as Record<string, unknown> });
  const order = (overrides: Parameters<typeof rectificationOrder>[0] = {}) => ({
    docType: 'rectification_order',
    enterpriseId: baoanEnterprise,
    content: rectificationOrder(overrides),
  });
  const pdfText = (pdf: Buffer) => {
    const file = join(dir, `${createHash('sha256').update(pdf).digest('hex')}.pdf`);
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  };
  /** A session opened at the test clock's time (the app judges sessions by that clock). */
  const sessionAs = async (role: Role, scopeIds: string[], enterpriseIds: string[] = []) => {
    const user = await createTestUser(db, { role, scopeIds, enterpriseIds });
    return injectAs(app, await openTestSession(db, user.id, { now }));
  };
  const lastNumber = async () =>
    (await db.selectFrom('official_document_sequence').select('last_number').execute()).map(
      (r) => r.last_number,
    );

  beforeAll(async () => {
    const t = await openTestDatabase('documents');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    baoanEnterprise = seeded.enterprises[0]!.id; // 深圳市华强电子有限公司, 宝安区
    dapengEnterprise = seeded.enterprises[3]!.id; // 大鹏新区
    app = await buildApp({ config: testConfig(), database: t.database, logger: false, clock });
    const officer = await createTestUser(db, { role: 'enforcement_officer', scopeIds: ['440306'] });
    officerId = officer.id;
    asOfficer = injectAs(app, await openTestSession(db, officer.id, { now }));
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  let first: OfficialDocumentIssued;

  it('issues two rectification orders with consecutive numbers of the district bureau', async () => {
    const a = await issue(order());
    expect(a.statusCode, a.body).toBe(201);
    const b = await issue(order({ findings: FINDINGS.slice(2, 6) }));
    expect(b.statusCode, b.body).toBe(201);
    first = a.json<OfficialDocumentIssued>();
    const second = b.json<OfficialDocumentIssued>();
    expect(first.number).toBe('（深宝安）应急责改〔2026〕1号');
    expect(second.number).toBe('（深宝安）应急责改〔2026〕2号');
    expect(first).toMatchObject({
      docType: 'rectification_order',
      title: '责令限期整改指令书',
      documentDate: '2026-11-30',
      agency: { code: '440306', name: '深圳市宝安区应急管理局' },
      enterpriseId: baoanEnterprise,
      unverifiedWording: ['administrative-review-law-2023'],
    });
    expect(first.verificationCode).toMatch(/^[0-9a-f]{16}$/);
    expect(first.verifyUrl).toBe(`/api/documents/verify/${first.verificationCode}`);
  });

  it('serves the archived PDF byte for byte, with the CJK text in it', async () => {
    const res = await asOfficer({ url: first.pdfUrl });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent(first.number));
    const pdf = res.rawPayload;
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(first.sha256);
    const text = pdfText(pdf);
    for (const part of [
      first.number,
      '深圳市华强电子有限公司',
      '深圳市宝安区应急管理局（印章）',
      FINDINGS[0]!.description,
    ]) {
      expect(text).toContain(part.replace(/\s+/g, ''));
    }
  });

  it('keeps the stored content, whose canonical JSON gives the verification code again', async () => {
    const row = await db
      .selectFrom('official_document')
      .select(['content', 'verification_code', 'issued_by', 'sequence', 'series', 'year'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(verificationCodeOf(row.content as CanonicalDocument)).toBe(row.verification_code);
    expect(row).toMatchObject({ issued_by: officerId, sequence: 1, series: '应急责改', year: 2026 });
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'resource_id', 'actor_id'])
      .where('action', '=', 'official_document.issued')
      .where('resource_id', '=', first.id)
      .executeTakeFirst();
    expect(audit).toEqual({ action: 'official_document.issued', resource_id: first.id, actor_id: officerId });
  });

  it('verifies a code without a session, revealing no content', async () => {
    const res = await app.inject({ url: `/api/documents/verify/${first.verificationCode.toUpperCase()}` });
    expect(res.statusCode).toBe(200);
    const body = res.json<OfficialDocumentVerification>();
    expect(body).toEqual({
      number: first.number,
      docType: 'rectification_order',
      title: '责令限期整改指令书',
      documentDate: '2026-11-30',
      issuedAt: now.toISOString(),
      agency: '深圳市宝安区应急管理局',
      sha256: first.sha256,
    });
    expect(res.body).not.toContain(FINDINGS[0]!.description);
    for (const code of ['0000000000000000', 'not-a-code', first.verificationCode.slice(0, 15)]) {
      const missing = await app.inject({ url: `/api/documents/verify/${code}` });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.json<Problem>().code).toBe('resource.not_found');
    }
  });

  it('numbers each issuing agency separately: a city-wide officer issues for the city bureau', async () => {
    const asCity = await sessionAs('enforcement_officer', ['440300']);
    const res = await issue({ ...order(), enterpriseId: dapengEnterprise }, asCity);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<OfficialDocumentIssued>()).toMatchObject({
      number: '（深）应急责改〔2026〕1号',
      agency: { code: '440300', name: '深圳市应急管理局' },
    });
    // A district officer cannot reach an enterprise of another district: 404, as for a missing one.
    const outside = await issue({ ...order(), enterpriseId: dapengEnterprise });
    expect(outside.statusCode).toBe(404);
  });

  it('issues the re-inspection opinion and the inspection record in series of their own', async () => {
    const review = await issue({
      docType: 'reinspection_opinion',
      enterpriseId: baoanEnterprise,
      content: reinspectionOpinion(),
    });
    expect(review.statusCode, review.body).toBe(201);
    expect(review.json<OfficialDocumentIssued>().number).toBe('（深宝安）应急复查〔2026〕1号');
    const record = await issue({
      docType: 'inspection_record',
      enterpriseId: baoanEnterprise,
      content: inspectionRecord(),
    });
    expect(record.statusCode, record.body).toBe(201);
    expect(record.json<OfficialDocumentIssued>().number).toBe('（深宝安）应急检记〔2026〕1号');
  });

  it('lets only enforcement officers issue and the supervising roles read', async () => {
    for (const role of [
      'approver',
      'district_officer',
      'city_admin',
      'street_officer',
      'grid_inspector',
      'enterprise',
      'auditor',
    ] as const) {
      const as = await sessionAs(
        role,
        role === 'enterprise' ? [] : ['440300'],
        role === 'enterprise' ? [baoanEnterprise] : [],
      );
      const res = await issue(order(), as);
      expect(res.statusCode, role).toBe(403);
      expect(res.json<Problem>().code).toBe('auth.forbidden');
      const read = await as({ url: first.pdfUrl });
      expect(read.statusCode, role).toBe(
        ['approver', 'district_officer', 'city_admin'].includes(role) ? 200 : 403,
      );
    }
    expect(
      (await app.inject({ method: 'POST', url: '/api/enforcement/documents', payload: order() })).statusCode,
    ).toBe(401);
    expect((await app.inject({ url: first.pdfUrl })).statusCode).toBe(401);
  });

  it('refuses bad input with problem+json and stable codes, writing nothing', async () => {
    const before = await lastNumber();
    const cases: [unknown, number, string, string?][] = [
      [order({ deadline: '2026-11-27' }), 422, 'document.deadline_in_past', '/body/content/deadline'],
      [order({ deadline: '2026-12-12' }), 422, 'deadline.not_working_day', '/body/content/deadline'],
      [order({ deadline: '2026-12-13' }), 422, 'deadline.not_working_day'],
      [order({ deadline: '2026-02-30' }), 422, 'document.date_invalid', '/body/content/deadline'],
      [order({ date: '2026-12-01' }), 422, 'document.date_in_future', '/body/content/date'],
      [order({ findings: [] }), 422, 'document.findings_empty', '/body/content/findings'],
      [{ ...order(), docType: 'arrest_warrant' }, 422, 'document.type_unknown', '/body/docType'],
      [
        order({ findings: [{ description: '甲'.repeat(501), provision: '第一条' }] }),
        422,
        'document.value_too_long',
        '/body/content/findings/0/description',
      ],
      [order({ legalBasis: '  \n ' }), 422, 'document.value_blank', '/body/content/legalBasis'],
      [
        order({ findings: [{ description: '杂物', provision: '第一条\n第二条' }] }),
        422,
        'document.character_invalid',
        '/body/content/findings/0/provision',
      ],
      [
        order({ findings: [{ description: '杂物\u0007', provision: '第一条' }] }),
        422,
        'document.character_invalid',
      ],
      [order({ inspectors: [rectificationOrder().inspectors[0]!] }), 400, 'request.invalid'],
      [{ ...order(), content: { ...rectificationOrder(), extra: 1 } }, 400, 'request.invalid'],
      [{ ...order(), enterpriseId: '999999' }, 404, 'resource.not_found'],
      [
        order({ findings: [{ description: '化学品泄漏🧪', provision: '第一条' }] }),
        422,
        'document.character_unprintable',
      ],
    ];
    for (const [payload, status, code, pointer] of cases) {
      const res = await issue(payload);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json<Problem>();
      expect(problem.code, res.body).toBe(code);
      if (pointer) expect(problem.errors?.[0]?.pointer).toBe(pointer);
    }
    expect(await lastNumber()).toEqual(before);
  });

  it('consumes no number when rendering fails after numbering: font missing, renderer failing', async () => {
    const documents = createOfficialDocumentRepository(db);
    const actor = { ...testActor('enforcement_officer', { district: ['440306'] }), userId: officerId };
    const deps: IssueDeps = {
      db,
      documents,
      clock,
      // As if SAFEGRID_CJK_FONT pointed at a missing file: passed in, process.env untouched.
      font: cjkFontProvider({
        SAFEGRID_CJK_FONT: '/nonexistent/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
      }),
    };
    const failure = await issueOfficialDocument(deps, actor, order()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('document.font_unavailable');
    expect((failure as AppError).status).toBe(503);
    expect((failure as AppError).message).toContain('/nonexistent/NotoSansCJK-Regular.ttc');
    expect((failure as AppError).message).toContain('fonts-noto-cjk');

    const broken = await issueOfficialDocument(
      {
        ...deps,
        font: cjkFontProvider(),
        render: () => Promise.reject(new Error('renderer exploded')),
      },
      actor,
      order(),
    ).catch((e: unknown) => e);
    expect((broken as Error).message).toBe('renderer exploded');

    const next = await issue(order());
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json<OfficialDocumentIssued>().number).toBe('（深宝安）应急责改〔2026〕3号');
  });

  it('gives concurrent issues distinct consecutive numbers', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => issue(order())));
    const numbers = results.map((r) => r.json<OfficialDocumentIssued>().number).sort();
    expect(numbers).toEqual([4, 5, 6, 7].map((n) => `（深宝安）应急责改〔2026〕${n}号`));
  });

  it('rate-limits the public verification per client address', async () => {
    let last = await app.inject({
      url: '/api/documents/verify/ffffffffffffffff',
      remoteAddress: '203.0.113.9',
    });
    for (let i = 0; i < 60 && last.statusCode !== 429; i++) {
      last = await app.inject({
        url: '/api/documents/verify/ffffffffffffffff',
        remoteAddress: '203.0.113.9',
      });
    }
    expect(last.statusCode).toBe(429);
    expect(last.json<Problem>().code).toBe('request.rate_limited');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    const other = await app.inject({
      url: `/api/documents/verify/${first.verificationCode}`,
      remoteAddress: '203.0.113.10',
    });
    expect(other.statusCode).toBe(200);
  });

  it('keeps the archive immutable and numbers unique', async () => {
    await expect(
      sql`UPDATE official_document SET number = 'x' WHERE id = ${first.id}`.execute(db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM official_document WHERE id = ${first.id}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    const row = await db
      .selectFrom('official_document')
      .selectAll()
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    const { id: _id, ...copy } = row;
    await expect(
      db
        .insertInto('official_document')
        .values({
          ...copy,
          number: 'another',
          verification_code: 'ffffffffffffffff',
          content: JSON.stringify(copy.content),
        })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
  });
});
