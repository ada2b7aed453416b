import { sql, type Kysely } from 'kysely';
import type { Role } from '@safegrid/contracts/values';
import type { DB, JurisdictionLevel, SessionStage } from '../db/schema';
import { executePrepared } from '../db/prepared';

export interface SessionRecord {
  token_hash: string;
  user_id: string;
  stage: SessionStage;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  username: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  mfa_enabled: boolean;
  scopes: [string, JurisdictionLevel][];
  enterprise_ids: string[];
}

export interface NewSession {
  tokenHash: string;
  userId: string;
  stage: SessionStage;
  csrfToken: string;
  now: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export function createSessionRepository(db: Kysely<DB>) {
  return {
    /**
     * Session, user, scope levels and bound enterprises in one round trip, as a prepared statement:
     * it runs on every request, and is never cached in memory so that a revocation, a disabled
     * account or a changed scope takes effect on the very next request.
     */
    async find(tokenHash: string): Promise<SessionRecord | undefined> {
      const query = sql<SessionRecord>`
        SELECT s.token_hash, s.user_id::text AS user_id, s.stage, s.csrf_token, s.created_at,
               s.last_seen_at, s.expires_at, u.username, u.display_name, u.role, u.disabled,
               u.mfa_secret IS NOT NULL AS mfa_enabled,
               COALESCE((SELECT json_agg(json_build_array(j.id, j.level))
                           FROM user_scope us JOIN jurisdiction j ON j.id = us.jurisdiction_id
                          WHERE us.user_id = u.id), '[]'::json) AS scopes,
               ARRAY(SELECT ue.enterprise_id::text FROM user_enterprise ue
                      WHERE ue.user_id = u.id ORDER BY ue.enterprise_id) AS enterprise_ids
          FROM user_session s JOIN app_user u ON u.id = s.user_id
         WHERE s.token_hash = ${tokenHash}`.compile(db);
      const { rows } = await executePrepared(db, query);
      return rows[0];
    },

    async insert(executor: Kysely<DB>, s: NewSession): Promise<void> {
      await executor
        .insertInto('user_session')
        .values({
          token_hash: s.tokenHash,
          user_id: s.userId,
          stage: s.stage,
          csrf_token: s.csrfToken,
          created_at: s.now,
          last_seen_at: s.now,
          expires_at: s.expiresAt,
          ip: s.ip,
          user_agent: s.userAgent,
        })
        .execute();
    },

    async touch(tokenHash: string, now: Date): Promise<void> {
      await db
        .updateTable('user_session')
        .set({ last_seen_at: now })
        .where('token_hash', '=', tokenHash)
        .execute();
    },

    /** A new token for a session that changes stage: a token seen before the second factor is dead after it. */
    async promote(
      executor: Kysely<DB>,
      oldHash: string,
      next: { tokenHash: string; stage: SessionStage; csrfToken: string; now: Date },
    ): Promise<void> {
      await executor
        .updateTable('user_session')
        .set({
          token_hash: next.tokenHash,
          stage: next.stage,
          csrf_token: next.csrfToken,
          last_seen_at: next.now,
        })
        .where('token_hash', '=', oldHash)
        .execute();
    },

    async remove(executor: Kysely<DB>, tokenHash: string): Promise<void> {
      await executor.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
    },

    async removeAllOfUser(executor: Kysely<DB>, userId: string): Promise<number> {
      const result = await executor
        .deleteFrom('user_session')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
