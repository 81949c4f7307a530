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
