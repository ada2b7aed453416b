import { MFA_REQUIRED_ROLES } from '@safegrid/contracts/values';
import { AppError } from '../../errors';
import { appendAudit } from '../../platform/audit/audit-trail';
import { ABSOLUTE_TIMEOUT_MS } from '../../platform/auth/authenticate';
import type { SessionStage } from '../../platform/db/schema';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from '../credentials/password-hash';
import { mintSessionTokens } from '../../platform/auth/session-token';
import { usernameKey } from '../users/user.repository';
import type { AuthDeps, ClientInfo } from './auth-deps';

export interface SignInOptions {
  username: string;
  password: string;
  client: ClientInfo;
}

/**
 * Password step. Wrong user, wrong password and disabled account give one answer in one time
 * (an unknown name is checked against a dummy hash); failures count per username key whether the
 * user exists or not, so the lockout answer leaks nothing either.
 */
export async function signIn(deps: AuthDeps, { username, password, client }: SignInOptions) {
  const now = deps.clock();
  const key = usernameKey(username);
  const attempted = key.slice(0, 64);
  const anonymous = { actorId: null, actorName: attempted, role: null, ip: client.ip };

  const lock = await deps.lockout.state(key, now);
  if (lock.locked) {
    await appendAudit(deps.db, anonymous, { action: 'auth.sign_in_refused_locked', outcome: 'failure' }, now);
    throw new AppError('auth.locked', { retryAfterSeconds: lock.retryAfterSeconds });
  }

  const user = await deps.users.findByKey(key);
  const passwordOk = user
    ? await verifyPassword(user.password_hash, password)
    : await verifyAgainstDummy(password);
  if (!user || !passwordOk || user.disabled) {
    const after = await deps.lockout.fail(key, client.ip, now);
    const who = { ...anonymous, actorId: user?.id ?? null, role: user?.role ?? null };
    await appendAudit(deps.db, who, { action: 'auth.sign_in_failed', outcome: 'failure' }, now);
    if (after.locked) {
      await appendAudit(deps.db, who, { action: 'auth.locked', outcome: 'failure' }, now);
    }
    throw new AppError('auth.invalid_credentials');
  }

  const stage: SessionStage = user.mfa_secret
    ? 'mfa_challenge'
    : MFA_REQUIRED_ROLES.includes(user.role)
      ? 'mfa_enrolment'
      : 'active';
  const { token, tokenHash, csrfToken } = mintSessionTokens();
  // Parameters raised since the hash was made: re-hash now, while the plain password is at hand.
  const rehash = needsRehash(user.password_hash) ? await hashPassword(password) : undefined;
  await deps.db.transaction().execute(async (trx) => {
    await deps.sessions.insert(trx, {
      tokenHash,
      userId: user.id,
      stage,
      csrfToken,
      now,
      expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    if (stage === 'active' || rehash) {
      await deps.users.update(trx, user.id, {
        ...(stage === 'active' ? { last_sign_in_at: now } : {}),
        ...(rehash ? { password_hash: rehash } : {}),
      });
    }
    if (stage === 'active') await deps.lockout.clear(trx, key);
    await appendAudit(
      trx,
      { actorId: user.id, actorName: user.username, role: user.role, ip: client.ip },
      { action: 'auth.sign_in', resourceType: 'user', resourceId: user.id, after: { stage } },
      now,
    );
  });
  const record = await deps.sessions.find(tokenHash);
  return { token, record: record! };
}
