import { Type, type Static } from 'typebox';
import {
  ACCIDENT_SEVERITIES,
  CREDIT_RECORD_KINDS,
  GONGMAO_CATEGORIES,
  GRADE_DISTRIBUTION_GROUPS,
  GRADES,
  GRADING_MODEL_STATUSES,
  PENALTY_KINDS,
  PROFILE_SOURCES,
  RISK_TAGS,
} from './values';

/**
 * The enterprise profile (企业画像) and its risk grade (分级). A grade is computed by a versioned
 * model (data/profile/grading-model.json) from recorded inputs; the explanation carries every
 * dimension's and indicator's points, which add up to the score, and the smallest set of fixes
 * that would lower the grade. Labels of dimensions and indicators come from the model (zh, en).
 */

const Id = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const DateTime = Type.String({ format: 'date-time' });
const DateOnly = Type.String({ format: 'date' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Labels = { zh: Type.String(), en: Type.String() };

export const Grade = Type.Enum(GRADES);
export type Grade = Static<typeof Grade>;
export const ProfileSource = Type.Enum(PROFILE_SOURCES);
export type ProfileSource = Static<typeof ProfileSource>;
export const RiskTag = Type.Enum(RISK_TAGS);
export type RiskTag = Static<typeof RiskTag>;
export const AccidentSeverity = Type.Enum(ACCIDENT_SEVERITIES);
export type AccidentSeverity = Static<typeof AccidentSeverity>;

export const GradeCounts = Type.Object({
  red: Type.Integer(),
  orange: Type.Integer(),
  yellow: Type.Integer(),
  blue: Type.Integer(),
  general: Type.Integer(),
});
export type GradeCounts = Static<typeof GradeCounts>;

/** Supervision frequency the grade sets: an interval in months, or random sampling (双随机). */
export const SupervisionFrequency = Type.Object({
  intervalMonths: Nullable(Type.Integer({ minimum: 1 })),
  randomSampling: Type.Boolean(),
});

export const IndicatorExplanation = Type.Object({
  id: Type.String(),
  ...Labels,
  /** What the indicator counts, in the model's words (English). */
  measures: Type.String(),
  value: Type.Integer(),
  points: Type.Integer(),
  weight: Type.Integer(),
  direction: Type.Union([Type.Literal('risk'), Type.Literal('protective')]),
});

export const DimensionExplanation = Type.Object({
  id: Type.String(),
  ...Labels,
  points: Type.Integer(),
  weight: Type.Integer(),
  indicators: Type.Array(IndicatorExplanation),
});

export const OverrideExplanation = Type.Object({
  id: Type.String(),
  ...Labels,
  minimumGrade: Grade,
  active: Type.Boolean(),
  /** Why it applies: its condition holds now, or it still holds for the exit period. */
  because: Nullable(Type.Union([Type.Literal('condition'), Type.Literal('hold')])),
  holdMonthsLeft: Nullable(Type.Integer()),
  exit: Type.String(),
});

export const GradeFix = Type.Object({
  indicatorId: Type.String(),
  ...Labels,
  /** The fix in the model's words (e.g. 整改并销号逾期隐患). */
  fixZh: Type.String(),
  fixEn: Type.String(),
  from: Type.Integer(),
  to: Type.Integer(),
  pointsSaved: Type.Integer(),
});

export const WhatWouldChange = Type.Object({
  reachable: Type.Boolean(),
  targetGrade: Nullable(Grade),
  scoreAfter: Nullable(Type.Integer()),
  fixes: Type.Array(GradeFix),
  /** Overrides whose exit period keeps the grade even once their condition is fixed. */
  blockedBy: Type.Array(Type.Object({ overrideId: Type.String(), holdMonthsLeft: Type.Integer() })),
});

export const GradeExplanation = Type.Object({
  enterpriseId: Id,
  modelVersion: Type.String(),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  baseGrade: Grade,
  grade: Grade,
  computedAt: DateTime,
  frequency: SupervisionFrequency,
  dimensions: Type.Array(DimensionExplanation),
  overrides: Type.Array(OverrideExplanation),
  whatWouldChange: WhatWouldChange,
});
export type GradeExplanation = Static<typeof GradeExplanation>;

export const GradeHistoryEntry = Type.Object({
  at: DateTime,
  modelVersion: Type.String(),
  score: Type.Integer(),
  grade: Grade,
  previousGrade: Grade,
  /** What triggered the change: the daily batch, an input change, a model activation. */
  reason: Type.String(),
});

export const InspectorHistoryEntry = Type.Object({
  inspectorId: Id,
  name: Type.String(),
  gridId: Type.String(),
  validFrom: DateOnly,
  validTo: Nullable(DateOnly),
});

export const AccidentRecord = Type.Object({
  id: Id,
  occurredOn: DateOnly,
  severity: AccidentSeverity,
  deaths: Type.Integer(),
  injuries: Type.Integer(),
  description: Type.String(),
  source: ProfileSource,
  sourceRef: Nullable(Type.String()),
});
export type AccidentRecord = Static<typeof AccidentRecord>;

export const CreditRecord = Type.Object({
  id: Id,
  kind: Type.Enum(CREDIT_RECORD_KINDS),
  recordedOn: DateOnly,
  expiresOn: Nullable(DateOnly),
  authority: Type.String(),
  description: Type.String(),
  source: ProfileSource,
});

export const PenaltyRecord = Type.Object({
  id: Id,
  kind: Type.Enum(PENALTY_KINDS),
  decidedOn: DateOnly,
  amountYuan: Nullable(Type.Number()),
  description: Type.String(),
  source: ProfileSource,
});

export const EnterpriseProfile = Type.Object({
  enterprise: Type.Object({
    id: Id,
    name: Type.String(),
    creditCode: Type.String(),
    address: Type.String(),
    industryCode: Type.String(),
    industryName: Type.String(),
    category: Type.Enum(GONGMAO_CATEGORIES),
    scale: Type.String(),
    employees: Type.Integer(),
    status: Type.String(),
    lat: Type.Number(),
    lon: Type.Number(),
    gridId: Type.String(),
    gridName: Type.String(),
    streetName: Type.String(),
    districtName: Type.String(),
  }),
  inspectors: Type.Array(InspectorHistoryEntry),
  riskTags: Type.Array(Type.Object({ tag: RiskTag, source: ProfileSource })),
  confinedSpaces: Type.Integer(),
  /** Declared by the enterprise or loaded from elsewhere; null when nothing is recorded. */
  safetyManagement: Nullable(
    Type.Object({
      emergencyPlanFiled: Type.Boolean(),
      safetyOfficers: Type.Integer(),
      trainingCoveragePercent: Type.Integer(),
      certificatesComplete: Type.Boolean(),
      standardisationLevel: Type.Integer(),
      source: ProfileSource,
      updatedAt: DateTime,
    }),
  ),
  drills: Type.Array(Type.Object({ heldOn: DateOnly, description: Type.String(), source: ProfileSource })),
  hazards: Type.Object({
    open: Type.Integer(),
    overdue: Type.Integer(),
    majorOpen: Type.Integer(),
    found12m: Type.Integer(),
    closed12m: Type.Integer(),
  }),
  patrols: Type.Object({ done12m: Type.Integer(), lastVisitAt: Nullable(DateTime) }),
  accidents: Type.Array(AccidentRecord),
  creditRecords: Type.Array(CreditRecord),
  penalties: Type.Array(PenaltyRecord),
  devices: Type.Object({
    detectors: Type.Integer(),
    locks: Type.Integer(),
    online: Type.Integer(),
    alarms90d: Type.Integer(),
  }),
  grade: Nullable(GradeExplanation),
  gradeHistory: Type.Array(GradeHistoryEntry),
});
export type EnterpriseProfile = Static<typeof EnterpriseProfile>;

export const RecordAccidentBody = Type.Object(
  {
    occurredOn: DateOnly,
    severity: AccidentSeverity,
    deaths: Type.Integer({ minimum: 0, maximum: 1000 }),
    injuries: Type.Integer({ minimum: 0, maximum: 10000 }),
    description: Type.String({ minLength: 1, maxLength: 1000 }),
    /** The other system's reference (e.g. the accident report number). */
    sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type RecordAccidentBody = Static<typeof RecordAccidentBody>;

export const GradeDistributionQuery = Type.Object(
  {
    groupBy: Type.Optional(Type.Enum(GRADE_DISTRIBUTION_GROUPS, { default: 'district' })),
    /** Only enterprises under this node of the caller's scope. */
    jurisdictionId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type GradeDistributionQuery = Static<typeof GradeDistributionQuery>;

export const GradeDistribution = Type.Object({
  modelVersion: Nullable(Type.String()),
  /** Enterprises in scope without a grade yet (just registered, before the next computation). */
  ungraded: Type.Integer(),
  total: GradeCounts,
  rows: Type.Array(
    Type.Object({ key: Type.String(), name: Type.String(), counts: GradeCounts, total: Type.Integer() }),
  ),
});
export type GradeDistribution = Static<typeof GradeDistribution>;

export const GradeChangesQuery = Type.Object(
  {
    jurisdictionId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type GradeChangesQuery = Static<typeof GradeChangesQuery>;

export const GradeChangeList = Type.Object({
  items: Type.Array(
    Type.Object({
      enterpriseId: Id,
      enterpriseName: Type.String(),
      at: DateTime,
      previousGrade: Grade,
      grade: Grade,
      score: Type.Integer(),
      modelVersion: Type.String(),
      reason: Type.String(),
    }),
  ),
  nextCursor: Nullable(Type.String()),
});
export type GradeChangeList = Static<typeof GradeChangeList>;

export const GradingModelSummary = Type.Object({
  version: Type.String(),
  status: Type.Enum(GRADING_MODEL_STATUSES),
  createdAt: DateTime,
  activatedAt: Nullable(DateTime),
  /** The model's own status line (e.g. "platform default, editorial"). */
  note: Type.String(),
});
export type GradingModelSummary = Static<typeof GradingModelSummary>;

export const GradingModelDetail = Type.Object({
  summary: GradingModelSummary,
  /** The model document as stored (data/profile/grading-model.json's shape). */
  model: Type.Unknown(),
});
export type GradingModelDetail = Static<typeof GradingModelDetail>;

export const CreateGradingModelBody = Type.Object(
  { model: Type.Object({}, { additionalProperties: true }) },
  { additionalProperties: false },
);
export type CreateGradingModelBody = Static<typeof CreateGradingModelBody>;

export const GradingDryRun = Type.Object({
  version: Type.String(),
  /** The active version it is compared with (null when none is active yet). */
  against: Nullable(Type.String()),
  enterprises: Type.Integer(),
  before: GradeCounts,
  after: GradeCounts,
  /** Enterprises moving between grades (from ≠ to only), most first. */
  moves: Type.Array(Type.Object({ from: Grade, to: Grade, count: Type.Integer() })),
  seconds: Type.Number(),
});
export type GradingDryRun = Static<typeof GradingDryRun>;

export const GradingActivation = Type.Object({
  version: Type.String(),
  recomputed: Type.Integer(),
  changed: Type.Integer(),
  seconds: Type.Number(),
});
export type GradingActivation = Static<typeof GradingActivation>;

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });

export const HitRateQuery = Type.Object(
  {
    from: Month,
    to: Month,
    jurisdictionId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type HitRateQuery = Static<typeof HitRateQuery>;

/**
 * Targeting calibration: of the planned patrols done in the months, the share that found at least
 * one hazard, by the grade that planned them (the task's basis: the grade's interval, the general
 * tier's random sample, or the category default of an ungraded enterprise).
 */
export const HitRates = Type.Object({
  from: Month,
  to: Month,
  rows: Type.Array(
    Type.Object({
      tier: Type.Union([Grade, Type.Literal('ungraded')]),
      inspected: Type.Integer(),
      withHazards: Type.Integer(),
      hazards: Type.Integer(),
      majorHazards: Type.Integer(),
      rate: Nullable(Type.Number()),
    }),
  ),
});
export type HitRates = Static<typeof HitRates>;
