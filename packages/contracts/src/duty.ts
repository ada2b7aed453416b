import { Type, type Static } from 'typebox';
import { DUTY_ASPECTS, DUTY_DIRECTIONS, DUTY_GROUPS, DUTY_RECORD_KINDS, GRADES } from './values';

/**
 * Government-duty scoring (政府履职评分): nine aspects per street or grid for a month, each a share
 * counted from the patrol, hazard, re-check, referral and grading records, turned into points by
 * the rule of data/profile/duty-scoring.json (a platform default), ranked, and drilled down to the
 * records each share counts.
 */

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
/** A text in both catalogue languages, as the data file gives it. */
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

export const DutyGroup = Type.Enum(DUTY_GROUPS);
export type DutyGroup = Static<typeof DutyGroup>;
export const DutyAspectId = Type.Enum(DUTY_ASPECTS);
export type DutyAspectId = Static<typeof DutyAspectId>;
export const DutyDirection = Type.Enum(DUTY_DIRECTIONS);
export type DutyDirection = Static<typeof DutyDirection>;

export const DutyQuery = Type.Object(
  {
    month: Month,
    groupBy: Type.Optional(Type.Enum(DUTY_GROUPS, { default: 'street' })),
    /** Only rows under this node of the caller's scope (the city, a district or a street). */
    jurisdictionId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type DutyQuery = Static<typeof DutyQuery>;

/** One aspect as the data file defines it: what it measures and how its share becomes points. */
export const DutyAspectDefinition = Type.Object({
  id: DutyAspectId,
  label: Bilingual,
  measures: Bilingual,
  numerator: Bilingual,
  denominator: Bilingual,
  direction: DutyDirection,
  /** Points the aspect is worth; the nine add up to 100. */
  weight: Type.Integer({ minimum: 1, maximum: 100 }),
  /** 'weight × rate' or 'weight × (1 − rate)'. */
  points: Type.String(),
  /** The days the aspect's timeliness is judged against, when it has one. */
  targetDays: Nullable(Type.Integer()),
});
export type DutyAspectDefinition = Static<typeof DutyAspectDefinition>;

/** One aspect of one row: the share with its parts (null rate: nothing to count) and its points. */
export const DutyAspectScore = Type.Object({
  aspect: DutyAspectId,
  numerator: Type.Integer(),
  denominator: Type.Integer(),
  rate: Nullable(Type.Number()),
  /** 0..weight, to one decimal; null when the aspect had nothing to count. */
  points: Nullable(Type.Number()),
});
export type DutyAspectScore = Static<typeof DutyAspectScore>;

export const DutyRow = Type.Object({
  /** Competition ranking by total (1, 2, 2, 4); rows without a total rank last. */
  rank: Type.Integer({ minimum: 1 }),
  /** Street id or grid id. */
  key: Type.String(),
  name: Type.String(),
  streetId: Type.String(),
  /** 0..100 to one decimal: points of the measured aspects scaled to 100; null when none was measured. */
  total: Nullable(Type.Number()),
  /** The weights of the aspects that had something to count (100 when all nine did). */
  measuredWeight: Type.Integer(),
  /** The nine aspects in the order of `aspects`. */
  aspects: Type.Array(DutyAspectScore),
});
export type DutyRow = Static<typeof DutyRow>;

export const Duty = Type.Object({
  month: Month,
  groupBy: DutyGroup,
  /** Version and status of the scoring file (a platform default, not a regulatory figure). */
  version: Type.String(),
  status: Type.String(),
  scoring: Bilingual,
  /** The instant the state-based aspects (open and overdue hazards) are judged at: the month's end, or now. */
  cutOff: Type.String({ format: 'date-time' }),
  aspects: Type.Array(DutyAspectDefinition),
  rows: Type.Array(DutyRow),
});
export type Duty = Static<typeof Duty>;

export const DutyRecordsQuery = Type.Object(
  {
    month: Month,
    groupBy: DutyGroup,
    key: Type.String({ minLength: 1, maxLength: 40 }),
    aspect: DutyAspectId,
    /** Only the records the numerator counts (true) or only the others (false); both when absent. */
    counted: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
export type DutyRecordsQuery = Static<typeof DutyRecordsQuery>;

/** One record an aspect looks at: a patrol task, a hazard or an enterprise. */
export const DutyRecord = Type.Object({
  kind: Type.Enum(DUTY_RECORD_KINDS),
  /** The task's, hazard's or enterprise's id. */
  id: Type.String(),
  enterpriseId: Type.String(),
  enterpriseName: Type.String(),
  /** In the aspect's numerator. */
  counted: Type.Boolean(),
  /** Costs the row points (counted for a lower-better aspect, not counted for a higher-better one). */
  shortfall: Type.Boolean(),
  /** A day the aspect judges by: the task's due date, the hazard's deadline, the last planned or patrolled month. */
  day: Nullable(Type.String()),
  /** When it happened: completion, verification, re-check, referral, report to the district, last patrol. */
  at: Nullable(Type.String({ format: 'date-time' })),
  /** Hours from the enterprise's submission to verification, or from finding to the report to the district. */
  hours: Nullable(Type.Number()),
  grade: Nullable(Type.Enum(GRADES)),
  /** The task's or hazard's status now, or the re-check's result. */
  status: Nullable(Type.String()),
  /** The enforcement referral's status (执法跟进 only). */
  referralStatus: Nullable(Type.String()),
});
export type DutyRecord = Static<typeof DutyRecord>;

export const DutyRecords = Type.Object({
  aspect: DutyAspectId,
  items: Type.Array(DutyRecord),
  truncated: Type.Boolean(),
});
export type DutyRecords = Static<typeof DutyRecords>;
