import * as echarts from 'echarts/core';
import { BarChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from '../shell/useEChart';

echarts.use([
  BarChart,
  RadarChart,
  GridComponent,
  LegendComponent,
  RadarComponent,
  TooltipComponent,
  CanvasRenderer,
]);

interface Props {
  option: Record<string, unknown>;
  height: number;
  testId: string;
}

/** The profile pages' charts (the dimension radar, the grade bars; options from profileModel); loaded lazily. */
export default function ProfileChart({ option, height, testId }: Props) {
  const ref = useEChart(option);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
