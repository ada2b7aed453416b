import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { nodeInScope } from '../../platform/auth/scope';
import { createJurisdictionRepository, type JurisdictionRow } from '../jurisdiction/jurisdiction.repository';
import { loadSearchTermStats, type SearchTermStats } from '../enterprises/search-plan';

/**
 * The jurisdiction tree (≈1,750 nodes) and the industry names (≈2,000 codes) change rarely but
 * are needed by nearly every response. Holding them in memory turns the hot enterprise queries
 * into single-table index scans instead of five-way joins. Each process reloads on its own
 * after the TTL, and at once when asked for an id it does not know (a node added elsewhere),
 * so processes never need to agree on anything.
 */
export interface ReferenceNames {
  node(id: string): JurisdictionRow | undefined;
  industryName(code: string): string;
  /** PostgreSQL's statistics of the enterprise search terms (the search plans from them). */
  searchTermStats: SearchTermStats | undefined;
}

export interface ReferenceNamesCache {
  get(): Promise<ReferenceNames>;
  /** Returns the node, reloading once if it is not known yet. */
  node(id: string): Promise<JurisdictionRow | undefined>;
}

/** Unknown ids are cheap to send: at most one reload per this interval however many arrive. */
const MIN_RELOAD_MS = 2_000;

export function createReferenceNamesCache(db: Kysely<DB>, ttlMs = 60_000): ReferenceNamesCache {
  const jurisdictions = createJurisdictionRepository(db);
  let current: { at: number; names: ReferenceNames } | undefined;
  let loading: Promise<ReferenceNames> | undefined;

  const load = () =>
    (loading ??= (async () => {
      try {
        const [nodes, industries, searchTermStats] = await Promise.all([
          jurisdictions.listNodes(),
          db.selectFrom('industry').select(['code', 'name']).execute(),
          loadSearchTermStats(db),
        ]);
        const byId = new Map(nodes.map((n) => [n.id, n]));
        const industryNames = new Map(industries.map((i) => [i.code, i.name]));
        const names: ReferenceNames = {
          node: (id) => byId.get(id),
          industryName: (code) => industryNames.get(code) ?? code,
          searchTermStats,
        };
        current = { at: Date.now(), names };
        return names;
      } finally {
        loading = undefined;
      }
    })());

  const get = async () => (current && Date.now() - current.at < ttlMs ? current.names : load());

  return {
    get,
    async node(id) {
      const known = (await get()).node(id);
      if (known || (current && Date.now() - current.at < MIN_RELOAD_MS)) return known;
      return (await load()).node(id);
    },
  };
}

/** The node and its ancestors, the node first (the city last). */
export function ancestry(names: ReferenceNames, node: JurisdictionRow): JurisdictionRow[] {
  const path: JurisdictionRow[] = [];
  for (let n: JurisdictionRow | undefined = node; n; n = n.parent_id ? names.node(n.parent_id) : undefined) {
    path.push(n);
  }
  return path;
}

/**
 * A node a caller filters by, if it lies in their scope (the node or one of its ancestors is in
 * it); undefined when unknown or outside — callers answer 404 either way, telling nothing apart.
 */
export async function nodeWithinScope(
  reference: ReferenceNamesCache,
  scope: JurisdictionScope,
  id: string,
): Promise<JurisdictionRow | undefined> {
  const node = await reference.node(id);
  if (!node) return undefined;
  const chain = ancestry(await reference.get(), node).map((n) => n.id);
  return nodeInScope(scope, chain) ? node : undefined;
}
