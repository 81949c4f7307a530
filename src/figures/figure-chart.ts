/**
 * A figure as charts: one chart spec per panel (src/report/charts), rendered and laid side by side
 * (two per row) into one PNG. Series colours follow their labels, so Scribe, P2PCast, IP
 * multicast and Unicast look the same in every figure. CDFs are drawn from the exact (weighted)
 * empirical CDF, thinned to at most 2,000 steps; histograms share their bins across series.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { binWeightedSeries, renderChart, weightedEcdfPoints, type ChartSpec, type LineSeries } from '../report/charts/index.ts';
import type { PanelData } from './figure-data.ts';

/** Width and height of one panel, CSS pixels. */
export const PANEL_WIDTH = 800;
export const PANEL_HEIGHT = 450;
/** Steps of a drawn CDF, at most. */
export const CDF_POINTS = 2000;

/** The chart spec of a panel. */
export function panelSpec(data: PanelData): ChartSpec {
  const p = data.panel.input;
  switch (p.chart) {
    case 'line':
      return {
        kind: 'line',
        title: p.title,
        xLabel: data.panel.xLabel,
        yLabel: p.yLabel,
        logX: p.logX,
        logY: p.logY,
        ...(p.yMin !== undefined ? { yMin: p.yMin } : {}),
        ...(p.yMax !== undefined ? { yMax: p.yMax } : {}),
        series: data.series.map((s): LineSeries => {
          if (s.kind !== 'points') throw new Error('line panel with a distribution series');
          const points = s.points.map((q) => [q.x, q.y ?? NaN] as const);
          const band = s.points.filter((q) => q.low !== null && q.high !== null).map((q) => [q.x, q.low!, q.high!] as const);
          return { label: s.label, points, ...(band.length > 0 ? { band } : {}), ...(s.reference ? { dashed: true } : {}) };
        }),
      };
    case 'bar':
      return {
        kind: 'bar',
        title: p.title,
        xLabel: data.panel.xLabel,
        yLabel: p.yLabel,
        logY: p.logY,
        categories: data.panel.points.map((q) => q.category),
        series: data.series.map((s) => ({ label: s.label, values: s.kind === 'points' ? s.points.map((q) => q.y ?? NaN) : [] })),
      };
    case 'cdf':
      return {
        kind: 'line',
        title: p.title,
        xLabel: p.xLabel,
        yLabel: p.yLabel ?? 'fraction ≤ x',
        logX: p.logX,
        yMin: 0,
        yMax: 1,
        series: data.series.map((s) => ({ label: s.label, points: cdfPoints(s, p.logX).map((q) => [q.x, q.y] as const), stepped: true })),
      };
    case 'histogram': {
      const bins = histogramBins(data);
      return {
        kind: 'bar',
        title: p.title,
        xLabel: p.xLabel,
        yLabel: p.yLabel ?? (p.normalize ? 'fraction' : 'count'),
        categories: bins.labels,
        series: data.series.map((s, i) => ({ label: s.label, values: bins.values[i]! })),
      };
    }
  }
}

/** The steps of a distribution series' CDF (values ≤ 0 left out on a log axis). */
export function cdfPoints(s: PanelData['series'][number], logX: boolean): { x: number; y: number }[] {
  if (s.kind !== 'distribution') throw new Error('cdf panel with a points series');
  return weightedEcdfPoints(s.distribution.values, s.distribution.counts, CDF_POINTS, logX ? (v) => v > 0 : undefined);
}

/** Shared bins of a histogram panel, with each series' counts (or fractions with normalize). */
export function histogramBins(data: PanelData): { labels: string[]; lows: number[]; highs: number[]; values: number[][] } {
  const p = data.panel.input;
  if (p.chart !== 'histogram') throw new Error('not a histogram panel');
  const series = data.series.map((s) => {
    if (s.kind !== 'distribution') throw new Error('histogram panel with a points series');
    return { values: s.distribution.values, ...(s.distribution.counts !== undefined ? { counts: s.distribution.counts } : {}) };
  });
  const b = binWeightedSeries(series, p.bins);
  const values = b.counts.map((c) => {
    const total = c.reduce((a, x) => a + x, 0);
    return p.normalize && total > 0 ? c.map((x) => x / total) : c;
  });
  return { labels: b.labels, lows: b.lows, highs: b.highs, values };
}

/** Renders the panels into one PNG: one panel as is, more two per row. */
export async function renderFigure(panels: readonly PanelData[]): Promise<Buffer> {
  const images = panels.map((d) => renderChart(panelSpec(d), { width: PANEL_WIDTH, height: PANEL_HEIGHT }));
  if (images.length === 1) return images[0]!;
  const cols = 2;
  const rows = Math.ceil(images.length / cols);
  const canvas = createCanvas(cols * PANEL_WIDTH, rows * PANEL_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < images.length; i++) {
    const img = await loadImage(images[i]!);
    ctx.drawImage(img, (i % cols) * PANEL_WIDTH, Math.floor(i / cols) * PANEL_HEIGHT);
  }
  return canvas.encodeSync('png');
}
