import { describe, expect, it } from 'vitest';
import {
  band,
  dutyRecordsUrl,
  dutyUrl,
  localText,
  partsText,
  pointsText,
  rateText,
  recordPath,
  totalsBarOption,
} from './dutyModel';

describe('duty model', () => {
  it('builds the API URLs, leaving out what is not set', () => {
    expect(dutyUrl('2026-11', 'street')).toBe('/api/profile/duty?month=2026-11&groupBy=street');
    expect(dutyUrl('2026-11', 'grid', '440306')).toBe(
      '/api/profile/duty?month=2026-11&groupBy=grid&jurisdictionId=440306',
    );
    expect(
      dutyRecordsUrl({
        month: '2026-11',
        groupBy: 'grid',
        key: 'G1',
        aspect: 'overdueHazards',
        counted: true,
      }),
    ).toBe('/api/profile/duty/records?month=2026-11&groupBy=grid&key=G1&aspect=overdueHazards&counted=true');
  });

  it('shows rates, parts and points, and a dash for what was not measured', () => {
    expect(rateText({ rate: 2 / 3 })).toBe('67%');
    expect(rateText({ rate: null })).toBe('—');
    expect(partsText({ numerator: 2, denominator: 3 })).toBe('2/3');
    expect([pointsText(6.7), pointsText(10), pointsText(0), pointsText(null)]).toEqual([
      '6.7',
      '10',
      '0',
      '—',
    ]);
    expect(localText({ zh: '应纳未纳率', en: 'Left out' }, 'zh-CN')).toBe('应纳未纳率');
    expect(localText({ zh: '应纳未纳率', en: 'Left out' }, 'en')).toBe('Left out');
  });

  it('bands points by their share of the weight', () => {
    expect([band(9, 10), band(6, 10), band(5.9, 10), band(null, 10), band(90, 100)]).toEqual([
      'good',
      'fair',
      'poor',
      'none',
      'good',
    ]);
  });

  it('opens each kind of record on its own page', () => {
    expect(recordPath({ kind: 'patrol_task', id: '7' })).toBe('/grid/patrols/tasks/7');
    expect(recordPath({ kind: 'hazard', id: '8' })).toBe('/grid/hazards/8');
    expect(recordPath({ kind: 'enterprise', id: '9' })).toBe('/profile/enterprises/9');
  });

  it('draws the totals in ranking order, coloured by band', () => {
    const option = totalsBarOption(
      [
        { name: '新安街道', total: 53.9, rank: 2 },
        { name: '葵涌街道', total: 100, rank: 1 },
        { name: '南澳街道', total: null, rank: 3 },
      ],
      '总分',
    ) as {
      xAxis: { data: string[] };
      series: { data: { value: number | null; itemStyle: { color: string } }[] }[];
    };
    expect(option.xAxis.data).toEqual(['葵涌街道', '新安街道', '南澳街道']);
    expect(option.series[0]!.data.map((d) => d.value)).toEqual([100, 53.9, null]);
    expect(option.series[0]!.data.map((d) => d.itemStyle.color)).toEqual(['#389e0d', '#cf1322', '#8c8c8c']);
  });
});
