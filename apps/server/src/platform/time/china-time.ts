/**
 * China Standard Time: UTC+8 all year (China has no daylight saving), so wall-clock dates and
 * times are a fixed shift of the instant. Dates travel as YYYY-MM-DD strings so that no time zone
 * can move them again.
 */
export const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;

/** The instant as China wall-clock time, ISO-formatted without a zone (YYYY-MM-DDTHH:mm:ss.sss). */
export function chinaWallClock(instant: Date): string {
  return new Date(instant.getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 23);
}

/** The China calendar date of an instant, YYYY-MM-DD. */
export function chinaDate(instant: Date): string {
  return chinaWallClock(instant).slice(0, 10);
}

/** The instant China's wall clock reads midnight at the start of a UTC-built calendar date. */
export function chinaMidnight(year: number, monthIndex: number, day = 1): Date {
  return new Date(Date.UTC(year, monthIndex, day) - CHINA_UTC_OFFSET_MS);
}
