import { Type, type Static } from 'typebox';
import { EVIDENCE_MEDIA_TYPES, OBJECTION_LIMITS, OBJECTION_STATUSES } from './values';

/**
 * Objections (异议) to an input of an enterprise's grade: the enterprise claims another value with
 * evidence; a street officer accepts (the value then stands for a year and the grade is
 * recomputed at once) or rejects with a reason.
 */

const Id = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ObjectionStatus = Type.Enum(OBJECTION_STATUSES);
export type ObjectionStatus = Static<typeof ObjectionStatus>;

export const ObjectionEvidence = Type.Object({
  id: Id,
  fileName: Type.String(),
  mediaType: Type.Enum(EVIDENCE_MEDIA_TYPES),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: DateTime,
});
export type ObjectionEvidence = Static<typeof ObjectionEvidence>;

export const GradeObjection = Type.Object({
  id: Id,
  enterpriseId: Id,
  enterpriseName: Type.String(),
  indicatorId: Type.String(),
  /** The indicator's labels in the model the grade used. */
  zh: Type.String(),
  en: Type.String(),
  modelVersion: Type.String(),
  recordedValue: Type.Integer(),
  claimedValue: Type.Integer(),
  reason: Type.String(),
  status: ObjectionStatus,
  filedAt: DateTime,
  decidedAt: Nullable(DateTime),
  decisionNote: Nullable(Type.String()),
  evidence: Type.Array(ObjectionEvidence),
});
export type GradeObjection = Static<typeof GradeObjection>;

export const FileObjectionBody = Type.Object(
  {
    indicatorId: Type.String({ minLength: 1, maxLength: 60 }),
    claimedValue: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    reason: Type.String({ minLength: 1, maxLength: OBJECTION_LIMITS.reason }),
  },
  { additionalProperties: false },
);
export type FileObjectionBody = Static<typeof FileObjectionBody>;

export const DecideObjectionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
    note: Type.String({ minLength: 1, maxLength: OBJECTION_LIMITS.note }),
  },
  { additionalProperties: false },
);
export type DecideObjectionBody = Static<typeof DecideObjectionBody>;

export const ObjectionListQuery = Type.Object(
  {
    status: Type.Optional(ObjectionStatus),
    enterpriseId: Type.Optional(Id),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type ObjectionListQuery = Static<typeof ObjectionListQuery>;

export const ObjectionList = Type.Object({
  items: Type.Array(GradeObjection),
  nextCursor: Nullable(Type.String()),
});
export type ObjectionList = Static<typeof ObjectionList>;

export const ObjectionEvidenceParams = Type.Object({ id: Id, evidenceId: Id });
