import type { DutyAspectScore, DutyRecord, DutyRecordsQuery, DutyRow } from '@safegrid/contracts';
import { apiUrl } from '../../shell/api';

export const DUTY_PATH = '/profile/duty';

export const dutyUrl = (month: string, groupBy: string, jurisdictionId?: string | null) =>
  apiUrl('/api/profile/duty', { month, groupBy, jurisdictionId });
export const dutyRecordsUrl = (query: DutyRecordsQuery) => apiUrl('/api/profile/duty/records', { ...query });

/** The data file's texts come in both languages; the page shows the session's. */
export function localText(text: { zh: string; en: string }, locale: string): string {
  return locale === 'en' ? text.en : text.zh;
}

/** "67%", or "—" when the aspect had nothing to count. */
export function rateText(score: Pick<DutyAspectScore, 'rate'>): string {
  return score.rate === null ? '—' : `${Math.round(score.rate * 100)}%`;
}

/** "2/3" — the share's parts, for the cell's tooltip. */
export function partsText(score: Pick<DutyAspectScore, 'numerator' | 'denominator'>): string {
  return `${score.numerator}/${score.denominator}`;
}

/** Points to one decimal ("6.7", "10"), or "—" when the aspect (or the row) was not measured. */
export function pointsText(points: number | null): string {
  if (points === null) return '—';
  return Number.isInteger(points) ? String(points) : points.toFixed(1);
}

export type Band = 'good' | 'fair' | 'poor' | 'none';

/**
 * How well an aspect (points of its weight) or a total (of 100) did, for the cell's colour:
 * ≥ 90 % good, ≥ 60 % fair, below poor; 'none' when nothing was measured.
 */
export function band(points: number | null, outOf: number): Band {
  if (points === null || outOf <= 0) return 'none';
  const share = points / outOf;
  return share >= 0.9 ? 'good' : share >= 0.6 ? 'fair' : 'poor';
}

export const BAND_COLORS: Record<Band, string> = {
  good: '#389e0d',
  fair: '#d48806',
  poor: '#cf1322',
  none: '#8c8c8c',
};

/** Where a drill-down record opens. */
export function recordPath(record: Pick<DutyRecord, 'kind' | 'id'>): string {
  switch (record.kind) {
    case 'patrol_task':
      return `/grid/patrols/tasks/${encodeURIComponent(record.id)}`;
    case 'hazard':
      return `/grid/hazards/${encodeURIComponent(record.id)}`;
    case 'enterprise':
      return `/profile/enterprises/${encodeURIComponent(record.id)}`;
  }
}

/** The rows in ranking order as bars of their totals; a row without a total shows as an empty bar. */
export function totalsBarOption(
  rows: readonly Pick<DutyRow, 'name' | 'total' | 'rank'>[],
  label: string,
): Record<string, unknown> {
  const ordered = [...rows].sort((a, b) => a.rank - b.rank);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 24, bottom: ordered.length > 6 ? 96 : 40 },
    xAxis: {
      type: 'category',
      data: ordered.map((r) => r.name),
      axisLabel: { rotate: ordered.length > 6 ? 40 : 0, interval: 0 },
    },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      {
        name: label,
        type: 'bar',
        data: ordered.map((r) => ({
          value: r.total,
          itemStyle: { color: BAND_COLORS[band(r.total, 100)] },
        })),
        label: { show: ordered.length <= 20, position: 'top' },
      },
    ],
  };
}

/** What a record's `day` and `at` mean in each aspect, for the drawer's wording. */
export type DayMeaning = 'due' | 'deadline' | 'lastPlanned' | 'lastPatrolled' | 'found';
export type AtMeaning =
  'completed' | 'found' | 'checked' | 'verified' | 'referred' | 'reported' | 'patrolled';

export const RECORD_MEANING: Readonly<
  Record<DutyAspectScore['aspect'], { day: DayMeaning | null; at: AtMeaning | null }>
> = {
  patrolCoverage: { day: 'due', at: 'completed' },
  patrolOnTime: { day: 'due', at: 'completed' },
  overdueHazards: { day: 'deadline', at: 'found' },
  unsupervisedEnterprises: { day: 'lastPlanned', at: null },
  patrolQuality: { day: null, at: 'checked' },
  verificationTimeliness: { day: 'deadline', at: 'verified' },
  enforcementFollowThrough: { day: 'deadline', at: 'referred' },
  majorHazardReporting: { day: 'found', at: 'reported' },
  highRiskCoverage: { day: 'lastPatrolled', at: 'patrolled' },
};

/** A month-valued day ('2026-09-01' as the last planned month) shown as its month. */
export function dayText(day: string, meaning: DayMeaning): string {
  return meaning === 'lastPlanned' || meaning === 'lastPatrolled' ? day.slice(0, 7) : day;
}
