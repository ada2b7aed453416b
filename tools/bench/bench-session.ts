import pg from 'pg';
import { mintSessionTokens } from '../../apps/server/src/platform/auth/session-token';
import { ABSOLUTE_TIMEOUT_MS, SESSION_COOKIE } from '../../apps/server/src/platform/auth/authenticate';

export interface BenchSession {
  cookie: string;
  csrfToken: string;
  /** Headers for every request the load generator sends. */
  headers: Record<string, string>;
}

/** An active session for the account, written straight into the schema (the client's search_path). */
async function insertSession(client: pg.ClientBase, userId: string): Promise<BenchSession> {
  const { token, tokenHash, csrfToken } = mintSessionTokens();
  const now = new Date();
  await client.query(
    `INSERT INTO user_session (token_hash, user_id, stage, csrf_token, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, 'active', $3, $4, $4, $5)`,
    [tokenHash, userId, csrfToken, now, new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS)],
  );
  const cookie = `${SESSION_COOKIE}=${token}`;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

/**
 * A city-wide admin session for load generation, written straight into the benchmark's own
 * schema: the state a real admin reaches after password and TOTP, without timing argon2 into the
 * figures. The account's password hash is not a valid hash, so nobody can sign in with it.
 */
export async function openBenchSession(url: string, schema: string): Promise<BenchSession> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    const user = await client.query<{ id: string }>(
      `INSERT INTO app_user (username, display_name, role, password_hash, synthetic)
       VALUES ($1, '压测管理员', 'city_admin', 'no-sign-in', true) RETURNING id`,
      [`bench-admin-${Date.now()}`],
    );
    const userId = user.rows[0]!.id;
    await client.query(`INSERT INTO user_scope (user_id, jurisdiction_id) VALUES ($1, '440300')`, [userId]);
    return await insertSession(client, userId);
  } finally {
    await client.end();
  }
}

/**
 * A grid inspector's account linked to `inspectorId`, scoped to the grids the inspector is in
 * charge of now, with an active session — as openBenchSession does for the admin: no argon2 in
 * the figures, no usable password. `client` is connected with the benchmark's schema as its
 * search_path (callers opening many sessions share one connection).
 */
export async function openInspectorSession(
  client: pg.ClientBase,
  inspectorId: string,
): Promise<BenchSession & { userId: string }> {
  const user = await client.query<{ id: string }>(
    `INSERT INTO app_user (username, display_name, role, password_hash, synthetic, inspector_id)
     VALUES ($1, '压测网格员', 'grid_inspector', 'no-sign-in', true, $2) RETURNING id`,
    [`bench-inspector-${inspectorId}-${Date.now()}`, inspectorId],
  );
  const userId = user.rows[0]!.id;
  await client.query(
    `INSERT INTO user_scope (user_id, jurisdiction_id)
     SELECT DISTINCT $1::bigint, grid_id FROM grid_assignment WHERE inspector_id = $2 AND valid_to IS NULL`,
    [userId, inspectorId],
  );
  return { userId, ...(await insertSession(client, userId)) };
}
