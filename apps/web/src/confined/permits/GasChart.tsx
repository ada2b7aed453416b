import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEChart } from '../../shell/useEChart';

// Only what the gas chart draws, so the chunk stays small.
echarts.use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, TitleComponent, CanvasRenderer]);

interface Props {
  option: Record<string, unknown>;
  height: number;
}

/** An ECharts canvas for a prepared option (gasModel.buildGasChartOption); loaded lazily. */
export default function GasChart({ option, height }: Props) {
  const ref = useEChart(option);
  return <div ref={ref} style={{ width: '100%', height }} data-testid="gas-chart-canvas" />;
}
