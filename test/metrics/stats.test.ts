import { describe, expect, it } from 'vitest';
import { describe as stats, meanCi95, quantileSorted } from '../../src/metrics/stats.ts';

describe('statistics', () => {
  it('uses nearest-rank percentiles', () => {
    const xs = Float64Array.from({ length: 20 }, (_, i) => i + 1);
    expect(quantileSorted(xs, 0.5)).toBe(10);
    expect(quantileSorted(xs, 0.95)).toBe(19);
    expect(quantileSorted(xs, 1)).toBe(20);
    expect(quantileSorted([], 0.5)).toBeNull();
    expect(stats([3, NaN, 1, 2])).toEqual({ count: 3, mean: 2, p50: 2, p95: 3, max: 3 });
  });

  it('gives Student-t 95% confidence intervals', () => {
    // n = 4, mean 5, sample sd 2 (values 3, 3, 7, 7 -> variance 16/3): half-width t(3) * sd / 2.
    const r = meanCi95([3, 3, 7, 7]);
    expect(r.mean).toBe(5);
    expect(r.halfWidth).toBeCloseTo((3.182 * Math.sqrt(16 / 3)) / 2, 9);
    expect(meanCi95([4]).halfWidth).toBeNull();
    expect(meanCi95([]).mean).toBeNull();
  });
});
