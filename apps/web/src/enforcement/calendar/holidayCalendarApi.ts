import type { HolidayCalendarYear, PutHolidayCalendar } from '@safegrid/contracts';
import { apiFetch, apiGet } from '../../shell/api';

/** The holiday calendar API (packages/contracts/src/enforcement-cases.ts) and its page's route. */

export const HOLIDAY_CALENDAR_URL = '/api/enforcement/holiday-calendar';
export const HOLIDAY_CALENDAR_PATH = '/enforcement/holiday-calendar';

export const holidayCalendarUrl = (year: number) => `${HOLIDAY_CALENDAR_URL}/${encodeURIComponent(year)}`;

export function fetchHolidayCalendar(year: number, signal?: AbortSignal): Promise<HolidayCalendarYear> {
  return apiGet<HolidayCalendarYear>(holidayCalendarUrl(year), { signal });
}

/** Replaces the year's days (city admin). */
export function putHolidayCalendar(year: number, body: PutHolidayCalendar): Promise<HolidayCalendarYear> {
  return apiFetch<HolidayCalendarYear>(holidayCalendarUrl(year), { method: 'PUT', json: body });
}
