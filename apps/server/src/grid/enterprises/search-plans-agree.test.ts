import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { EnterprisePage } from '@safegrid/contracts';
import { buildApp, type App } from '../../app';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { injectAs, signedInAs } from '../../../test/sessions';
import { creditCode, seedMiniCity } from '../../../test/mini-city';
import type { Database } from '../../platform/db/database';
import { EMPTY_SCOPE } from '../../platform/auth/actor';
import { encodeCursor } from '../../platform/http/cursor';
import { createEnterpriseRepository, type EnterpriseFilter } from './enterprise.repository';
import { queryTerms, enterpriseSearchTerms } from './search-terms';
import { chooseSearchPlan, loadSearchTermStats, type SearchPlan, type SearchTermStats } from './search-plan';

/**
 * The two plans of a name search (search-plan.ts) must give the same pages: same ids, same
 * cursors, for common and rare fragments, with and without filters, page after page.
 */
let db: Database['db'];
let cleanup: () => Promise<void>;
let app: App;
let stats: SearchTermStats | undefined;

const TRADES = ['新能源科技', '精密五金', '包装印刷', '电子', '塑胶制品', '新材料'];
const BRANDS = ['鑫达', '宏兴', '华豪', '卓盛', '永宏', '昌佳', '浩辉', '明益', '通盛', '信合', '星河'];
const GRIDS = [
  { grid_id: 'G440306001001-1', community_id: '440306001001', street_id: '440306001', district_id: '440306' },
  { grid_id: 'G440306001001-2', community_id: '440306001001', street_id: '440306001', district_id: '440306' },
  {
    grid_id: 'G440307009001-1',
    community_id: '440307009001',
    street_id: '440307009',
    district_id: 'DP-440307',
  },
];
const STATUSES = ['operating', 'operating', 'operating', 'suspended', 'closed'] as const;

beforeAll(async () => {
  const t = await openTestDatabase('search_plans');
  cleanup = t.cleanup;
  db = t.database.db;
  await seedMiniCity(db);
  // 360 firms: every trade in 60 of them (common), a brand in 32 or 33, a brand with a trade in 5 or 6.
  const rows = Array.from({ length: 360 }, (_, i) => {
    const name = `深圳市${BRANDS[i % BRANDS.length]}${TRADES[i % TRADES.length]}有限公司`;
    const address = `深圳市宝安区新安街道海旺社区工业路${i + 1}号`;
    return {
      credit_code: creditCode(`91440306${String(i).padStart(9, '0')}`),
      name,
      address,
      industry_code: i % 2 === 0 ? 'C3981' : 'C1711',
      gongmao_category: i % 2 === 0 ? ('machinery' as const) : ('textile' as const),
      scale: 'small' as const,
      employees: 10,
      lon: 114.01,
      lat: 22.51,
      ...GRIDS[i % GRIDS.length]!,
      status: STATUSES[i % STATUSES.length]!,
      synthetic: true,
      search_terms: enterpriseSearchTerms(name, address),
    };
  });
  await db.insertInto('enterprise').values(rows).execute();
  await sql`ANALYZE enterprise`.execute(db);
  stats = await loadSearchTermStats(db);
  app = await buildApp({ config: testConfig(), database: t.database, logger: false });
});
afterAll(async () => {
  await app?.close();
  await cleanup();
});

const CITY = { ...EMPTY_SCOPE, city: true };

/** Every page of a search, as the service cuts them: the ids and the cursor to the next page. */
async function pages(filter: Omit<EnterpriseFilter, 'limit' | 'plan'>, plan: SearchPlan, limit: number) {
  const repository = createEnterpriseRepository(db);
  const out: { ids: string[]; nextCursor: string | null }[] = [];
  let afterId: string | undefined;
  for (;;) {
    const rows = await repository.search({ ...filter, afterId, limit: limit + 1, plan });
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null;
    out.push({ ids: page.map((r) => r.id), nextCursor });
    if (!nextCursor) return out;
    afterId = page[page.length - 1]!.id;
  }
}

describe('enterprise search plans', () => {
  it('reads the term statistics after ANALYZE, and tells common fragments from rare ones', () => {
    expect(stats).toBeDefined();
    expect(stats!.rows).toBeGreaterThanOrEqual(360);
    const plan = (q: string) =>
      chooseSearchPlan({ stats, terms: queryTerms(q), limit: 6, otherFilters: false });
    expect(plan('新能源')).toBe('id-order');
    expect(plan('锦绣纺织')).toBe('term-index'); // one firm of the mini city
  });

  const FRAGMENTS = ['新能源', '精密五金', '电子', '鑫达', '鑫达新能源', '华豪电子', '锦绣纺织', '不存在'];
  const FILTERS: Record<string, Partial<EnterpriseFilter>> = {
    none: {},
    street: { column: 'street_id', jurisdictionId: '440306001' },
    district: { column: 'district_id', jurisdictionId: 'DP-440307' },
    industry: { industryCode: 'C3981' },
    status: { status: 'closed' },
    'grid+status': { column: 'grid_id', jurisdictionId: 'G440306001001-2', status: 'operating' },
  };
  for (const q of FRAGMENTS) {
    it(`gives the same pages on both plans for ${q}`, async () => {
      for (const [name, extra] of Object.entries(FILTERS)) {
        for (const limit of [1, 7, 20]) {
          const filter = { scope: CITY, terms: queryTerms(q), ...extra };
          const byIndex = await pages(filter, 'term-index', limit);
          const byId = await pages(filter, 'id-order', limit);
          expect(byId, `${q} / ${name} / ${limit}`).toEqual(byIndex);
        }
      }
    });
  }

  it('answers the API with the same pages whichever plan it chose', async () => {
    const asAdmin = injectAs(app, await signedInAs(db, 'city_admin'));
    for (const q of ['新能源', '锦绣纺织']) {
      const expected = await pages({ scope: CITY, terms: queryTerms(q) }, 'term-index', 7);
      let cursor: string | null = null;
      for (const want of expected) {
        const qs = new URLSearchParams({ q, limit: '7', ...(cursor ? { cursor } : {}) });
        const res = await asAdmin({ url: `/api/enterprises?${qs}` });
        expect(res.statusCode).toBe(200);
        const page = res.json<EnterprisePage>();
        expect({ ids: page.items.map((i) => i.id), nextCursor: page.nextCursor }).toEqual(want);
        cursor = page.nextCursor;
      }
      expect(cursor).toBeNull();
    }
  });
});
