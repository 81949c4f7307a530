/** Descriptive statistics used by every collector, with one definition for the whole project. */

/** count, mean, median, 95th percentile and maximum; null fields when there are no values. */
export interface Stats {
  readonly count: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
}

export const EMPTY_STATS: Stats = { count: 0, mean: null, p50: null, p95: null, max: null };

/**
 * Percentile by the nearest-rank method: the smallest value with at least q of the values at or
 * below it (sorted[ceil(q n) - 1]). `sorted` must be ascending.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  return sorted[rank - 1]!;
}

/** Stats of `values` (not modified). Non-finite values are skipped. */
export function describe(values: ArrayLike<number>): Stats {
  const sorted = new Float64Array(values.length);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    sorted[n++] = v;
    sum += v;
  }
  if (n === 0) return EMPTY_STATS;
  const s = sorted.subarray(0, n).sort();
  return { count: n, mean: sum / n, p50: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95), max: s[n - 1]! };
}

/** Arithmetic mean, or null for no values. */
export function mean(values: ArrayLike<number>): number | null {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    sum += v;
    n++;
  }
  return n === 0 ? null : sum / n;
}

/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom (then 1.96 is within 2%). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
  2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Mean and half-width of its 95% confidence interval (Student's t; null half-width for n < 2). */
export function meanCi95(values: readonly number[]): { n: number; mean: number | null; halfWidth: number | null } {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, halfWidth: null };
  const m = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean: m, halfWidth: null };
  const variance = xs.reduce((a, b) => a + (b - m) * (b - m), 0) / (n - 1);
  const t = n - 1 <= T975.length ? T975[n - 2]! : 1.96;
  return { n, mean: m, halfWidth: (t * Math.sqrt(variance)) / Math.sqrt(n) };
}
