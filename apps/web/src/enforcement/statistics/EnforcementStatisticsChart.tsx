import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from '../../shell/useEChart';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The statistics chart (options from statisticsModel); loaded lazily with echarts. */
export default function EnforcementStatisticsChart({ option }: { option: Record<string, unknown> }) {
  const ref = useEChart(option);
  return <div ref={ref} style={{ width: '100%', height: 360 }} data-testid="enforcement-statistics-chart" />;
}
