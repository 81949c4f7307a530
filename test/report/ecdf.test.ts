import { describe, expect, it } from 'vitest';
import { ecdfPoints } from '../../src/report/charts/ecdf.ts';
import { binSeries } from '../../src/report/charts/histogram-bins.ts';

describe('ecdfPoints', () => {
  it('is exact for small inputs: a start at 0, then one point per distinct value', () => {
    expect(ecdfPoints([3, 1, 2, 2, NaN, Infinity])).toEqual([
      { x: 1, y: 0 },
      { x: 1, y: 0.25 },
      { x: 2, y: 0.75 },
      { x: 3, y: 1 },
    ]);
    expect(ecdfPoints([])).toEqual([]);
  });

  it('drops values the axis cannot show', () => {
    expect(ecdfPoints([0, -1, 10, 100], 2000, (v) => v > 0).map((p) => p.x)).toEqual([10, 10, 100]);
  });

  it('thins large inputs to about maxPoints, within 1/maxPoints of the exact curve', () => {
    const values = Array.from({ length: 100_003 }, (_, i) => (i * 7919) % 100_003);
    const maxPoints = 1000;
    const points = ecdfPoints(values, maxPoints);
    expect(points.length).toBeLessThanOrEqual(maxPoints + 2);
    expect(points.at(-1)).toEqual({ x: 100_002, y: 1 });
    for (let i = 2; i < points.length; i++) {
      // Every value is distinct, so the exact CDF just before points[i].x is (points[i].x) / n.
      const exactBefore = points[i]!.x / values.length;
      expect(exactBefore - points[i - 1]!.y).toBeLessThanOrEqual(1 / maxPoints + 1e-12);
    }
  });

  it('rejects a bad maxPoints', () => {
    expect(() => ecdfPoints([1], 0)).toThrow(/maxPoints/);
  });
});

describe('binSeries', () => {
  it('uses equal-width bins shared by all series, the last one closed', () => {
    const { labels, counts } = binSeries([[0, 0.5, 1, 1.5, 2], [2, 2]], 4);
    expect(labels).toEqual(['0–0.5', '0.5–1', '1–1.5', '1.5–2']);
    expect(counts).toEqual([
      [1, 1, 1, 2],
      [0, 0, 0, 2],
    ]);
  });

  it('picks one bin per integer for integer data, and Sturges otherwise', () => {
    expect(binSeries([[1, 2, 5]]).labels).toEqual(['1', '2', '3', '4', '5']);
    // Sturges asks for 11 bins over 0..1498.5; a width of 136.2 is rounded up to 200.
    const wide = binSeries([Array.from({ length: 1000 }, (_, i) => i * 1.5)]);
    expect(wide.labels).toEqual(['0–200', '200–400', '400–600', '600–800', '800–1000', '1000–1200', '1200–1400', '1400–1600']);
    expect(wide.counts[0]!.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it('rounds bin widths to readable numbers', () => {
    expect(binSeries([[0.013, 0.29]], 10).labels[0]).toBe('0–0.05');
    expect(binSeries([[20.03, 900]], 16).labels.slice(0, 2)).toEqual(['0–100', '100–200']);
  });

  it('refuses one bin per integer over too wide a range', () => {
    expect(() => binSeries([[0, 5000]], 'integer')).toThrow(/5001 bins/);
  });
});
