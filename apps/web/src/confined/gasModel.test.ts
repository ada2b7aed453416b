import { describe, expect, it } from 'vitest';
import { axisRange, breaches, buildGasChartOption, GAS_LIMITS, gasSeries, latestValues } from './gasModel';

const point = (
  seq: number,
  measuredAt: string,
  values: Partial<Record<'o2' | 'h2s' | 'co' | 'lel', number | null>>,
) => ({
  seq,
  measuredAt,
  o2: null,
  h2s: null,
  co: null,
  lel: null,
  ...values,
});
const LABELS = { gas: { o2: 'O₂', h2s: 'H₂S', co: 'CO', lel: 'LEL' }, limit: 'limit', noData: 'none' };

describe('gas limits', () => {
  it('match the server limits file (display copy)', () => {
    expect(GAS_LIMITS.o2.lines.map((l) => l.value)).toEqual([19.5, 23.5]);
    expect(GAS_LIMITS.h2s.lines[0]?.value).toBe(7.05);
    expect(GAS_LIMITS.lel.lines[0]?.value).toBe(10);
  });

  it('tells which readings breach', () => {
    expect(breaches('o2', 19.4)).toBe(true);
    expect(breaches('o2', 20.9)).toBe(false);
    expect(breaches('o2', 23.6)).toBe(true);
    expect(breaches('h2s', 7.05)).toBe(false);
    expect(breaches('h2s', 7.1)).toBe(true);
    expect(breaches('lel', 10)).toBe(true);
    expect(breaches('co', null)).toBe(false);
  });
});

describe('gas series', () => {
  const points = [
    point(2, '2026-03-01T08:01:00Z', { o2: 20.5, h2s: null }),
    point(1, '2026-03-01T08:00:00Z', { o2: 20.9, h2s: 1 }),
    point(3, 'garbage', { o2: 1 }),
  ];

  it('sorts by time, keeps gaps and drops unreadable times', () => {
    const series = gasSeries(points);
    expect(series.o2).toEqual([
      [Date.parse('2026-03-01T08:00:00Z'), 20.9],
      [Date.parse('2026-03-01T08:01:00Z'), 20.5],
    ]);
    expect(series.h2s[1]).toEqual([Date.parse('2026-03-01T08:01:00Z'), null]);
  });

  it('finds the latest value of each gas', () => {
    expect(latestValues(points)).toEqual({
      o2: 20.5,
      h2s: 1,
      co: null,
      lel: null,
      at: '2026-03-01T08:01:00.000Z',
    });
    expect(latestValues([]).at).toBeNull();
  });

  it('keeps the limit lines inside the axis', () => {
    const o2 = axisRange('o2', [20.9, 21]);
    expect(o2.min).toBeLessThan(19.5);
    expect(o2.max).toBeGreaterThan(23.5);
    const h2s = axisRange('h2s', [0, 30]);
    expect(h2s).toEqual({ min: 0, max: 34.5 });
    expect(axisRange('lel', []).max).toBeGreaterThan(10);
  });

  it('builds four panels with their limit lines', () => {
    const option = buildGasChartOption(gasSeries(points), LABELS) as {
      series: { id: string; markLine: { data: { yAxis: number }[] } }[];
      grid: unknown[];
      title?: unknown;
    };
    expect(option.grid).toHaveLength(4);
    expect(option.series.map((s) => s.id)).toEqual(['o2', 'h2s', 'co', 'lel']);
    expect(option.series[0]?.markLine.data).toEqual([{ yAxis: 19.5 }, { yAxis: 23.5 }]);
    expect(option.title).toBeUndefined();
    expect((buildGasChartOption(gasSeries([]), LABELS) as { title: { text: string } }).title.text).toBe(
      'none',
    );
  });
});
