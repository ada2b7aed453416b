import type { ScopeNode, UserSummary } from '@safegrid/contracts';
import type { ReferenceNames } from '../../grid/reference/reference-names';
import type { UserWithLinks } from './user.repository';

export function presentScopes(ids: readonly string[], names: ReferenceNames): ScopeNode[] {
  return ids.map((id) => {
    const node = names.node(id);
    return { id, name: node?.name ?? id, level: node?.level ?? 'grid' };
  });
}

/** Whitelist of what leaves about a user: never the password hash or second-factor secrets. */
export function presentUser(
  row: UserWithLinks,
  names: ReferenceNames,
  enterpriseNames: ReadonlyMap<string, { name: string }>,
  lockedUntil: Date | undefined,
): UserSummary {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    scopes: presentScopes(row.scope_ids, names),
    enterprises: row.enterprise_ids.map((id) => ({ id, name: enterpriseNames.get(id)?.name ?? id })),
    disabled: row.disabled,
    lockedUntil: lockedUntil ? lockedUntil.toISOString() : null,
    mfaEnabled: row.mfa_secret !== null,
    lastSignInAt: row.last_sign_in_at ? row.last_sign_in_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  };
}
