import type {
  EnterpriseDetail,
  EnterpriseInput,
  EnterprisePage,
  EnterprisePatch,
  EnterpriseSearchQuery,
} from '@safegrid/contracts';
import { normaliseCreditCode } from '@safegrid/contracts';
import type { Kysely } from 'kysely';
import { AppError, notFound, rejectFields, type FieldProblem } from '../../errors';
import type { DB } from '../../platform/db/schema';
import { isUniqueViolation } from '../../platform/db/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { JurisdictionRepository } from '../jurisdiction/jurisdiction.repository';
import { createGridChainQuery } from '../jurisdiction/jurisdiction.repository';
import { presentAssignment } from '../jurisdiction/jurisdiction.presenter';
import { shenzhenToday } from '../jurisdiction/jurisdiction.service';
import type { EnterpriseFilter, EnterpriseRepository, ScopeColumn } from './enterprise.repository';
import { presentEnterpriseDetail, presentEnterpriseSummary } from './enterprise.presenter';
import {
  checkCreditCodeField,
  checkGrid,
  checkIndustry,
  checkLocation,
  checkText,
  cleanText,
  type ReferenceLookup,
} from './enterprise-rules';
import { enterpriseSearchTerms, queryTerms } from './search-terms';
import { chooseSearchPlan } from './search-plan';
import type { ReferenceNamesCache } from '../reference/reference-names';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize, can } from '../../platform/auth/policy';
import { nodeInScope } from '../../platform/auth/scope';
import { appendAudit, auditedWrite } from '../../platform/audit/audit-trail';
import type { EnterpriseDetailRow } from './enterprise.repository';

const SCOPE_COLUMN: Record<string, ScopeColumn | undefined> = {
  grid: 'grid_id',
  community: 'community_id',
  street: 'street_id',
  district: 'district_id',
};

/**
 * A screenful of rows: the list pages by "load more", and every row in a page costs serialising
 * and transferring (at 50 rows a page the API spends most of its time there).
 */
export const DEFAULT_PAGE_SIZE = 20;

export function databaseLookup(db: Kysely<DB>): ReferenceLookup {
  const chains = createGridChainQuery(db);
  return {
    industry: (code) =>
      db
        .selectFrom('industry')
        .select(['gongmao_category', 'level'])
        .where('code', '=', code)
        .executeTakeFirst(),
    grid: (id) => chains.one(id),
  };
}

export interface EnterpriseServiceDeps {
  db: Kysely<DB>;
  enterprises: EnterpriseRepository;
  jurisdictions: JurisdictionRepository;
  reference: ReferenceNamesCache;
}

export function createEnterpriseService({
  db,
  enterprises,
  jurisdictions,
  reference,
}: EnterpriseServiceDeps) {
  const lookup = databaseLookup(db);

  async function toFilter(actor: Actor, query: Omit<EnterpriseSearchQuery, 'limit' | 'cursor'>) {
    const filter: Omit<EnterpriseFilter, 'limit'> = {
      scope: actor.scope,
      industryCode: query.industryCode?.trim().toUpperCase() || undefined,
      gongmaoCategory: query.gongmaoCategory,
      status: query.status,
    };
    if (query.jurisdictionId) {
      const node = await reference.node(query.jurisdictionId);
      if (!node) throw notFound('jurisdiction', query.jurisdictionId);
      const column = SCOPE_COLUMN[node.level];
      // A functional district (大鹏新区) is stored as the district of its streets, so equality works.
      if (column) Object.assign(filter, { column, jurisdictionId: node.id });
    }
    const terms = query.q ? queryTerms(query.q) : [];
    if (terms.length > 0) filter.terms = terms;
    return filter;
  }

  /** Filters besides the fragment (the caller's scope is checked apart). */
  const otherFilters = (f: Omit<EnterpriseFilter, 'limit'>) =>
    Boolean(f.jurisdictionId || f.industryCode || f.gongmaoCategory || f.status);

  /** Out of scope and nonexistent look the same (404): the id's existence does not leak. */
  async function findInScope(actor: Actor, id: string): Promise<EnterpriseDetailRow> {
    const row = /^\d{1,18}$/.test(id) ? await enterprises.findDetail(id, actor.scope) : undefined;
    if (!row) throw notFound('enterprise', id);
    return row;
  }

  async function detail(actor: Actor, id: string): Promise<EnterpriseDetail> {
    const row = await findInScope(actor, id);
    const [inspectors, names] = await Promise.all([
      jurisdictions.inspectorsOnDay(row.grid_id, shenzhenToday()),
      reference.get(),
    ]);
    return presentEnterpriseDetail(row, names, inspectors.map(presentAssignment), {
      update: can(actor.role, 'enterprise.update'),
      export: can(actor.role, 'enterprise.export'),
    });
  }

  /** A grid outside the caller's jurisdiction is treated as unknown. */
  function gridProblem(
    actor: Actor,
    pointer: string,
    gridId: string,
    chain: { grid_id: string; community_id: string; street_id: string; district_id: string } | undefined,
  ): FieldProblem | undefined {
    if (!chain) return undefined;
    const ids = [chain.grid_id, chain.community_id, chain.street_id, chain.district_id];
    return nodeInScope(actor.scope, ids)
      ? undefined
      : { pointer, code: 'enterprise.grid_unknown', params: { value: gridId } };
  }

  /** The registry fields of a row, as the audit trail keeps them before and after a change. */
  const auditSnapshot = (r: NonNullable<Awaited<ReturnType<EnterpriseRepository['findForUpdate']>>>) => ({
    creditCode: r.credit_code,
    name: r.name,
    address: r.address,
    industryCode: r.industry_code,
    scale: r.scale,
    employees: r.employees,
    status: r.status,
    location: [r.lon, r.lat],
    gridId: r.grid_id,
  });

  return {
    async search(actor: Actor, query: EnterpriseSearchQuery): Promise<EnterprisePage> {
      authorize(actor, 'enterprise.read');
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const filter = await toFilter(actor, query);
      const afterId = query.cursor ? decodeCursor(query.cursor) : undefined;
      const names = await reference.get();
      const plan = chooseSearchPlan({
        stats: names.searchTermStats,
        terms: filter.terms ?? [],
        limit: limit + 1,
        otherFilters: !actor.scope.city || otherFilters(filter),
      });
      const rows = await enterprises.search({ ...filter, afterId, limit: limit + 1, plan });
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => presentEnterpriseSummary(row, names)),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
      };
    },

    async exportRows(actor: Actor, query: Omit<EnterpriseSearchQuery, 'limit' | 'cursor'>) {
      authorize(actor, 'enterprise.export');
      const filter = await toFilter(actor, query);
      await appendAudit(db, auditWho(actor), {
        action: 'enterprise.exported',
        resourceType: 'enterprise',
        after: { filter: query },
      });
      return { batches: enterprises.iterate(filter), names: await reference.get() };
    },

    async get(actor: Actor, id: string): Promise<EnterpriseDetail> {
      authorize(actor, 'enterprise.read');
      return detail(actor, id);
    },

    async create(actor: Actor, input: EnterpriseInput): Promise<EnterpriseDetail> {
      authorize(actor, 'enterprise.create');
      const problems: FieldProblem[] = [];
      const push = (p: FieldProblem | undefined) => p && problems.push(p);
      push(checkCreditCodeField('/body/creditCode', input.creditCode));
      push(checkText('/body/name', input.name, 2, 200));
      push(checkText('/body/address', input.address, 2, 300));
      push(checkLocation('/body/location', input.location));
      const industry = await checkIndustry(lookup, '/body/industryCode', input.industryCode);
      push(industry.problem);
      const grid = await checkGrid(lookup, '/body/gridId', input.gridId);
      push(grid.problem ?? gridProblem(actor, '/body/gridId', input.gridId, grid.chain));
      if (problems.length > 0) rejectFields(problems);

      const creditCode = normaliseCreditCode(input.creditCode);
      const name = cleanText(input.name);
      const address = cleanText(input.address);
      try {
        const id = await db.transaction().execute(async (trx) => {
          const id = await enterprises.insert(trx, {
            credit_code: creditCode,
            name,
            address,
            industry_code: input.industryCode.trim().toUpperCase(),
            gongmao_category: industry.category!,
            scale: input.scale,
            employees: input.employees,
            lon: input.location[0],
            lat: input.location[1],
            ...grid.chain!,
            status: input.status ?? 'operating',
            synthetic: false,
            search_terms: enterpriseSearchTerms(name, address),
          });
          await appendAudit(trx, auditWho(actor), {
            action: 'enterprise.created',
            resourceType: 'enterprise',
            resourceId: id,
            after: { ...input, creditCode, name, address },
          });
          return id;
        });
        return await detail(actor, id);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('enterprise.credit_code_taken', { value: creditCode }, [
            {
              pointer: '/body/creditCode',
              code: 'enterprise.credit_code_taken',
              params: { value: creditCode },
            },
          ]);
        }
        throw error;
      }
    },

    async update(actor: Actor, id: string, patch: EnterprisePatch): Promise<EnterpriseDetail> {
      authorize(actor, 'enterprise.update');
      if (!/^\d{1,18}$/.test(id)) throw notFound('enterprise', id);
      const problems: FieldProblem[] = [];
      const push = (p: FieldProblem | undefined) => p && problems.push(p);
      if (patch.creditCode !== undefined) push(checkCreditCodeField('/body/creditCode', patch.creditCode));
      if (patch.name !== undefined) push(checkText('/body/name', patch.name, 2, 200));
      if (patch.address !== undefined) push(checkText('/body/address', patch.address, 2, 300));
      if (patch.location !== undefined) push(checkLocation('/body/location', patch.location));
      const industry = patch.industryCode
        ? await checkIndustry(lookup, '/body/industryCode', patch.industryCode)
        : {};
      push(industry.problem);
      const grid = patch.gridId ? await checkGrid(lookup, '/body/gridId', patch.gridId) : {};
      push(
        grid.problem ??
          (patch.gridId ? gridProblem(actor, '/body/gridId', patch.gridId, grid.chain) : undefined),
      );
      if (problems.length > 0) rejectFields(problems);

      try {
        await db.transaction().execute(async (trx) => {
          const current = await enterprises.findForUpdate(trx, id, actor.scope);
          if (!current) throw notFound('enterprise', id);
          const name = patch.name !== undefined ? cleanText(patch.name) : current.name;
          const address = patch.address !== undefined ? cleanText(patch.address) : current.address;
          const changes = {
            ...(patch.creditCode !== undefined ? { credit_code: normaliseCreditCode(patch.creditCode) } : {}),
            name,
            address,
            search_terms: enterpriseSearchTerms(name, address),
            ...(patch.industryCode
              ? {
                  industry_code: patch.industryCode.trim().toUpperCase(),
                  gongmao_category: industry.category!,
                }
              : {}),
            ...(patch.scale ? { scale: patch.scale } : {}),
            ...(patch.employees !== undefined ? { employees: patch.employees } : {}),
            ...(patch.location ? { lon: patch.location[0], lat: patch.location[1] } : {}),
            ...(grid.chain ?? {}),
            ...(patch.status ? { status: patch.status } : {}),
          };
          // The row after the change is the locked row with these values: the audit entry can
          // be written by the UPDATE statement itself (one round trip).
          await auditedWrite(
            trx,
            enterprises.updateQuery(trx, id, { ...changes, updated_at: new Date() }),
            auditWho(actor),
            {
              action: 'enterprise.updated',
              resourceType: 'enterprise',
              resourceId: id,
              before: auditSnapshot(current),
              after: auditSnapshot({ ...current, ...changes }),
            },
          );
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          const value = normaliseCreditCode(patch.creditCode ?? '');
          throw new AppError('enterprise.credit_code_taken', { value }, [
            { pointer: '/body/creditCode', code: 'enterprise.credit_code_taken', params: { value } },
          ]);
        }
        throw error;
      }
      return detail(actor, id);
    },
  };
}

export type EnterpriseService = ReturnType<typeof createEnterpriseService>;
