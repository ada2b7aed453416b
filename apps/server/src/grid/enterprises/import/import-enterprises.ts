import type { ImportJob, ImportRowError } from '@safegrid/contracts';
import { normaliseCreditCode } from '@safegrid/contracts';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, notFound } from '../../../errors';
import type { DB } from '../../../platform/db/schema';
import { auditWho, type Actor } from '../../../platform/auth/actor';
import { authorize } from '../../../platform/auth/policy';
import { appendAudit } from '../../../platform/audit/audit-trail';
import { isUniqueViolation } from '../../../platform/db/errors';
import { readTable, type Table } from '../../../platform/files/tabular';
import { createGridChainQuery } from '../../jurisdiction/jurisdiction.repository';
import type { EnterpriseRepository, NewEnterprise } from '../enterprise.repository';
import {
  ENTERPRISE_COLUMNS,
  SCALE_LABELS,
  STATUS_LABELS,
  parseLabel,
  type EnterpriseColumnKey,
} from '../enterprise-columns';
import {
  checkCreditCodeField,
  checkGrid,
  checkIndustry,
  checkLocation,
  checkText,
  cleanText,
  type ReferenceLookup,
} from '../enterprise-rules';
import { enterpriseSearchTerms } from '../search-terms';
import type { ImportJobRepository, ImportJobRow } from './import-job.repository';

export interface ImportEnterprisesOptions {
  actor: Actor;
  fileName: string;
  content: Buffer;
  maxRows: number;
}

export interface ImportDeps {
  db: Kysely<DB>;
  jobs: ImportJobRepository;
  enterprises: EnterpriseRepository;
  log: FastifyBaseLogger;
}

const PROGRESS_EVERY = 500;

export function presentImportJob(row: ImportJobRow): ImportJob {
  return {
    id: row.id,
    fileName: row.file_name,
    status: row.status,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    importedRows: row.imported_rows,
    errorCode: row.error_code,
    errorCount: Array.isArray(row.row_errors) ? row.row_errors.length : 0,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

/** Maps the header row to our columns by Chinese header or English alias, in any order. */
export function mapHeader(header: string[]): Map<EnterpriseColumnKey, number> {
  const index = new Map<EnterpriseColumnKey, number>();
  header.forEach((raw, i) => {
    const h = raw.trim().toLowerCase();
    const column = ENTERPRISE_COLUMNS.find(
      (c) => c.header === raw.trim() || c.aliases.some((a) => a.toLowerCase() === h),
    );
    if (column && !index.has(column.key)) index.set(column.key, i);
  });
  const missing = ENTERPRISE_COLUMNS.filter((c) => c.key !== 'status' && !index.has(c.key)).map(
    (c) => c.header,
  );
  if (missing.length > 0) throw new AppError('import.columns_missing', { missing: missing.join('、') });
  return index;
}

async function preloadLookup(db: Kysely<DB>): Promise<ReferenceLookup> {
  const [industries, chains] = await Promise.all([
    db.selectFrom('industry').select(['code', 'level', 'gongmao_category']).execute(),
    createGridChainQuery(db).all(),
  ]);
  const byCode = new Map(industries.map((i) => [i.code, i]));
  return { industry: async (code) => byCode.get(code), grid: async (id) => chains.get(id) };
}

const columnHeader = (key: EnterpriseColumnKey) => ENTERPRISE_COLUMNS.find((c) => c.key === key)!.header;

/** Validates every row (collecting every problem, not just the first) and builds the inserts. */
export async function validateRows(
  table: Table,
  index: Map<EnterpriseColumnKey, number>,
  lookup: ReferenceLookup,
  existingCodes: Set<string>,
  onProgress: (done: number) => Promise<void>,
): Promise<{ rows: NewEnterprise[]; errors: ImportRowError[] }> {
  const errors: ImportRowError[] = [];
  const rows: NewEnterprise[] = [];
  const seen = new Map<string, number>();
  let done = 0;
  for (const { rowNumber, cells } of table.rows) {
    const get = (key: EnterpriseColumnKey) => {
      const i = index.get(key);
      return i === undefined ? '' : (cells[i] ?? '');
    };
    const rowErrors: ImportRowError[] = [];
    const fail = (key: EnterpriseColumnKey, code: string) =>
      rowErrors.push({ row: rowNumber, column: columnHeader(key), code, value: get(key).slice(0, 100) });

    const creditCode = normaliseCreditCode(get('creditCode'));
    const codeProblem = checkCreditCodeField('', get('creditCode'));
    if (codeProblem) fail('creditCode', `${codeProblem.code}.${String(codeProblem.params?.reason)}`);
    else if (existingCodes.has(creditCode)) fail('creditCode', 'enterprise.credit_code_taken');
    else if (seen.has(creditCode)) fail('creditCode', 'import.duplicate_in_file');
    else seen.set(creditCode, rowNumber);

    for (const [key, min, max] of [
      ['name', 2, 200],
      ['address', 2, 300],
    ] as const) {
      const problem = checkText('', get(key), min, max);
      if (problem) fail(key, problem.code);
    }
    const industry = await checkIndustry(lookup, '', get('industryCode'));
    if (industry.problem) fail('industryCode', industry.problem.code);
    const grid = await checkGrid(lookup, '', get('gridId'));
    if (grid.problem) fail('gridId', grid.problem.code);
    const scale = parseLabel(SCALE_LABELS, get('scale'));
    if (!scale) fail('scale', 'enterprise.scale_unknown');
    const status = get('status') === '' ? 'operating' : parseLabel(STATUS_LABELS, get('status'));
    if (!status) fail('status', 'enterprise.status_unknown');
    const employees = Number(get('employees'));
    if (get('employees') === '' || !Number.isInteger(employees) || employees < 0 || employees > 1_000_000) {
      fail('employees', 'enterprise.employees_invalid');
    }
    const lon = Number(get('lon'));
    const lat = Number(get('lat'));
    if (get('lon') === '' || get('lat') === '' || checkLocation('', [lon, lat])) {
      fail(get('lon') === '' || !Number.isFinite(lon) ? 'lon' : 'lat', 'enterprise.location_outside_city');
    }

    if (rowErrors.length > 0) errors.push(...rowErrors);
    else {
      const name = cleanText(get('name'));
      const address = cleanText(get('address'));
      rows.push({
        credit_code: creditCode,
        name,
        address,
        industry_code: get('industryCode').trim().toUpperCase(),
        gongmao_category: industry.category!,
        scale: scale!,
        employees,
        lon,
        lat,
        ...grid.chain!,
        status: status!,
        synthetic: false,
        search_terms: enterpriseSearchTerms(name, address),
      });
    }
    done++;
    if (done % PROGRESS_EVERY === 0) await onProgress(done);
  }
  return { rows, errors };
}

/**
 * All-or-nothing import. The file is read and checked for shape synchronously (bad files are
 * refused at once); rows are then validated and written in the background while the client
 * polls the job. Either every row lands in one transaction, or none does and the job carries a
 * per-row error report.
 */
export async function importEnterprises(
  deps: ImportDeps,
  options: ImportEnterprisesOptions,
): Promise<ImportJob> {
  const table = await readTable(options.fileName, options.content, options.maxRows);
  const index = mapHeader(table.header);
  authorize(options.actor, 'enterprise.import');
  const job = await deps.jobs.create(options.fileName, table.rows.length, options.actor.userId);
  void runImport(deps, options.actor, job.id, table, index).catch(async (error: unknown) => {
    // Another import or a user registered one of these codes between validation and writing:
    // the transaction rolled back, so nothing of this file was written.
    const code = isUniqueViolation(error) ? 'enterprise.credit_code_taken' : 'internal.unexpected';
    if (code === 'internal.unexpected')
      deps.log.error({ err: error, importJob: job.id }, 'enterprise import failed');
    await deps.jobs.fail(job.id, code, []).catch(() => {});
  });
  return presentImportJob(job);
}

async function runImport(
  deps: ImportDeps,
  actor: Actor,
  jobId: string,
  table: Table,
  index: Map<EnterpriseColumnKey, number>,
): Promise<void> {
  const lookup = await preloadLookup(deps.db);
  const codeColumn = index.get('creditCode')!;
  const codes = table.rows
    .map((r) => normaliseCreditCode(r.cells[codeColumn] ?? ''))
    .filter((c) => c.length === 18);
  const existing = new Set<string>();
  for (let i = 0; i < codes.length; i += 5000) {
    for (const c of await deps.enterprises.existingCreditCodes(codes.slice(i, i + 5000))) existing.add(c);
  }
  const { rows, errors } = await validateRows(table, index, lookup, existing, (done) =>
    deps.jobs.progress(jobId, done),
  );
  if (errors.length > 0) {
    await deps.jobs.fail(jobId, 'import.rows_invalid', errors);
    return;
  }
  await deps.jobs.progress(jobId, table.rows.length, 'writing');
  await deps.db.transaction().execute(async (trx) => {
    await deps.enterprises.insertMany(trx, rows);
    await deps.jobs.succeed(trx, jobId, rows.length);
    await appendAudit(trx, auditWho(actor), {
      action: 'enterprise.imported',
      resourceType: 'import',
      resourceId: jobId,
      after: { rows: rows.length, creditCodes: rows.map((r) => r.credit_code) },
    });
  });
}

export async function getImportJob(
  jobs: ImportJobRepository,
  actor: Actor,
  id: string,
): Promise<ImportJobRow> {
  authorize(actor, 'enterprise.import');
  const job = /^[0-9a-f-]{36}$/.test(id) ? await jobs.find(id, actor.userId) : undefined;
  if (!job) throw notFound('import', id);
  return job;
}
