import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from '../../shell/useEChart';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface Props {
  option: Record<string, unknown>;
  height: number;
  testId: string;
}

/** A bar or line chart of the statistics page (options from assessmentModel); loaded lazily. */
export default function StatisticsChart({ option, height, testId }: Props) {
  const ref = useEChart(option);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
