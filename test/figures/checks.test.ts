import { describe, expect, it } from 'vitest';
import { evaluateCheck, leastSquaresSlope } from '../../src/figures/checks.ts';
import { compileExpression } from '../../src/figures/expression.ts';
import type { PanelData, PointData, SeriesData } from '../../src/figures/figure-data.ts';
import type { LoadedCheck, LoadedPanel } from '../../src/figures/load-figure.ts';

const PANEL = { name: 'p', index: 0 } as unknown as LoadedPanel;

function line(label: string, pts: readonly (readonly [number, number | null])[]): SeriesData {
  const points: PointData[] = pts.map(([x, y]) => ({ x, category: String(x), y, low: null, high: null, runs: 1 }));
  return { kind: 'points', label, reference: false, points };
}

function dist(label: string, values: number[], counts?: number[]): SeriesData {
  return { kind: 'distribution', label, distribution: { values: Float64Array.from(values), ...(counts ? { counts: Float64Array.from(counts) } : {}) } };
}

const panel = (...series: SeriesData[]): PanelData => ({ panel: PANEL, series });

function check(c: Record<string, unknown>): LoadedCheck {
  const exprText = (c['expr'] ?? c['against']) as string | undefined;
  return { panelIndex: 0, name: 'c', ...(exprText !== undefined ? { exprFn: compileExpression(exprText) } : {}), ...c } as unknown as LoadedCheck;
}

/** A Chord-like series: y = 0.5 log2(x) + 0.1 at N = 2^6 .. 2^14. */
const GOOD = line('Chord', [6, 8, 10, 12, 14].map((k) => [2 ** k, 0.5 * k + 0.1] as const));

describe('figure checks pass on the right data and fail on deliberately wrong data', () => {
  it('within: abs and rel tolerance at every x; a missing point fails', () => {
    const c = check({ kind: 'within', series: 'Chord', expr: '0.5*log2(x)', abs: 1 });
    expect(evaluateCheck(c, panel(GOOD))).toMatchObject({ passed: true, detail: 'max |y - (0.5*log2(x))| = 0.1 at x=64 (allowed 1)' });
    const off = line('Chord', [6, 8, 10, 12, 14].map((k) => [2 ** k, k === 12 ? 0.5 * k + 1.5 : 0.5 * k] as const));
    const r = evaluateCheck(c, panel(off));
    expect(r.passed).toBe(false);
    expect(r.detail).toContain('outside: x=4096: y=7.5, 0.5*log2(x)=6');
    expect(evaluateCheck(c, panel(line('Chord', [[64, null], [256, 4]]))).passed).toBe(false);
    const rel = check({ kind: 'within', series: 'Chord', expr: '0.5*log2(x)', rel: 0.1 });
    expect(evaluateCheck(rel, panel(GOOD)).passed).toBe(true); // 0.1 / 3 = 3% at worst
    expect(evaluateCheck(rel, panel(line('Chord', [[64, 3.5]]))).passed).toBe(false); // 17%
  });

  it('slope: least squares against an expression of x, inside [min, max]', () => {
    const c = check({ kind: 'slope', series: 'Chord', against: 'log2(x)', min: 0.4, max: 0.6 });
    expect(evaluateCheck(c, panel(GOOD))).toMatchObject({ passed: true, detail: 'slope against log2(x) = 0.5 (allowed between 0.4 and 0.6)' });
    const steep = line('Chord', [6, 8, 10].map((k) => [2 ** k, k] as const));
    expect(evaluateCheck(c, panel(steep))).toMatchObject({ passed: false, detail: 'slope against log2(x) = 1 (allowed between 0.4 and 0.6)' });
    expect(evaluateCheck(c, panel(line('Chord', [[64, 3]]))).passed).toBe(false);
    expect(leastSquaresSlope([1, 2, 3], [2, 4, 6])).toBe(2);
  });

  it('range: a statistic of a distribution, or of a line over its points (each: every point)', () => {
    const rad = dist('RAD', [1.2, 1.5, 1.8, 2.5, 9]);
    const median = check({ kind: 'range', series: 'RAD', stat: 'median', min: 1, max: 4 });
    expect(evaluateCheck(median, panel(rad))).toMatchObject({ passed: true, detail: 'median = 1.8 (allowed between 1 and 4)' });
    expect(evaluateCheck(median, panel(dist('RAD', [5, 6, 7])))).toMatchObject({ passed: false, detail: 'median = 6 (allowed between 1 and 4)' });
    expect(evaluateCheck(median, panel(dist('RAD', [])))).toMatchObject({ passed: false, detail: 'median = null (allowed between 1 and 4)' });
    const load = check({ kind: 'range', series: 'P2PCast', stat: 'max', max: 2 });
    expect(evaluateCheck(load, panel(dist('P2PCast', [0, 0.5, 1, 2], [10, 5, 20, 1]))).passed).toBe(true);
    expect(evaluateCheck(load, panel(dist('P2PCast', [0, 2.5], [10, 1]))).passed).toBe(false);
    const each = check({ kind: 'range', series: 'Chord', stat: 'each', min: 3 });
    expect(evaluateCheck(each, panel(GOOD))).toMatchObject({ passed: true });
    expect(evaluateCheck(each, panel(line('Chord', [[1, 3], [2, 2.9]])))).toMatchObject({ passed: false, detail: 'y from 2.9 to 3 (allowed at least 3); outside at x=2' });
    expect(evaluateCheck(check({ kind: 'range', series: 'Chord', stat: 'last', max: 7 }), panel(GOOD)).passed).toBe(false);
  });

  it('order: a statistic ordered across series (<= or <), or at every x with each', () => {
    const series = [dist('IP multicast', [1, 1, 1]), dist('Scribe', [1, 2, 40]), dist('Unicast', [1, 5, 90])];
    const c = check({ kind: 'order', series: ['IP multicast', 'Scribe', 'Unicast'], stat: 'max', op: '<=' });
    expect(evaluateCheck(c, panel(...series))).toMatchObject({ passed: true, detail: 'max: IP multicast 1 <= Scribe 40 <= Unicast 90' });
    const wrong = [dist('IP multicast', [1]), dist('Scribe', [1, 200]), dist('Unicast', [1, 90])];
    expect(evaluateCheck(c, panel(...wrong))).toMatchObject({ passed: false, detail: 'max: IP multicast 1 <= Scribe 200 <= Unicast 90' });
    const strict = check({ kind: 'order', series: ['P2PCast', 'Scribe'], stat: 'maxOverMean', op: '<' });
    expect(evaluateCheck(strict, panel(dist('P2PCast', [1, 2], [9, 1]), dist('Scribe', [0, 10], [9, 1]))).passed).toBe(true);
    expect(evaluateCheck(strict, panel(dist('P2PCast', [1, 2], [9, 1]), dist('Scribe', [1, 2], [9, 1]))).passed).toBe(false);
    const each = check({ kind: 'order', series: ['max', 'limit'], stat: 'each', op: '<=' });
    expect(evaluateCheck(each, panel(line('max', [[2, 2], [4, 4]]), line('limit', [[2, 2], [4, 4]]))).passed).toBe(true);
    expect(evaluateCheck(each, panel(line('max', [[2, 2], [4, 5]]), line('limit', [[2, 2], [4, 4]])))).toMatchObject({ passed: false, detail: 'fails at x=4: 5 <= 4' });
  });
});
