import { describe, expect, it } from 'vitest';
import {
  addMonths,
  isGrouping,
  shenzhenMonth,
  statisticsOption,
  statisticsUrl,
  wanYuan,
  yuanText,
} from './statisticsModel';

describe('enforcement statistics model', () => {
  it('counts months across years and on the bureau calendar', () => {
    expect(addMonths('2026-03', -11)).toBe('2025-04');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(shenzhenMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
  });

  it('builds the request and accepts only known groupings', () => {
    expect(statisticsUrl('2026-01', '2026-12', 'street', 'DP-440307')).toBe(
      '/api/enforcement/statistics?from=2026-01&to=2026-12&by=street&districtId=DP-440307',
    );
    expect(isGrouping('month')).toBe(true);
    expect(isGrouping('week')).toBe(false);
  });

  it('shows fines exactly, grouped, and in 万元 on the chart', () => {
    expect(yuanText('115479000.05', 'en')).toBe('115,479,000.05');
    expect(wanYuan('12345.60')).toBe(1.23);
    const option = statisticsOption(
      [
        {
          key: '440306',
          label: '宝安区',
          inspections: 3,
          findings: 5,
          penalties: 2,
          fines: '20000.00',
          simulatedShare: 1,
        },
      ],
      (r) => r.label,
      { inspections: 'i', findings: 'f', penalties: 'p', fines: 'y' },
    ) as { series: { data: number[] }[] };
    expect(option.series.map((s) => s.data)).toEqual([[3], [5], [2], [2]]);
  });
});
