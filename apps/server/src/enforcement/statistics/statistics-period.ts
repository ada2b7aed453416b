import { STATISTICS_MAX_MONTHS } from '@safegrid/contracts';
import type { FieldProblem } from '../../errors';
import { chinaMidnight } from '../../platform/time/china-time';

/** China Standard Time has had no daylight saving since 1991: a fixed offset is exact. */

export interface StatisticsPeriod {
  /** Every month of the period, YYYY-MM, in order. */
  months: string[];
  /** The instants that bound the period on the bureau's calendar: [start, end). */
  start: Date;
  end: Date;
  /** The same bounds as calendar days (for DATE columns): [startDay, endDay). */
  startDay: string;
  endDay: string;
}

const index = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
};
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const firstInstant = (i: number) => chinaMidnight(Math.floor(i / 12), i % 12);

/** The problems with a period (from ≤ to, at most STATISTICS_MAX_MONTHS months), pointing at `to`. */
export function periodProblems(from: string, to: string): FieldProblem[] {
  const months = index(to) - index(from) + 1;
  if (months < 1) return [{ pointer: '/query/to', code: 'statistics.period_reversed', params: { from, to } }];
  if (months > STATISTICS_MAX_MONTHS) {
    return [
      {
        pointer: '/query/to',
        code: 'statistics.period_too_long',
        params: { max: STATISTICS_MAX_MONTHS, months },
      },
    ];
  }
  return [];
}

/** A valid period (see periodProblems) as its months and bounds. */
export function statisticsPeriod(from: string, to: string): StatisticsPeriod {
  const first = index(from);
  const last = index(to);
  const months = Array.from({ length: last - first + 1 }, (_, k) => monthOf(first + k));
  return {
    months,
    start: firstInstant(first),
    end: firstInstant(last + 1),
    startDay: `${monthOf(first)}-01`,
    endDay: `${monthOf(last + 1)}-01`,
  };
}
