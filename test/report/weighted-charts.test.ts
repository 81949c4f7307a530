import { describe, expect, it } from 'vitest';
import { binSeries, binWeightedSeries, ecdfPoints, weightedEcdfPoints } from '../../src/report/charts/index.ts';

describe('charts of values with counts', () => {
  it('weightedEcdfPoints equals ecdfPoints of the values repeated', () => {
    const values = [3, 1, 2, 5];
    const counts = [2, 1, 4, 3];
    const repeated = values.flatMap((v, i) => new Array<number>(counts[i]!).fill(v));
    expect(weightedEcdfPoints(values, counts)).toEqual(ecdfPoints(repeated));
    expect(weightedEcdfPoints(values, counts, 3)).toEqual(ecdfPoints(repeated, 3));
    expect(weightedEcdfPoints(values, undefined)).toEqual(ecdfPoints(values));
    expect(weightedEcdfPoints([0, 1, 10], [5, 0, 5], 2000, (v) => v > 0)).toEqual([{ x: 10, y: 0 }, { x: 10, y: 1 }]);
  });

  it('binWeightedSeries gives the bins of the repeated values, with edges', () => {
    const a = { values: [0, 0.5, 1, 2], counts: [10, 2, 5, 1] };
    const b = { values: [0, 7.5] };
    const repeated = a.values.flatMap((v, i) => new Array<number>(a.counts[i]!).fill(v));
    const w = binWeightedSeries([a, b], 4);
    const plain = binSeries([repeated, b.values], 4);
    expect(w.labels).toEqual(plain.labels);
    expect(w.counts).toEqual(plain.counts);
    expect(w.lows).toEqual([0, 2, 4, 6]);
    expect(w.highs).toEqual([2, 4, 6, 8]);
    const ints = binWeightedSeries([{ values: [1, 3], counts: [4, 2] }]);
    expect(ints).toEqual({ labels: ['1', '2', '3'], counts: [[4, 0, 2]], lows: [1, 2, 3], highs: [1, 2, 3] });
  });
});
