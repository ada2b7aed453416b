import type { TelemetrySeries } from '@safegrid/contracts';

/** The live gas chart's data: limits, series, axis ranges and the ECharts option (plain data). */

export const GASES = ['o2', 'h2s', 'co', 'lel'] as const;
export type Gas = (typeof GASES)[number];

export interface GasLimitLine {
  value: number;
  /** 'low': readings below it alarm; 'high': readings above it (at or above for LEL) alarm. */
  side: 'low' | 'high';
  inclusive?: boolean;
}

export interface GasLimit {
  unit: string;
  lines: readonly GasLimitLine[];
}

/**
 * The alarm limits the chart draws, for display only. The AUTHORITY is the server's
 * data/confined/gas-limits.json (with the sources and the verification status of every value):
 * alarms, pass/fail of gas tests and unlocking are decided there. Keep these in step with it:
 * O2 below 19.5 or above 23.5 %vol, H2S above 7.05 ppm (the MAC of 10 mg/m³ at 20 °C),
 * CO above 25.75 ppm (the 15-minute PC-STEL; the server judges its average, the chart shows the
 * line for orientation), combustible gas at or above 10 %LEL.
 */
export const GAS_LIMITS: Readonly<Record<Gas, GasLimit>> = {
  o2: {
    unit: '%vol',
    lines: [
      { value: 19.5, side: 'low' },
      { value: 23.5, side: 'high' },
    ],
  },
  h2s: { unit: 'ppm', lines: [{ value: 7.05, side: 'high' }] },
  co: { unit: 'ppm', lines: [{ value: 25.75, side: 'high' }] },
  lel: { unit: '%LEL', lines: [{ value: 10, side: 'high', inclusive: true }] },
};

/** Whether a reading lies beyond one of the gas's limit lines. */
export function breaches(gas: Gas, value: number | null | undefined): boolean {
  if (value === null || value === undefined || Number.isNaN(value)) return false;
  return GAS_LIMITS[gas].lines.some((line) =>
    line.side === 'low' ? value < line.value : line.inclusive ? value >= line.value : value > line.value,
  );
}

export type GasPoint = [number, number | null];

/** One [time ms, value] series per gas, oldest first; missing readings stay null (a gap). */
export function gasSeries(points: TelemetrySeries['points']): Record<Gas, GasPoint[]> {
  const sorted = [...points]
    .map((p) => ({ p, t: Date.parse(p.measuredAt) }))
    .filter(({ t }) => !Number.isNaN(t))
    .sort((a, b) => a.t - b.t || a.p.seq - b.p.seq);
  const out = { o2: [], h2s: [], co: [], lel: [] } as Record<Gas, GasPoint[]>;
  for (const { p, t } of sorted) {
    for (const gas of GASES) out[gas].push([t, p[gas] ?? null]);
  }
  return out;
}

/** The newest reading of each gas (the latest point that has one), for the big numbers. */
export function latestValues(
  points: TelemetrySeries['points'],
): Record<Gas, number | null> & { at: string | null } {
  const series = gasSeries(points);
  const out = { o2: null, h2s: null, co: null, lel: null, at: null } as Record<Gas, number | null> & {
    at: string | null;
  };
  let latest = -Infinity;
  for (const gas of GASES) {
    for (let i = series[gas].length - 1; i >= 0; i--) {
      const [t, value] = series[gas][i]!;
      if (value !== null) {
        out[gas] = value;
        if (t > latest) latest = t;
        break;
      }
    }
  }
  out.at = Number.isFinite(latest) ? new Date(latest).toISOString() : null;
  return out;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The y range of one gas's panel: all readings and every limit line visible with a margin;
 * toxic and combustible gases start at 0, oxygen is zoomed around its band.
 */
export function axisRange(gas: Gas, values: readonly (number | null)[]): { min: number; max: number } {
  const numbers = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const limits = GAS_LIMITS[gas].lines.map((l) => l.value);
  const all = [...numbers, ...limits];
  let lo = Math.min(...all);
  const hi = Math.max(...all);
  if (gas !== 'o2') lo = 0;
  const pad = Math.max((hi - lo) * 0.15, gas === 'o2' ? 0.5 : 1);
  return { min: gas === 'o2' ? round1(Math.max(0, lo - pad)) : 0, max: round1(hi + pad) };
}

export interface GasChartLabels {
  gas: Record<Gas, string>;
  limit: string;
  noData: string;
}

/**
 * The ECharts option: four small panels stacked (O2, H2S, CO, LEL), one shared time axis, each
 * with its limit lines dashed in red. Plain data, so it can be tested without a canvas.
 */
export function buildGasChartOption(
  series: Record<Gas, GasPoint[]>,
  labels: GasChartLabels,
): Record<string, unknown> {
  const times = GASES.flatMap((g) => series[g].map(([t]) => t));
  const xMin = times.length > 0 ? Math.min(...times) : undefined;
  const xMax = times.length > 0 ? Math.max(...times) : undefined;
  const panel = 100 / GASES.length;
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    title:
      times.length === 0
        ? { text: labels.noData, left: 'center', top: 'middle', textStyle: { fontSize: 13, color: '#999' } }
        : undefined,
    grid: GASES.map((_, i) => ({
      left: 56,
      right: 16,
      top: `${i * panel + 5}%`,
      height: `${panel - 11}%`,
    })),
    xAxis: GASES.map((_, i) => ({
      type: 'time',
      gridIndex: i,
      min: xMin,
      max: xMax,
      axisLabel: { show: i === GASES.length - 1, hideOverlap: true },
      axisTick: { show: i === GASES.length - 1 },
    })),
    yAxis: GASES.map((gas, i) => {
      const range = axisRange(
        gas,
        series[gas].map(([, v]) => v),
      );
      return {
        type: 'value',
        gridIndex: i,
        name: `${labels.gas[gas]} (${GAS_LIMITS[gas].unit})`,
        nameLocation: 'end',
        nameGap: 4,
        nameTextStyle: { align: 'left', fontSize: 11 },
        min: range.min,
        max: range.max,
        splitNumber: 2,
        axisLabel: { fontSize: 10 },
      };
    }),
    series: GASES.map((gas, i) => ({
      id: gas,
      name: labels.gas[gas],
      type: 'line',
      xAxisIndex: i,
      yAxisIndex: i,
      showSymbol: false,
      connectNulls: false,
      data: series[gas],
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: '#cf1322', type: 'dashed', width: 1 },
        label: { formatter: `${labels.limit} {c}`, fontSize: 10, position: 'insideEndTop' },
        data: GAS_LIMITS[gas].lines.map((line) => ({ yAxis: line.value })),
      },
    })),
  };
}
