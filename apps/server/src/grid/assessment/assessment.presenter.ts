import type {
  HazardStatistics,
  HazardStatisticsQuery,
  AssessmentMetric,
  AssessmentRecord,
  AssessmentRecordsQuery,
  AssessmentRow,
  Recheck,
  Share,
} from '@safegrid/contracts';
import type { GroupCounts } from './assessment.repository';

export function share(numerator: number, denominator: number): Share {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
}

type Unranked = Omit<AssessmentRow, 'rank'>;

export function rowOf(c: GroupCounts): Unranked {
  return {
    key: c.key,
    name: c.name,
    streetId: c.streetId,
    completion: share(c.done, c.due),
    onTime: share(c.onTime, c.due),
    coverage: share(c.enterprisesVisited, c.enterprisesDue),
    hazardsGeneral: c.hazardsGeneral,
    hazardsMajor: c.hazardsMajor,
    verificationTimeliness: share(c.timelyVerifications, c.verifications),
    geofenceAnomalies: share(c.outsideGeofence, c.checkIns),
    recheckConfirmed: share(c.rechecksConfirmed, c.rechecksDone),
  };
}

/**
 * The figure a ranking sorts by, oriented so that larger is better: geofence anomalies count
 * against an inspector, so their rate is negated. Null (nothing to measure) ranks last.
 */
export function metricValue(row: Unranked, metric: AssessmentMetric): number | null {
  switch (metric) {
    case 'completionRate':
      return row.completion.rate;
    case 'onTimeRate':
      return row.onTime.rate;
    case 'coverageRate':
      return row.coverage.rate;
    case 'hazardsFound':
      return row.hazardsGeneral + row.hazardsMajor;
    case 'hazardsMajor':
      return row.hazardsMajor;
    case 'verificationTimelinessRate':
      return row.verificationTimeliness.rate;
    case 'geofenceAnomalyRate':
      return row.geofenceAnomalies.rate === null ? null : -row.geofenceAnomalies.rate;
    case 'recheckConfirmedRate':
      return row.recheckConfirmed.rate;
  }
}

/**
 * Best first; rows with the same value share a rank (competition ranking: 1, 2, 2, 4), so two
 * inspectors with the same figures are never ordered by accident of name. Name orders ties for
 * display only.
 */
export function rank(rows: Unranked[], metric: AssessmentMetric): AssessmentRow[] {
  const sorted = rows
    .map((row) => ({ row, value: metricValue(row, metric) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value !== b.value) return a.value === null ? 1 : -1;
      } else if (a.value !== b.value) return b.value - a.value;
      return a.row.name.localeCompare(b.row.name, 'zh-CN') || a.row.key.localeCompare(b.row.key);
    });
  let previous: number | null | undefined;
  let currentRank = 0;
  return sorted.map(({ row, value }, index) => {
    if (index === 0 || value !== previous) currentRank = index + 1;
    previous = value;
    return { rank: currentRank, ...row };
  });
}

const iso = (v: unknown) =>
  v instanceof Date ? v.toISOString() : v == null ? null : new Date(String(v)).toISOString();
const numberOrNull = (v: unknown) => (v == null ? null : Number(v));
const booleanOrNull = (v: unknown) => (v == null ? null : Boolean(v));

export function presentRecord(
  kind: AssessmentRecordsQuery['kind'],
  r: Record<string, unknown>,
): AssessmentRecord {
  return {
    kind,
    id: String(r.id),
    enterpriseName: String(r.enterprise_name),
    dueDate: r.due_date == null ? null : String(r.due_date),
    at: iso(r.at),
    late: booleanOrNull(r.late),
    distanceMetres: numberOrNull(r.distance),
    outsideGeofence: booleanOrNull(r.outside_geofence),
    level: r.level == null ? null : String(r.level),
    hours: r.hours == null ? null : Math.round(Number(r.hours) * 10) / 10,
  };
}

export function presentRecheck(r: {
  id: string;
  hazard_id: string;
  month: string;
  selection: unknown;
  result: 'confirmed' | 'refuted' | null;
  note: string | null;
  checked_at: Date | null;
  enterprise_name: string;
  description: string;
}): Recheck {
  const selection = r.selection as Recheck['selection'];
  return {
    id: String(r.id),
    hazardId: String(r.hazard_id),
    enterpriseName: r.enterprise_name,
    description: r.description,
    month: r.month.slice(0, 7),
    selection: {
      seed: String(selection.seed),
      position: Number(selection.position),
      of: Number(selection.of),
      share: Number(selection.share),
    },
    result: r.result,
    note: r.note,
    checkedAt: r.checked_at ? r.checked_at.toISOString() : null,
  };
}

/** Whole months from `from` to `to`, both included ('2026-01'..'2026-03' is 3). */
export function monthsBetween(from: string, to: string): number {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  return index(to) - index(from) + 1;
}

function monthsOf(from: string, to: string): string[] {
  const start = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1;
  return Array.from({ length: monthsBetween(from, to) }, (_, i) => {
    const m = start + i;
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

/**
 * The GROUPING SETS rows sorted into their groups. Every street of the scope and every month of
 * the range appears, with zeros where nothing was found (a chart with gaps would mislead).
 */
export function presentHazardStatistics(
  query: HazardStatisticsQuery,
  rows: Record<string, unknown>[],
  streetNames: Map<string, string>,
): HazardStatistics {
  const n = (v: unknown) => Number(v ?? 0);
  const set = (r: Record<string, unknown>) =>
    n(r.g_street) === 0
      ? 'street'
      : n(r.g_category) === 0
        ? 'category'
        : n(r.g_source) === 0
          ? 'source'
          : n(r.g_month) === 0
            ? 'month'
            : 'total';
  const groups = { street: [], category: [], source: [], month: [], total: [] } as Record<
    string,
    Record<string, unknown>[]
  >;
  for (const r of rows) groups[set(r)]!.push(r);
  const total = groups.total![0] ?? {};
  const found = n(total.general) + n(total.major);
  const byStreetRow = new Map(groups.street!.map((r) => [String(r.street_id), r]));
  const byMonthRow = new Map(groups.month!.map((r) => [String(r.month), r]));
  // Closures per month come from the hazards found in that month (a cohort), so the two bars compare like with like.
  return {
    from: query.from,
    to: query.to,
    total: found,
    rectification: share(n(total.closed), found),
    overdue: share(n(total.overdue), n(total.with_deadline)),
    byStreet: [...streetNames.entries()]
      .map(([streetId, name]) => {
        const r = byStreetRow.get(streetId) ?? {};
        return {
          streetId,
          name,
          general: n(r.general),
          major: n(r.major),
          closed: n(r.closed),
          overdue: n(r.overdue),
        };
      })
      .sort((a, b) => b.general + b.major - (a.general + a.major) || a.streetId.localeCompare(b.streetId)),
    byCategory: groups
      .category!.map((r) => ({
        category: r.category as HazardStatistics['byCategory'][number]['category'],
        general: n(r.general),
        major: n(r.major),
      }))
      .sort((a, b) => b.general + b.major - (a.general + a.major)),
    bySource: groups
      .source!.map((r) => ({
        source: r.source as HazardStatistics['bySource'][number]['source'],
        general: n(r.general),
        major: n(r.major),
      }))
      .sort((a, b) => b.general + b.major - (a.general + a.major)),
    byMonth: monthsOf(query.from, query.to).map((month) => {
      const r = byMonthRow.get(month) ?? {};
      return { month, found: n(r.general) + n(r.major), closed: n(r.closed) };
    }),
  };
}
