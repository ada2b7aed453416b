import { Type, type Static } from 'typebox';
import { MajorHazardMatch, ProvisionLink, ProvisionRef } from './regulations';
import { Checklist, ChecklistOutcome } from './patrols';
import {
  EVIDENCE_MEDIA_TYPES,
  FINDING_MAX_LENGTH,
  GONGMAO_CATEGORIES,
  INSPECTION_LIMITS,
  INSPECTION_STATUSES,
} from './values';

/**
 * On-site inspection (现场检查): two officers at an enterprise record findings — each with the
 * provisions it breaches (the clause matcher suggests them) and, where met, the item of 令第10号 —
 * and the evidence for them (photos and files, each stored with its SHA-256 and capture time, the
 * list hash-chained), then complete the inspection. Documents (责令限期整改指令书…) are issued
 * from it through /api/enforcement/documents.
 */

const Id = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const InspectionStatus = Type.Enum(INSPECTION_STATUSES);
export type InspectionStatus = Static<typeof InspectionStatus>;

export const StartInspection = Type.Object(
  {
    enterpriseId: Id,
    /** The second officer (执法人员不得少于两人): another enforcement officer's user id. */
    partnerId: Id,
    /** 检查场所, e.g. 一号车间、仓库. */
    place: Type.Optional(Type.String({ minLength: 1, maxLength: INSPECTION_LIMITS.place })),
    /** The enforcement-plan task this inspection carries out (its two drawn officers start it). */
    taskId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type StartInspection = Static<typeof StartInspection>;

export const RecordFinding = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: FINDING_MAX_LENGTH }),
    /** The provisions breached, as accepted by the officer (refs of the regulation library). */
    provisionRefs: Type.Array(ProvisionRef, { maxItems: INSPECTION_LIMITS.provisions, uniqueItems: true }),
    /** The item of 令第10号 the finding meets (重大事故隐患), if the officer judges so. */
    majorHazardRef: Type.Optional(Nullable(ProvisionRef)),
    /** 现场处理措施 taken on the spot, if any. */
    onTheSpotMeasure: Type.Optional(Type.String({ minLength: 1, maxLength: INSPECTION_LIMITS.measure })),
    /** The checklist item (of this inspection's checklist) the finding was recorded from. */
    checklistItemId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    /** The inspection's version the officer saw (optimistic concurrency). */
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type RecordFinding = Static<typeof RecordFinding>;

export const CompleteInspection = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type CompleteInspection = Static<typeof CompleteInspection>;

export const InspectionOfficer = Type.Object({ id: Type.String(), displayName: Type.String() });

export const InspectionEvidence = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  /** The finding it documents, or null for the inspection as a whole. */
  findingSeq: Nullable(Type.Integer({ minimum: 1 })),
  fileName: Type.String(),
  mediaType: Type.Enum(EVIDENCE_MEDIA_TYPES),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  /** When the photo was taken (from the device), not when it reached the server. */
  capturedAt: DateTime,
  receivedAt: DateTime,
  chainHash: Type.String(),
  /** GET this for the file's bytes. */
  url: Type.String(),
});
export type InspectionEvidence = Static<typeof InspectionEvidence>;

export const InspectionFinding = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  description: Type.String(),
  provisions: Type.Array(ProvisionLink),
  majorHazard: Nullable(MajorHazardMatch),
  onTheSpotMeasure: Nullable(Type.String()),
  /** The checklist item it was recorded from, if any. */
  checklistItemId: Type.Optional(Nullable(Type.String())),
  recordedAt: DateTime,
  recordedBy: Type.String(),
});
export type InspectionFinding = Static<typeof InspectionFinding>;

export const Inspection = Type.Object({
  id: Type.String(),
  enterprise: Type.Object({
    id: Type.String(),
    name: Type.String(),
    creditCode: Type.String(),
    address: Type.String(),
    gongmaoCategory: Nullable(Type.Enum(GONGMAO_CATEGORIES)),
  }),
  status: InspectionStatus,
  officers: Type.Array(InspectionOfficer),
  place: Nullable(Type.String()),
  startedAt: DateTime,
  completedAt: Nullable(DateTime),
  findings: Type.Array(InspectionFinding),
  evidence: Type.Array(InspectionEvidence),
  /** The evidence list re-checked on every read: `brokenAt` names the first link that fails. */
  evidenceChain: Type.Object({ intact: Type.Boolean(), brokenAt: Nullable(Type.Integer()) }),
  /**
   * How far the enterprise's checklist got (null for an enterprise outside the 工贸 categories,
   * which has none): unanswered items do not block completion, so the record says how many were
   * checked, and which failed items have no finding.
   */
  checklist: Type.Optional(
    Nullable(
      Type.Object({
        total: Type.Integer(),
        answered: Type.Integer(),
        failed: Type.Integer(),
        failedWithoutFinding: Type.Array(Type.String()),
      }),
    ),
  ),
  version: Type.Integer(),
});
export type Inspection = Static<typeof Inspection>;

export const InspectionChecklistAnswer = Type.Object({
  itemId: Type.String(),
  outcome: ChecklistOutcome,
  note: Nullable(Type.String()),
  answeredAt: DateTime,
  answeredBy: Type.String(),
  /** The findings recorded from this item: a failed item with none is still open. */
  findingSeqs: Type.Array(Type.Integer({ minimum: 1 })),
});
export type InspectionChecklistAnswer = Static<typeof InspectionChecklistAnswer>;

/** The enterprise's checklist (same shape as a patrol's) and the answers recorded so far. */
export const InspectionChecklist = Type.Object({
  ...Checklist.properties,
  answers: Type.Array(InspectionChecklistAnswer),
  /** The inspection's version, to send back with the next write. */
  inspectionVersion: Type.Integer(),
});
export type InspectionChecklist = Static<typeof InspectionChecklist>;

/** Answers for some items (others keep theirs); an item answered again is overwritten. */
export const AnswerInspectionChecklist = Type.Object(
  {
    answers: Type.Array(
      Type.Object(
        {
          itemId: Type.String({ minLength: 1, maxLength: 80 }),
          outcome: ChecklistOutcome,
          note: Type.Optional(Type.String({ minLength: 1, maxLength: INSPECTION_LIMITS.measure })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type AnswerInspectionChecklist = Static<typeof AnswerInspectionChecklist>;

export const InspectionSummary = Type.Object({
  id: Type.String(),
  enterpriseId: Type.String(),
  enterpriseName: Type.String(),
  status: InspectionStatus,
  officers: Type.Array(Type.String()),
  startedAt: DateTime,
  completedAt: Nullable(DateTime),
  findingCount: Type.Integer(),
  majorHazardCount: Type.Integer(),
});
export type InspectionSummary = Static<typeof InspectionSummary>;

export const InspectionListQuery = Type.Object(
  {
    status: Type.Optional(InspectionStatus),
    enterpriseId: Type.Optional(Id),
    /** Only the inspections the caller takes part in. */
    mine: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type InspectionListQuery = Static<typeof InspectionListQuery>;

export const InspectionList = Type.Object({ items: Type.Array(InspectionSummary) });
export type InspectionList = Static<typeof InspectionList>;

export const InspectionEvidenceParams = Type.Object({
  id: Id,
  seq: Type.Integer({ minimum: 1, maximum: 10000 }),
});
export type InspectionEvidenceParams = Static<typeof InspectionEvidenceParams>;

/** The officers an inspector may choose as partner: enforcement officers whose scope covers the enterprise. */
export const InspectionPartnerQuery = Type.Object({ enterpriseId: Id }, { additionalProperties: false });
export const InspectionPartners = Type.Object({ items: Type.Array(InspectionOfficer) });
export type InspectionPartners = Static<typeof InspectionPartners>;
