/**
 * The data CSV beside each figure's PNG: what every panel draws, one row per point.
 * - line and bar panels: x (bar: the category as written), y (mean over runs), y_low and y_high
 *   (its band), runs (runs with a value); reference curves have runs 0;
 * - cdf panels: the steps of the empirical CDF: x a value, y the fraction at or below it;
 * - histogram panels: x and x_high the bin edges (equal for one bin per integer), y the count or
 *   the fraction (normalize).
 * Plain numbers in JavaScript's shortest round-trip form, so the same data gives the same bytes.
 */
import type { CsvValue } from '../report/atomic-write.ts';
import { cdfPoints, histogramBins } from './figure-chart.ts';
import type { PanelData } from './figure-data.ts';

export const FIGURE_CSV_COLUMNS = ['panel', 'series', 'x', 'x_high', 'y', 'y_low', 'y_high', 'runs'] as const;

export function figureCsvRows(panels: readonly PanelData[]): Record<string, CsvValue>[] {
  const rows: Record<string, CsvValue>[] = [];
  for (const data of panels) {
    const p = data.panel.input;
    const panel = data.panel.name;
    if (p.chart === 'line' || p.chart === 'bar') {
      for (const s of data.series) {
        if (s.kind !== 'points') continue;
        for (const q of s.points) {
          rows.push({ panel, series: s.label, x: p.chart === 'bar' ? q.category : q.x, x_high: null, y: q.y, y_low: q.low, y_high: q.high, runs: q.runs });
        }
      }
    } else if (p.chart === 'cdf') {
      for (const s of data.series) {
        for (const q of cdfPoints(s, p.logX)) rows.push({ panel, series: s.label, x: q.x, x_high: null, y: q.y, y_low: null, y_high: null, runs: null });
      }
    } else {
      const bins = histogramBins(data);
      data.series.forEach((s, i) => {
        bins.labels.forEach((_, b) => {
          rows.push({ panel, series: s.label, x: bins.lows[b]!, x_high: bins.highs[b]!, y: bins.values[i]![b]!, y_low: null, y_high: null, runs: null });
        });
      });
    }
  }
  return rows;
}
