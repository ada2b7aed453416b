import { Type, type Static } from 'typebox';
import { ACTIONS, JURISDICTION_LEVELS, REGISTRATION_STATUSES, ROLES } from './values';

/**
 * Identity contract: sign-in, sessions, second factor, user administration, enterprise
 * self-registration and the audit trail. Writes with a session cookie carry the session's
 * `csrfToken` in the `x-csrf-token` header.
 */

export const UserRole = Type.Enum(ROLES);
export const PermissionAction = Type.Enum(ACTIONS);

export const ScopeNode = Type.Object({
  id: Type.String(),
  name: Type.String(),
  level: Type.Enum(JURISDICTION_LEVELS),
});
export type ScopeNode = Static<typeof ScopeNode>;

export const BoundEnterprise = Type.Object({ id: Type.String(), name: Type.String() });

/**
 * `stage` says what the session may do: 'active' is a full session; 'mfa_challenge' may only
 * verify a code; 'mfa_enrolment' may only enrol a second factor (roles that require one).
 */
export const SessionStage = Type.Enum(['active', 'mfa_challenge', 'mfa_enrolment']);

export const SessionUser = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: UserRole,
  scopes: Type.Array(ScopeNode),
  enterprises: Type.Array(BoundEnterprise),
  mfaEnabled: Type.Boolean(),
  mfaRequired: Type.Boolean(),
});
export type SessionUser = Static<typeof SessionUser>;

export const SessionInfo = Type.Object({
  stage: SessionStage,
  user: SessionUser,
  csrfToken: Type.String(),
  /** When the session ends if unused (30 min idle) and at the latest (12 h after sign-in). */
  idleExpiresAt: Type.String(),
  absoluteExpiresAt: Type.String(),
  permissions: Type.Array(PermissionAction),
});
export type SessionInfo = Static<typeof SessionInfo>;

export const SignInInput = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type SignInInput = Static<typeof SignInInput>;

export const MfaCodeInput = Type.Object(
  {
    /** Six digits from the authenticator, or one recovery code (xxxxx-xxxxx). */
    code: Type.String({ minLength: 6, maxLength: 32 }),
  },
  { additionalProperties: false },
);
export type MfaCodeInput = Static<typeof MfaCodeInput>;

export const MfaEnrolment = Type.Object({
  secret: Type.String(),
  otpauthUri: Type.String(),
  /** The otpauth URI as an SVG QR code, ready to inline. */
  qrSvg: Type.String(),
});
export type MfaEnrolment = Static<typeof MfaEnrolment>;

export const MfaConfirmed = Type.Object({
  session: SessionInfo,
  /** Shown once; each works once in place of a TOTP code. */
  recoveryCodes: Type.Array(Type.String()),
});
export type MfaConfirmed = Static<typeof MfaConfirmed>;

export const PasswordChangeInput = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type PasswordChangeInput = Static<typeof PasswordChangeInput>;

export const UserSummary = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: UserRole,
  scopes: Type.Array(ScopeNode),
  enterprises: Type.Array(BoundEnterprise),
  disabled: Type.Boolean(),
  /** Set while a lockout is in force: when it releases by itself. */
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  mfaEnabled: Type.Boolean(),
  lastSignInAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type UserSummary = Static<typeof UserSummary>;

export const UserPage = Type.Object({
  items: Type.Array(UserSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type UserPage = Static<typeof UserPage>;

export const UserSearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64 })),
  role: Type.Optional(UserRole),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
});
export type UserSearchQuery = Static<typeof UserSearchQuery>;

export const UserInput = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    role: UserRole,
    scopeIds: Type.Array(Type.String({ maxLength: 32 }), { maxItems: 50 }),
    enterpriseIds: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 50 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type UserInput = Static<typeof UserInput>;

export const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    role: Type.Optional(UserRole),
    scopeIds: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 50 })),
    enterpriseIds: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 50 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UserPatch = Static<typeof UserPatch>;

export const PasswordResetInput = Type.Object(
  { newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type PasswordResetInput = Static<typeof PasswordResetInput>;

export const RegistrationInput = Type.Object(
  {
    creditCode: Type.String({ minLength: 1, maxLength: 40 }),
    username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    phone: Type.String({ minLength: 5, maxLength: 20 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type RegistrationInput = Static<typeof RegistrationInput>;

export const Registration = Type.Object({
  id: Type.String(),
  status: Type.Enum(REGISTRATION_STATUSES),
  creditCode: Type.String(),
  enterprise: BoundEnterprise,
  streetName: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  phone: Type.String(),
  createdAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type Registration = Static<typeof Registration>;

export const RegistrationList = Type.Object({ items: Type.Array(Registration) });
export type RegistrationList = Static<typeof RegistrationList>;

export const RegistrationDecision = Type.Object(
  {
    decision: Type.Enum(['approved', 'rejected']),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type RegistrationDecision = Static<typeof RegistrationDecision>;

export const AuditEntry = Type.Object({
  id: Type.String(),
  /** Position in the hash chain; null for the fraction of a second before the entry is sealed. */
  seq: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([UserRole, Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  resourceType: Type.Union([Type.String(), Type.Null()]),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Enum(['success', 'failure']),
  before: Type.Unknown(),
  after: Type.Unknown(),
  hash: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  resourceType: Type.Optional(Type.String({ maxLength: 32 })),
  resourceId: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Type.Object({
  items: Type.Array(AuditEntry),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type AuditPage = Static<typeof AuditPage>;

export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  /** The first entry whose hash does not follow from its predecessor and content. */
  firstBrokenSeq: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type AuditVerification = Static<typeof AuditVerification>;

/** Effective permissions on one object, so the web app hides what the user cannot do. */
export const ObjectPermissions = Type.Record(Type.String(), Type.Boolean());
export type ObjectPermissions = Static<typeof ObjectPermissions>;
