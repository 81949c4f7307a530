import type { ChartOptions, ChartType, Scale, ScaleOptions, ScaleType } from 'chart.js';

/** Text and grid colours shared by every chart. */
export const TEXT_COLOR = '#222222';
export const GRID_COLOR = '#e3e3e3';
export const AXIS_COLOR = '#9a9a9a';

/** Options every chart starts from: a bold title, the legend on top, and nothing interactive. */
export function baseOptions<T extends ChartType>(title: string, showLegend: boolean): ChartOptions<T> {
  const options = {
    animation: false,
    responsive: false,
    maintainAspectRatio: false,
    // Tick labels are formatted with Intl; the host's locale would change "1,000" to "1.000".
    locale: 'en-US',
    layout: { padding: { top: 4, right: 16, bottom: 4, left: 8 } },
    plugins: {
      title: {
        display: true,
        text: title,
        color: TEXT_COLOR,
        font: { size: 16, weight: 'bold' },
        padding: { top: 6, bottom: 6 },
      },
      legend: {
        display: showLegend,
        position: 'top',
        labels: { color: TEXT_COLOR, boxWidth: 18, boxHeight: 10, padding: 12, font: { size: 12 } },
      },
      tooltip: { enabled: false },
    },
  };
  return options as ChartOptions<T>;
}

export interface AxisInit {
  label: string;
  type: Extract<ScaleType, 'linear' | 'logarithmic' | 'category'>;
  min?: number;
  max?: number;
  suggestedMin?: number;
  suggestedMax?: number;
  beginAtZero?: boolean;
  /** Leave room around the data (Chart.js's "offset", which bar charts need). */
  offset?: boolean;
}

/** A cartesian axis with its title (which should name the unit) and a light grid. */
export function axisOptions(init: AxisInit): ScaleOptions<AxisInit['type']> {
  const axis: Record<string, unknown> = {
    type: init.type,
    title: { display: true, text: init.label, color: TEXT_COLOR, font: { size: 13 }, padding: 4 },
    grid: { color: GRID_COLOR, drawTicks: true, tickColor: GRID_COLOR },
    border: { color: AXIS_COLOR },
    ticks: {
      color: TEXT_COLOR,
      font: { size: 11 },
      maxRotation: 0,
      // logTickLabel already thins the labels; Chart.js's skipping would drop 5s and keep 2s.
      ...(init.type === 'logarithmic' ? { callback: logTickLabel, autoSkip: false } : {}),
    },
  };
  for (const key of ['min', 'max', 'suggestedMin', 'suggestedMax', 'beginAtZero', 'offset'] as const) {
    if (init[key] !== undefined) axis[key] = init[key];
  }
  return axis as ScaleOptions<AxisInit['type']>;
}

const tickNumber = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

/**
 * Chart.js labels log ticks at 1..9 times each power of ten and lets them collide at the top of a
 * decade; label fewer the more decades the axis spans.
 */
function logTickLabel(this: Scale, value: number | string): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const decades = Math.log10(this.max / this.min);
  const scaled = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  const mantissa = Math.round(scaled);
  // Chart.js also puts ticks at the data's own min and max (e.g. 1.5e2): leave those unlabelled.
  if (Math.abs(scaled - mantissa) > 1e-6) return '';
  const shown = decades <= 1.5 ? true : decades <= 4 ? [1, 2, 5].includes(mantissa) : mantissa === 1;
  return shown ? tickNumber.format(v) : '';
}

/** Throws unless every series has its own label, which is also its key for colours and legends. */
export function requireDistinctLabels(chartTitle: string, labels: readonly string[]): void {
  const seen = new Set<string>();
  for (const label of labels) {
    if (seen.has(label)) throw new Error(`chart "${chartTitle}": two series are labelled ${JSON.stringify(label)}`);
    seen.add(label);
  }
}
