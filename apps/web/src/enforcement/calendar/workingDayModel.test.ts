import { describe, expect, it } from 'vitest';
import type { HolidayCalendarYear } from '@safegrid/contracts';
import {
  NO_CALENDAR,
  addCalendarDays,
  calendarLoadedFor,
  deadlineCalendarNote,
  deadlineYears,
  isWorkingDay,
  nextWorkingDay,
  nonWorkingReason,
  notWorkingDayMessage,
  workingDayCalendar,
} from './workingDayModel';

/** A fixture year: invented days for the test, NOT the State Council's schedule. */
const Y2030: HolidayCalendarYear = {
  year: 2030,
  loaded: true,
  days: [
    { day: '2030-09-29', kind: 'makeup_workday', name: '测试调休' }, // a Sunday worked
    { day: '2030-10-01', kind: 'holiday', name: '测试假日' },
    { day: '2030-10-02', kind: 'holiday', name: '测试假日' },
  ],
  source: '测试通知',
  updatedAt: '2030-01-01T00:00:00.000Z',
};
const UNLOADED_2031: HolidayCalendarYear = {
  year: 2031,
  loaded: false,
  days: [],
  source: null,
  updatedAt: null,
};
const calendar = workingDayCalendar([Y2030, UNLOADED_2031]);

describe('working days on the web', () => {
  it('use the loaded calendar: a holiday is off, a make-up weekend day is worked', () => {
    expect(calendarLoadedFor(calendar, '2030-05-05')).toBe(true);
    expect(nonWorkingReason(calendar, '2030-10-01')).toEqual({ kind: 'holiday', name: '测试假日' });
    expect(isWorkingDay(calendar, '2030-09-29')).toBe(true); // Sunday, 调休
    expect(nonWorkingReason(calendar, '2030-09-28')).toEqual({ kind: 'weekend', calendarLoaded: true });
    expect(isWorkingDay(calendar, '2030-09-30')).toBe(true); // Monday
  });

  it('fall back to weekends only for a year without a loaded calendar', () => {
    expect(calendarLoadedFor(calendar, '2031-01-04')).toBe(false);
    expect(nonWorkingReason(calendar, '2031-01-04')).toEqual({ kind: 'weekend', calendarLoaded: false });
    expect(isWorkingDay(calendar, '2031-01-01')).toBe(true); // no holiday known for 2031
    expect(nonWorkingReason(NO_CALENDAR, '2030-10-01')).toBeNull(); // a Tuesday, nothing loaded
    expect(nonWorkingReason(NO_CALENDAR, '2030-09-29')).toEqual({ kind: 'weekend', calendarLoaded: false });
  });

  it('ignore days listed under another year than their own', () => {
    const odd = workingDayCalendar([{ ...Y2030, days: [{ day: '2031-01-01', kind: 'holiday', name: 'x' }] }]);
    expect(isWorkingDay(odd, '2031-01-01')).toBe(true);
  });

  it('find the next working day across holidays and weekends', () => {
    expect(nextWorkingDay(calendar, '2030-09-28')).toBe('2030-09-29');
    expect(nextWorkingDay(calendar, '2030-10-01')).toBe('2030-10-03');
    expect(nextWorkingDay(NO_CALENDAR, '2030-09-28')).toBe('2030-09-30');
    expect(addCalendarDays('2030-12-31', 1)).toBe('2031-01-01');
  });

  it('ask for this year, the next and the chosen date’s', () => {
    expect(deadlineYears('2030-06-01')).toEqual([2030, 2031]);
    expect(deadlineYears('2030-06-01', '2033-01-05')).toEqual([2030, 2031, 2033]);
    expect(deadlineYears('2030-06-01', '')).toEqual([2030, 2031]);
  });

  it('say which rule the deadline check uses', () => {
    expect(deadlineCalendarNote(calendar, '2030-10-08', '2030-06-01')).toEqual({
      key: 'workingDays.byCalendar',
      params: { year: '2030' },
    });
    expect(deadlineCalendarNote(calendar, '2031-01-08', '2030-06-01').key).toBe('workingDays.weekendsOnly');
    expect(deadlineCalendarNote(calendar, undefined, '2031-06-01')).toEqual({
      key: 'workingDays.weekendsOnly',
      params: { year: '2031' },
    });
    expect(notWorkingDayMessage(calendar, '2030-10-02')).toEqual({
      key: 'case.date.holiday',
      params: { date: '2030-10-02', name: '测试假日' },
    });
    expect(notWorkingDayMessage(calendar, '2030-09-28')?.key).toBe('case.date.weekendByCalendar');
    expect(notWorkingDayMessage(calendar, '2031-01-04')).toEqual({
      key: 'case.date.weekend',
      params: { date: '2031-01-04', year: '2031' },
    });
    expect(notWorkingDayMessage(calendar, '2030-09-29')).toBeNull();
  });
});
