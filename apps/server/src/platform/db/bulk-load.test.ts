import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase } from '../../../test/test-database';
import type { Database } from './database';
import { withSuspendedUpkeep } from './bulk-load';

describe('bulk loads with suspended upkeep', () => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase('bulk_load'));
    await sql`CREATE TABLE bulk_parent (id integer PRIMARY KEY)`.execute(database.db);
    await sql`INSERT INTO bulk_parent SELECT generate_series(1, 10)`.execute(database.db);
    await sql`CREATE TABLE bulk_child (
      id integer PRIMARY KEY,
      parent_id integer NOT NULL CONSTRAINT bulk_child_parent_fkey REFERENCES bulk_parent (id),
      code text NOT NULL UNIQUE,
      terms integer[] NOT NULL DEFAULT '{}')`.execute(database.db);
    await sql`CREATE INDEX bulk_child_parent_idx ON bulk_child (parent_id, id DESC)`.execute(database.db);
    await sql`CREATE INDEX bulk_child_terms_idx ON bulk_child USING gin (terms)`.execute(database.db);
    await sql`CREATE TABLE bulk_log (n integer NOT NULL)`.execute(database.db);
    await sql`CREATE FUNCTION bulk_child_logged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO bulk_log VALUES (1); RETURN NULL; END $$`.execute(database.db);
    await sql`CREATE TRIGGER bulk_child_log AFTER INSERT ON bulk_child
      FOR EACH STATEMENT EXECUTE FUNCTION bulk_child_logged()`.execute(database.db);
  });
  afterAll(async () => cleanup());

  /** The table's indexes, constraints and triggers as the catalogue describes them. */
  async function shape() {
    const indexes = await sql<{ d: string }>`
      SELECT pg_get_indexdef(indexrelid) AS d FROM pg_index WHERE indrelid = 'bulk_child'::regclass ORDER BY 1`.execute(
      database.db,
    );
    const constraints = await sql<{ d: string }>`
      SELECT conname || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint
      WHERE conrelid = 'bulk_child'::regclass ORDER BY 1`.execute(database.db);
    const triggers = await sql<{ d: string }>`
      SELECT tgname || ' ' || tgenabled::text AS d FROM pg_trigger
      WHERE tgrelid = 'bulk_child'::regclass AND NOT tgisinternal ORDER BY 1`.execute(database.db);
    return [...indexes.rows, ...constraints.rows, ...triggers.rows].map((r) => r.d);
  }

  /** Rows start+1 … start+rows, each under parent (id % 10) + 1, with two GIN terms. */
  const load = (rows: number, start = 0) =>
    sql`INSERT INTO bulk_child (id, parent_id, code, terms)
      SELECT i, (i % 10) + 1, 'c' || i, ARRAY[i % 7, i % 11]
      FROM generate_series(${start + 1}::int, ${start + rows}::int) AS i`;

  it('drops the foreign keys, secondary indexes and named triggers for the load and restores them exactly', async () => {
    const before = await shape();
    expect(before.some((d) => d.includes('bulk_child_parent_idx'))).toBe(true);
    const { timings } = await database.db.transaction().execute((trx) =>
      withSuspendedUpkeep(
        trx,
        { tables: ['bulk_child'], triggers: [['bulk_child', 'bulk_child_log']], maintenanceWorkMem: '32MB' },
        async () => {
          const during = await sql<{ n: string }>`
            SELECT count(*) AS n FROM pg_index WHERE indrelid = 'bulk_child'::regclass AND NOT indisunique`.execute(
            trx,
          );
          expect(Number(during.rows[0]!.n)).toBe(0);
          const fks = await sql<{ n: string }>`
            SELECT count(*) AS n FROM pg_constraint WHERE conrelid = 'bulk_child'::regclass AND contype = 'f'`.execute(
            trx,
          );
          expect(Number(fks.rows[0]!.n)).toBe(0);
          await load(500).execute(trx);
        },
      ),
    );
    expect(timings).toMatchObject({ indexes: 2, foreignKeys: 1 });
    expect(await shape()).toEqual(before);
    // The trigger was off for the load, and is on again for what follows.
    const logged = await sql<{ n: string }>`SELECT count(*) AS n FROM bulk_log`.execute(database.db);
    expect(Number(logged.rows[0]!.n)).toBe(0);
    await sql`INSERT INTO bulk_child VALUES (100000, 1, 'after', '{}')`.execute(database.db);
    const after = await sql<{ n: string }>`SELECT count(*) AS n FROM bulk_log`.execute(database.db);
    expect(Number(after.rows[0]!.n)).toBe(1);
    // The rebuilt GIN index holds the loaded rows: the first id with terms 3 and 5 (38: 38 % 7 = 3,
    // 38 % 11 = 5) is found through it.
    const found = await sql<{ id: number }>`
      SELECT id FROM bulk_child WHERE terms @> ARRAY[3, 5] ORDER BY id LIMIT 1`.execute(database.db);
    expect(found.rows[0]?.id).toBe(38);
  });

  it('refuses a row the foreign key would have refused, and leaves everything as it was', async () => {
    const before = await shape();
    const count = async () =>
      Number(
        (await sql<{ n: string }>`SELECT count(*) AS n FROM bulk_child`.execute(database.db)).rows[0]!.n,
      );
    const rows = await count();
    await expect(
      database.db.transaction().execute((trx) =>
        withSuspendedUpkeep(trx, { tables: ['bulk_child'] }, async () => {
          await load(50, 200_000).execute(trx);
          // A parent that does not exist: nothing checks it during the load…
          await sql`INSERT INTO bulk_child VALUES (300000, 999, 'orphan', '{}')`.execute(trx);
        }),
      ),
    ).rejects.toThrow(/foreign key/);
    // …but recreating the key does, and the failure takes the whole load with it.
    expect(await count()).toBe(rows);
    expect(await shape()).toEqual(before);
  });

  it('runs only inside a transaction', async () => {
    await expect(withSuspendedUpkeep(database.db, { tables: ['bulk_child'] }, async () => 1)).rejects.toThrow(
      /inside a transaction/,
    );
  });
});
