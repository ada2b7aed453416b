/**
 * Working-day arithmetic over a holiday calendar kept as data (行政处罚法 第八十五条: “二日”“三日”
 * “五日”“七日” are working days, 不含法定节假日). Dates are YYYY-MM-DD strings (China Standard
 * Time, no zone can shift them). A year without a loaded calendar falls back to weekends only,
 * and every result says whether the calendar covered it.
 */

export type HolidayKind = 'holiday' | 'makeup_workday';

export interface HolidayCalendar {
  /** Days that differ from the Monday–Friday rule: holidays and make-up working days (调休). */
  days: ReadonlyMap<string, { kind: HolidayKind; name: string }>;
  /** Years for which a calendar was loaded (even an empty one). */
  years: ReadonlySet<number>;
}

export const EMPTY_CALENDAR: HolidayCalendar = { days: new Map(), years: new Set() };

export function addCalendarDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    (new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / 86_400_000,
  );
}

export function isWeekendDay(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/** Why a day is not a working day (a loaded holiday's name, or the weekend), or null if it is one. */
export function nonWorkingReason(
  calendar: HolidayCalendar,
  date: string,
): { kind: 'holiday'; name: string } | { kind: 'weekend' } | null {
  const entry = calendar.days.get(date);
  if (entry?.kind === 'holiday') return { kind: 'holiday', name: entry.name };
  if (entry?.kind === 'makeup_workday') return null;
  return isWeekendDay(date) ? { kind: 'weekend' } : null;
}

export function isWorkingDay(calendar: HolidayCalendar, date: string): boolean {
  return nonWorkingReason(calendar, date) === null;
}

/** Whether every year from `from` to `to` (inclusive) has a loaded calendar. */
export function calendarCovers(calendar: HolidayCalendar, from: string, to: string): boolean {
  for (let y = yearOf(from); y <= yearOf(to); y += 1) if (!calendar.years.has(y)) return false;
  return true;
}

export interface CountedDeadline {
  dueOn: string;
  calendarCovered: boolean;
}

/**
 * The n-th working day after `from` (the day of the event itself is not counted): the last day
 * on which the act is still in time.
 */
export function addWorkingDays(calendar: HolidayCalendar, from: string, n: number): CountedDeadline {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let date = from;
  let left = n;
  while (left > 0) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(calendar, date)) left -= 1;
  }
  return { dueOn: date, calendarCovered: calendarCovers(calendar, from, date) };
}

/** The years a count from `from` of up to `n` working days may touch (to load their calendars). */
export function yearsSpanned(from: string, n: number, unit: 'calendar' | 'working'): number[] {
  // Working days: no year in the law's counts (≤ 7 working days) runs over more than a month.
  const last = addCalendarDays(from, unit === 'calendar' ? n : n * 2 + 31);
  const years: number[] = [];
  for (let y = yearOf(from); y <= yearOf(last); y += 1) years.push(y);
  return years;
}
