import type { HolidayCalendarYear, HolidayDay, PutHolidayCalendar } from '@safegrid/contracts';
import { CASE_LIMITS, HOLIDAY_KINDS } from '@safegrid/contracts/values';
import type { MessageKey } from '../../shell/i18n/zh-CN';
import type { MessageParams } from '../../shell/i18n/format';
import { isCalendarDate } from '../documents/documentModel';
import { isWeekendDay, yearOf } from './workingDayModel';

/**
 * The holiday calendar page (节假日日历): the year shown, the days the city admin edits before
 * replacing the year, the checks made before sending (a date outside the year, a date listed
 * twice; the server checks again), and where the server's field errors go. Pure: no React.
 */

export { HOLIDAY_KINDS };
export type HolidayKindValue = (typeof HOLIDAY_KINDS)[number];

export const HOLIDAY_LIMITS = {
  days: CASE_LIMITS.holidayDays,
  name: CASE_LIMITS.holidayName,
  source: CASE_LIMITS.source,
} as const;

/** The years the API takes (HolidayCalendarParams). */
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

export interface LocalMessage {
  key: MessageKey;
  params?: MessageParams;
}

export function isCalendarYear(value: number): boolean {
  return Number.isInteger(value) && value >= YEAR_MIN && value <= YEAR_MAX;
}

/** `?year=` when it is a year the API takes, else the fallback (this year in China). */
export function parseYear(value: string | null, fallback: number): number {
  if (value === null || !/^[0-9]{4}$/.test(value)) return fallback;
  const year = Number(value);
  return isCalendarYear(year) ? year : fallback;
}

export type DraftDay = HolidayDay;

const byDay = (a: DraftDay, b: DraftDay) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0);

/** The editable list of a year as the server answered it, in date order. */
export function draftFrom(calendar: Pick<HolidayCalendarYear, 'days'>): DraftDay[] {
  return calendar.days.map((d) => ({ day: d.day, kind: d.kind, name: d.name })).sort(byDay);
}

/** Why a day cannot be added to the list, or null. */
export function newDayError(year: number, days: readonly DraftDay[], day: string): LocalMessage | null {
  if (!isCalendarDate(day) || yearOf(day) !== year) {
    return { key: 'holidayCalendar.error.outsideYear', params: { day, year: String(year) } };
  }
  if (days.some((d) => d.day === day)) return { key: 'holidayCalendar.error.duplicate', params: { day } };
  if (days.length >= HOLIDAY_LIMITS.days)
    return { key: 'holidayCalendar.error.tooMany', params: { max: HOLIDAY_LIMITS.days } };
  return null;
}

/** The list with a day added in date order (its name trimmed). */
export function addDraftDay(days: readonly DraftDay[], added: DraftDay): DraftDay[] {
  return [...days, { day: added.day, kind: added.kind, name: added.name.trim() }].sort(byDay);
}

export function removeDraftDay(days: readonly DraftDay[], day: string): DraftDay[] {
  return days.filter((d) => d.day !== day);
}

/**
 * The checks before sending, by row index: a date outside the year (or no date at all), a date
 * listed a second time. No other rule: the server validates too.
 */
export function draftErrors(year: number, days: readonly DraftDay[]): Map<number, LocalMessage> {
  const errors = new Map<number, LocalMessage>();
  const seen = new Set<string>();
  days.forEach((d, i) => {
    if (!isCalendarDate(d.day) || yearOf(d.day) !== year) {
      errors.set(i, { key: 'holidayCalendar.error.outsideYear', params: { day: d.day, year: String(year) } });
    } else if (seen.has(d.day)) {
      errors.set(i, { key: 'holidayCalendar.error.duplicate', params: { day: d.day } });
    }
    seen.add(d.day);
  });
  return errors;
}

/** The PUT body; rows keep their order, so the server's `/body/days/{i}` point at the same rows. */
export function toPutHolidayCalendar(days: readonly DraftDay[], source: string): PutHolidayCalendar {
  return {
    days: days.map((d) => ({ day: d.day, kind: d.kind, name: d.name.trim() })),
    source: source.trim(),
  };
}

export function draftCounts(days: readonly DraftDay[]): { holidays: number; makeup: number } {
  const holidays = days.filter((d) => d.kind === 'holiday').length;
  return { holidays, makeup: days.length - holidays };
}

/** Whether the list or the source differ from what the server holds. */
export function isDirty(saved: HolidayCalendarYear, days: readonly DraftDay[], source: string): boolean {
  if (source.trim() !== (saved.source ?? '')) return true;
  const before = draftFrom(saved);
  if (before.length !== days.length) return true;
  const after = [...days].sort(byDay);
  return before.some((d, i) => {
    const other = after[i];
    return !other || other.day !== d.day || other.kind !== d.kind || other.name.trim() !== d.name;
  });
}

/**
 * A 调休 make-up day on a weekday changes nothing (it is a working day anyway): most likely the
 * wrong date or kind. Shown as a hint, not refused.
 */
export function makeupOnWeekday(d: Pick<DraftDay, 'day' | 'kind'>): boolean {
  return d.kind === 'makeup_workday' && isCalendarDate(d.day) && !isWeekendDay(d.day);
}

/** Where a server field error (path below `/body`) belongs: a row's cell or the source. */
export type CalendarField = { row: number; cell: 'day' | 'kind' | 'name' } | { source: true };

export function calendarFieldFor(path: readonly string[], rows: number): CalendarField | undefined {
  if (path.length === 1 && path[0] === 'source') return { source: true };
  const [first, second, third] = path;
  if (first !== 'days' || path.length !== 3 || second === undefined || !/^(0|[1-9][0-9]*)$/.test(second)) {
    return undefined;
  }
  const row = Number(second);
  if (row >= rows) return undefined;
  if (third === 'day' || third === 'kind' || third === 'name') return { row, cell: third };
  return undefined;
}

/** The source text cut into plain parts and http(s) links, to show the notice's URL as a link. */
export function sourceParts(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s，。；、）)]+/g)) {
    const at = m.index;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ text: m[0], href: m[0] });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
