import type { ChartConfiguration } from 'chart.js';
import type { CdfChartInput } from './chart-spec.ts';
import { axisOptions, baseOptions, requireDistinctLabels } from './chart-theme.ts';
import { ecdfPoints, type XY } from './ecdf.ts';
import { assignSeriesColors } from './series-colors.ts';

/** Empirical CDFs of one or more series as step lines, y from 0 to 1. */
export function cdfChart(input: CdfChartInput): ChartConfiguration<'line', XY[]> {
  requireDistinctLabels(input.title, input.series.map((s) => s.label));
  const colors = assignSeriesColors(input.series.map((s) => s.label));
  const logX = input.logX ?? false;
  const keep = logX ? (v: number) => v > 0 : undefined;
  const options = baseOptions<'line'>(input.title, input.series.length > 0);
  options.scales = {
    x: axisOptions({ label: input.xLabel, type: logX ? 'logarithmic' : 'linear' }),
    y: axisOptions({ label: input.yLabel ?? 'fraction ≤ x', type: 'linear', min: 0, max: 1 }),
  };
  return {
    type: 'line',
    data: {
      datasets: input.series.map((s, i) => ({
        label: s.label,
        data: ecdfPoints(s.values, input.maxPoints ?? 2000, keep),
        borderColor: colors[i],
        backgroundColor: colors[i],
        borderWidth: 2,
        stepped: 'before' as const,
        pointRadius: 0,
        fill: false,
      })),
    },
    options,
  };
}
