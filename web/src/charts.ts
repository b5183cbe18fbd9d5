// File: web/src/charts.ts
// ECharts helpers: only the components the dashboard uses are registered (smaller bundle).

import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent, DataZoomComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, HeatmapChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent,
  TooltipComponent, VisualMapComponent, DataZoomComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** Creates a chart in `el` (which must have a size) and returns a disposer. */
export function chart(el: HTMLElement, option: ChartOption): { dispose: () => void; instance: echarts.ECharts } {
  const instance = echarts.init(el, undefined, { renderer: 'canvas' });
  instance.setOption(option);
  const onResize = () => instance.resize();
  window.addEventListener('resize', onResize);
  return { instance, dispose: () => { window.removeEventListener('resize', onResize); instance.dispose(); } };
}
