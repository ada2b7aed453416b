import { Type, type Static } from 'typebox';
import {
  ASSESSMENT_GROUPS,
  ASSESSMENT_METRICS,
  ASSESSMENT_RECORD_KINDS,
  GONGMAO_CATEGORIES,
  HAZARD_SOURCES,
} from './values';

/**
 * Assessment (考核): monthly figures per inspector, grid and street, computed from the recorded
 * patrol tasks, check-ins, hazards and their transitions — never typed in. Each figure drills
 * down to the records it counts.
 */

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AssessmentGroup = Type.Enum(ASSESSMENT_GROUPS);
export type AssessmentGroup = Static<typeof AssessmentGroup>;
export const AssessmentMetric = Type.Enum(ASSESSMENT_METRICS);
export type AssessmentMetric = Static<typeof AssessmentMetric>;

export const AssessmentQuery = Type.Object(
  {
    month: Month,
    groupBy: Type.Optional(Type.Enum(ASSESSMENT_GROUPS, { default: 'inspector' })),
    /** Only rows under this node of the caller's scope. */
    jurisdictionId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    /** The ranking: rows in descending order of this figure (ties by name). */
    sort: Type.Optional(Type.Enum(ASSESSMENT_METRICS, { default: 'completionRate' })),
  },
  { additionalProperties: false },
);
export type AssessmentQuery = Static<typeof AssessmentQuery>;

/** A share with its parts, so a reader sees 9/10 and not only 0.9; null when nothing was due. */
export const Share = Type.Object({
  numerator: Type.Integer(),
  denominator: Type.Integer(),
  rate: Nullable(Type.Number()),
});
export type Share = Static<typeof Share>;

export const AssessmentRow = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  /** Inspector id, grid id or street id. */
  key: Type.String(),
  name: Type.String(),
  streetId: Type.String(),
  /** Tasks of the month done, of those due (cancelled ones do not count). */
  completion: Share,
  /** Tasks done by their due date, of those due. */
  onTime: Share,
  /** Enterprises visited, of those with a task in the month. */
  coverage: Share,
  hazardsGeneral: Type.Integer(),
  hazardsMajor: Type.Integer(),
  /** Verifications (销号) within the target days after the enterprise submitted, of all verifications. */
  verificationTimeliness: Share,
  /** Check-ins outside the geofence, of all check-ins. */
  geofenceAnomalies: Share,
  /** Re-checks by another inspector that confirmed the closure, of the re-checks done. */
  recheckConfirmed: Share,
});
export type AssessmentRow = Static<typeof AssessmentRow>;

export const Assessment = Type.Object({
  month: Month,
  groupBy: AssessmentGroup,
  sort: AssessmentMetric,
  /** The verification target the timeliness figure uses, and where it comes from. */
  verificationTargetDays: Type.Integer(),
  rows: Type.Array(AssessmentRow),
});
export type Assessment = Static<typeof Assessment>;

export const AssessmentRecordsQuery = Type.Object(
  {
    month: Month,
    groupBy: Type.Enum(ASSESSMENT_GROUPS),
    key: Type.String({ minLength: 1, maxLength: 40 }),
    kind: Type.Enum(ASSESSMENT_RECORD_KINDS),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
export type AssessmentRecordsQuery = Static<typeof AssessmentRecordsQuery>;

/** One record behind a figure: a patrol task, a check-in, a hazard or a verification. */
export const AssessmentRecord = Type.Object({
  kind: Type.Enum(ASSESSMENT_RECORD_KINDS),
  /** The task's or the hazard's id (open it at /grid/patrols/tasks/:id or /grid/hazards/:id). */
  id: Type.String(),
  enterpriseName: Type.String(),
  /** What the record says for this figure: due date and completion, distance, level, hours. */
  dueDate: Nullable(Type.String()),
  at: Nullable(Type.String({ format: 'date-time' })),
  late: Nullable(Type.Boolean()),
  distanceMetres: Nullable(Type.Number()),
  outsideGeofence: Nullable(Type.Boolean()),
  level: Nullable(Type.String()),
  hours: Nullable(Type.Number()),
});
export type AssessmentRecord = Static<typeof AssessmentRecord>;

export const AssessmentRecords = Type.Object({
  items: Type.Array(AssessmentRecord),
  truncated: Type.Boolean(),
});
export type AssessmentRecords = Static<typeof AssessmentRecords>;

export const DrawRechecks = Type.Object(
  {
    month: Month,
    /** Only under this node of the caller's scope (a district or a street). */
    jurisdictionId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type DrawRechecks = Static<typeof DrawRechecks>;

export const RechecksDrawn = Type.Object({
  month: Month,
  /** Share of each street's closed hazards drawn (rounded up), and the seed that orders them. */
  share: Type.Number(),
  seed: Type.String(),
  closed: Type.Integer(),
  drawn: Type.Integer(),
  /** Drawn earlier (drawing again changes nothing). */
  existing: Type.Integer(),
  /** Drawn, but the street has no other inspector in charge to re-check them. */
  withoutChecker: Type.Integer(),
});
export type RechecksDrawn = Static<typeof RechecksDrawn>;

export const Recheck = Type.Object({
  id: Type.String(),
  hazardId: Type.String(),
  enterpriseName: Type.String(),
  description: Type.String(),
  month: Month,
  /** Why this hazard: the seed, its place in the seeded order and the number of closed hazards. */
  selection: Type.Object({
    seed: Type.String(),
    position: Type.Integer(),
    of: Type.Integer(),
    share: Type.Number(),
  }),
  result: Nullable(Type.Enum(['confirmed', 'refuted'] as const)),
  note: Nullable(Type.String()),
  checkedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type Recheck = Static<typeof Recheck>;

export const RecheckList = Type.Object({ items: Type.Array(Recheck) });
export type RecheckList = Static<typeof RecheckList>;

export const RecordRecheck = Type.Object(
  {
    result: Type.Enum(['confirmed', 'refuted'] as const),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type RecordRecheck = Static<typeof RecordRecheck>;

/** Hazard statistics (the statistics page): counts over a range of months in the caller's scope. */
export const HazardStatisticsQuery = Type.Object(
  {
    from: Month,
    to: Month,
    jurisdictionId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type HazardStatisticsQuery = Static<typeof HazardStatisticsQuery>;

const LevelCounts = {
  general: Type.Integer(),
  major: Type.Integer(),
};

export const HazardStatistics = Type.Object({
  from: Month,
  to: Month,
  /** Hazards found in the range (withdrawn ones excluded). */
  total: Type.Integer(),
  /** Of those, closed (销号) by now. */
  rectification: Share,
  /** Of those with a deadline, past it and not closed — or closed after it. */
  overdue: Share,
  byStreet: Type.Array(
    Type.Object({
      streetId: Type.String(),
      name: Type.String(),
      ...LevelCounts,
      closed: Type.Integer(),
      overdue: Type.Integer(),
    }),
  ),
  byCategory: Type.Array(Type.Object({ category: Type.Enum(GONGMAO_CATEGORIES), ...LevelCounts })),
  bySource: Type.Array(Type.Object({ source: Type.Enum(HAZARD_SOURCES), ...LevelCounts })),
  byMonth: Type.Array(Type.Object({ month: Month, found: Type.Integer(), closed: Type.Integer() })),
});
export type HazardStatistics = Static<typeof HazardStatistics>;
