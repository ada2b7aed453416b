import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { AppConfig } from '../../config';
import { acquireDataDir } from './data-dir-guard';
import { migrate } from './migrate';
import { withNamedStatements } from './prepared';
import type { DB } from './schema';

// bigint (int8) and numeric stay strings (ids are opaque); int4 and float come back as numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface Database {
  db: Kysely<DB>;
  pool: pg.Pool;
  mode: 'pglite' | 'postgres';
  schema: string;
  /** True on the start that created an empty embedded database. */
  fresh: boolean;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export type DatabaseOptions = Pick<AppConfig, 'databaseUrl' | 'databaseSchema' | 'dataDir'> &
  Partial<Pick<AppConfig, 'databasePoolSize'>> & {
    /** In-memory PGlite for tests: no data directory, no lock. */
    inMemory?: boolean;
  };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const schema = options.databaseSchema;
  let pool: pg.Pool;
  let mode: Database['mode'];
  let fresh = false;
  let afterClose = async () => {};
  let onReady = () => {};

  if (options.databaseUrl) {
    mode = 'postgres';
    pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.databasePoolSize ?? 10,
      options: `-c search_path="${schema}",public`,
    });
  } else {
    mode = 'pglite';
    let pglite: PGlite;
    if (options.inMemory) {
      pglite = new PGlite();
    } else {
      const lease = acquireDataDir(options.dataDir);
      fresh = lease.fresh;
      try {
        pglite = new PGlite(lease.pgliteDir);
        await pglite.waitReady;
      } catch (error) {
        lease.release();
        throw error;
      }
      onReady = lease.markInitialised;
      afterClose = async () => lease.release();
    }
    const owned = pglite;
    const previous = afterClose;
    afterClose = async () => {
      await owned.close();
      await previous();
    };
    pool = new pg.Pool(createPgConfig(owned) as unknown as pg.PoolConfig);
    // PGlite has one session; set the schema once per (the only) connection.
    pool.on('connect', (client) => {
      void client.query(`SET search_path TO "${schema}", public`);
    });
  }

  pool.on('error', () => {
    // Idle-client errors (server restart) surface on the next query; the pool replaces the client.
  });

  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end().catch(() => {});
    await afterClose();
    throw error;
  }
  onReady();

  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
  return {
    db,
    pool,
    mode,
    schema,
    fresh,
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await db.destroy();
      await afterClose();
    },
  };
}
