import type { EnforcementStatistics, EnforcementStatisticsRow } from '@safegrid/contracts';

export type Grouping = EnforcementStatistics['by'];
export const GROUPINGS: readonly Grouping[] = ['district', 'street', 'industry', 'month'];
export const STATISTICS_PATH = '/enforcement/statistics';

/** YYYY-MM of a moment on the bureau's calendar (China Standard Time). */
export function shenzhenMonth(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export function statisticsUrl(from: string, to: string, by: Grouping, districtId?: string | null): string {
  const q = new URLSearchParams({ from, to, by });
  if (districtId) q.set('districtId', districtId);
  return `/api/enforcement/statistics?${q.toString()}`;
}

export function isGrouping(value: string | null): value is Grouping {
  return value !== null && (GROUPINGS as readonly string[]).includes(value);
}

/** 12345.6 yuan → "12,345.60"; the API's decimal string is never rounded through a float for display. */
export function yuanText(decimal: string, locale: string): string {
  const [whole = '0', fraction = '00'] = decimal.split('.');
  return `${BigInt(whole).toLocaleString(locale)}.${fraction.padEnd(2, '0')}`;
}

/** Ten-thousands of yuan (万元) with two decimals, for the chart axis. */
export const wanYuan = (decimal: string) => Math.round(Number(decimal) / 100) / 100;

export const percentText = (share: number) => `${(share * 100).toFixed(1)}%`;

export interface ChartLabels {
  inspections: string;
  findings: string;
  penalties: string;
  fines: string;
}

/** Bars for the counts, a line for the fines on a second axis. */
export function statisticsOption(
  rows: readonly EnforcementStatisticsRow[],
  label: (row: EnforcementStatisticsRow) => string,
  labels: ChartLabels,
): Record<string, unknown> {
  const rotate = rows.length > 8 ? 40 : 0;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 36, bottom: rotate ? 72 : 32 },
    xAxis: { type: 'category', data: rows.map(label), axisLabel: { rotate, interval: 0 } },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', name: labels.fines, splitLine: { show: false } },
    ],
    series: [
      { name: labels.inspections, type: 'bar', data: rows.map((r) => r.inspections) },
      { name: labels.findings, type: 'bar', data: rows.map((r) => r.findings) },
      { name: labels.penalties, type: 'bar', data: rows.map((r) => r.penalties) },
      { name: labels.fines, type: 'line', yAxisIndex: 1, data: rows.map((r) => wanYuan(r.fines)) },
    ],
  };
}
