import { AppError, rejectFields } from '../../errors';
import { appendAudit } from '../../platform/audit/audit-trail';
import { auditWho, type Actor } from '../../platform/auth/actor';
import type { SessionRecord } from '../../platform/auth/session.repository';
import { hashPassword, verifyPassword } from '../credentials/password-hash';
import { checkPasswordRules } from '../credentials/password-policy';
import type { AuthDeps } from './auth-deps';

/** Password rules as field problems, so the form marks the field with every rule it breaks. */
export function rejectWeakPassword(pointer: string, password: string, username: string): void {
  const problems = checkPasswordRules(password, username);
  if (problems.length > 0) {
    rejectFields(problems.map((p) => ({ pointer, code: p.code, ...(p.params ? { params: p.params } : {}) })));
  }
}

export interface ChangePasswordOptions {
  actor: Actor;
  session: SessionRecord;
  currentPassword: string;
  newPassword: string;
}

/** Changing the password ends every other session of the user: a thief's copy dies with it. */
export async function changePassword(deps: AuthDeps, options: ChangePasswordOptions): Promise<void> {
  const { actor, session } = options;
  const user = await deps.users.findById(deps.db, actor.userId);
  if (!user) throw new AppError('auth.required');
  if (!(await verifyPassword(user.password_hash, options.currentPassword))) {
    throw new AppError('password.current_wrong', {}, [
      { pointer: '/body/currentPassword', code: 'password.current_wrong' },
    ]);
  }
  rejectWeakPassword('/body/newPassword', options.newPassword, user.username);
  const hash = await hashPassword(options.newPassword);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await deps.users.update(trx, user.id, { password_hash: hash, updated_at: now });
    await trx
      .deleteFrom('user_session')
      .where('user_id', '=', user.id)
      .where('token_hash', '!=', session.token_hash)
      .execute();
    await appendAudit(
      trx,
      auditWho(actor),
      {
        action: 'auth.password_changed',
        resourceType: 'user',
        resourceId: user.id,
      },
      now,
    );
  });
}

export async function signOut(deps: AuthDeps, { actor, session }: { actor: Actor; session: SessionRecord }) {
  await deps.db.transaction().execute(async (trx) => {
    await deps.sessions.remove(trx, session.token_hash);
    await appendAudit(
      trx,
      auditWho(actor),
      { action: 'auth.sign_out', resourceType: 'user', resourceId: actor.userId },
      deps.clock(),
    );
  });
}

export async function signOutEverywhere(deps: AuthDeps, { actor }: { actor: Actor }) {
  await deps.db.transaction().execute(async (trx) => {
    const ended = await deps.sessions.removeAllOfUser(trx, actor.userId);
    await appendAudit(
      trx,
      auditWho(actor),
      {
        action: 'auth.sign_out_everywhere',
        resourceType: 'user',
        resourceId: actor.userId,
        after: { sessionsEnded: ended },
      },
      deps.clock(),
    );
  });
}
