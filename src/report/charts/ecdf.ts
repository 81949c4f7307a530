export interface XY {
  x: number;
  y: number;
}

/**
 * The points of an empirical CDF, for a line drawn with Chart.js's `stepped: 'before'` (flat, then a
 * jump at each point): a first point (min, 0), then (v, fraction of values ≤ v) at distinct values.
 * Only finite values accepted by `keep` count. With more distinct values than `maxPoints`, a point is
 * kept only once the fraction has risen by at least 1/maxPoints since the last kept point (the
 * largest value is always kept), so the thinned curve stays within 1/maxPoints of the exact one and
 * the result depends on the values alone.
 */
export function ecdfPoints(
  values: readonly number[],
  maxPoints = 2000,
  keep: (value: number) => boolean = () => true,
): XY[] {
  if (!(Number.isInteger(maxPoints) && maxPoints >= 1)) {
    throw new Error(`maxPoints must be a positive integer, got ${maxPoints}`);
  }
  const finite: number[] = [];
  for (const v of values) if (Number.isFinite(v) && keep(v)) finite.push(v);
  const sorted = Float64Array.from(finite).sort();
  const n = sorted.length;
  if (n === 0) return [];
  const points: XY[] = [{ x: sorted[0] as number, y: 0 }];
  let lastCount = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i] as number;
    const count = i + 1;
    if (count < n && sorted[i + 1] === v) continue;
    // Integer test of (count - lastCount) / n >= 1 / maxPoints, free of rounding.
    if (count === n || (count - lastCount) * maxPoints >= n) {
      points.push({ x: v, y: count / n });
      lastCount = count;
    }
  }
  return points;
}

/**
 * ecdfPoints for values with counts (value i counts `counts[i]` times), by the same rule: the
 * fraction at a distinct value is the count at or below it over the total count.
 */
export function weightedEcdfPoints(
  values: ArrayLike<number>,
  counts: ArrayLike<number> | undefined,
  maxPoints = 2000,
  keep: (value: number) => boolean = () => true,
): XY[] {
  if (!(Number.isInteger(maxPoints) && maxPoints >= 1)) {
    throw new Error(`maxPoints must be a positive integer, got ${maxPoints}`);
  }
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && keep(v) && (counts === undefined || counts[i]! > 0)) idx.push(i);
  }
  idx.sort((a, b) => values[a]! - values[b]! || a - b);
  let total = 0;
  for (const i of idx) total += counts === undefined ? 1 : counts[i]!;
  if (idx.length === 0 || total <= 0) return [];
  const points: XY[] = [{ x: values[idx[0]!]!, y: 0 }];
  let seen = 0;
  let lastSeen = 0;
  for (let k = 0; k < idx.length; k++) {
    const v = values[idx[k]!]!;
    seen += counts === undefined ? 1 : counts[idx[k]!]!;
    if (k + 1 < idx.length && values[idx[k + 1]!] === v) continue;
    if (k + 1 === idx.length || (seen - lastSeen) * maxPoints >= total) {
      points.push({ x: v, y: seen / total });
      lastSeen = seen;
    }
  }
  return points;
}
