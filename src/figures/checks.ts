/**
 * Figure checks: claims asserted on a figure's data, so that a change that breaks one fails the
 * command (and CI). Four kinds:
 * - within: at every x, a line series is within `abs` (y units) or `rel` (a fraction of the
 *   expression's value) of an expression of x;
 * - slope: the least-squares slope of a line series against an expression of x (e.g. log2(x)) is
 *   in [min, max];
 * - range: a statistic of a series is in [min, max]: of a distribution (mean, min, max, median,
 *   count, maxOverMean, pQ) or over a line series' points (min, max, mean, first, last, or each:
 *   every point);
 * - order: a statistic of several series is ordered with <= (or <), e.g. IP multicast max <=
 *   Scribe max <= unicast max; with `each`, at every x.
 * A missing value (a point without data, an empty distribution) fails the check.
 */
import type { PanelData, PointData, SeriesData } from './figure-data.ts';
import type { LoadedCheck, LoadedFigure } from './load-figure.ts';
import { rangeText } from './load-figure.ts';
import { distributionStat } from './metric-registry.ts';

export interface CheckResult {
  readonly figure: string;
  readonly name: string;
  readonly kind: LoadedCheck['kind'];
  readonly passed: boolean;
  /** The numbers behind the verdict. */
  readonly detail: string;
}

export function evaluateChecks(figure: LoadedFigure, panels: readonly PanelData[]): CheckResult[] {
  return figure.checks.map((c) => {
    const { passed, detail } = evaluateCheck(c, panels[c.panelIndex]!);
    return { figure: figure.id, name: c.name, kind: c.kind, passed, detail };
  });
}

/** A number as check details show it: up to 4 significant digits. */
export function fmt(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(4)).toString();
}

function seriesOf(panel: PanelData, label: string): SeriesData {
  const s = panel.series.find((x) => x.label === label);
  if (s === undefined) throw new Error(`check: no series ${JSON.stringify(label)} in panel ${panel.panel.name}`);
  return s;
}

function pointsOf(panel: PanelData, label: string): readonly PointData[] {
  const s = seriesOf(panel, label);
  if (s.kind !== 'points') throw new Error(`check: series ${JSON.stringify(label)} is a distribution`);
  return s.points;
}

const xText = (p: PointData) => (Number.isFinite(p.x) ? fmt(p.x) : p.category);

function inRange(v: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || v >= min) && (max === undefined || v <= max);
}

/** A statistic of a series: of its distribution, or over its points (not `each`). */
function statOf(s: SeriesData, stat: string): number | null {
  if (s.kind === 'distribution') return distributionStat(s.distribution, stat);
  const ys = s.points.map((p) => p.y);
  if (ys.length === 0 || ys.some((y) => y === null)) return null;
  const v = ys as number[];
  switch (stat) {
    case 'min':
      return Math.min(...v);
    case 'max':
      return Math.max(...v);
    case 'mean':
      return v.reduce((a, b) => a + b, 0) / v.length;
    case 'first':
      return v[0]!;
    case 'last':
      return v[v.length - 1]!;
    default:
      throw new Error(`check: statistic ${stat} over points`);
  }
}

/** Evaluates one check on its panel's data. */
export function evaluateCheck(c: LoadedCheck, panel: PanelData): { passed: boolean; detail: string } {
  switch (c.kind) {
    case 'within': {
      const f = c.exprFn!;
      const bad: string[] = [];
      let worst = -1;
      let worstAt = '';
      for (const p of pointsOf(panel, c.series)) {
        const target = f(p.x);
        if (p.y === null || !Number.isFinite(target)) {
          bad.push(`x=${xText(p)}: no value`);
          continue;
        }
        const diff = Math.abs(p.y - target);
        const limit = c.abs !== undefined ? c.abs : (c.rel ?? 0) * Math.abs(target);
        const excess = c.abs !== undefined ? diff : Math.abs(target) > 0 ? diff / Math.abs(target) : diff === 0 ? 0 : Infinity;
        if (excess > worst) {
          worst = excess;
          worstAt = xText(p);
        }
        if (!(diff <= limit)) bad.push(`x=${xText(p)}: y=${fmt(p.y)}, ${c.expr}=${fmt(target)}`);
      }
      const measure = c.abs !== undefined ? `max |y - (${c.expr})| = ${fmt(worst)} at x=${worstAt} (allowed ${c.abs})` : `max |y - e|/|e| = ${fmt(worst)} at x=${worstAt} (allowed ${c.rel})`;
      return { passed: bad.length === 0, detail: bad.length === 0 ? measure : `${measure}; outside: ${bad.join('; ')}` };
    }
    case 'slope': {
      const f = c.exprFn!;
      const pts = pointsOf(panel, c.series).filter((p) => p.y !== null && Number.isFinite(f(p.x)));
      if (pts.length < 2) return { passed: false, detail: `fewer than two points with a value (${pts.length})` };
      const xs = pts.map((p) => f(p.x));
      const ys = pts.map((p) => p.y!);
      const slope = leastSquaresSlope(xs, ys);
      return { passed: slope !== null && inRange(slope, c.min, c.max), detail: `slope against ${c.against} = ${fmt(slope)} (allowed ${rangeText(c.min, c.max)})` };
    }
    case 'range': {
      const s = seriesOf(panel, c.series);
      if (s.kind === 'points' && c.stat === 'each') {
        const bad = s.points.filter((p) => p.y === null || !inRange(p.y, c.min, c.max));
        const ys = s.points.map((p) => p.y).filter((y): y is number => y !== null);
        const span = ys.length > 0 ? `y from ${fmt(Math.min(...ys))} to ${fmt(Math.max(...ys))}` : 'no values';
        return {
          passed: bad.length === 0,
          detail: `${span} (allowed ${rangeText(c.min, c.max)})${bad.length > 0 ? `; outside at x=${bad.map(xText).join(', ')}` : ''}`,
        };
      }
      const v = statOf(s, c.stat);
      return { passed: v !== null && inRange(v, c.min, c.max), detail: `${c.stat} = ${fmt(v)} (allowed ${rangeText(c.min, c.max)})` };
    }
    case 'order': {
      const series = c.series.map((l) => seriesOf(panel, l));
      const holds = (a: number | null, b: number | null) => a !== null && b !== null && (c.op === '<' ? a < b : a <= b);
      if (c.stat === 'each') {
        const lists = series.map((s) => (s.kind === 'points' ? s.points : []));
        const bad: string[] = [];
        lists[0]!.forEach((p, i) => {
          const ys = lists.map((l) => l[i]?.y ?? null);
          if (!ys.every((y, k) => k === 0 || holds(ys[k - 1]!, y))) bad.push(`x=${xText(p)}: ${ys.map(fmt).join(` ${c.op} `)}`);
        });
        return { passed: bad.length === 0, detail: bad.length === 0 ? `at every x: ${c.series.join(` ${c.op} `)}` : `fails at ${bad.join('; ')}` };
      }
      const values = series.map((s) => statOf(s, c.stat));
      const passed = values.every((v, k) => k === 0 || holds(values[k - 1]!, v));
      return { passed, detail: `${c.stat}: ${c.series.map((l, k) => `${l} ${fmt(values[k]!)}`).join(` ${c.op} `)}` };
    }
  }
}

/** Least-squares slope of y on x; null when the xs do not vary. */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : null;
}
