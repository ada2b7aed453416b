import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnterpriseDetail, EnterprisePage, Problem } from '@safegrid/contracts';
import ExcelJS from 'exceljs';
import { buildApp, type App } from '../../app';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { injectAs, signedInAs } from '../../../test/sessions';
import { creditCode, seedMiniCity } from '../../../test/mini-city';
import type { Database } from '../../platform/db/database';
import { verifyAuditChain } from '../../platform/audit/audit-trail';

let app: App;
let asAdmin: ReturnType<typeof injectAs>;
let cleanup: () => Promise<void>;
let db: Database['db'];

beforeAll(async () => {
  const t = await openTestDatabase('enterprises');
  cleanup = t.cleanup;
  db = t.database.db;
  await seedMiniCity(t.database.db);
  app = await buildApp({ config: testConfig(), database: t.database, logger: false });
  asAdmin = injectAs(app, await signedInAs(t.database.db, 'city_admin'));
});
afterAll(async () => {
  await app.close();
  await cleanup();
});

const valid = {
  creditCode: creditCode('91440306MA5F00001'),
  name: '深圳市新安模具有限公司',
  address: '深圳市宝安区新安街道海旺社区工业路3号',
  industryCode: 'C3981',
  scale: 'micro',
  employees: 12,
  location: [114.012, 22.512],
  gridId: 'G440306001001-2',
};

const search = async (qs: string) => {
  const res = await asAdmin({ url: `/api/enterprises?${qs}` });
  expect(res.statusCode).toBe(200);
  return res.json<EnterprisePage>();
};

describe('enterprise registry', () => {
  it('registers an enterprise and derives its jurisdiction chain from the grid', async () => {
    const res = await asAdmin({ method: 'POST', url: '/api/enterprises', payload: valid });
    expect(res.statusCode).toBe(201);
    const body = res.json<EnterpriseDetail>();
    expect(body).toMatchObject({
      name: valid.name,
      gridId: 'G440306001001-2',
      communityId: '440306001001',
      streetId: '440306001',
      districtId: '440306',
      gongmaoCategory: 'machinery',
      status: 'operating',
      synthetic: false,
    });
    const again = await asAdmin({ url: `/api/enterprises/${body.id}` });
    expect(again.json<EnterpriseDetail>().creditCode).toBe(valid.creditCode);
  });

  it('rejects a credit code with a wrong check character, naming the reason, and writes nothing', async () => {
    const wrong = valid.creditCode.slice(0, 17) + (valid.creditCode[17] === '0' ? '1' : '0');
    const res = await asAdmin({
      method: 'POST',
      url: '/api/enterprises',
      payload: { ...valid, creditCode: wrong },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<Problem>();
    expect(problem.code).toBe('enterprise.credit_code_invalid');
    expect(problem.params).toMatchObject({ reason: 'check_digit' });
    expect(problem.detail).toContain('统一社会信用代码');
    expect((await search(`q=${encodeURIComponent('新安模具')}`)).items).toHaveLength(1);
  });

  it('answers in English when asked', async () => {
    const res = await asAdmin({
      method: 'POST',
      url: '/api/enterprises',
      payload: { ...valid, creditCode: 'ABC' },
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
    });
    expect(res.json<Problem>().detail).toMatch(/credit code "ABC" is invalid: length/);
  });

  it('rejects an unknown grid, a non-工贸 industry and a location outside the city, all at once', async () => {
    const res = await asAdmin({
      method: 'POST',
      url: '/api/enterprises',
      payload: {
        ...valid,
        creditCode: creditCode('91440306MA5F00002'),
        gridId: 'G-nowhere',
        industryCode: 'A0111',
        location: [116.4, 39.9],
      },
    });
    expect(res.statusCode).toBe(422);
    const codes = res.json<Problem>().errors!.map((e) => [e.pointer, e.code]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['/body/gridId', 'enterprise.grid_unknown'],
        ['/body/industryCode', 'enterprise.industry_unknown'],
        ['/body/location', 'enterprise.location_outside_city'],
      ]),
    );
  });

  it('refuses a second enterprise with the same credit code (409)', async () => {
    const res = await asAdmin({ method: 'POST', url: '/api/enterprises', payload: valid });
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>().code).toBe('enterprise.credit_code_taken');
  });

  it('stores HTML and SQL in text fields verbatim, as data', async () => {
    const name = `<script>alert(1)</script>'; DROP TABLE enterprise; --`;
    const res = await asAdmin({
      method: 'POST',
      url: '/api/enterprises',
      payload: { ...valid, creditCode: creditCode('91440306MA5F00003'), name },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<EnterpriseDetail>().name).toBe(name);
    expect((await search('limit=200')).items.length).toBeGreaterThan(4);
  });

  it('rejects control characters and unknown body fields', async () => {
    const ctl = await asAdmin({
      method: 'POST',
      url: '/api/enterprises',
      payload: { ...valid, creditCode: creditCode('91440306MA5F00004'), name: '坏\u0007名字' },
    });
    expect(ctl.statusCode).toBe(400);
    expect(ctl.json<Problem>().errors![0]!.code).toBe('text.control_characters');
    const extra = await asAdmin({
      method: 'POST',
      url: '/api/enterprises',
      payload: { ...valid, admin: true },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json<Problem>().code).toBe('request.invalid');
  });

  it('finds enterprises by a Chinese fragment of name or address', async () => {
    expect((await search(`q=${encodeURIComponent('华强')}`)).items.map((e) => e.name)).toEqual([
      '深圳市华强电子有限公司',
    ]);
    expect((await search(`q=${encodeURIComponent('创业路')}`)).items.map((e) => e.name)).toEqual([
      '深圳市锦绣纺织有限公司',
    ]);
    expect((await search(`q=${encodeURIComponent('不存在的企业')}`)).items).toEqual([]);
  });

  it('filters by jurisdiction node at any level, including the functional district 大鹏新区', async () => {
    expect((await search('jurisdictionId=DP-440307')).items.map((e) => e.name)).toEqual([
      '深圳市葵涌海滨电子有限公司',
    ]);
    expect((await search('jurisdictionId=G440306001001-1')).items).toHaveLength(2);
    expect((await search('jurisdictionId=440306&status=suspended')).items.map((e) => e.name)).toEqual([
      '深圳市锦绣纺织有限公司',
    ]);
    expect((await search('gongmaoCategory=textile')).items).toHaveLength(1);
    const unknown = await asAdmin({ url: '/api/enterprises?jurisdictionId=nowhere' });
    expect(unknown.statusCode).toBe(404);
  });

  it('pages with keyset cursors: no overlap, no gap, and a bad cursor is a 400', async () => {
    const all = (await search('limit=200')).items.map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: EnterprisePage = await search(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const bad = await asAdmin({ url: '/api/enterprises?cursor=bm9wZQ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().code).toBe('pagination.cursor_invalid');
  });

  it('updates an enterprise and re-indexes its name for search', async () => {
    const [first] = (await search(`q=${encodeURIComponent('宏达')}`)).items;
    const res = await asAdmin({
      method: 'PATCH',
      url: `/api/enterprises/${first!.id}`,
      payload: { name: '深圳市鹏程精密有限公司' },
    });
    expect(res.statusCode).toBe(200);
    expect((await search(`q=${encodeURIComponent('鹏程精密')}`)).items.map((e) => e.id)).toEqual([first!.id]);
    expect((await search(`q=${encodeURIComponent('宏达')}`)).items).toEqual([]);
    // The change and its audit entry were written by one statement: who, before and after.
    const entry = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('resource_type', '=', 'enterprise')
      .where('resource_id', '=', first!.id)
      .where('action', '=', 'enterprise.updated')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ role: 'city_admin', outcome: 'success' });
    expect(entry.before).toMatchObject({ name: '深圳市宏达精密电子科技有限公司' });
    expect(entry.after).toMatchObject({ name: '深圳市鹏程精密有限公司', gridId: first!.gridId });
    expect((await verifyAuditChain(db)).ok).toBe(true);
    const missing = await asAdmin({
      method: 'PATCH',
      url: '/api/enterprises/999999',
      payload: { employees: 3 },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('answers 404 problems for unknown enterprises and routes', async () => {
    for (const url of ['/api/enterprises/123456789', '/api/enterprises/abc', '/api/nothing-here']) {
      const res = await asAdmin({ url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('exports the filtered list as a workbook that reads back', async () => {
    const res = await asAdmin({ url: '/api/enterprises/export.xlsx?jurisdictionId=440306001' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('统一社会信用代码');
    const names: string[] = [];
    sheet.eachRow((row, n) => n > 1 && names.push(String(row.getCell(2).value)));
    expect(names).toContain('深圳市华强电子有限公司');
    expect(names).not.toContain('深圳市葵涌海滨电子有限公司');
  });
});
