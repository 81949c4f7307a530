import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { CHART_FONT_FAMILY } from './chart-font.ts';
import type { LineChartInput } from './chart-spec.ts';
import { axisOptions, baseOptions, requireDistinctLabels } from './chart-theme.ts';
import type { XY } from './ecdf.ts';
import { markerPlugin } from './marker-plugin.ts';
import { assignSeriesColors, withAlpha } from './series-colors.ts';

/** Above this many points a series is drawn as a plain line: dots would merge into a smear. */
const MAX_POINTS_WITH_DOTS = 60;

/**
 * Lines over a numeric x axis, optionally with a shaded band per series (e.g. a 95% confidence
 * interval) and vertical markers (e.g. churn events). Non-finite y values leave gaps.
 */
export function lineChart(input: LineChartInput): ChartConfiguration<'line', XY[]> {
  requireDistinctLabels(input.title, input.series.map((s) => s.label));
  const colors = assignSeriesColors(input.series.map((s) => s.label));
  const logX = input.logX ?? false;
  const logY = input.logY ?? false;
  const markers = input.markers ?? [];

  const datasets: ChartDataset<'line', XY[]>[] = [];
  const bandIndices = new Set<number>();
  input.series.forEach((s, i) => {
    const color = colors[i] as string;
    if (s.band !== undefined && s.band.length > 0) {
      const common = { borderWidth: 0, pointRadius: 0, order: 1, backgroundColor: withAlpha(color, 0.18) };
      bandIndices.add(datasets.length);
      datasets.push({ ...common, label: `${s.label} (low)`, data: s.band.map(([x, lo]) => ({ x, y: lo })), fill: false });
      bandIndices.add(datasets.length);
      // '-1' fills down to the dataset just before: this band's low edge.
      datasets.push({ ...common, label: `${s.label} (high)`, data: s.band.map(([x, , hi]) => ({ x, y: hi })), fill: '-1' });
    }
    datasets.push({
      label: s.label,
      data: s.points.map(([x, y]) => ({ x, y })),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      pointRadius: s.stepped !== true && s.points.length <= MAX_POINTS_WITH_DOTS ? 2.5 : 0,
      fill: false,
      order: 0,
      ...(s.stepped === true ? { stepped: 'before' as const } : {}),
      ...(s.dashed === true ? { borderDash: [6, 4] } : {}),
    });
  });

  const markerXs = markers.map((m) => m.x).filter((x) => Number.isFinite(x) && (!logX || x > 0));
  const options = baseOptions<'line'>(input.title, input.series.length > 0);
  if (options.plugins?.legend?.labels !== undefined) {
    options.plugins.legend.labels.filter = (item) => !bandIndices.has(item.datasetIndex ?? -1);
  }
  options.scales = {
    x: axisOptions({
      label: input.xLabel,
      type: logX ? 'logarithmic' : 'linear',
      // Keeps markers past the last data point in view; reduce, as a spread overflows on long lists.
      ...(markerXs.length > 0
        ? { suggestedMin: markerXs.reduce((a, b) => Math.min(a, b)), suggestedMax: markerXs.reduce((a, b) => Math.max(a, b)) }
        : {}),
    }),
    y: axisOptions({
      label: input.yLabel,
      type: logY ? 'logarithmic' : 'linear',
      ...(input.yMin !== undefined ? { min: input.yMin } : {}),
      ...(input.yMax !== undefined ? { max: input.yMax } : {}),
    }),
  };
  return {
    type: 'line',
    data: { datasets },
    options,
    plugins: markers.length > 0 ? [markerPlugin(markers, CHART_FONT_FAMILY)] : [],
  };
}
