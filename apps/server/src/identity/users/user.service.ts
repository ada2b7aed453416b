import type { UserInput, UserPage, UserPatch, UserSearchQuery, UserSummary } from '@safegrid/contracts';
import type { Role } from '@safegrid/contracts/values';
import { AppError, notFound, rejectFields, type FieldProblem } from '../../errors';
import { appendAudit } from '../../platform/audit/audit-trail';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { isUniqueViolation } from '../../platform/db/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { ReferenceNamesCache } from '../../grid/reference/reference-names';
import { hashPassword } from '../credentials/password-hash';
import { rejectWeakPassword } from '../auth/account';
import type { AuthDeps } from '../auth/auth-deps';
import { usernameKey, type UserWithLinks } from './user.repository';
import { presentUser } from './user.presenter';

/** Which levels of the jurisdiction tree a role's scope may name. */
const SCOPE_LEVELS: Record<Role, readonly string[]> = {
  city_admin: ['city'],
  district_officer: ['district'],
  street_officer: ['street'],
  grid_inspector: ['grid'],
  enforcement_officer: ['city', 'district', 'street'],
  approver: ['city', 'district', 'street'],
  enterprise: [],
  auditor: ['city'],
};

export type UserServiceDeps = Pick<AuthDeps, 'db' | 'users' | 'sessions' | 'lockout' | 'clock'> & {
  reference: ReferenceNamesCache;
};

export function createUserService(deps: UserServiceDeps) {
  const { db, users, lockout, reference } = deps;

  async function present(rows: UserWithLinks[]): Promise<UserSummary[]> {
    const [names, enterprises, locks] = await Promise.all([
      reference.get(),
      users.existingEnterprises([...new Set(rows.flatMap((r) => r.enterprise_ids))]),
      lockout.lockedUntil(
        rows.map((r) => usernameKey(r.username)),
        deps.clock(),
      ),
    ]);
    return rows.map((r) => presentUser(r, names, enterprises, locks.get(usernameKey(r.username))));
  }

  async function load(id: string): Promise<UserSummary> {
    const row = /^\d{1,18}$/.test(id) ? await users.findWithLinks(db, id) : undefined;
    if (!row) throw notFound('user', id);
    return (await present([row]))[0]!;
  }

  /** A scope must exist and sit at a level the role works at; an enterprise account names enterprises. */
  async function checkLinks(role: Role, scopeIds: string[], enterpriseIds: string[]): Promise<void> {
    const problems: FieldProblem[] = [];
    const allowed = SCOPE_LEVELS[role];
    for (const [i, id] of scopeIds.entries()) {
      const node = await reference.node(id);
      if (!node || !allowed.includes(node.level)) {
        problems.push({ pointer: `/body/scopeIds/${i}`, code: 'user.scope_invalid', params: { value: id } });
      }
    }
    if (role !== 'enterprise' && scopeIds.length === 0) {
      problems.push({ pointer: '/body/scopeIds', code: 'user.scope_invalid', params: { value: '' } });
    }
    const known = await users.existingEnterprises(enterpriseIds.filter((id) => /^\d{1,18}$/.test(id)));
    for (const [i, id] of enterpriseIds.entries()) {
      if (!known.has(id)) {
        problems.push({
          pointer: `/body/enterpriseIds/${i}`,
          code: 'user.enterprise_unknown',
          params: { value: id },
        });
      }
    }
    if (role === 'enterprise' && enterpriseIds.length === 0) {
      problems.push({
        pointer: '/body/enterpriseIds',
        code: 'user.enterprise_unknown',
        params: { value: '' },
      });
    }
    if (role !== 'enterprise' && enterpriseIds.length > 0) {
      problems.push({ pointer: '/body/enterpriseIds', code: 'user.scope_invalid', params: { value: role } });
    }
    if (problems.length > 0) rejectFields(problems);
  }

  const snapshot = (u: UserSummary) => ({
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    scopeIds: u.scopes.map((s) => s.id),
    enterpriseIds: u.enterprises.map((e) => e.id),
    disabled: u.disabled,
  });

  return {
    async list(actor: Actor, query: UserSearchQuery): Promise<UserPage> {
      authorize(actor, 'user.read');
      const limit = query.limit ?? 50;
      const rows = await users.list({
        q: query.q?.trim() || undefined,
        role: query.role,
        afterId: query.cursor ? decodeCursor(query.cursor) : undefined,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: await present(page),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
      };
    },

    async get(actor: Actor, id: string): Promise<UserSummary> {
      authorize(actor, 'user.read');
      return load(id);
    },

    async create(actor: Actor, input: UserInput): Promise<UserSummary> {
      authorize(actor, 'user.manage');
      rejectWeakPassword('/body/password', input.password, input.username);
      await checkLinks(input.role, input.scopeIds, input.enterpriseIds);
      const hash = await hashPassword(input.password);
      const now = deps.clock();
      try {
        const id = await db.transaction().execute(async (trx) => {
          const id = await users.insert(trx, {
            username: input.username,
            display_name: input.displayName.trim(),
            role: input.role,
            password_hash: hash,
            created_at: now,
            updated_at: now,
          });
          await users.replaceScopes(trx, id, [...new Set(input.scopeIds)]);
          await users.replaceEnterprises(trx, id, [...new Set(input.enterpriseIds)]);
          const created = await users.findWithLinks(trx, id);
          await appendAudit(
            trx,
            auditWho(actor),
            {
              action: 'user.created',
              resourceType: 'user',
              resourceId: id,
              after: {
                username: created!.username,
                role: created!.role,
                scopeIds: created!.scope_ids,
                enterpriseIds: created!.enterprise_ids,
              },
            },
            now,
          );
          return id;
        });
        return await load(id);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('user.username_taken', { value: input.username }, [
            { pointer: '/body/username', code: 'user.username_taken', params: { value: input.username } },
          ]);
        }
        throw error;
      }
    },

    /** Re-scoping, disabling or changing the role ends the user's sessions: they sign in again under the new rules. */
    async update(actor: Actor, id: string, patch: UserPatch): Promise<UserSummary> {
      authorize(actor, 'user.manage');
      const before = await load(id);
      const role = patch.role ?? before.role;
      const scopeIds = patch.scopeIds ?? before.scopes.map((s) => s.id);
      const enterpriseIds = patch.enterpriseIds ?? before.enterprises.map((e) => e.id);
      if (patch.role || patch.scopeIds || patch.enterpriseIds)
        await checkLinks(role, scopeIds, enterpriseIds);
      if (id === actor.userId && (patch.disabled === true || (patch.role && patch.role !== actor.role))) {
        // An admin who disables or demotes themselves may leave the city with no admin.
        throw new AppError('conflict.state');
      }
      const now = deps.clock();
      await db.transaction().execute(async (trx) => {
        const locked = await users.findForUpdate(trx, id);
        if (!locked) throw notFound('user', id);
        await users.update(trx, id, {
          ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() } : {}),
          ...(patch.role ? { role: patch.role } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
          updated_at: now,
        });
        if (patch.scopeIds || patch.role) await users.replaceScopes(trx, id, [...new Set(scopeIds)]);
        if (patch.enterpriseIds || patch.role)
          await users.replaceEnterprises(trx, id, [...new Set(enterpriseIds)]);
        const changesAccess = patch.role || patch.scopeIds || patch.enterpriseIds || patch.disabled === true;
        if (changesAccess) await deps.sessions.removeAllOfUser(trx, id);
        const after = await users.findWithLinks(trx, id);
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action:
              patch.role || patch.scopeIds || patch.enterpriseIds
                ? 'user.permissions_changed'
                : 'user.updated',
            resourceType: 'user',
            resourceId: id,
            before: snapshot(before),
            after: {
              username: after!.username,
              displayName: after!.display_name,
              role: after!.role,
              scopeIds: after!.scope_ids,
              enterpriseIds: after!.enterprise_ids,
              disabled: after!.disabled,
            },
          },
          now,
        );
      });
      return load(id);
    },

    async resetPassword(actor: Actor, id: string, newPassword: string): Promise<void> {
      authorize(actor, 'user.manage');
      const user = await load(id);
      rejectWeakPassword('/body/newPassword', newPassword, user.username);
      const hash = await hashPassword(newPassword);
      const now = deps.clock();
      await db.transaction().execute(async (trx) => {
        await users.update(trx, id, { password_hash: hash, updated_at: now });
        await deps.sessions.removeAllOfUser(trx, id);
        await appendAudit(
          trx,
          auditWho(actor),
          { action: 'user.password_reset', resourceType: 'user', resourceId: id },
          now,
        );
      });
    },

    /**
     * For a lost authenticator: the second factor and its recovery codes are removed and the
     * user's sessions end; a role that requires one enrols again at the next sign-in.
     */
    async resetSecondFactor(actor: Actor, id: string): Promise<void> {
      authorize(actor, 'user.manage');
      await load(id);
      const now = deps.clock();
      await db.transaction().execute(async (trx) => {
        await users.update(trx, id, {
          mfa_secret: null,
          mfa_pending_secret: null,
          mfa_last_counter: null,
          updated_at: now,
        });
        await trx.deleteFrom('recovery_code').where('user_id', '=', id).execute();
        await deps.sessions.removeAllOfUser(trx, id);
        await appendAudit(
          trx,
          auditWho(actor),
          { action: 'user.mfa_reset', resourceType: 'user', resourceId: id },
          now,
        );
      });
    },

    async unlock(actor: Actor, id: string): Promise<void> {
      authorize(actor, 'user.manage');
      const user = await load(id);
      await db.transaction().execute(async (trx) => {
        await lockout.clear(trx, usernameKey(user.username));
        await appendAudit(
          trx,
          auditWho(actor),
          { action: 'user.unlocked', resourceType: 'user', resourceId: id },
          deps.clock(),
        );
      });
    },
  };
}
