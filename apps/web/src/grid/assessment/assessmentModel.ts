import type { AssessmentRecordsQuery, HazardStatistics, Share } from '@safegrid/contracts';
import { apiUrl } from '../../shell/api';

export const ASSESSMENT_PATH = '/grid/assessment';
export const STATISTICS_PATH = '/grid/statistics';
export const RECHECKS_PATH = '/grid/rechecks';

export const assessmentUrl = (month: string, groupBy: string, sort: string) =>
  apiUrl('/api/grid/assessment', { month, groupBy, sort });
export const recordsUrl = (query: AssessmentRecordsQuery) =>
  apiUrl('/api/grid/assessment/records', { ...query });
export const statisticsUrl = (from: string, to: string) =>
  apiUrl('/api/grid/statistics/hazards', { from, to });
export const DRAW_RECHECKS_URL = '/api/grid/assessment/rechecks';
export const MY_RECHECKS_URL = '/api/grid/assessment/rechecks/mine';
export const recheckUrl = (id: string) => `/api/grid/assessment/rechecks/${encodeURIComponent(id)}`;

/** 'YYYY-MM' of a date in China Standard Time (the bureau's calendar, whatever the browser's zone). */
export function monthOf(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** The month before (the default: last month is the one that is complete). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** "9/10 (90%)", or "—" when nothing was there to count. */
export function shareText(share: Share): string {
  if (share.rate === null) return '—';
  return `${share.numerator}/${share.denominator} (${Math.round(share.rate * 100)}%)`;
}

/** Labels are passed in (the catalogue's words), so the option builders stay free of i18n. */
export interface ChartLabels {
  general: string;
  major: string;
  found: string;
  closed: string;
}

/** Stacked bars of general and major hazards per street (or any named group). */
export function stackedBarOption(
  names: string[],
  general: number[],
  major: number[],
  labels: ChartLabels,
): Record<string, unknown> {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.general, labels.major] },
    grid: { left: 48, right: 16, top: 32, bottom: 64 },
    xAxis: { type: 'category', data: names, axisLabel: { rotate: names.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.general, type: 'bar', stack: 'level', data: general, itemStyle: { color: '#1677ff' } },
      { name: labels.major, type: 'bar', stack: 'level', data: major, itemStyle: { color: '#cf1322' } },
    ],
  };
}

/** Hazards found per month and how many of those are closed by now. */
export function trendOption(stats: HazardStatistics, labels: ChartLabels): Record<string, unknown> {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.found, labels.closed] },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: stats.byMonth.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.found, type: 'line', data: stats.byMonth.map((m) => m.found) },
      { name: labels.closed, type: 'line', data: stats.byMonth.map((m) => m.closed) },
    ],
  };
}
