import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, EnterpriseTable } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';
import type { Insertable, Updateable } from 'kysely';
import type { SearchPlan } from './search-plan';

export type ScopeColumn = 'grid_id' | 'community_id' | 'street_id' | 'district_id';

export interface EnterpriseFilter {
  /** The caller's jurisdiction: rows outside it are never read. */
  scope: JurisdictionScope;
  /** Column that holds the jurisdiction node's id at its level; unset = whole city. */
  column?: ScopeColumn;
  jurisdictionId?: string;
  terms?: number[];
  industryCode?: string;
  gongmaoCategory?: string;
  status?: string;
  afterId?: string;
  limit: number;
  /** How the terms are tested (search-plan.ts); the rows are the same either way. */
  plan?: SearchPlan;
}

export type NewEnterprise = Insertable<EnterpriseTable>;
export type EnterprisePatchRow = Updateable<EnterpriseTable>;

export function createEnterpriseRepository(db: Kysely<DB>) {
  const SUMMARY = [
    'id',
    'credit_code',
    'name',
    'address',
    'industry_code',
    'gongmao_category',
    'scale',
    'employees',
    'status',
    'lon',
    'lat',
    'grid_id',
    'street_id',
    'district_id',
    'synthetic',
  ] as const;
  const summaryQuery = () => db.selectFrom('enterprise').select(SUMMARY);

  const filtered = (f: Omit<EnterpriseFilter, 'limit' | 'afterId'>) => {
    let q = summaryQuery().where((eb) => enterpriseInScope(eb, f.scope));
    if (f.column && f.jurisdictionId) q = q.where(f.column, '=', f.jurisdictionId);
    if (f.terms && f.terms.length > 0) {
      const terms = sql.val(f.terms);
      // arraycontains is the function behind @>: the same test, which the GIN index cannot serve.
      q = q.where(
        f.plan === 'id-order'
          ? sql<boolean>`arraycontains(search_terms, ${terms}::integer[])`
          : sql<boolean>`search_terms @> ${terms}::integer[]`,
      );
    }
    if (f.industryCode) q = q.where('industry_code', '=', f.industryCode);
    if (f.gongmaoCategory) q = q.where('gongmao_category', '=', f.gongmaoCategory as never);
    if (f.status) q = q.where('status', '=', f.status as never);
    return q.orderBy('id');
  };

  return {
    /** Keyset page ordered by id: stable under inserts, and O(limit) however deep the page. */
    async search(f: EnterpriseFilter) {
      let q = filtered(f);
      if (f.afterId) q = q.where('id', '>', f.afterId);
      return q.limit(f.limit).execute();
    },

    /** Streams a filtered list in id order for exports, batch by batch, without an offset. */
    async *iterate(f: Omit<EnterpriseFilter, 'limit' | 'afterId'>, batch = 2000) {
      let afterId: string | undefined;
      for (;;) {
        let q = filtered(f);
        if (afterId) q = q.where('id', '>', afterId);
        const rows = await q.limit(batch).execute();
        if (rows.length === 0) return;
        yield rows;
        afterId = rows[rows.length - 1]!.id;
        if (rows.length < batch) return;
      }
    },

    async findDetail(id: string, scope: JurisdictionScope) {
      return summaryQuery()
        .select(['community_id', 'created_at', 'updated_at'])
        .where('id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .executeTakeFirst();
    },

    async existingCreditCodes(codes: string[]): Promise<Set<string>> {
      if (codes.length === 0) return new Set();
      const rows = await db
        .selectFrom('enterprise')
        .select('credit_code')
        .where('credit_code', 'in', codes)
        .execute();
      return new Set(rows.map((r) => r.credit_code));
    },

    async findForUpdate(trx: Transaction<DB>, id: string, scope: JurisdictionScope) {
      return trx
        .selectFrom('enterprise')
        .selectAll()
        .where('id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .forUpdate()
        .executeTakeFirst();
    },

    async insert(trx: Transaction<DB> | Kysely<DB>, row: NewEnterprise): Promise<string> {
      const inserted = await trx
        .insertInto('enterprise')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return inserted.id;
    },

    /** Multi-row insert in chunks that stay under PostgreSQL's 65,535 bind parameters. */
    async insertMany(trx: Transaction<DB>, rows: NewEnterprise[], onChunk?: (done: number) => void) {
      const chunk = 2000;
      for (let i = 0; i < rows.length; i += chunk) {
        await trx
          .insertInto('enterprise')
          .values(rows.slice(i, i + chunk))
          .execute();
        onChunk?.(Math.min(i + chunk, rows.length));
      }
    },

    /** The UPDATE as a query, for auditedWrite to run together with its audit entry. */
    updateQuery(trx: Transaction<DB>, id: string, patch: EnterprisePatchRow) {
      return trx.updateTable('enterprise').set(patch).where('id', '=', id).returning('id');
    },
  };
}

export type EnterpriseRepository = ReturnType<typeof createEnterpriseRepository>;
export type EnterpriseSummaryRow = Awaited<ReturnType<EnterpriseRepository['search']>>[number];
export type EnterpriseDetailRow = NonNullable<Awaited<ReturnType<EnterpriseRepository['findDetail']>>>;
