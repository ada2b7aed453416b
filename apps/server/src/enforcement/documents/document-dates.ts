/**
 * Calendar dates of documents, in China Standard Time (UTC+8 all year: China has no daylight
 * saving), as YYYY-MM-DD strings so that no time zone can shift them.
 */

import type { FieldProblem } from '../../errors';
import { nonWorkingReason, type HolidayCalendar } from '../calendar/working-days';

export { chinaDate } from '../../platform/time/china-time';

/** A real calendar date (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A real local date and time of day, YYYY-MM-DDTHH:mm. */
export function isLocalDateTime(value: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  return !!match && isCalendarDate(match[1]!) && Number(match[2]) <= 23 && Number(match[3]) <= 59;
}

/** The refusal of a deadline that is not a working day by the calendar (a loaded holiday or a weekend). */
export function deadlineDayProblem(
  calendar: HolidayCalendar,
  date: string,
  pointer: string,
): FieldProblem | null {
  const reason = nonWorkingReason(calendar, date);
  if (!reason) return null;
  return {
    pointer,
    code: 'deadline.not_working_day',
    params: { date, reason: reason.kind === 'holiday' ? reason.name : 'weekend' },
  };
}

/** 2026年11月30日: how the forms write a date (年 月 日 blanks). */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The parts that fill a form's ____年__月__日 blanks. */
export function dateBlanks(date: string): [string, string, string] {
  const [y, m, d] = date.split('-').map(Number);
  return [String(y), String(m), String(d)];
}
