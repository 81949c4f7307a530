export { barChart } from './bar-chart.ts';
export { cdfChart } from './cdf-chart.ts';
export { CHART_FONT_FAMILY, ensureChartFont } from './chart-font.ts';
export type {
  BarChartInput,
  CdfChartInput,
  ChartKind,
  ChartMarker,
  ChartSpec,
  HistogramChartInput,
  LineChartInput,
  LineSeries,
  ValuesSeries,
} from './chart-spec.ts';
export { ecdfPoints, weightedEcdfPoints, type XY } from './ecdf.ts';
export { binSeries, binWeightedSeries, type BinnedSeries, type WeightedBins, type WeightedSeries } from './histogram-bins.ts';
export { histogramChart } from './histogram-chart.ts';
export { lineChart } from './line-chart.ts';
export { chartConfig, renderChart, renderChartConfig, type ChartFormat, type RenderOptions } from './render-chart.ts';
export { assignSeriesColors, normaliseSeriesLabel, seriesColor, RESERVED_SERIES_COLORS } from './series-colors.ts';
