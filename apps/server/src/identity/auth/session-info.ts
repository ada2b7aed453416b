import type { SessionInfo } from '@safegrid/contracts';
import { MFA_REQUIRED_ROLES } from '@safegrid/contracts/values';
import { permissionsOf } from '../../platform/auth/policy';
import { sessionExpiry } from '../../platform/auth/authenticate';
import type { SessionRecord } from '../../platform/auth/session.repository';
import type { AuthDeps } from './auth-deps';
import { presentScopes } from '../users/user.presenter';

/** The session as the web app sees it; permissions only once the session is fully signed in. */
export async function presentSession(
  deps: Pick<AuthDeps, 'users' | 'reference'>,
  record: SessionRecord,
): Promise<SessionInfo> {
  const [names, enterprises] = await Promise.all([
    deps.reference.get(),
    deps.users.existingEnterprises(record.enterprise_ids),
  ]);
  const { idleExpiresAt, absoluteExpiresAt } = sessionExpiry(record);
  return {
    stage: record.stage,
    user: {
      id: record.user_id,
      username: record.username,
      displayName: record.display_name,
      role: record.role,
      scopes: presentScopes(
        record.scopes.map(([id]) => id),
        names,
      ),
      enterprises: record.enterprise_ids.map((id) => ({ id, name: enterprises.get(id)?.name ?? id })),
      mfaEnabled: record.mfa_enabled,
      mfaRequired: MFA_REQUIRED_ROLES.includes(record.role),
    },
    csrfToken: record.csrf_token,
    idleExpiresAt: idleExpiresAt.toISOString(),
    absoluteExpiresAt: absoluteExpiresAt.toISOString(),
    permissions: record.stage === 'active' ? permissionsOf(record.role) : [],
  };
}
