import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { loadIndustryCatalogue, type IndustryRow } from './industry-catalogue';

/** 6 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535 bind parameters. */
const BATCH = 1000;

/**
 * Makes sure every GB/T 4754-2017 code is in `industry`. Runs on every start, so it is cheap when
 * nothing is missing (one SELECT) and safe when two processes start at once (ON CONFLICT). Rows
 * already present are left alone: an operator may have corrected them. Returns the rows added.
 */
export async function seedIndustries(
  db: Kysely<DB>,
  catalogue: IndustryRow[] = loadIndustryCatalogue(),
): Promise<number> {
  const present = new Set((await db.selectFrom('industry').select('code').execute()).map((r) => r.code));
  // Parents first, so that the self-reference (parent_code) holds batch by batch.
  const missing = catalogue.filter((r) => !present.has(r.code)).sort((a, b) => a.level - b.level);
  if (missing.length === 0) return 0;

  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    for (let i = 0; i < missing.length; i += BATCH) {
      const result = await trx
        .insertInto('industry')
        .values(
          missing.slice(i, i + BATCH).map((r) => ({
            code: r.code,
            level: r.level,
            name: r.name,
            parent_code: r.parentCode,
            gongmao_category: r.gongmaoCategory,
            category_source: r.categorySource,
          })),
        )
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return inserted;
  });
}

/** Number of industry rows; a cheap check for callers that only want to know it is seeded. */
export async function countIndustries(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('industry')
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
