import { AppError } from '../../errors';
import { appendAudit } from '../../platform/audit/audit-trail';
import { auditWho, type Actor } from '../../platform/auth/actor';
import type { SessionRecord } from '../../platform/auth/session.repository';
import { generateRecoveryCodes, hashRecoveryCode } from '../credentials/recovery-codes';
import { mintSessionTokens } from '../../platform/auth/session-token';
import { generateTotpSecret, otpauthUri, qrSvg, verifyTotp } from '../credentials/totp';
import { usernameKey } from '../users/user.repository';
import type { AuthDeps } from './auth-deps';

export const TOTP_ISSUER = 'SafeGrid 安全网格';

export interface SecondFactorOptions {
  actor: Actor;
  session: SessionRecord;
  code: string;
}

/** A wrong code counts toward the same lockout as a wrong password: six digits are guessable. */
async function failCode(
  deps: AuthDeps,
  { actor, session }: Omit<SecondFactorOptions, 'code'>,
  action: string,
): Promise<never> {
  const now = deps.clock();
  const state = await deps.lockout.fail(usernameKey(actor.username), actor.ip, now);
  await appendAudit(
    deps.db,
    auditWho(actor),
    { action, outcome: 'failure', resourceType: 'user', resourceId: actor.userId },
    now,
  );
  if (state.locked) {
    await deps.sessions.remove(deps.db, session.token_hash);
    await appendAudit(deps.db, auditWho(actor), { action: 'auth.locked', outcome: 'failure' }, now);
    throw new AppError('auth.locked', { retryAfterSeconds: state.retryAfterSeconds });
  }
  throw new AppError('auth.mfa_invalid');
}

/**
 * The session becomes fully signed in under a new token: one seen before the second factor
 * (in a log, over a shoulder) is dead after it.
 */
async function activateSession(deps: AuthDeps, trx: AuthDeps['db'], session: SessionRecord, now: Date) {
  const { token, tokenHash, csrfToken } = mintSessionTokens();
  await deps.sessions.promote(trx, session.token_hash, { tokenHash, stage: 'active', csrfToken, now });
  return { token, tokenHash };
}

export async function verifySecondFactor(deps: AuthDeps, options: SecondFactorOptions) {
  const { actor, session } = options;
  const now = deps.clock();
  const lock = await deps.lockout.state(usernameKey(actor.username), now);
  if (lock.locked) throw new AppError('auth.locked', { retryAfterSeconds: lock.retryAfterSeconds });
  const user = await deps.users.findById(deps.db, actor.userId);
  if (!user?.mfa_secret) throw new AppError('conflict.state');

  const code = options.code.trim();
  let method: 'totp' | 'recovery_code' | undefined;
  let counter: number | null = null;
  if (/^\d{6}$/.test(code)) {
    // A code at or before the last accepted step is a replay, whatever the window still allows.
    const last = user.mfa_last_counter === null ? undefined : Number(user.mfa_last_counter);
    counter = verifyTotp(user.mfa_secret, code, now.getTime(), { lastUsedCounter: last });
    if (counter !== null) method = 'totp';
  } else if (await deps.users.useRecoveryCode(deps.db, user.id, hashRecoveryCode(code), now)) {
    method = 'recovery_code';
  }
  if (!method) return failCode(deps, options, 'auth.mfa_failed');

  const { token, tokenHash } = await deps.db.transaction().execute(async (trx) => {
    const activated = await activateSession(deps, trx, session, now);
    await deps.users.update(trx, user.id, {
      last_sign_in_at: now,
      ...(method === 'totp' ? { mfa_last_counter: counter! } : {}),
    });
    await deps.lockout.clear(trx, usernameKey(user.username));
    await appendAudit(
      trx,
      auditWho(actor),
      { action: 'auth.mfa_verified', resourceType: 'user', resourceId: user.id, after: { method } },
      now,
    );
    return activated;
  });
  return { token, record: (await deps.sessions.find(tokenHash))! };
}

export async function startMfaEnrolment(deps: AuthDeps, { actor }: { actor: Actor }) {
  const user = await deps.users.findById(deps.db, actor.userId);
  if (!user || user.mfa_secret) throw new AppError('conflict.state');
  const secret = generateTotpSecret();
  await deps.users.update(deps.db, user.id, { mfa_pending_secret: secret });
  const uri = otpauthUri({ issuer: TOTP_ISSUER, account: user.username, secret });
  return { secret, otpauthUri: uri, qrSvg: await qrSvg(uri) };
}

export async function confirmMfaEnrolment(deps: AuthDeps, options: SecondFactorOptions) {
  const { actor, session } = options;
  const now = deps.clock();
  const user = await deps.users.findById(deps.db, actor.userId);
  if (!user?.mfa_pending_secret || user.mfa_secret) throw new AppError('conflict.state');
  const counter = verifyTotp(user.mfa_pending_secret, options.code.trim(), now.getTime());
  if (counter === null) return failCode(deps, options, 'auth.mfa_enrolment_failed');

  const recoveryCodes = generateRecoveryCodes();
  const { token, tokenHash } = await deps.db.transaction().execute(async (trx) => {
    await deps.users.update(trx, user.id, {
      mfa_secret: user.mfa_pending_secret,
      mfa_pending_secret: null,
      mfa_last_counter: counter,
      last_sign_in_at: now,
      updated_at: now,
    });
    await deps.users.replaceRecoveryCodes(trx, user.id, recoveryCodes.map(hashRecoveryCode));
    const activated = await activateSession(deps, trx, session, now);
    await appendAudit(
      trx,
      auditWho(actor),
      { action: 'auth.mfa_enrolled', resourceType: 'user', resourceId: user.id },
      now,
    );
    return activated;
  });
  return { token, record: (await deps.sessions.find(tokenHash))!, recoveryCodes };
}
