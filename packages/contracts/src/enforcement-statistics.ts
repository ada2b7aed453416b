import { Type, type Static } from 'typebox';

/**
 * Enforcement statistics (执法统计): completed inspections, the hazards they found, penalties
 * (cases decided) and their fines, grouped by district, street, 工贸 industry category or month,
 * within the caller's jurisdiction. Months are on the bureau's calendar (China Standard Time);
 * an inspection counts in the month it was completed, a penalty in the month it was decided.
 */

/** The longest period one request may cover. */
export const STATISTICS_MAX_MONTHS = 36;
export const STATISTICS_GROUPINGS = ['district', 'street', 'industry', 'month'] as const;

export const StatisticsGrouping = Type.Enum(STATISTICS_GROUPINGS);
export type StatisticsGrouping = Static<typeof StatisticsGrouping>;

const YearMonth = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });

export const EnforcementStatisticsQuery = Type.Object(
  {
    /** First month, inclusive (YYYY-MM). */
    from: YearMonth,
    /** Last month, inclusive (YYYY-MM); at most 36 months after `from`. */
    to: YearMonth,
    by: StatisticsGrouping,
    /** Only this district (it must lie in the caller's scope). */
    districtId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type EnforcementStatisticsQuery = Static<typeof EnforcementStatisticsQuery>;

const Figures = {
  inspections: Type.Integer({ minimum: 0 }),
  /** Hazards found: the findings recorded on those inspections. */
  findings: Type.Integer({ minimum: 0 }),
  /** Cases decided (行政处罚决定) in the period. */
  penalties: Type.Integer({ minimum: 0 }),
  /** Total of the decided fines, yuan, as a decimal string (exact). */
  fines: Type.String({ pattern: '^[0-9]+\\.[0-9]{2}$' }),
  /** Share (0–1) of the counted inspections and penalties that are simulated demo rows. */
  simulatedShare: Type.Number({ minimum: 0, maximum: 1 }),
};

export const EnforcementStatisticsRow = Type.Object({
  /** District or street id, 工贸 category code, or YYYY-MM. */
  key: Type.String(),
  /** The jurisdiction's name; for categories and months the client localises the key. */
  label: Type.String(),
  ...Figures,
});
export type EnforcementStatisticsRow = Static<typeof EnforcementStatisticsRow>;

export const EnforcementStatistics = Type.Object({
  from: YearMonth,
  to: YearMonth,
  by: StatisticsGrouping,
  districtId: Type.Union([Type.String(), Type.Null()]),
  rows: Type.Array(EnforcementStatisticsRow),
  totals: Type.Object(Figures),
});
export type EnforcementStatistics = Static<typeof EnforcementStatistics>;
