import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the gas chart draws, so the chunk stays small.
echarts.use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, TitleComponent, CanvasRenderer]);

interface Props {
  option: Record<string, unknown>;
  height: number;
}

/** An ECharts canvas for a prepared option (gasModel.buildGasChartOption); loaded lazily. */
export default function GasChart({ option, height }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => chart.resize());
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [option]);

  return <div ref={ref} style={{ width: '100%', height }} data-testid="gas-chart-canvas" />;
}
