import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';

/**
 * How a name search runs. Both plans return the same rows in the same order; they differ only in
 * what PostgreSQL reads:
 *
 * - `term-index`: `search_terms @> terms`, which the planner may answer from the GIN index (a
 *   bitmap of every match, then a sort by id);
 * - `id-order`: the same test written as `arraycontains(search_terms, terms)`, a function call
 *   the GIN index cannot serve and which the planner assumes to keep a third of the rows, so it
 *   walks the id index and stops after `limit` matches.
 *
 * The planner estimates `@>` by multiplying the frequencies of the fragment's overlapping pairs,
 * which are strongly correlated (新能源 → 新能 × 能源: 30 rows estimated, 1,904 found), so for common
 * fragments it reads and sorts every match where the id walk would stop early. We estimate the
 * matches ourselves, from the same statistics, as the frequency of the rarest term.
 */
export type SearchPlan = 'term-index' | 'id-order';

/** The element statistics PostgreSQL keeps for `enterprise.search_terms` (`pg_stats`). */
export interface SearchTermStats {
  /** Rows of the table at the last ANALYZE. */
  rows: number;
  /** Fraction of rows holding each tracked (most common) term. */
  frequencies: ReadonlyMap<number, number>;
  /** The smallest tracked frequency: any term not tracked is rarer than this. */
  floor: number;
}

/**
 * An id-ordered walk visits about `limit · rows / matches` rows to fill a page; the term index
 * fetches every match and sorts it. A fetched match costs about as much as 2.5 walked rows
 * (measured on the 120,000-enterprise city: the two break even near 1,000 matches for a page of
 * 21), so the walk is taken when `limit · rows / matches ≤ 2.5 · matches`.
 */
export const WALKED_ROWS_PER_MATCH = 2.5;

/**
 * Upper bound of the rows holding every term: the rarest term's share of the table. Undefined
 * without terms or statistics.
 */
export function estimateMatches(stats: SearchTermStats | undefined, terms: readonly number[]) {
  if (!stats || terms.length === 0) return undefined;
  let rarest = 1;
  for (const term of terms) rarest = Math.min(rarest, stats.frequencies.get(term) ?? stats.floor);
  return stats.rows * rarest;
}

export interface SearchPlanInput {
  stats: SearchTermStats | undefined;
  terms: readonly number[];
  /** Rows the page asks for. */
  limit: number;
  /**
   * Whether anything but the fragment narrows the rows (a jurisdiction, an industry, a status, a
   * caller's scope narrower than the city). The estimate knows nothing of them: a rare filter
   * with a common fragment would make the id walk read far more rows than the match count
   * suggests, so any of them keeps the planner's choice.
   */
  otherFilters: boolean;
}

export function chooseSearchPlan({ stats, terms, limit, otherFilters }: SearchPlanInput): SearchPlan {
  if (otherFilters) return 'term-index';
  const matches = estimateMatches(stats, terms);
  if (matches === undefined || matches <= 0) return 'term-index';
  return (limit * stats!.rows) / matches <= WALKED_ROWS_PER_MATCH * matches ? 'id-order' : 'term-index';
}

/**
 * Reads the statistics of `enterprise.search_terms` of the current schema, or undefined before
 * the first ANALYZE (the search then runs as the planner sees fit). Same on PGlite.
 */
export async function loadSearchTermStats(db: Kysely<DB>): Promise<SearchTermStats | undefined> {
  const { rows } = await sql<{ rows: number; elems: number[] | null; freqs: number[] | null }>`
    SELECT c.reltuples::float8 AS rows,
           s.most_common_elems::text::integer[] AS elems,
           s.most_common_elem_freqs::float8[] AS freqs
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
     WHERE c.oid = 'enterprise'::regclass AND s.attname = 'search_terms'`.execute(db);
  const row = rows[0];
  if (!row?.elems || !row.freqs || row.elems.length === 0 || !(row.rows > 0)) return undefined;
  // The frequencies end with three extra numbers: the smallest, the largest and the null share.
  const frequencies = new Map<number, number>();
  row.elems.forEach((term, i) => frequencies.set(term, row.freqs![i]!));
  const floor = row.freqs[row.elems.length] ?? Math.min(...frequencies.values());
  return { rows: row.rows, frequencies, floor };
}
