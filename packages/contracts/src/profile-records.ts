import { Type, type Static } from 'typebox';
import {
  ACCIDENT_SEVERITIES,
  CREDIT_RECORD_KINDS,
  PENALTY_KINDS,
  PROFILE_IMPORT_KINDS,
  PROFILE_IMPORT_LIMITS,
  PROFILE_RECORD_TEXT_LIMITS,
  PROFILE_SOURCES,
  RISK_TAGS,
  SAFETY_MANAGEMENT_LIMITS,
} from './values';

/**
 * Profile records the platform does not make itself (issue 6): accidents, credit records,
 * penalties decided before enforcement moved here and drills, imported in bulk by officers
 * (source `import`); and the enterprise's own declarations of its safety management and inherent
 * risks (source `declared`). Every record keeps its source, shown beside it on the profile.
 */

const DateOnly = Type.String({ format: 'date' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const CreditCode = Type.String({ minLength: 18, maxLength: 18 });
const L = PROFILE_RECORD_TEXT_LIMITS;

export const ProfileImportKind = Type.Enum(PROFILE_IMPORT_KINDS);
export type ProfileImportKind = Static<typeof ProfileImportKind>;

/*
 * One record of each kind, as the import takes it. The route accepts the records as they come and
 * checks each against these shapes itself, so that every problem of every record is reported
 * (index, field, code) instead of the first one only.
 */

export const ImportedAccident = Type.Object(
  {
    creditCode: CreditCode,
    occurredOn: DateOnly,
    severity: Type.Enum(ACCIDENT_SEVERITIES),
    deaths: Type.Integer({ minimum: 0, maximum: 1000 }),
    injuries: Type.Integer({ minimum: 0, maximum: 10000 }),
    description: Text(L.description),
    sourceRef: Type.Optional(Nullable(Text(L.sourceRef))),
  },
  { additionalProperties: false },
);
export type ImportedAccident = Static<typeof ImportedAccident>;

export const ImportedCreditRecord = Type.Object(
  {
    creditCode: CreditCode,
    kind: Type.Enum(CREDIT_RECORD_KINDS),
    recordedOn: DateOnly,
    /** After recordedOn; absent or null when the record does not expire. */
    expiresOn: Type.Optional(Nullable(DateOnly)),
    authority: Text(L.authority),
    description: Text(L.description),
  },
  { additionalProperties: false },
);
export type ImportedCreditRecord = Static<typeof ImportedCreditRecord>;

export const ImportedPenalty = Type.Object(
  {
    creditCode: CreditCode,
    kind: Type.Enum(PENALTY_KINDS),
    decidedOn: DateOnly,
    /** Yuan with at most two decimals. */
    amountYuan: Type.Optional(Nullable(Type.Number({ minimum: 0 }))),
    description: Text(L.description),
    sourceRef: Type.Optional(Nullable(Text(L.sourceRef))),
  },
  { additionalProperties: false },
);
export type ImportedPenalty = Static<typeof ImportedPenalty>;

export const ImportedDrill = Type.Object(
  {
    creditCode: CreditCode,
    heldOn: DateOnly,
    description: Text(L.drillDescription),
  },
  { additionalProperties: false },
);
export type ImportedDrill = Static<typeof ImportedDrill>;

export interface ImportedRecordOf {
  accidents: ImportedAccident;
  credit_records: ImportedCreditRecord;
  penalties: ImportedPenalty;
  drills: ImportedDrill;
}

export const ProfileImportBody = Type.Object(
  {
    kind: ProfileImportKind,
    /** Records of the kind (ImportedAccident, ImportedCreditRecord, ImportedPenalty, ImportedDrill). */
    records: Type.Array(Type.Unknown(), { minItems: 1, maxItems: PROFILE_IMPORT_LIMITS.records }),
    /** Check everything and answer what would be inserted, writing nothing. */
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ProfileImportBody = Static<typeof ProfileImportBody>;

/**
 * A batch's outcome. A refused batch is a 422 `profile_import.rows_invalid` problem instead, whose
 * `errors` name each problem: `pointer` /body/records/<index>/<field>, `code`, and `params` with
 * the record's `index` (0-based).
 */
export const ProfileImportResult = Type.Object({
  kind: ProfileImportKind,
  dryRun: Type.Boolean(),
  /** Records inserted (in a dry run: that would be). */
  inserted: Type.Integer(),
  /** Distinct enterprises they belong to; each is queued for regrading. */
  enterprises: Type.Integer(),
});
export type ProfileImportResult = Static<typeof ProfileImportResult>;

// ---- the enterprise's declarations ----

export const SafetyManagementDeclaration = Type.Object(
  {
    emergencyPlanFiled: Type.Boolean(),
    safetyOfficers: Type.Integer({ minimum: 0, maximum: SAFETY_MANAGEMENT_LIMITS.safetyOfficers }),
    trainingCoveragePercent: Type.Integer({
      minimum: 0,
      maximum: SAFETY_MANAGEMENT_LIMITS.trainingCoveragePercent,
    }),
    certificatesComplete: Type.Boolean(),
    /** 安全生产标准化: 0 none, 1 level three, 2 level two, 3 level one. */
    standardisationLevel: Type.Integer({
      minimum: 0,
      maximum: SAFETY_MANAGEMENT_LIMITS.standardisationLevel,
    }),
  },
  { additionalProperties: false },
);
export type SafetyManagementDeclaration = Static<typeof SafetyManagementDeclaration>;

export const SafetyManagementState = Type.Object({
  emergencyPlanFiled: Type.Boolean(),
  safetyOfficers: Type.Integer(),
  trainingCoveragePercent: Type.Integer(),
  certificatesComplete: Type.Boolean(),
  standardisationLevel: Type.Integer(),
  source: Type.Enum(PROFILE_SOURCES),
  updatedAt: DateTime,
});
export type SafetyManagementState = Static<typeof SafetyManagementState>;

export const RiskTagsDeclaration = Type.Object(
  {
    /** The inherent risks the enterprise declares; an empty list withdraws its declared ones. */
    tags: Type.Array(Type.Enum(RISK_TAGS), { maxItems: RISK_TAGS.length }),
  },
  { additionalProperties: false },
);
export type RiskTagsDeclaration = Static<typeof RiskTagsDeclaration>;

export const RiskTagsState = Type.Object({
  /** Every tag now recorded, with its source (by tag). */
  riskTags: Type.Array(Type.Object({ tag: Type.Enum(RISK_TAGS), source: Type.Enum(PROFILE_SOURCES) })),
  /**
   * Tags the declaration left out but that stay: recorded by the platform, an import or the demo
   * generator, which the enterprise cannot withdraw (an objection is its way to contest them).
   */
  kept: Type.Array(Type.Enum(RISK_TAGS)),
});
export type RiskTagsState = Static<typeof RiskTagsState>;
