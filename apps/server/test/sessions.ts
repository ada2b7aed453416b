import type { FastifyInstance, InjectOptions } from 'fastify';
import { EMPTY_SCOPE, type Actor, type JurisdictionScope } from '../src/platform/auth/actor';
import type { Kysely } from 'kysely';
import type { Role } from '@safegrid/contracts/values';
import type { DB, SessionStage } from '../src/platform/db/schema';
import { hashPassword } from '../src/identity/credentials/password-hash';
import { mintSessionTokens } from '../src/platform/auth/session-token';
import { ABSOLUTE_TIMEOUT_MS, SESSION_COOKIE } from '../src/platform/auth/authenticate';

export const TEST_PASSWORD = 'correct horse battery staple 42';
let cachedHash: string | undefined;
let counter = 0;

export interface TestUser {
  id: string;
  username: string;
  password: string;
}

/** A user written straight to the database: tests of other modules need one, not the admin flow. */
export async function createTestUser(
  db: Kysely<DB>,
  options: {
    role: Role;
    scopeIds?: string[];
    enterpriseIds?: string[];
    username?: string;
    mfaSecret?: string;
  },
): Promise<TestUser> {
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  counter += 1;
  const username = options.username ?? `${options.role.replace(/_/g, '-')}-${counter}`;
  const { id } = await db
    .insertInto('app_user')
    .values({
      username,
      display_name: username,
      role: options.role,
      password_hash: cachedHash,
      mfa_secret: options.mfaSecret ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const jurisdiction_id of options.scopeIds ?? []) {
    await db.insertInto('user_scope').values({ user_id: id, jurisdiction_id }).execute();
  }
  for (const enterprise_id of options.enterpriseIds ?? []) {
    await db.insertInto('user_enterprise').values({ user_id: id, enterprise_id }).execute();
  }
  return { id, username, password: TEST_PASSWORD };
}

export interface SessionHeaders extends Record<string, string> {
  cookie: string;
  'x-csrf-token': string;
}

/** A session row as sign-in would leave it, and the headers a browser would then send. */
export async function openTestSession(
  db: Kysely<DB>,
  userId: string,
  options: { stage?: SessionStage; now?: Date } = {},
): Promise<SessionHeaders> {
  const { token, tokenHash, csrfToken: csrf } = mintSessionTokens();
  const now = options.now ?? new Date();
  await db
    .insertInto('user_session')
    .values({
      token_hash: tokenHash,
      user_id: userId,
      stage: options.stage ?? 'active',
      csrf_token: csrf,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
      ip: '127.0.0.1',
      user_agent: 'test',
    })
    .execute();
  return { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrf };
}

/** Headers of a fresh, fully signed-in user with this role and scope. */
export async function signedInAs(
  db: Kysely<DB>,
  role: Role,
  scopeIds: string[] = role === 'enterprise' ? [] : ['440300'],
  enterpriseIds: string[] = [],
): Promise<SessionHeaders> {
  const user = await createTestUser(db, { role, scopeIds, enterpriseIds });
  return openTestSession(db, user.id);
}

/** app.inject with a session's headers merged in (a call's own headers win). */
export function injectAs(app: FastifyInstance, session: Record<string, string>) {
  return (options: InjectOptions | string) => {
    const base = typeof options === 'string' ? { url: options } : options;
    return app.inject({ ...base, headers: { ...session, ...(base.headers ?? {}) } });
  };
}

/** An actor for calling a service directly (no HTTP); city-wide unless a scope is given. */
export function testActor(role: Role, scope: Partial<JurisdictionScope> = { city: true }): Actor {
  return {
    userId: '0',
    username: 'test',
    displayName: 'test',
    role,
    scope: { ...EMPTY_SCOPE, ...scope },
    scopeIds: [],
    ip: '127.0.0.1',
    stage: 'active',
  };
}
