import type { Role } from '@safegrid/contracts/values';
import type { SessionStage } from '../db/schema';
import type { AuditWho } from '../audit/audit-trail';

/** The jurisdiction a user may see, split by level so each part is one indexed column test. */
export interface JurisdictionScope {
  city: boolean;
  district: string[];
  street: string[];
  community: string[];
  grid: string[];
  /** Enterprise accounts see exactly these enterprises. */
  enterprise: string[];
}

/** The signed-in user as the services see it: identity, role, scope and where the request came from. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  scope: JurisdictionScope;
  scopeIds: string[];
  ip: string | null;
  stage: SessionStage;
}

export function auditWho(actor: Actor): AuditWho {
  return { actorId: actor.userId, actorName: actor.username, role: actor.role, ip: actor.ip };
}

export const EMPTY_SCOPE: JurisdictionScope = {
  city: false,
  district: [],
  street: [],
  community: [],
  grid: [],
  enterprise: [],
};
