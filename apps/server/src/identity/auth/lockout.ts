import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';

/** 5 failures within 15 minutes lock the username until the oldest of them is 15 minutes old. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;

export interface LockState {
  locked: boolean;
  retryAfterSeconds: number;
}

export function createLockout(db: Kysely<DB>) {
  async function state(key: string, now: Date): Promise<LockState> {
    const recent = await db
      .selectFrom('sign_in_failure')
      .select('at')
      .where('username_key', '=', key)
      .where('at', '>', new Date(now.getTime() - LOCKOUT_WINDOW_MS))
      .orderBy('at', 'desc')
      .limit(LOCKOUT_THRESHOLD)
      .execute();
    if (recent.length < LOCKOUT_THRESHOLD) return { locked: false, retryAfterSeconds: 0 };
    const releaseAt = recent[LOCKOUT_THRESHOLD - 1]!.at.getTime() + LOCKOUT_WINDOW_MS;
    return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((releaseAt - now.getTime()) / 1000)) };
  }

  return {
    state,

    /** Records a failure and says whether it is the one that locks the name. */
    async fail(key: string, ip: string | null, now: Date): Promise<LockState> {
      await db.insertInto('sign_in_failure').values({ username_key: key, ip, at: now }).execute();
      return state(key, now);
    },

    async clear(executor: Kysely<DB>, key: string): Promise<void> {
      await executor.deleteFrom('sign_in_failure').where('username_key', '=', key).execute();
    },

    /** When a user's lockout releases by itself, for the admin list (null when not locked). */
    async lockedUntil(keys: string[], now: Date): Promise<Map<string, Date>> {
      const out = new Map<string, Date>();
      if (keys.length === 0) return out;
      const rows = await db
        .selectFrom('sign_in_failure')
        .select(['username_key', 'at'])
        .where('username_key', 'in', keys)
        .where('at', '>', new Date(now.getTime() - LOCKOUT_WINDOW_MS))
        .orderBy('at', 'desc')
        .execute();
      const byKey = new Map<string, Date[]>();
      for (const r of rows) byKey.set(r.username_key, [...(byKey.get(r.username_key) ?? []), r.at]);
      for (const [key, ats] of byKey) {
        if (ats.length >= LOCKOUT_THRESHOLD) {
          out.set(key, new Date(ats[LOCKOUT_THRESHOLD - 1]!.getTime() + LOCKOUT_WINDOW_MS));
        }
      }
      return out;
    },
  };
}

export type Lockout = ReturnType<typeof createLockout>;
