export interface BinnedSeries {
  /** One label per bin: "3" for an integer bin, "0.5–1" for a range. */
  labels: string[];
  /** counts[s][b]: how many values of series s fall in bin b. */
  counts: number[][];
}

const MAX_INTEGER_BINS = 1000;
const AUTO_INTEGER_SPAN = 100;

/**
 * Bins shared by all series, so grouped bars line up. Ranges are [low, high) except the last,
 * which includes its high edge.
 */
export function binSeries(series: readonly (readonly number[])[], bins?: number | 'integer'): BinnedSeries {
  const { labels, counts } = binWeightedSeries(
    series.map((values) => ({ values })),
    bins,
  );
  return { labels, counts };
}

/** Values with a count each (1 when `counts` is absent). */
export interface WeightedSeries {
  values: ArrayLike<number>;
  counts?: ArrayLike<number>;
}

export interface WeightedBins extends BinnedSeries {
  /** Bin edges: [low, high) per bin (an integer bin has low = high = its integer). */
  lows: number[];
  highs: number[];
}

/**
 * binSeries for values with counts (each value counts `counts[i]` times): the same bins as the
 * values repeated that many times would get, with the counts summed.
 */
export function binWeightedSeries(series: readonly WeightedSeries[], bins?: number | 'integer'): WeightedBins {
  const finite = series.map((s) => {
    const values: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      const c = s.counts === undefined ? 1 : s.counts[i]!;
      if (Number.isFinite(v) && c > 0) {
        values.push(v);
        counts.push(c);
      }
    }
    return { values, counts };
  });
  let min = Infinity;
  let max = -Infinity;
  let allIntegers = true;
  let largest = 0;
  for (const { values, counts } of finite) {
    largest = Math.max(largest, counts.reduce((a, b) => a + b, 0));
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
      if (!Number.isInteger(v)) allIntegers = false;
    }
  }
  if (largest === 0) return { labels: [], counts: finite.map(() => []), lows: [], highs: [] };

  const integerMode =
    bins === 'integer' || (bins === undefined && allIntegers && max - min + 1 <= AUTO_INTEGER_SPAN);
  if (integerMode) return integerBins(finite, Math.round(min), Math.round(max));

  if (bins !== undefined && !(Number.isInteger(bins) && bins >= 1)) {
    throw new Error(`bins must be a positive integer or "integer", got ${JSON.stringify(bins)}`);
  }
  const count = bins ?? Math.min(50, Math.max(5, Math.ceil(Math.log2(largest)) + 1));
  return rangeBins(finite, min, max, count);
}

type Counted = { values: readonly number[]; counts: readonly number[] };

function integerBins(series: readonly Counted[], low: number, high: number): WeightedBins {
  const n = high - low + 1;
  if (n > MAX_INTEGER_BINS) {
    throw new Error(
      `one bin per integer would need ${n} bins (values ${low}..${high}); at most ${MAX_INTEGER_BINS}: give a number of bins`,
    );
  }
  const labels = Array.from({ length: n }, (_, i) => String(low + i));
  const counts = series.map(({ values, counts: w }) => {
    const c = new Array<number>(n).fill(0);
    values.forEach((v, i) => (c[Math.round(v) - low]! += w[i]!));
    return c;
  });
  const edges = Array.from({ length: n }, (_, i) => low + i);
  return { labels, counts, lows: edges, highs: edges.slice() };
}

function rangeBins(series: readonly Counted[], min: number, max: number, target: number): WeightedBins {
  const width = max > min ? niceWidth((max - min) / target) : 1;
  const start = max > min ? Math.floor(min / width) * width : min;
  const count = max > min ? Math.max(1, Math.ceil((max - start) / width - 1e-9)) : 1;
  const edges = Array.from({ length: count + 1 }, (_, i) => start + width * i);
  const digits = decimalsFor(width);
  const labels = Array.from(
    { length: count },
    (_, i) => `${formatEdge(edges[i] as number, digits)}–${formatEdge(edges[i + 1] as number, digits)}`,
  );
  const counts = series.map(({ values, counts: w }) => {
    const c = new Array<number>(count).fill(0);
    values.forEach((v, i) => (c[Math.max(0, Math.min(count - 1, Math.floor((v - start) / width)))]! += w[i]!));
    return c;
  });
  return { labels, counts, lows: edges.slice(0, count), highs: edges.slice(1) };
}

// Readers take in "50–100" at a glance, "50.6–101.2" not: round widths up to 1, 2, 2.5 or 5 x 10^n.
function niceWidth(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw * (1 - 1e-9)) ?? 10;
  return step * power;
}

// Enough decimals that neighbouring edges print differently.
function decimalsFor(width: number): number {
  return Math.min(10, Math.max(0, 1 - Math.floor(Math.log10(width))));
}

function formatEdge(value: number, digits: number): string {
  const text = value.toFixed(digits);
  const trimmed = text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  return trimmed === '-0' ? '0' : trimmed;
}
