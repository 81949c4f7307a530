/**
 * Chart specifications: plain, JSON-serialisable data (no functions, no class instances), so that
 * figure files can describe charts and a run can store what it drew.
 * Axis labels should carry their unit, e.g. "delivery latency (ms)".
 */

export interface ValuesSeries {
  label: string;
  values: readonly number[];
}

export interface CdfChartInput {
  title: string;
  xLabel: string;
  /** @default "fraction ≤ x" */
  yLabel?: string;
  /** Non-finite values are ignored; with `logX`, so are values ≤ 0. */
  series: readonly ValuesSeries[];
  /** @default false */
  logX?: boolean;
  /**
   * Largest number of points drawn per series; larger inputs are thinned so that the drawn curve
   * is never more than 1/maxPoints away (vertically) from the exact empirical CDF.
   * @default 2000
   */
  maxPoints?: number;
}

export interface HistogramChartInput {
  title: string;
  xLabel: string;
  /** @default "count", or "fraction" when `normalize` is set */
  yLabel?: string;
  /** Non-finite values are ignored. */
  series: readonly ValuesSeries[];
  /**
   * A target number of equal-width bins shared by all series, or "integer" for one bin per integer
   * (values are rounded). The width is rounded up to 1, 2, 2.5 or 5 x 10^n for readable edges, so
   * there may be somewhat fewer bins than asked. When omitted: one bin per integer if every value
   * is an integer and they span at most 100 integers (fanout, hop counts), else Sturges' rule on the
   * largest series, between 5 and 50 bins.
   */
  bins?: number | 'integer';
  /** Show each series' counts as fractions of its own size, to compare series of different sizes. @default false */
  normalize?: boolean;
}

export interface LineSeries {
  label: string;
  /** [x, y] pairs, drawn in the order given. */
  points: readonly (readonly [number, number])[];
  /** Optional [x, low, high] triples drawn as a shaded band (e.g. a confidence interval). */
  band?: readonly (readonly [number, number, number])[];
  /** Draw as steps (flat, then a jump at each point), without dots: an empirical CDF. @default false */
  stepped?: boolean;
  /** Draw dashed (a reference curve rather than data). @default false */
  dashed?: boolean;
}

/** A vertical line across the plot, e.g. a churn event. */
export interface ChartMarker {
  x: number;
  label?: string;
}

export interface LineChartInput {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  markers?: readonly ChartMarker[];
  /** @default false */
  logX?: boolean;
  /** @default false */
  logY?: boolean;
  /** Fixed y-axis limits, e.g. 0 and 1 for a delivery ratio; otherwise fitted to the data. */
  yMin?: number;
  yMax?: number;
}

export interface BarChartInput {
  title: string;
  xLabel: string;
  yLabel: string;
  categories: readonly string[];
  /** One value per category, in the order of `categories`. */
  series: readonly ValuesSeries[];
  /** @default false */
  logY?: boolean;
}

export type ChartSpec =
  | ({ kind: 'cdf' } & CdfChartInput)
  | ({ kind: 'histogram' } & HistogramChartInput)
  | ({ kind: 'line' } & LineChartInput)
  | ({ kind: 'bar' } & BarChartInput);

export type ChartKind = ChartSpec['kind'];
