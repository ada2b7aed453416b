import type { HolidayCalendarYear, HolidayDay } from '@safegrid/contracts';
import type { MessageKey } from '../../shell/i18n/zh-CN';
import type { MessageParams } from '../../shell/i18n/format';

/**
 * Working days on the web, as the server counts them (apps/server/src/enforcement/calendar/
 * working-days.ts): a year whose holiday calendar the city admin loaded uses it — a loaded
 * holiday is not a working day, a 调休 make-up day is one even on a weekend — and a year without
 * one falls back to Monday–Friday. Dates are `YYYY-MM-DD` (China Standard Time). Pure: no React.
 */

export interface WorkingDayCalendar {
  /** Years whose calendar is loaded (even an empty one). */
  years: ReadonlySet<number>;
  /** The days of those years that differ from the Monday–Friday rule. */
  days: ReadonlyMap<string, Pick<HolidayDay, 'kind' | 'name'>>;
}

/** Nothing loaded (or nothing fetched yet): weekends only. */
export const NO_CALENDAR: WorkingDayCalendar = { years: new Set(), days: new Map() };

export const yearOf = (date: string): number => Number(date.slice(0, 4));

/** The calendar of the fetched years; years not loaded on the server add nothing. */
export function workingDayCalendar(years: readonly HolidayCalendarYear[]): WorkingDayCalendar {
  const loaded = years.filter((y) => y.loaded);
  return {
    years: new Set(loaded.map((y) => y.year)),
    days: new Map(
      loaded.flatMap((y) =>
        y.days
          .filter((d) => yearOf(d.day) === y.year)
          .map((d) => [d.day, { kind: d.kind, name: d.name }] as const),
      ),
    ),
  };
}

export function calendarLoadedFor(calendar: WorkingDayCalendar, date: string): boolean {
  return calendar.years.has(yearOf(date));
}

/** Saturday or Sunday (of a `YYYY-MM-DD` date). */
export function isWeekendDay(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export type NonWorkingReason =
  | { kind: 'holiday'; name: string }
  /** `calendarLoaded`: the year's calendar was checked (no 调休 on that day) or not loaded. */
  | { kind: 'weekend'; calendarLoaded: boolean };

/** Why a date is not a working day, or null when it is one. */
export function nonWorkingReason(calendar: WorkingDayCalendar, date: string): NonWorkingReason | null {
  const loaded = calendarLoadedFor(calendar, date);
  const entry = loaded ? calendar.days.get(date) : undefined;
  if (entry?.kind === 'holiday') return { kind: 'holiday', name: entry.name };
  if (entry?.kind === 'makeup_workday') return null;
  return isWeekendDay(date) ? { kind: 'weekend', calendarLoaded: loaded } : null;
}

export function isWorkingDay(calendar: WorkingDayCalendar, date: string): boolean {
  return nonWorkingReason(calendar, date) === null;
}

export function addCalendarDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The date itself when it is a working day, else the first working day after it. */
export function nextWorkingDay(calendar: WorkingDayCalendar, date: string): string {
  let day = date;
  // A year has far fewer than 366 non-working days in a row; the bound only guards bad data.
  for (let i = 0; i < 366 && !isWorkingDay(calendar, day); i += 1) day = addCalendarDays(day, 1);
  return day;
}

/** The years whose calendars a deadline form needs: this year and the next, and the chosen date's. */
export function deadlineYears(today: string, chosen?: string): number[] {
  const years = new Set([yearOf(today), yearOf(today) + 1]);
  if (chosen && /^[0-9]{4}-/.test(chosen)) years.add(yearOf(chosen));
  return [...years].sort((a, b) => a - b);
}

export interface WorkingDayMessage {
  key: MessageKey;
  params: MessageParams;
}

// Years as strings: numbers are formatted for the locale (2,027).
const yearText = (date: string) => String(yearOf(date));

/**
 * What a deadline field says about how it checks working days: by the holiday calendar loaded for
 * the chosen date's year (today's while none is chosen), or weekends only because none is loaded.
 */
export function deadlineCalendarNote(
  calendar: WorkingDayCalendar,
  chosen: string | undefined,
  today: string,
): WorkingDayMessage {
  const date = chosen && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(chosen) ? chosen : today;
  const params = { year: yearText(date) };
  return calendarLoadedFor(calendar, date)
    ? { key: 'workingDays.byCalendar', params }
    : { key: 'workingDays.weekendsOnly', params };
}

/**
 * Why a deadline is refused as not a working day — a loaded holiday (by name), a weekend the
 * loaded calendar does not make a 调休 working day, or a weekend with no calendar loaded — or null.
 */
export function notWorkingDayMessage(calendar: WorkingDayCalendar, date: string): WorkingDayMessage | null {
  const reason = nonWorkingReason(calendar, date);
  if (!reason) return null;
  if (reason.kind === 'holiday') return { key: 'case.date.holiday', params: { date, name: reason.name } };
  return {
    key: reason.calendarLoaded ? 'case.date.weekendByCalendar' : 'case.date.weekend',
    params: { date, year: yearText(date) },
  };
}
