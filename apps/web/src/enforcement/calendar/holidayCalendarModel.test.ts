import { describe, expect, it } from 'vitest';
import type { HolidayCalendarYear } from '@safegrid/contracts';
import type { Action } from '@safegrid/contracts/values';
import { MENU, requiredAction, visibleMenu } from '../../shell/menu';
import { localiseProblem } from '../../shell/problem';
import { lookupIn } from '../../shell/i18n/format';
import { zhCN } from '../../shell/i18n/zh-CN';
import { en } from '../../shell/i18n/en';
import {
  HOLIDAY_LIMITS,
  addDraftDay,
  calendarFieldFor,
  draftCounts,
  draftErrors,
  draftFrom,
  isDirty,
  makeupOnWeekday,
  newDayError,
  parseYear,
  removeDraftDay,
  sourceParts,
  toPutHolidayCalendar,
  type DraftDay,
} from './holidayCalendarModel';

/** Invented days for the test, NOT the State Council's schedule. */
const SAVED: HolidayCalendarYear = {
  year: 2030,
  loaded: true,
  days: [
    { day: '2030-10-02', kind: 'holiday', name: '测试假日' },
    { day: '2030-09-29', kind: 'makeup_workday', name: '测试调休' },
  ],
  source: '测试通知 https://example.org/notice',
  updatedAt: '2030-01-01T00:00:00.000Z',
};

describe('holiday calendar page model', () => {
  it('reads the year from the address, within the years the API takes', () => {
    expect(parseYear('2027', 2026)).toBe(2027);
    expect(parseYear(null, 2026)).toBe(2026);
    expect(parseYear('1999', 2026)).toBe(2026);
    expect(parseYear('2101', 2026)).toBe(2026);
    expect(parseYear('20x7', 2026)).toBe(2026);
  });

  it('edits the list in date order', () => {
    const days = draftFrom(SAVED);
    expect(days.map((d) => d.day)).toEqual(['2030-09-29', '2030-10-02']);
    const added = addDraftDay(days, { day: '2030-10-01', kind: 'holiday', name: ' 测试假日 ' });
    expect(added.map((d) => d.day)).toEqual(['2030-09-29', '2030-10-01', '2030-10-02']);
    expect(added[1]!.name).toBe('测试假日');
    expect(removeDraftDay(added, '2030-09-29').map((d) => d.day)).toEqual(['2030-10-01', '2030-10-02']);
    expect(draftCounts(added)).toEqual({ holidays: 2, makeup: 1 });
  });

  it('refuses a day outside the year, a day listed twice, or one too many', () => {
    const days = draftFrom(SAVED);
    expect(newDayError(2030, days, '2030-10-01')).toBeNull();
    expect(newDayError(2030, days, '2031-01-01')).toEqual({
      key: 'holidayCalendar.error.outsideYear',
      params: { day: '2031-01-01', year: '2030' },
    });
    expect(newDayError(2030, days, '2030-02-30')?.key).toBe('holidayCalendar.error.outsideYear');
    expect(newDayError(2030, days, '2030-10-02')?.key).toBe('holidayCalendar.error.duplicate');
    const full: DraftDay[] = Array.from({ length: HOLIDAY_LIMITS.days }, (_, i) => ({
      day: `x${i}`,
      kind: 'holiday',
      name: 'n',
    }));
    expect(newDayError(2030, full, '2030-10-01')?.key).toBe('holidayCalendar.error.tooMany');
  });

  it('checks the whole list before sending, by row', () => {
    const days: DraftDay[] = [
      { day: '2030-01-01', kind: 'holiday', name: 'a' },
      { day: '2029-12-31', kind: 'holiday', name: 'b' },
      { day: '2030-01-01', kind: 'makeup_workday', name: 'c' },
    ];
    const errors = draftErrors(2030, days);
    expect([...errors.keys()]).toEqual([1, 2]);
    expect(errors.get(1)?.key).toBe('holidayCalendar.error.outsideYear');
    expect(errors.get(2)).toEqual({ key: 'holidayCalendar.error.duplicate', params: { day: '2030-01-01' } });
    expect(draftErrors(2030, draftFrom(SAVED)).size).toBe(0);
  });

  it('sends the rows in their order, trimmed, with the source', () => {
    expect(toPutHolidayCalendar([{ day: '2030-10-01', kind: 'holiday', name: ' 假 ' }], '  通知  ')).toEqual({
      days: [{ day: '2030-10-01', kind: 'holiday', name: '假' }],
      source: '通知',
    });
    expect(toPutHolidayCalendar([], '通知')).toEqual({ days: [], source: '通知' });
  });

  it('knows unsaved changes', () => {
    const days = draftFrom(SAVED);
    expect(isDirty(SAVED, days, SAVED.source!)).toBe(false);
    expect(isDirty(SAVED, days, `${SAVED.source!} `)).toBe(false);
    expect(isDirty(SAVED, days, '另一通知')).toBe(true);
    expect(isDirty(SAVED, removeDraftDay(days, '2030-09-29'), SAVED.source!)).toBe(true);
    const renamed = days.map((d) => (d.day === '2030-10-02' ? { ...d, kind: 'makeup_workday' as const } : d));
    expect(isDirty(SAVED, renamed, SAVED.source!)).toBe(true);
    const empty: HolidayCalendarYear = { year: 2031, loaded: false, days: [], source: null, updatedAt: null };
    expect(isDirty(empty, [], '')).toBe(false);
  });

  it('hints at a make-up working day that falls on a weekday', () => {
    expect(makeupOnWeekday({ day: '2030-09-29', kind: 'makeup_workday' })).toBe(false); // Sunday
    expect(makeupOnWeekday({ day: '2030-09-30', kind: 'makeup_workday' })).toBe(true); // Monday
    expect(makeupOnWeekday({ day: '2030-09-30', kind: 'holiday' })).toBe(false);
  });

  it('puts the server’s field errors on their row or the source', () => {
    expect(calendarFieldFor(['days', '1', 'day'], 2)).toEqual({ row: 1, cell: 'day' });
    expect(calendarFieldFor(['days', '0', 'name'], 2)).toEqual({ row: 0, cell: 'name' });
    expect(calendarFieldFor(['days', '2', 'day'], 2)).toBeUndefined();
    expect(calendarFieldFor(['days', '01', 'day'], 2)).toBeUndefined();
    expect(calendarFieldFor(['days'], 2)).toBeUndefined();
    expect(calendarFieldFor(['source'], 2)).toEqual({ source: true });
  });

  it('shows the source’s URLs as links', () => {
    expect(sourceParts('国务院办公厅通知，https://www.gov.cn/a/b.htm。')).toEqual([
      { text: '国务院办公厅通知，' },
      { text: 'https://www.gov.cn/a/b.htm', href: 'https://www.gov.cn/a/b.htm' },
      { text: '。' },
    ]);
    expect(sourceParts('无网址')).toEqual([{ text: '无网址' }]);
    expect(sourceParts('javascript:alert(1)')).toEqual([{ text: 'javascript:alert(1)' }]);
  });
});

describe('holiday calendar in the shell', () => {
  it('is a menu entry for every session that may read the calendar', () => {
    expect(requiredAction('/enforcement/holiday-calendar')).toBe('holiday_calendar.read');
    const only = (action: Action) => action === 'holiday_calendar.read';
    expect(visibleMenu(MENU, only)).toEqual([
      {
        key: '/enforcement',
        label: 'nav.enforcement',
        children: [{ key: '/enforcement/holiday-calendar', label: 'nav.holidayCalendar' }],
      },
    ]);
  });

  it('localises the server’s refusal of a deadline on a weekend or a loaded holiday', () => {
    const problem = (reason: string) => ({
      code: 'deadline.not_working_day',
      params: { date: '2030-10-05', reason },
    });
    expect(localiseProblem(problem('weekend'), lookupIn(zhCN)).message).toBe(
      '期限 2030-10-05 不是工作日（周末），请选择工作日',
    );
    expect(localiseProblem(problem('weekend'), lookupIn(en)).message).toContain('(weekend)');
    expect(localiseProblem(problem('测试假日'), lookupIn(zhCN)).message).toContain('（测试假日）');
  });
});
