import { Type, type Static } from 'typebox';
import {
  ALARM_KINDS,
  ALARM_RESOLUTIONS,
  ALARM_SEVERITIES,
  ALARM_STATUSES,
  CONFINED_HAZARDS,
  CONFINED_SPACE_TYPES,
  PERMIT_STATUSES,
  VENTILATION_KINDS,
} from './values';

/** Confined-space work (有限空间作业): ledger, work permits, unlock tokens, alarms. */

const Id = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const ConfinedSpaceType = Type.Enum(CONFINED_SPACE_TYPES);
export const ConfinedHazard = Type.Enum(CONFINED_HAZARDS);
export const VentilationKind = Type.Enum(VENTILATION_KINDS);
export const PermitStatus = Type.Enum(PERMIT_STATUSES);
export const AlarmKind = Type.Enum(ALARM_KINDS);
export const AlarmSeverity = Type.Enum(ALARM_SEVERITIES);
export const AlarmStatus = Type.Enum(ALARM_STATUSES);
export const AlarmResolution = Type.Enum(ALARM_RESOLUTIONS);

export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;

export const SpaceDevice = Type.Object({
  id: Type.String(),
  kind: Type.Enum(['gas_detector', 'smart_lock']),
  label: Type.String(),
  online: Type.Boolean(),
  lastSeenAt: Nullable(DateTime),
});
export type SpaceDevice = Static<typeof SpaceDevice>;

export const SpacePhoto = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  caption: Type.String(),
  uploadedAt: DateTime,
  url: Type.String(),
});
export type SpacePhoto = Static<typeof SpacePhoto>;

/** The gas rules the alarm engine knows (server: confined/alarms/gas-limits.ts). */
export const GAS_RULE_ID_VALUES = ['o2_low', 'o2_high', 'lel_high', 'h2s_high', 'co_stel', 'co_twa'] as const;

/** One alarm rule as it applies at a space, with the default it tightens and where that comes from. */
export const SpaceGasLimit = Type.Object({
  rule: Type.Enum(GAS_RULE_ID_VALUES),
  gas: Type.Enum(['o2', 'h2s', 'co', 'lel'] as const),
  unit: Type.String(),
  comparator: Type.String(),
  direction: Type.Enum(['low', 'high'] as const),
  value: Type.Number(),
  clearAt: Type.Number(),
  /** Minutes the value is averaged over (CO STEL 15, TWA 480); null = every reading on its own. */
  windowMinutes: Nullable(Type.Integer()),
  origin: Type.Enum(['default', 'space'] as const),
  defaultValue: Type.Number(),
  defaultClearAt: Type.Number(),
  /** The default's citation in data/laws/gas-thresholds-notes.json and how far it is verified. */
  source: Type.Object({ file: Type.String(), entry: Type.String(), status: Type.String() }),
  note: Nullable(Type.String()),
});
export type SpaceGasLimit = Static<typeof SpaceGasLimit>;

export const ConfinedSpaceInput = Type.Object(
  {
    code: Text(40),
    name: Text(100),
    spaceType: ConfinedSpaceType,
    location: Type.String({ maxLength: 200 }),
    lon: Nullable(Type.Number({ minimum: 113.7, maximum: 114.7 })),
    lat: Nullable(Type.Number({ minimum: 22.4, maximum: 22.9 })),
    hazards: Type.Array(ConfinedHazard, { uniqueItems: true, maxItems: CONFINED_HAZARDS.length }),
    ventilation: VentilationKind,
    entryPoints: Type.Integer({ minimum: 1, maximum: 50 }),
    rescuePlan: Type.String({ maxLength: 2000 }),
    rescueEquipment: Type.Array(Text(60), { maxItems: 30 }),
    warningSign: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ConfinedSpaceInput = Static<typeof ConfinedSpaceInput>;

export const CreateConfinedSpace = Type.Object(
  { enterpriseId: Id, ...ConfinedSpaceInput.properties },
  { additionalProperties: false },
);
export type CreateConfinedSpace = Static<typeof CreateConfinedSpace>;

export const UpdateConfinedSpace = Type.Partial(ConfinedSpaceInput, { additionalProperties: false });
export type UpdateConfinedSpace = Static<typeof UpdateConfinedSpace>;

export const ConfinedSpaceSummary = Type.Object({
  id: Type.String(),
  enterpriseId: Type.String(),
  enterpriseName: Type.String(),
  code: Type.String(),
  name: Type.String(),
  spaceType: ConfinedSpaceType,
  hazards: Type.Array(ConfinedHazard),
  warningSign: Type.Boolean(),
  synthetic: Type.Boolean(),
  /** Live permit (approved/active/suspended) on this space, if any. */
  livePermitId: Nullable(Type.String()),
  livePermitStatus: Nullable(PermitStatus),
});
export type ConfinedSpaceSummary = Static<typeof ConfinedSpaceSummary>;

export const ConfinedSpaceDetail = Type.Object({
  ...ConfinedSpaceSummary.properties,
  ...Type.Object({
    location: Type.String(),
    lon: Nullable(Type.Number()),
    lat: Nullable(Type.Number()),
    ventilation: VentilationKind,
    entryPoints: Type.Integer(),
    rescuePlan: Type.String(),
    rescueEquipment: Type.Array(Type.String()),
    devices: Type.Array(SpaceDevice),
    createdAt: DateTime,
    updatedAt: DateTime,
    /** Ledger photos (the space, its entry, its sign), oldest first. */
    photos: Type.Optional(Type.Array(SpacePhoto)),
    /** The alarm limits that apply at this space: each default with its source, and any override. */
    limits: Type.Optional(Type.Array(SpaceGasLimit)),
  }).properties,
});
export type ConfinedSpaceDetail = Static<typeof ConfinedSpaceDetail>;

export const SpacePhotoParams = Type.Object({ id: Id, photoId: Id });
export type SpacePhotoParams = Static<typeof SpacePhotoParams>;

/**
 * Per-space limits: the rules listed replace the defaults' value and clearAt (unit stated, so a
 * figure in the wrong unit is caught); rules not listed keep their defaults; an empty list
 * returns the space to the defaults. Overrides may only tighten a default.
 */
export const UpdateSpaceLimits = Type.Object(
  {
    rules: Type.Array(
      Type.Object(
        {
          rule: Type.Enum(GAS_RULE_ID_VALUES),
          value: Type.Number(),
          clearAt: Type.Number(),
          unit: Type.Enum(['%vol', 'ppm', '%LEL'] as const),
        },
        { additionalProperties: false },
      ),
      { maxItems: GAS_RULE_ID_VALUES.length },
    ),
  },
  { additionalProperties: false },
);
export type UpdateSpaceLimits = Static<typeof UpdateSpaceLimits>;

export const SpaceListQuery = Type.Object({
  enterpriseId: Type.Optional(Id),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type SpaceListQuery = Static<typeof SpaceListQuery>;

export const ConfinedSpacePage = Type.Object({
  items: Type.Array(ConfinedSpaceSummary),
  nextCursor: Nullable(Type.String()),
});
export type ConfinedSpacePage = Static<typeof ConfinedSpacePage>;

// ---- work permits ----

const Person = Type.String({ minLength: 1, maxLength: 40 });

export const PermitInput = Type.Object(
  {
    workContent: Text(500),
    entrants: Type.Array(Person, { minItems: 1, maxItems: 20, uniqueItems: true }),
    attendant: Person,
    responsiblePerson: Person,
    windowStart: DateTime,
    windowEnd: DateTime,
    /** Checklist item id → confirmed. */
    checklist: Type.Record(Type.String({ pattern: '^[a-z_]{1,40}$' }), Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PermitInput = Static<typeof PermitInput>;

export const CreatePermit = Type.Object(
  { spaceId: Id, ...PermitInput.properties },
  { additionalProperties: false },
);
export type CreatePermit = Static<typeof CreatePermit>;

/** Edits and commands carry the version the user saw: a stale form is a 409, never an overwrite. */
export const PermitCommandBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    entrantsOut: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PermitCommandBody = Static<typeof PermitCommandBody>;

/** Commands of the applicant; approve and return (the responsible person's) have routes of their own. */
export const PERMIT_COMMANDS = ['submit', 'cancel', 'resume', 'complete'] as const;
export const PermitCommandParams = Type.Object({ id: Id, command: Type.Enum(PERMIT_COMMANDS) });
export type PermitCommandParams = Static<typeof PermitCommandParams>;

export const GasTestInput = Type.Union([
  Type.Object(
    {
      source: Type.Literal('manual'),
      instrumentId: Text(60),
      tester: Person,
      measuredAt: DateTime,
      o2: Nullable(Type.Number({ minimum: 0, maximum: 100 })),
      h2s: Nullable(Type.Number({ minimum: 0, maximum: 10000 })),
      co: Nullable(Type.Number({ minimum: 0, maximum: 10000 })),
      lel: Nullable(Type.Number({ minimum: 0, maximum: 100 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      source: Type.Literal('detector'),
      deviceId: Type.String({ minLength: 3, maxLength: 64 }),
      tester: Person,
    },
    { additionalProperties: false },
  ),
]);
export type GasTestInput = Static<typeof GasTestInput>;

export const GasTestFailure = Type.Object({
  rule: Type.String(),
  value: Nullable(Type.Number()),
  limit: Type.Number(),
});

export const GasTest = Type.Object({
  id: Type.String(),
  source: Type.Enum(['detector', 'manual']),
  deviceId: Nullable(Type.String()),
  instrumentId: Nullable(Type.String()),
  tester: Type.String(),
  measuredAt: DateTime,
  o2: Nullable(Type.Number()),
  h2s: Nullable(Type.Number()),
  co: Nullable(Type.Number()),
  lel: Nullable(Type.Number()),
  passed: Type.Boolean(),
  failures: Type.Array(GasTestFailure),
  recordedAt: DateTime,
});
export type GasTest = Static<typeof GasTest>;

export const PermitTransition = Type.Object({
  from: Nullable(PermitStatus),
  to: PermitStatus,
  at: DateTime,
  actorKind: Type.Enum(['user', 'system']),
  actorName: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});
export type PermitTransition = Static<typeof PermitTransition>;

export const PermitSummary = Type.Object({
  id: Type.String(),
  spaceId: Type.String(),
  spaceName: Type.String(),
  enterpriseId: Type.String(),
  enterpriseName: Type.String(),
  districtId: Type.String(),
  status: PermitStatus,
  workContent: Type.String(),
  windowStart: DateTime,
  windowEnd: DateTime,
  openAlarms: Type.Integer(),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
});
export type PermitSummary = Static<typeof PermitSummary>;

export const PermitDetail = Type.Object({
  ...PermitSummary.properties,
  ...Type.Object({
    entrants: Type.Array(Type.String()),
    attendant: Type.String(),
    responsiblePerson: Type.String(),
    checklist: Type.Record(Type.String(), Type.Boolean()),
    returnReason: Nullable(Type.String()),
    cancelReason: Nullable(Type.String()),
    version: Type.Integer(),
    createdAt: DateTime,
    devices: Type.Array(SpaceDevice),
    gasTests: Type.Array(GasTest),
    transitions: Type.Array(PermitTransition),
    /** What the platform would refuse right now, so the UI can say why a button is disabled. */
    unlockRefusal: Nullable(Type.String()),
  }).properties,
});
export type PermitDetail = Static<typeof PermitDetail>;

export const PermitListQuery = Type.Object({
  status: Type.Optional(Type.Array(PermitStatus, { maxItems: PERMIT_STATUSES.length })),
  /** Only approved, active and suspended permits: the live city view. */
  live: Type.Optional(Type.Boolean()),
  enterpriseId: Type.Optional(Id),
  spaceId: Type.Optional(Id),
  districtId: Type.Optional(Type.String({ maxLength: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
export type PermitListQuery = Static<typeof PermitListQuery>;

export const PermitPage = Type.Object({
  items: Type.Array(PermitSummary),
  nextCursor: Nullable(Type.String()),
});
export type PermitPage = Static<typeof PermitPage>;

export const UnlockTokenRequest = Type.Object(
  { lockId: Type.String({ minLength: 3, maxLength: 64 }) },
  { additionalProperties: false },
);
export type UnlockTokenRequest = Static<typeof UnlockTokenRequest>;

export const IssuedUnlockToken = Type.Object({
  tokenId: Type.String(),
  lockId: Type.String(),
  permitId: Type.String(),
  notBefore: DateTime,
  notAfter: DateTime,
  /** Handed to the lock over Bluetooth; the lock verifies it offline with the public key. */
  token: Type.String(),
});
export type IssuedUnlockToken = Static<typeof IssuedUnlockToken>;

export const UnlockPublicKey = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  publicKeyPem: Type.String(),
});
export type UnlockPublicKey = Static<typeof UnlockPublicKey>;

// ---- alarms ----

export const Alarm = Type.Object({
  id: Type.String(),
  kind: AlarmKind,
  severity: AlarmSeverity,
  status: AlarmStatus,
  deviceId: Nullable(Type.String()),
  permitId: Nullable(Type.String()),
  spaceId: Nullable(Type.String()),
  spaceName: Nullable(Type.String()),
  enterpriseId: Nullable(Type.String()),
  enterpriseName: Nullable(Type.String()),
  occurredAt: DateTime,
  raisedAt: DateTime,
  /** Rule, value, limit and its source; the reason of an unapproved unlocking. */
  detail: Type.Record(Type.String(), Type.Unknown()),
  escalationLevel: Type.Integer(),
  acknowledgedAt: Nullable(DateTime),
  resolvedAt: Nullable(DateTime),
  resolution: Nullable(AlarmResolution),
  resolutionNote: Nullable(Type.String()),
  /** The hazard (grid supervision) this alarm was turned into, if any. */
  hazardId: Type.Optional(Nullable(Type.String())),
});
export type Alarm = Static<typeof Alarm>;

export const AlarmListQuery = Type.Object({
  open: Type.Optional(Type.Boolean()),
  permitId: Type.Optional(Id),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type AlarmListQuery = Static<typeof AlarmListQuery>;

export const AlarmPage = Type.Object({ items: Type.Array(Alarm), nextCursor: Nullable(Type.String()) });
export type AlarmPage = Static<typeof AlarmPage>;

export const ResolveAlarm = Type.Object(
  { resolution: AlarmResolution, note: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type ResolveAlarm = Static<typeof ResolveAlarm>;

/**
 * Turn an alarm into a hazard (grid supervision). The hazard's text is the officer's description
 * (optional) followed by a summary of the readings; the level follows the hazard module's rules:
 * naming an item of 令第10号 makes it major, a deadline makes it start assigned.
 */
export const AlarmHazardRequest = Type.Object(
  {
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
    majorHazardRef: Type.Optional(
      Nullable(Type.String({ pattern: '^[a-z0-9-]{3,60}(:[1-9][0-9]{0,3}){1,3}$' })),
    ),
    deadline: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);
export type AlarmHazardRequest = Static<typeof AlarmHazardRequest>;

export const AlarmHazardResult = Type.Object({
  alarmId: Type.String(),
  hazardId: Type.String(),
  evidence: Type.Object({
    id: Type.String(),
    fileName: Type.String(),
    sizeBytes: Type.Integer(),
    sha256: Type.String(),
    /** Readings (one per device and time) in the file; `truncated` when the cap was reached. */
    readings: Type.Integer(),
    truncated: Type.Boolean(),
    url: Type.String(),
  }),
});
export type AlarmHazardResult = Static<typeof AlarmHazardResult>;

export const TelemetryPoint = Type.Object({
  seq: Type.Integer(),
  measuredAt: DateTime,
  o2: Nullable(Type.Number()),
  h2s: Nullable(Type.Number()),
  co: Nullable(Type.Number()),
  lel: Nullable(Type.Number()),
});
export const TelemetrySeries = Type.Object({
  deviceId: Type.String(),
  /** 'raw', or the bucket width when downsampled for a long chart. */
  resolution: Type.String(),
  points: Type.Array(TelemetryPoint),
});
export type TelemetrySeries = Static<typeof TelemetrySeries>;
