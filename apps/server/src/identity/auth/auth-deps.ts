import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import type { SessionRepository } from '../../platform/auth/session.repository';
import type { ReferenceNamesCache } from '../../grid/reference/reference-names';
import type { UserRepository } from '../users/user.repository';
import type { Lockout } from './lockout';

/** What the sign-in use cases share; each takes only this and its own named options. */
export interface AuthDeps {
  db: Kysely<DB>;
  users: UserRepository;
  sessions: SessionRepository;
  lockout: Lockout;
  reference: ReferenceNamesCache;
  clock: () => Date;
}

/** Where a request came from, for sessions and the audit trail. */
export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}
