import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { OfficialDocumentIssued, OfficialDocumentVerification, Problem } from '@safegrid/contracts';
import { DOCUMENT_LIMITS } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import { loadConfig } from '../../config';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';
import { verificationCodeOf, type CanonicalDocument } from './compose-official-document';
import { qrRectangles } from './render-official-document';
import { caseFilingApproval, OFFICERS, serviceReceipt } from './test-fixtures';
import { qrModulesInPdf } from './test-pdf';

/**
 * 立案审批表 and 文书送达回执 through the HTTP API, on an app configured with PUBLIC_BASE_URL:
 * numbered in series of their own (应急立, 应急回), archived, verifiable, the printed QR code
 * carrying the absolute verification URL; bad input refused without using a number.
 */
describe('case filing approval and service receipt documents', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  // Monday 2026-11-30, 10:00 in Shenzhen.
  const now = new Date('2026-11-30T02:00:00Z');
  const clock = () => now;
  const base = 'https://safegrid.example.gov.cn';
  let baoanEnterprise: string;
  let dapengEnterprise: string;
  let asOfficer: ReturnType<typeof injectAs>;
  const dir = mkdtempSync(join(tmpdir(), 'safegrid-filing-service-'));

  const issue = (payload: unknown) =>
    asOfficer({
      method: 'POST',
      url: '/api/enforcement/documents',
      payload: payload as Record<string, unknown>,
    });
  const filing = (overrides: Parameters<typeof caseFilingApproval>[0] = {}) => ({
    docType: 'case_filing_approval',
    enterpriseId: baoanEnterprise,
    content: caseFilingApproval(overrides),
  });
  const receipt = (overrides: Parameters<typeof serviceReceipt>[0] = {}) => ({
    docType: 'service_receipt',
    enterpriseId: baoanEnterprise,
    content: serviceReceipt(overrides),
  });
  const pdfOf = async (issued: OfficialDocumentIssued) => {
    const res = await asOfficer({ url: issued.pdfUrl });
    expect(res.statusCode).toBe(200);
    const pdf = res.rawPayload;
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(issued.sha256);
    const file = join(dir, `${issued.sha256}.pdf`);
    writeFileSync(file, pdf);
    return {
      pdf,
      text: execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
      fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }),
    };
  };
  const sequences = async () =>
    (await db.selectFrom('official_document_sequence').select(['series', 'last_number']).execute()).sort(
      (a, b) => a.series.localeCompare(b.series),
    );

  beforeAll(async () => {
    const t = await openTestDatabase('documents_filing_service');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    baoanEnterprise = seeded.enterprises[0]!.id; // 深圳市华强电子有限公司, 宝安区
    dapengEnterprise = seeded.enterprises[3]!.id; // 大鹏新区
    // Through the configuration's own parsing, as at start-up (trailing slash dropped).
    const config = testConfig({ publicBaseUrl: loadConfig({ PUBLIC_BASE_URL: `${base}/` }).publicBaseUrl });
    app = await buildApp({ config, database: t.database, logger: false, clock });
    const officer = await createTestUser(db, { role: 'enforcement_officer', scopeIds: ['440306'] });
    asOfficer = injectAs(app, await openTestSession(db, officer.id, { now }));
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues the 立案审批表 numbered 应急立, dated the 审批 day, archived and verifiable', async () => {
    const res = await issue(filing());
    expect(res.statusCode, res.body).toBe(201);
    const issued = res.json<OfficialDocumentIssued>();
    expect(issued).toMatchObject({
      docType: 'case_filing_approval',
      title: '立案审批表',
      number: '（深宝安）应急立〔2026〕1号',
      documentDate: '2026-11-30',
      agency: { code: '440306', name: '深圳市宝安区应急管理局' },
      legalUpdatesApplied: [],
      unverifiedWording: [],
    });

    const { pdf, text, fonts } = await pdfOf(issued);
    const squeezed = text.replace(/\s+/g, '');
    for (const part of [
      issued.number,
      '当事人：深圳市华强电子有限公司',
      '证号：44030621001（张晓明）证号：__________（李卫东）2026年11月27日',
      '审批人（签名）：（刘振华）2026年11月30日',
      `核验码：${issued.verificationCode}`,
    ]) {
      expect(squeezed, part).toContain(part);
    }
    const url = `${base}/documents/verify/${issued.verificationCode}`;
    expect(text).toContain(`核验地址：${url}`);
    expect(qrModulesInPdf(pdf)).toEqual(qrRectangles(url).rects);
    expect(fonts).toMatch(/NotoS[a-z]+CJK\S* +CID Type 0C +Identity-H +yes +yes +yes/);

    const row = await db
      .selectFrom('official_document')
      .select(['content', 'verification_code', 'series', 'doc_type'])
      .where('id', '=', issued.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ series: '应急立', doc_type: 'case_filing_approval' });
    const canonical = row.content as CanonicalDocument;
    expect(verificationCodeOf(canonical)).toBe(row.verification_code);
    expect(canonical.wording.form).toBe('安全生产行政执法文书式样（2016年版）1 立案审批表');
    expect(canonical.wording.platformWording.map((w) => w.split(':')[0])).toEqual([
      'officer-names',
      'officer-certificate-blank',
      'signer-names',
    ]);

    const verified = await app.inject({ url: `/api/documents/verify/${issued.verificationCode}` });
    expect(verified.json<OfficialDocumentVerification>()).toMatchObject({
      number: issued.number,
      docType: 'case_filing_approval',
      title: '立案审批表',
    });
  });

  it('issues the 文书送达回执 numbered 应急回 (the form has a number line), archived and verifiable', async () => {
    const res = await issue(receipt());
    expect(res.statusCode, res.body).toBe(201);
    const issued = res.json<OfficialDocumentIssued>();
    expect(issued).toMatchObject({
      docType: 'service_receipt',
      title: '文书送达回执',
      number: '（深宝安）应急回〔2026〕1号',
      documentDate: '2026-11-30',
    });
    const { pdf, text, fonts } = await pdfOf(issued);
    const squeezed = text.replace(/\s+/g, '');
    for (const part of [
      issued.number,
      '受送达单位（个人）：深圳市华强电子有限公司',
      '送达文书名称、文号：行政处罚告知书（深宝安）应急罚告〔2026〕4号',
      '收件人签名或者盖章：（赵丽）',
      '深圳市宝安区应急管理局（印章）',
      '注：1.一个案件各类文书的送达，统一使用一份送达回执。',
    ]) {
      expect(squeezed, part).toContain(part);
    }
    const url = `${base}/documents/verify/${issued.verificationCode}`;
    expect(qrModulesInPdf(pdf)).toEqual(qrRectangles(url).rects);
    expect(fonts).toMatch(/ yes +yes +yes /);
    const verified = await app.inject({ url: `/api/documents/verify/${issued.verificationCode}` });
    expect(verified.statusCode).toBe(200);
    expect(verified.json<OfficialDocumentVerification>().docType).toBe('service_receipt');
  });

  it('refuses an enterprise outside the officer’s district as not found', async () => {
    for (const payload of [filing(), receipt()]) {
      const res = await issue({ ...payload, enterpriseId: dapengEnterprise });
      expect(res.statusCode).toBe(404);
      expect(res.json<Problem>().code).toBe('resource.not_found');
    }
  });

  it('refuses bad input with stable codes and pointers, using no number', async () => {
    const before = await sequences();
    const row = serviceReceipt().documents[0]!;
    const handling = caseFilingApproval().handling;
    const cases: [unknown, number, string, string?][] = [
      // Missing required fields.
      [{ ...filing(), content: { ...caseFilingApproval(), cause: undefined } }, 400, 'request.invalid'],
      [filing({ review: { opinion: '同意立案。', date: '2026-11-27' } as never }), 400, 'request.invalid'],
      [receipt({ documents: [] }), 400, 'request.invalid'],
      [receipt({ documents: [{ ...row, recipient: undefined } as never] }), 400, 'request.invalid'],
      [filing({ handling: { ...handling, officers: [OFFICERS[0]!] } }), 400, 'request.invalid'],
      [receipt({ documents: [{ ...row, servers: ['张晓明'] }] }), 400, 'request.invalid'],
      // Over-long texts.
      [
        filing({ summary: '案'.repeat(DOCUMENT_LIMITS.inspectionFindings + 1) }),
        422,
        'document.value_too_long',
        '/body/content/summary',
      ],
      [
        filing({
          approval: { opinion: '同'.repeat(DOCUMENT_LIMITS.opinion + 1), name: '刘振华', date: '2026-11-30' },
        }),
        422,
        'document.value_too_long',
        '/body/content/approval/opinion',
      ],
      [
        receipt({ documents: [{ ...row, method: '直接送达'.repeat(6) }] }),
        422,
        'document.value_too_long',
        '/body/content/documents/0/method',
      ],
      [receipt({ remarks: '备'.repeat(501) }), 422, 'document.value_too_long', '/body/content/remarks'],
      // Wrong dates.
      [filing({ sourceDate: '2026-02-30' }), 422, 'document.date_invalid', '/body/content/sourceDate'],
      [
        filing({ approval: { opinion: '同意立案。', name: '刘振华', date: '2026-12-01' } }),
        422,
        'document.date_in_future',
        '/body/content/approval/date',
      ],
      [
        filing({ review: { opinion: '同意立案。', name: '陈敏', date: '2026-11-26' } }),
        422,
        'document.date_before',
        '/body/content/review/date',
      ],
      [filing({ sourceDate: '2026-11-28' }), 422, 'document.date_before', '/body/content/handling/date'],
      [
        receipt({ documents: [row, { ...row, date: '2026-12-01' }] }),
        422,
        'document.date_in_future',
        '/body/content/documents/1/date',
      ],
      [receipt({ documents: [{ ...row, date: '2026-11-31' }] }), 422, 'document.date_invalid'],
      // Texts: a line break in a one-line value, blanks only, an unprintable character.
      [
        receipt({ documents: [{ ...row, recipient: '赵\n丽' }] }),
        422,
        'document.character_invalid',
        '/body/content/documents/0/recipient',
      ],
      [
        filing({ handling: { ...handling, opinion: ' \n ' } }),
        422,
        'document.value_blank',
        '/body/content/handling/opinion',
      ],
      [filing({ postcode: '51810' }), 400, 'request.invalid'],
      [receipt({ remarks: '代收🧾' }), 422, 'document.character_unprintable', '/body/content/remarks'],
    ];
    for (const [payload, status, code, pointer] of cases) {
      const res = await issue(payload);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json<Problem>();
      expect(problem.code, res.body).toBe(code);
      if (pointer) expect(problem.errors?.[0]?.pointer, res.body).toBe(pointer);
    }
    expect(await sequences()).toEqual(before);
  });
});
