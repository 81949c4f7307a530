/**
 * What a figure shows, computed from the simulations' metrics:
 * - line and bar panels: per series and x, the mean over the runs of a scalar metric (runs without
 *   a value left out), with its band: the 95% confidence interval of that mean (Student's t, runs -
 *   1 degrees of freedom), or the means of two other metrics (e.g. p1 and p99); reference curves
 *   are their expression at each x;
 * - cdf and histogram panels: per series, the distribution pooled over the runs (run order).
 */
import { meanCi95 } from '../metrics/stats.ts';
import { simulationKey } from './figure-plan.ts';
import type { LoadedFigure, LoadedPanel, LoadedSeries } from './load-figure.ts';
import type { Distribution, MetricValue } from './metric-registry.ts';

/** Metric values of each simulation, by simulation key. */
export type SimulationResults = ReadonlyMap<string, Readonly<Record<string, MetricValue>>>;

export interface PointData {
  readonly x: number;
  readonly category: string;
  /** null: no run had a value. */
  readonly y: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** Runs with a value. */
  readonly runs: number;
}

export type SeriesData =
  | { readonly kind: 'points'; readonly label: string; readonly reference: boolean; readonly points: readonly PointData[] }
  | { readonly kind: 'distribution'; readonly label: string; readonly distribution: Distribution };

export interface PanelData {
  readonly panel: LoadedPanel;
  readonly series: readonly SeriesData[];
}

export function evaluateFigure(figure: LoadedFigure, results: SimulationResults): PanelData[] {
  return figure.panels.map((panel) => ({ panel, series: panel.series.map((s) => seriesData(figure, panel, s, results)) }));
}

function seriesData(figure: LoadedFigure, panel: LoadedPanel, s: LoadedSeries, results: SimulationResults): SeriesData {
  const chart = panel.input.chart;
  if (s.expr !== undefined) {
    const fn = s.expr.fn;
    return {
      kind: 'points',
      label: s.label,
      reference: true,
      points: panel.points.map((p) => {
        const y = fn(p.x);
        return { x: p.x, category: p.category, y: Number.isFinite(y) ? y : null, low: null, high: null, runs: 0 };
      }),
    };
  }
  const metric = s.metric!;
  const perRun = (p: LoadedPanel['points'][number], name: string): MetricValue[] => {
    const out: MetricValue[] = [];
    for (let run = 0; run < figure.runs; run++) {
      const r = results.get(simulationKey(p.setup.scenario, run, s.algorithm));
      if (r === undefined) throw new Error(`figure ${figure.id}: no result for a simulation of panel ${panel.name}`);
      out.push(r[name] ?? null);
    }
    return out;
  };
  if (chart === 'cdf' || chart === 'histogram') {
    const point = panel.points[0]!;
    return { kind: 'distribution', label: s.label, distribution: poolDistributions(perRun(point, metric).filter(isDistribution)) };
  }
  return {
    kind: 'points',
    label: s.label,
    reference: false,
    points: panel.points.map((p) => {
      const ys = numbers(perRun(p, metric));
      const ci = meanCi95(ys);
      let low: number | null = null;
      let high: number | null = null;
      if (Array.isArray(s.band)) {
        low = meanCi95(numbers(perRun(p, s.band[0]))).mean;
        high = meanCi95(numbers(perRun(p, s.band[1]))).mean;
      } else if (s.band === 'ci95' && ci.mean !== null && ci.halfWidth !== null) {
        low = ci.mean - ci.halfWidth;
        high = ci.mean + ci.halfWidth;
      }
      return { x: p.x, category: p.category, y: ci.mean, low, high, runs: ci.n };
    }),
  };
}

function isDistribution(v: MetricValue): v is Distribution {
  return v !== null && typeof v === 'object';
}

function numbers(values: readonly MetricValue[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** Distributions concatenated in order (counts kept when any has them). */
export function poolDistributions(list: readonly Distribution[]): Distribution {
  const n = list.reduce((a, d) => a + d.values.length, 0);
  const values = new Float64Array(n);
  const weighted = list.some((d) => d.counts !== undefined);
  const counts = weighted ? new Float64Array(n) : undefined;
  let at = 0;
  for (const d of list) {
    values.set(d.values, at);
    if (counts !== undefined) {
      if (d.counts !== undefined) counts.set(d.counts, at);
      else counts.fill(1, at, at + d.values.length);
    }
    at += d.values.length;
  }
  return counts === undefined ? { values } : { values, counts };
}
