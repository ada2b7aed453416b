import { sql, type Kysely } from 'kysely';

/**
 * Loading a large share of a table's rows at once (the demo city, a first grading of the city)
 * costs far more in per-row upkeep than in the rows themselves: every row is checked against each
 * foreign key by a trigger of its own and fed into each index one entry at a time. PostgreSQL's
 * own restore (pg_restore) avoids that by loading first and building indexes and constraints
 * after; this does the same inside the caller's transaction:
 *
 * - the tables' foreign keys and secondary (non-unique) indexes are read from the catalogue,
 *   dropped, and recreated from their own definitions once the load is done, so the migrations
 *   stay the one source of truth and the schema ends exactly as it was;
 * - a recreated foreign key checks every row in one pass, so nothing the per-row checks would
 *   have refused can get in (the load fails and rolls back instead);
 * - unique indexes and primary keys stay: they answer ON CONFLICT and other tables' keys;
 * - the named triggers are switched off for the load and on again after.
 *
 * Everything happens in the caller's transaction: a failure anywhere restores all of it. The DDL
 * takes exclusive locks on the tables, so this is for loaders that own them (an empty database, a
 * maintenance job), never for a request path.
 */
export interface SuspendedUpkeepOptions {
  /** Tables whose foreign keys and secondary indexes are rebuilt after the load. */
  tables: readonly string[];
  /** Triggers switched off during the load: [table, trigger]. */
  triggers?: readonly (readonly [table: string, trigger: string])[];
  /** Sort memory for the index builds; the database's default is sized for small indexes. */
  maintenanceWorkMem?: string;
}

export interface SuspendedUpkeepTimings {
  /** Recreating the indexes and foreign keys after the load. */
  restoreMs: number;
  indexes: number;
  foreignKeys: number;
}

export async function withSuspendedUpkeep<T>(
  trx: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any -- catalogue SQL only
  options: SuspendedUpkeepOptions,
  load: () => Promise<T>,
): Promise<{ result: T; timings: SuspendedUpkeepTimings }> {
  if (!trx.isTransaction) throw new Error('withSuspendedUpkeep runs inside a transaction');
  const tables = [...options.tables];
  const foreignKeys = (
    await sql<{ table: string; name: string; definition: string }>`
      SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE c.contype = 'f' AND c.conrelid = ANY (
        SELECT to_regclass(x) FROM unnest(${tables}::text[]) AS x)
      ORDER BY t.relname, c.conname`.execute(trx)
  ).rows;
  const indexes = (
    await sql<{ name: string; definition: string }>`
      SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = ANY (SELECT to_regclass(x) FROM unnest(${tables}::text[]) AS x)
        AND NOT i.indisunique AND NOT i.indisprimary
        -- An exclusion constraint's index is not unique but is the constraint: it stays.
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname`.execute(trx)
  ).rows;

  for (const fk of foreignKeys) {
    await sql`ALTER TABLE ${sql.table(fk.table)} DROP CONSTRAINT ${sql.id(fk.name)}`.execute(trx);
  }
  for (const index of indexes) await sql`DROP INDEX ${sql.id(index.name)}`.execute(trx);
  for (const [table, trigger] of options.triggers ?? []) {
    await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER ${sql.id(trigger)}`.execute(trx);
  }

  const result = await load();

  const restoreStart = performance.now();
  if (options.maintenanceWorkMem) {
    await sql`SELECT set_config('maintenance_work_mem', ${options.maintenanceWorkMem}, true)`.execute(trx);
  }
  for (const index of indexes) await sql.raw(index.definition).execute(trx);
  for (const fk of foreignKeys) {
    await sql`ALTER TABLE ${sql.table(fk.table)} ADD CONSTRAINT ${sql.id(fk.name)} ${sql.raw(fk.definition)}`.execute(
      trx,
    );
  }
  for (const [table, trigger] of options.triggers ?? []) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER ${sql.id(trigger)}`.execute(trx);
  }
  return {
    result,
    timings: {
      restoreMs: Math.round(performance.now() - restoreStart),
      indexes: indexes.length,
      foreignKeys: foreignKeys.length,
    },
  };
}
