import { Type, type Static } from 'typebox';
import { GONGMAO_CATEGORIES, GRADES } from './values';

/**
 * Enforcement plans (执法检查计划) and the 双随机、一公开 draw: a bureau's annual plan and its
 * monthly plans; targets from risk grades (red/orange, by the grading model's frequency), from
 * open enforcement referrals, and drawn at random from the rest of the jurisdiction; officer
 * pairs drawn at random; the draw recorded with its seed so anyone can re-run it; the published
 * result public; one task per target for its two officers.
 */

const Id = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ENFORCEMENT_PLAN_KINDS = ['annual', 'monthly'] as const;
export const ENFORCEMENT_PLAN_STATUSES = ['draft', 'published'] as const;
export const ENFORCEMENT_TARGET_SOURCES = ['grade', 'referral', 'random'] as const;
export const ENFORCEMENT_TASK_STATUSES = ['assigned', 'in_progress', 'done'] as const;
/** The most enterprises one plan's random part may draw. */
export const ENFORCEMENT_RANDOM_MAX = 500;

export const EnforcementPlanKind = Type.Enum(ENFORCEMENT_PLAN_KINDS);
export const EnforcementPlanStatus = Type.Enum(ENFORCEMENT_PLAN_STATUSES);
export const EnforcementTargetSource = Type.Enum(ENFORCEMENT_TARGET_SOURCES);
export const EnforcementTaskStatus = Type.Enum(ENFORCEMENT_TASK_STATUSES);
export type EnforcementTaskStatus = Static<typeof EnforcementTaskStatus>;

const PlanFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  /** How many enterprises to draw at random from the rest of the jurisdiction. */
  randomCount: Type.Integer({ minimum: 0, maximum: ENFORCEMENT_RANDOM_MAX }),
  /** Narrow the random pool to one 工贸 category. */
  industryCategory: Type.Optional(Nullable(Type.Enum(GONGMAO_CATEGORIES))),
};

export const CreateEnforcementPlan = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('annual'),
      /** The bureau: a city or district node the caller's scope covers whole. */
      jurisdictionId: Type.String({ minLength: 1, maxLength: 40 }),
      year: Type.Integer({ minimum: 2000, maximum: 2100 }),
      ...PlanFields,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('monthly'),
      /** The bureau's annual plan: the monthly plan inherits its jurisdiction and year. */
      parentId: Id,
      month: Type.Integer({ minimum: 1, maximum: 12 }),
      ...PlanFields,
    },
    { additionalProperties: false },
  ),
]);
export type CreateEnforcementPlan = Static<typeof CreateEnforcementPlan>;

export const EnforcementPlanListQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    status: Type.Optional(EnforcementPlanStatus),
  },
  { additionalProperties: false },
);
export type EnforcementPlanListQuery = Static<typeof EnforcementPlanListQuery>;

const SummaryFields = {
  id: Type.String(),
  kind: EnforcementPlanKind,
  parentId: Nullable(Type.String()),
  jurisdiction: Type.Object({ id: Type.String(), name: Type.String() }),
  year: Type.Integer(),
  month: Nullable(Type.Integer()),
  title: Type.String(),
  status: EnforcementPlanStatus,
  randomCount: Type.Integer(),
  industryCategory: Nullable(Type.Enum(GONGMAO_CATEGORIES)),
  targetCount: Type.Integer(),
  createdAt: DateTime,
  publishedAt: Nullable(DateTime),
};
export const EnforcementPlanSummary = Type.Object(SummaryFields);
export type EnforcementPlanSummary = Static<typeof EnforcementPlanSummary>;

export const EnforcementPlanList = Type.Object({
  items: Type.Array(EnforcementPlanSummary),
  /** Where the caller may create plans (city or district nodes their scope covers whole). */
  bureaus: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});
export type EnforcementPlanList = Static<typeof EnforcementPlanList>;

export const EnforcementOfficer = Type.Object({ id: Type.String(), displayName: Type.String() });

export const EnforcementPlanTarget = Type.Object({
  seq: Type.Integer(),
  enterprise: Type.Object({ id: Type.String(), name: Type.String(), creditCode: Type.String() }),
  source: EnforcementTargetSource,
  /** The grade that made it a target (source "grade"). */
  grade: Nullable(Type.Enum(GRADES)),
  referralId: Nullable(Type.String()),
  officers: Type.Array(EnforcementOfficer),
});
export type EnforcementPlanTarget = Static<typeof EnforcementPlanTarget>;

/** What anyone needs to re-run a draw: the seed, the algorithm and the digests of its inputs. */
const DrawFields = {
  id: Type.String(),
  algorithm: Type.String(),
  seed: Type.String(),
  candidateCount: Type.Integer(),
  candidateDigest: Type.String(),
  officerCount: Type.Integer(),
  officerDigest: Type.String(),
  randomCount: Type.Integer(),
  drawnAt: DateTime,
};
export const EnforcementDrawRecord = Type.Object(DrawFields);
export type EnforcementDrawRecord = Static<typeof EnforcementDrawRecord>;

export const EnforcementPlanDraw = Type.Object({
  ...DrawFields,
  drawnBy: Type.String(),
  current: Type.Boolean(),
});
export type EnforcementPlanDraw = Static<typeof EnforcementPlanDraw>;

export const EnforcementPlan = Type.Object({
  ...SummaryFields,
  createdBy: Type.String(),
  publishedBy: Nullable(Type.String()),
  /** Every draw of the plan, newest first; a redraw keeps the earlier ones. */
  draws: Type.Array(EnforcementPlanDraw),
  /** The current draw's targets (those of the published draw once published). */
  targets: Type.Array(EnforcementPlanTarget),
  /** Monthly plans under an annual one. */
  children: Type.Array(
    Type.Object({
      id: Type.String(),
      month: Type.Integer(),
      title: Type.String(),
      status: EnforcementPlanStatus,
    }),
  ),
  /**
   * How grade targets are chosen: the grades that count and the model's interval in months
   * for each (null when the active grading model gives none for that grade).
   */
  gradeRule: Type.Object({
    grades: Type.Array(Type.Enum(GRADES)),
    intervalMonths: Type.Record(Type.String(), Nullable(Type.Integer())),
    modelVersion: Nullable(Type.String()),
  }),
});
export type EnforcementPlan = Static<typeof EnforcementPlan>;

export const PublishEnforcementPlan = Type.Object(
  {
    /** The draw the approver reviewed: a newer draw in between makes the publication fail. */
    drawId: Id,
  },
  { additionalProperties: false },
);
export type PublishEnforcementPlan = Static<typeof PublishEnforcementPlan>;

export const EnforcementDrawParams = Type.Object({ id: Id, drawId: Id });
export type EnforcementDrawParams = Static<typeof EnforcementDrawParams>;

export const EnforcementDrawVerification = Type.Object({
  draw: EnforcementDrawRecord,
  /** True when re-running the algorithm on the recorded inputs gives exactly the recorded targets and pairs. */
  reproduced: Type.Boolean(),
  /** The recorded inputs still hash to the recorded digests. */
  digestsMatch: Type.Boolean(),
  recomputedRandomIds: Type.Array(Type.String()),
});
export type EnforcementDrawVerification = Static<typeof EnforcementDrawVerification>;

export const EnforcementTaskListQuery = Type.Object(
  { status: Type.Optional(EnforcementTaskStatus) },
  { additionalProperties: false },
);
export type EnforcementTaskListQuery = Static<typeof EnforcementTaskListQuery>;

export const EnforcementTask = Type.Object({
  id: Type.String(),
  plan: Type.Object({
    id: Type.String(),
    title: Type.String(),
    year: Type.Integer(),
    month: Nullable(Type.Integer()),
  }),
  enterprise: Type.Object({
    id: Type.String(),
    name: Type.String(),
    creditCode: Type.String(),
    address: Type.String(),
  }),
  source: EnforcementTargetSource,
  status: EnforcementTaskStatus,
  officers: Type.Array(EnforcementOfficer),
  /** The other officer of the pair, from the caller's point of view: the partner to start with. */
  partnerId: Type.String(),
  inspectionId: Nullable(Type.String()),
  updatedAt: DateTime,
});
export type EnforcementTask = Static<typeof EnforcementTask>;

export const EnforcementTaskList = Type.Object({ items: Type.Array(EnforcementTask) });
export type EnforcementTaskList = Static<typeof EnforcementTaskList>;

/**
 * 一公开: the published plan as the public sees it — the enterprises drawn at random and the
 * draw's record. Targets chosen for their risk grade or an enforcement referral are only counted
 * (listing them would publish a supervision grade or a hazard referral), and officers are not named.
 */
export const PublicEnforcementPlan = Type.Object({
  id: Type.String(),
  agency: Type.String(),
  kind: EnforcementPlanKind,
  year: Type.Integer(),
  month: Nullable(Type.Integer()),
  title: Type.String(),
  publishedAt: DateTime,
  draw: EnforcementDrawRecord,
  enterprises: Type.Array(Type.Object({ name: Type.String(), creditCode: Type.String() })),
  /** Targets by risk grade or referral, counted only. */
  otherTargetCount: Type.Integer(),
});
export type PublicEnforcementPlan = Static<typeof PublicEnforcementPlan>;
