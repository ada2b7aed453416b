import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase } from '../../../test/test-database';
import type { Database } from './database';
import { executePrepared } from './prepared';

describe('named prepared statements', () => {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase('prepared'));
    await sql`CREATE TABLE prepared_probe (id integer PRIMARY KEY, label text NOT NULL)`.execute(database.db);
    await sql`INSERT INTO prepared_probe VALUES (1, 'one'), (2, 'two')`.execute(database.db);
  });
  afterAll(async () => cleanup());

  const byId = (id: number) =>
    sql<{ id: number; label: string }>`SELECT id, label FROM prepared_probe WHERE id = ${id}`;

  it('runs as a named statement on the connection and answers like an unnamed one', async () => {
    await database.db.connection().execute(async (connection) => {
      const first = await executePrepared(connection, byId(1).compile(connection));
      const second = await executePrepared(connection, byId(2).compile(connection));
      expect(first.rows).toEqual([{ id: 1, label: 'one' }]);
      expect(second.rows).toEqual([{ id: 2, label: 'two' }]);
      expect((await byId(2).execute(connection)).rows).toEqual(second.rows);
      const { rows } = await sql<{ name: string; statement: string }>`
        SELECT name, statement FROM pg_prepared_statements`.execute(connection);
      const mine = rows.filter((r) => r.statement.includes('prepared_probe'));
      // One statement for both values: parsed once per connection, whatever the parameters.
      expect(mine).toHaveLength(1);
      expect(mine[0]!.name).toMatch(/^sg_[0-9a-f]{20}$/);
    });
  });

  it('reads the current rows every time: a change is visible on the next execution', async () => {
    const read = () => executePrepared(database.db, byId(1).compile(database.db));
    expect((await read()).rows[0]?.label).toBe('one');
    await sql`UPDATE prepared_probe SET label = 'uno' WHERE id = 1`.execute(database.db);
    expect((await read()).rows[0]?.label).toBe('uno');
    await sql`DELETE FROM prepared_probe WHERE id = 1`.execute(database.db);
    expect((await read()).rows).toEqual([]);
  });

  it('leaves queries that were not registered unnamed', async () => {
    await database.db.connection().execute(async (connection) => {
      await sql`SELECT label FROM prepared_probe WHERE id = ${2} AND label <> ''`.execute(connection);
      const { rows } = await sql<{ statement: string }>`
        SELECT statement FROM pg_prepared_statements`.execute(connection);
      expect(rows.some((r) => r.statement.includes("label <> ''"))).toBe(false);
    });
  });
});
