import type { ChartConfiguration } from 'chart.js';
import type { BarChartInput } from './chart-spec.ts';
import { axisOptions, baseOptions, requireDistinctLabels } from './chart-theme.ts';
import { assignSeriesColors } from './series-colors.ts';

/** One bar per category per series, grouped by category (e.g. messages per message code per algorithm). */
export function barChart(input: BarChartInput): ChartConfiguration<'bar', number[], string> {
  requireDistinctLabels(input.title, input.series.map((s) => s.label));
  for (const s of input.series) {
    if (s.values.length !== input.categories.length) {
      throw new Error(
        `chart "${input.title}": series ${JSON.stringify(s.label)} has ${s.values.length} values for ${input.categories.length} categories`,
      );
    }
  }
  const colors = assignSeriesColors(input.series.map((s) => s.label));
  const logY = input.logY ?? false;
  const options = baseOptions<'bar'>(input.title, input.series.length > 0);
  options.scales = {
    x: axisOptions({ label: input.xLabel, type: 'category', offset: true }),
    y: axisOptions({
      label: input.yLabel,
      type: logY ? 'logarithmic' : 'linear',
      beginAtZero: !logY,
      ...(logY ? logAxisFloor(input.series.flatMap((s) => s.values)) : {}),
    }),
  };
  return {
    type: 'bar',
    data: {
      labels: [...input.categories],
      datasets: input.series.map((s, i) => {
        const color = colors[i] as string;
        return {
          label: s.label,
          data: [...s.values],
          backgroundColor: color,
          borderWidth: 0,
          categoryPercentage: 0.8,
          barPercentage: 0.9,
        };
      }),
    },
    options,
  };
}

/**
 * A log axis starts at the smallest value by default, which draws the smallest bar with no height
 * at all; start it at the power of ten below (strictly) instead.
 */
function logAxisFloor(values: readonly number[]): { min?: number } {
  let smallest = Infinity;
  for (const v of values) if (v > 0 && v < smallest) smallest = v;
  return Number.isFinite(smallest) ? { min: 10 ** (Math.ceil(Math.log10(smallest) - 1e-9) - 1) } : {};
}
