import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addCalendarDays,
  addWorkingDays,
  calendarCovers,
  daysBetween,
  isWorkingDay,
  nonWorkingReason,
  type HolidayCalendar,
} from './working-days';

/** A fixture calendar: invented days for the test, NOT the State Council's schedule. */
const FIXTURE: HolidayCalendar = {
  days: new Map([
    ['2030-10-01', { kind: 'holiday', name: '测试假日' }],
    ['2030-10-02', { kind: 'holiday', name: '测试假日' }],
    ['2030-10-03', { kind: 'holiday', name: '测试假日' }],
    ['2030-09-29', { kind: 'makeup_workday', name: '测试调休' }], // a Sunday worked
  ]),
  years: new Set([2030]),
};

const date = fc.integer({ min: 0, max: 3650 }).map((d) => addCalendarDays('2028-01-01', d));

describe('working days', () => {
  it('skips weekends and loaded holidays, counts make-up working days', () => {
    // 2030-09-27 is a Friday: Sat 28 off, Sun 29 worked (调休), Mon 30 worked, Tue–Thu holidays.
    expect(addWorkingDays(FIXTURE, '2030-09-27', 1)).toEqual({ dueOn: '2030-09-29', calendarCovered: true });
    expect(addWorkingDays(FIXTURE, '2030-09-27', 2).dueOn).toBe('2030-09-30');
    expect(addWorkingDays(FIXTURE, '2030-09-27', 3).dueOn).toBe('2030-10-04');
    expect(nonWorkingReason(FIXTURE, '2030-10-02')).toEqual({ kind: 'holiday', name: '测试假日' });
    expect(nonWorkingReason(FIXTURE, '2030-10-05')).toEqual({ kind: 'weekend' });
    expect(isWorkingDay(FIXTURE, '2030-09-29')).toBe(true);
  });

  it('says when the calendar did not cover the years counted through', () => {
    expect(addWorkingDays(FIXTURE, '2030-12-27', 5)).toEqual({ dueOn: '2031-01-03', calendarCovered: false });
    expect(calendarCovers(FIXTURE, '2030-01-01', '2030-12-31')).toBe(true);
  });

  it('lands on a working day after the start, with exactly n working days in between', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 30 }), (from, n) => {
        const { dueOn } = addWorkingDays(FIXTURE, from, n);
        expect(isWorkingDay(FIXTURE, dueOn)).toBe(true);
        expect(dueOn > from).toBe(true);
        let count = 0;
        for (let d = addCalendarDays(from, 1); d <= dueOn; d = addCalendarDays(d, 1)) {
          if (isWorkingDay(FIXTURE, d)) count += 1;
        }
        expect(count).toBe(n);
        // n working days never take fewer than n calendar days
        expect(daysBetween(from, dueOn)).toBeGreaterThanOrEqual(n);
      }),
    );
  });

  it('is monotonic: more working days never end earlier', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (from, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(addWorkingDays(FIXTURE, from, lo).dueOn <= addWorkingDays(FIXTURE, from, hi).dueOn).toBe(true);
      }),
    );
  });
});
