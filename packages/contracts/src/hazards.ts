import { Type, type Static } from 'typebox';
import { MajorHazardMatch, ProvisionRef } from './regulations';
import {
  EVIDENCE_MEDIA_TYPES,
  HAZARD_EVENTS,
  HAZARD_LEVELS,
  HAZARD_LIMITS,
  HAZARD_PHOTO_STAGES,
  HAZARD_SOURCES,
  HAZARD_STATUSES,
} from './values';

/**
 * Hazards (隐患) found on patrol or elsewhere, rectified by the enterprise (整改), re-inspected
 * (复查) and closed (销号). Every write that a phone may queue offline carries a client-generated
 * `clientId`: replaying it returns the first answer (`replayed: true`) instead of writing twice.
 */

const Id = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const DateTime = Type.String({ format: 'date-time' });
const DateOnly = Type.String({ format: 'date' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
/** Generated on the device (crypto.randomUUID), so a retried request is recognised. */
export const ClientId = Type.String({ pattern: '^[0-9a-fA-F-]{36}$' });

export const HazardStatus = Type.Enum(HAZARD_STATUSES);
export type HazardStatus = Static<typeof HazardStatus>;
export const HazardLevel = Type.Enum(HAZARD_LEVELS);
export type HazardLevel = Static<typeof HazardLevel>;
export const HazardSource = Type.Enum(HAZARD_SOURCES);
export const HazardEvent = Type.Enum(HAZARD_EVENTS);
export const HazardPhotoStage = Type.Enum(HAZARD_PHOTO_STAGES);

export const ReportHazard = Type.Object(
  {
    clientId: ClientId,
    enterpriseId: Id,
    description: Type.String({ minLength: 1, maxLength: HAZARD_LIMITS.description }),
    source: HazardSource,
    /** The patrol task and check-list item it was found on, when from a patrol. */
    patrolTaskId: Type.Optional(Id),
    checklistItemId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    /** The item of 令第10号 it meets: makes it a major hazard (重大事故隐患). */
    majorHazardRef: Type.Optional(Nullable(ProvisionRef)),
    /** When it was seen (the device's clock; may precede the sync by hours). */
    foundAt: DateTime,
    /** Where it was reported from, if the device knew. */
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    /** Set a deadline at once (the inspector's 隐患整改通知 on the spot): the hazard starts assigned. */
    deadline: Type.Optional(DateOnly),
  },
  { additionalProperties: false },
);
export type ReportHazard = Static<typeof ReportHazard>;

/** One transition on an existing hazard. `version` is the hazard's version the user saw. */
export const HazardTransitionRequest = Type.Object(
  {
    clientId: ClientId,
    event: Type.Enum([
      'assign',
      'acknowledge',
      'submit',
      'verify',
      'reject',
      'request_deferral',
      'approve_deferral',
      'deny_deferral',
      'escalate',
      'withdraw',
    ] as const),
    version: Type.Integer({ minimum: 1 }),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: HAZARD_LIMITS.note })),
    /** assign: the rectification deadline; request_deferral: the deadline asked for. */
    deadline: Type.Optional(DateOnly),
    /** When the user took the step (device clock), for steps queued offline. */
    at: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);
export type HazardTransitionRequest = Static<typeof HazardTransitionRequest>;

export const HazardPhoto = Type.Object({
  id: Type.String(),
  stage: HazardPhotoStage,
  mediaType: Type.Enum(EVIDENCE_MEDIA_TYPES),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  capturedAt: DateTime,
  receivedAt: DateTime,
  uploadedBy: Type.String(),
  url: Type.String(),
});
export type HazardPhoto = Static<typeof HazardPhoto>;

/** The answer to a photo upload (multipart: file, capturedAt, stage, clientId). */
export const HazardPhotoWriteResult = Type.Object({ photo: HazardPhoto, replayed: Type.Boolean() });
export type HazardPhotoWriteResult = Static<typeof HazardPhotoWriteResult>;

export const HazardTransition = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  event: HazardEvent,
  fromStatus: Nullable(HazardStatus),
  toStatus: HazardStatus,
  actor: Type.String(),
  role: Type.String(),
  note: Nullable(Type.String()),
  deadline: Nullable(DateOnly),
  /** When the user took the step; `recordedAt` when the server got it (they differ after offline work). */
  at: DateTime,
  recordedAt: DateTime,
});
export type HazardTransition = Static<typeof HazardTransition>;

/** An immutable file stored with the hazard when it was made from a system source. */
export const HazardEvidenceFile = Type.Object({
  id: Type.String(),
  kind: Type.Enum(['alarm_readings'] as const),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  createdAt: DateTime,
  url: Type.String(),
});
export type HazardEvidenceFile = Static<typeof HazardEvidenceFile>;
export const HazardEvidenceFileParams = Type.Object({ id: Id, fileId: Id });

export const HazardDeferral = Type.Object({
  requestedDeadline: DateOnly,
  reason: Type.String(),
  requestedAt: DateTime,
});

export const Hazard = Type.Object({
  id: Type.String(),
  enterprise: Type.Object({ id: Type.String(), name: Type.String(), address: Type.String() }),
  gridId: Type.String(),
  streetId: Type.String(),
  description: Type.String(),
  source: HazardSource,
  level: HazardLevel,
  majorHazard: Nullable(MajorHazardMatch),
  status: HazardStatus,
  deadline: Nullable(DateOnly),
  overdue: Type.Boolean(),
  escalated: Type.Boolean(),
  /** 挂牌督办: a major hazard is listed for supervision and reported to the district. */
  listedForSupervision: Type.Boolean(),
  pendingDeferral: Nullable(HazardDeferral),
  patrolTaskId: Nullable(Type.String()),
  checklistItemId: Nullable(Type.String()),
  foundAt: DateTime,
  reportedBy: Type.String(),
  closedAt: Nullable(DateTime),
  photos: Type.Array(HazardPhoto),
  transitions: Type.Array(HazardTransition),
  /** The events this caller may take now (the UI shows only these buttons). */
  allowedEvents: Type.Array(HazardEvent),
  version: Type.Integer(),
  /** The confined-space alarm it was made from (source 'alarm'), if any. */
  alarmId: Type.Optional(Nullable(Type.String())),
  /** Files kept as evidence when it was made (the alarm's readings), with their SHA-256. */
  evidenceFiles: Type.Optional(Type.Array(HazardEvidenceFile)),
});
export type Hazard = Static<typeof Hazard>;

/** The answer to a write: the hazard after it, and whether this was a replay of an earlier request. */
export const HazardWriteResult = Type.Object({ hazard: Hazard, replayed: Type.Boolean() });
export type HazardWriteResult = Static<typeof HazardWriteResult>;

export const HazardSummary = Type.Object({
  id: Type.String(),
  enterpriseId: Type.String(),
  enterpriseName: Type.String(),
  gridId: Type.String(),
  description: Type.String(),
  level: HazardLevel,
  status: HazardStatus,
  deadline: Nullable(DateOnly),
  overdue: Type.Boolean(),
  escalated: Type.Boolean(),
  foundAt: DateTime,
});
export type HazardSummary = Static<typeof HazardSummary>;

export const HazardListQuery = Type.Object(
  {
    status: Type.Optional(HazardStatus),
    level: Type.Optional(HazardLevel),
    gridId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    enterpriseId: Type.Optional(Id),
    overdue: Type.Optional(Type.Boolean()),
    /** Keyset cursor from the previous page. */
    after: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type HazardListQuery = Static<typeof HazardListQuery>;

export const HazardList = Type.Object({ items: Type.Array(HazardSummary), next: Nullable(Type.String()) });
export type HazardList = Static<typeof HazardList>;

export const HazardPhotoParams = Type.Object({ id: Id, photoId: Id });
export type HazardPhotoParams = Static<typeof HazardPhotoParams>;
