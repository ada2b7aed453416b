import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from '../../shell/useEChart';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

interface Props {
  option: Record<string, unknown>;
  height: number;
}

/** The bar chart of the duty totals (option from dutyModel); loaded lazily. */
export default function DutyChart({ option, height }: Props) {
  const ref = useEChart(option);
  return <div ref={ref} style={{ width: '100%', height }} data-testid="duty-chart" />;
}
