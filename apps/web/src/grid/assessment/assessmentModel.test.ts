import { describe, expect, it } from 'vitest';
import {
  addMonths,
  monthOf,
  previousMonth,
  recordsUrl,
  shareText,
  stackedBarOption,
} from './assessmentModel';

describe('assessment model', () => {
  it('takes the month on the bureau’s calendar, not the browser’s', () => {
    // 2026-11-30 20:00 UTC is already 1 December in Shenzhen.
    expect(monthOf(new Date('2026-11-30T20:00:00Z'))).toBe('2026-12');
    expect(monthOf(new Date('2026-11-30T15:59:00Z'))).toBe('2026-11');
  });

  it('steps months across year ends', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(addMonths('2026-11', -5)).toBe('2026-06');
    expect(addMonths('2026-11', 3)).toBe('2027-02');
  });

  it('shows a share with its parts, and a dash when nothing was counted', () => {
    expect(shareText({ numerator: 9, denominator: 10, rate: 0.9 })).toBe('9/10 (90%)');
    expect(shareText({ numerator: 0, denominator: 0, rate: null })).toBe('—');
  });

  it('builds the drill-down URL and a stacked bar option per level', () => {
    expect(recordsUrl({ month: '2026-11', groupBy: 'inspector', key: '7', kind: 'task' })).toBe(
      '/api/grid/assessment/records?month=2026-11&groupBy=inspector&key=7&kind=task',
    );
    const option = stackedBarOption(['新安街道'], [2], [1], {
      general: '一般',
      major: '重大',
      found: '',
      closed: '',
    });
    expect((option.series as { data: number[]; stack: string }[]).map((s) => [s.stack, s.data])).toEqual([
      ['level', [2]],
      ['level', [1]],
    ]);
  });
});
