import type { ChartConfiguration } from 'chart.js';
import type { HistogramChartInput } from './chart-spec.ts';
import { axisOptions, baseOptions, requireDistinctLabels } from './chart-theme.ts';
import { binSeries } from './histogram-bins.ts';
import { assignSeriesColors } from './series-colors.ts';

/** Histograms of one or more series on shared bins, as grouped bars (one bar per series per bin). */
export function histogramChart(input: HistogramChartInput): ChartConfiguration<'bar', number[], string> {
  requireDistinctLabels(input.title, input.series.map((s) => s.label));
  const colors = assignSeriesColors(input.series.map((s) => s.label));
  const normalize = input.normalize ?? false;
  const { labels, counts } = binSeries(
    input.series.map((s) => s.values),
    input.bins,
  );
  const options = baseOptions<'bar'>(input.title, input.series.length > 0);
  options.scales = {
    x: axisOptions({ label: input.xLabel, type: 'category', offset: true }),
    y: axisOptions({ label: input.yLabel ?? (normalize ? 'fraction' : 'count'), type: 'linear', beginAtZero: true }),
  };
  return {
    type: 'bar',
    data: {
      labels,
      datasets: input.series.map((s, i) => {
        const c = counts[i] ?? [];
        const total = c.reduce((a, b) => a + b, 0);
        const color = colors[i] as string;
        return {
          label: s.label,
          data: normalize && total > 0 ? c.map((k) => k / total) : c,
          backgroundColor: color,
          borderWidth: 0,
          categoryPercentage: 0.85,
          barPercentage: 0.95,
        };
      }),
    },
    options,
  };
}
