import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { EnterprisePage, ImportJob, Problem } from '@safegrid/contracts';
import { buildApp, type App } from '../../../app';
import type { Database } from '../../../platform/db/database';
import { openTestDatabase, testConfig } from '../../../../test/test-database';
import { injectAs, signedInAs } from '../../../../test/sessions';
import { creditCode, seedMiniCity } from '../../../../test/mini-city';
import { ENTERPRISE_COLUMNS } from '../enterprise-columns';

let app: App;
let asAdmin: ReturnType<typeof injectAs>;
let database: Database;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await openTestDatabase('import');
  database = t.database;
  cleanup = t.cleanup;
  await seedMiniCity(database.db);
  app = await buildApp({
    config: testConfig({ importMaxBytes: 64 * 1024, importMaxRows: 50 }),
    database,
    logger: false,
  });
  asAdmin = injectAs(app, await signedInAs(database.db, 'city_admin'));
});
afterAll(async () => {
  await app.close();
  await cleanup();
});

type Row = (string | number)[];
const header = ENTERPRISE_COLUMNS.map((c) => c.header);
const row = (n: number, overrides: Partial<Record<number, string | number>> = {}): Row => {
  const r: Row = [
    creditCode(`91440306MA5G${String(n).padStart(5, '0')}`),
    `深圳市导入测试${n}号电子有限公司`,
    `深圳市宝安区新安街道海旺社区测试路${n}号`,
    'C3981',
    '小型',
    20 + n,
    114.01,
    22.51,
    'G440306001001-1',
    '在营',
  ];
  for (const [i, v] of Object.entries(overrides)) r[Number(i)] = v!;
  return r;
};

async function xlsx(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('企业');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(fileName: string, content: Buffer) {
  const boundary = '----safegrid-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(fileName: string, content: Buffer) {
  return asAdmin({ method: 'POST', url: '/api/imports/enterprises', ...multipart(fileName, content) });
}

async function settle(id: string): Promise<ImportJob> {
  for (let i = 0; i < 200; i++) {
    const job = (await asAdmin({ url: `/api/imports/${id}` })).json<ImportJob>();
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('import did not finish');
}

const count = async () =>
  (await asAdmin({ url: '/api/enterprises?limit=200' })).json<EnterprisePage>().items.length;

describe('enterprise import', () => {
  it('imports a valid workbook in one go', async () => {
    const before = await count();
    const res = await upload('企业.xlsx', await xlsx([row(1), row(2), row(3)]));
    expect(res.statusCode).toBe(202);
    const job = await settle(res.json<ImportJob>().id);
    expect(job).toMatchObject({ status: 'succeeded', totalRows: 3, importedRows: 3, errorCount: 0 });
    expect(await count()).toBe(before + 3);
  });

  it('imports nothing when one row is wrong, and reports every bad cell', async () => {
    const before = await count();
    const bad = [row(10), row(11, { 0: 'NOT-A-CODE', 8: 'G-nowhere' }), row(12, { 4: '超大型' }), row(10)];
    const res = await upload('bad.xlsx', await xlsx(bad));
    const job = await settle(res.json<ImportJob>().id);
    expect(job).toMatchObject({ status: 'failed', errorCode: 'import.rows_invalid', importedRows: 0 });
    expect(job.errorCount).toBe(4);
    expect(await count()).toBe(before);

    const report = await asAdmin({ url: `/api/imports/${job.id}/errors.xlsx` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const lines: string[] = [];
    wb.worksheets[0]!.eachRow((r, n) => n > 1 && lines.push(`${r.getCell(1).value}:${r.getCell(6).value}`));
    expect(lines).toEqual(
      expect.arrayContaining([
        '3:enterprise.credit_code_invalid.length',
        '3:enterprise.grid_unknown',
        '4:enterprise.scale_unknown',
        '5:import.duplicate_in_file',
      ]),
    );
  });

  it('refuses a credit code that is already registered', async () => {
    const res = await upload('again.xlsx', await xlsx([row(1)]));
    const job = await settle(res.json<ImportJob>().id);
    expect(job.status).toBe('failed');
  });

  it('accepts a UTF-8 CSV and refuses a GBK one with a clear code', async () => {
    const csv = [header, row(20)].map((r) => r.join(',')).join('\n');
    const ok = await upload('企业.csv', Buffer.from(csv, 'utf8'));
    expect((await settle(ok.json<ImportJob>().id)).status).toBe('succeeded');

    const gbk = await upload(
      'gbk.csv',
      iconv.encode([header, row(21)].map((r) => r.join(',')).join('\n'), 'gbk'),
    );
    expect(gbk.statusCode).toBe(422);
    expect(gbk.json<Problem>().code).toBe('import.encoding_invalid');
  });

  it('refuses a malformed xlsx, an unknown type, a missing column, too many rows and an oversized file', async () => {
    const cases: [string, Buffer, number, string][] = [
      ['broken.xlsx', Buffer.from('PK\u0003\u0004 this is no zip'), 422, 'import.file_invalid'],
      ['notes.txt', Buffer.from('hello'), 415, 'import.unsupported_type'],
      ['cols.csv', Buffer.from('企业名称,地址\n甲,乙'), 422, 'import.columns_missing'],
      [
        'many.xlsx',
        await xlsx(Array.from({ length: 51 }, (_, i) => row(100 + i))),
        422,
        'import.too_many_rows',
      ],
      ['huge.csv', Buffer.alloc(65 * 1024, 0x41), 413, 'import.file_too_large'],
    ];
    for (const [name, content, status, code] of cases) {
      const res = await upload(name, content);
      expect([name, res.statusCode, res.json<Problem>().code]).toEqual([name, status, code]);
    }
  });

  it('answers 404 for an unknown import job', async () => {
    const res = await asAdmin({ url: '/api/imports/00000000-0000-0000-0000-000000000000' });
    expect(res.statusCode).toBe(404);
  });

  it('serves a template whose header is what the importer expects', async () => {
    const res = await asAdmin({ url: '/api/imports/template.xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.getRow(1).eachCell((c) => cells.push(String(c.value)));
    expect(cells).toEqual(header);
  });
});
