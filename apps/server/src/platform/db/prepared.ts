import { createHash } from 'node:crypto';
import type { CompiledQuery, Kysely, PostgresPool, PostgresPoolClient, QueryResult } from 'kysely';
import type pg from 'pg';

/**
 * Named prepared statements for the few fixed queries that run on every request (the session
 * lookup). node-postgres sends every other query as an unnamed statement, which PostgreSQL parses,
 * analyses and plans again each time; for the session lookup (four tables, two sub-selects) that
 * was most of its cost — about 0.34 ms of PostgreSQL CPU per request against 0.08 ms prepared.
 *
 * Only queries whose text is fixed and whose best plan does not depend on the values belong here:
 * after five executions PostgreSQL may switch a prepared statement to a generic plan, which would
 * be wrong for the enterprise search (a rare fragment wants the term index, a common one the id
 * order). The registry is keyed by SQL text, so the same call site always maps to the same name.
 */
const statementNames = new Map<string, string>();

/** A bound on the registry: a call site that built its text dynamically must not grow it forever. */
const MAX_STATEMENTS = 64;

function nameFor(text: string): string | undefined {
  return statementNames.get(text);
}

function register(text: string): void {
  if (statementNames.has(text) || statementNames.size >= MAX_STATEMENTS) return;
  statementNames.set(text, `sg_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`);
}

/**
 * Runs a compiled query as a named prepared statement on whichever pooled connection it gets
 * (each connection parses it once). Same results as `db.executeQuery`, on PostgreSQL and PGlite.
 */
export function executePrepared<DB, R>(db: Kysely<DB>, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  register(query.sql);
  return db.executeQuery(query);
}

/**
 * The pool as Kysely sees it: a registered text goes out as `{ name, text, values }`, everything
 * else exactly as before. One wrapper per pg client, so Kysely's per-client state is kept.
 */
export function withNamedStatements(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let wrapper = wrappers.get(client);
    if (!wrapper) {
      const query = (textOrCursor: string | pg.Submittable, values?: readonly unknown[]): unknown => {
        if (typeof textOrCursor !== 'string') return client.query(textOrCursor);
        const name = nameFor(textOrCursor);
        const params = values ? [...values] : [];
        return name
          ? client.query({ name, text: textOrCursor, values: params })
          : client.query(textOrCursor, params);
      };
      wrapper = { query: query as PostgresPoolClient['query'], release: () => client.release() };
      wrappers.set(client, wrapper);
    }
    return wrapper;
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
