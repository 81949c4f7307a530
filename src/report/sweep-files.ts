/**
 * Sweep outputs: sweep.csv (one row per simulation: grid point, run, algorithm and every summary
 * metric) and sweep-summary.csv (per grid point and algorithm: for each metric the mean over the
 * runs and the half-width of its 95% confidence interval, Student's t with runs - 1 degrees of
 * freedom; empty with a single run).
 */
import path from 'node:path';
import { meanCi95 } from '../metrics/stats.ts';
import type { SweepResult } from '../scenario/sweep.ts';
import { toResolvedYaml } from '../scenario/resolved-yaml.ts';
import { atomicWriteCsv, atomicWriteFile, type CsvValue } from './atomic-write.ts';
import type { ReportTable, ReportValue } from './html-report.ts';
import { formatNumber, SUMMARY_METRICS } from './summary-table.ts';

export interface SweepAxisInfo {
  readonly path: string;
}

function axisColumns(axes: readonly SweepAxisInfo[]): string[] {
  return axes.map((a) => a.path);
}

/** One record per simulation. */
export function sweepRows(result: SweepResult, axes: readonly SweepAxisInfo[]): Record<string, CsvValue>[] {
  return result.rows.map((r) => {
    const point = result.points[r.point]!;
    const row: Record<string, CsvValue> = { point: r.point };
    axes.forEach((a, i) => (row[a.path] = point.values[i]!));
    row['run'] = r.run;
    row['algorithm'] = r.algorithm;
    row['events'] = r.summary.events;
    for (const m of SUMMARY_METRICS) row[m.key] = m.value(r.summary);
    return row;
  });
}

/** Per grid point and algorithm: mean and 95% CI half-width of every metric. */
export function sweepSummaryRows(result: SweepResult, axes: readonly SweepAxisInfo[]): Record<string, CsvValue>[] {
  const out: Record<string, CsvValue>[] = [];
  for (const point of result.points) {
    for (const algorithm of result.algorithms) {
      const rows = result.rows.filter((r) => r.point === point.index && r.algorithm === algorithm);
      const row: Record<string, CsvValue> = { point: point.index };
      axes.forEach((a, i) => (row[a.path] = point.values[i]!));
      row['algorithm'] = algorithm;
      row['runs'] = rows.length;
      for (const m of SUMMARY_METRICS) {
        const values = rows.map((r) => m.value(r.summary)).filter((v): v is number => v !== null && Number.isFinite(v));
        const ci = meanCi95(values);
        row[`${m.key}_mean`] = ci.mean;
        row[`${m.key}_ci95`] = ci.halfWidth;
      }
      out.push(row);
    }
  }
  return out;
}

/** Writes scenario.resolved.yaml (the base scenario), sweep.csv and sweep-summary.csv. */
export function writeSweepFiles(result: SweepResult, axes: readonly SweepAxisInfo[], dir: string): string[] {
  const cols = axisColumns(axes);
  atomicWriteFile(path.join(dir, 'scenario.resolved.yaml'), toResolvedYaml(result.base, { dir: path.resolve(dir) }));
  atomicWriteCsv(path.join(dir, 'sweep.csv'), sweepRows(result, axes), ['point', ...cols, 'run', 'algorithm', 'events', ...SUMMARY_METRICS.map((m) => m.key)]);
  atomicWriteCsv(
    path.join(dir, 'sweep-summary.csv'),
    sweepSummaryRows(result, axes),
    ['point', ...cols, 'algorithm', 'runs', ...SUMMARY_METRICS.flatMap((m) => [`${m.key}_mean`, `${m.key}_ci95`])],
  );
  return ['scenario.resolved.yaml', 'sweep.csv', 'sweep-summary.csv'];
}

/** Headline metrics of a sweep for the terminal: mean ± CI half-width per point and algorithm. */
export function sweepTable(result: SweepResult, axes: readonly SweepAxisInfo[]): ReportTable {
  const keys = ['delivery_ratio', 'latency_mean_ms', 'rdp_mean', 'fanout_max', 'tree_msgs_per_peer_s', 'repair_mean_s'];
  const metrics = keys.map((k) => SUMMARY_METRICS.find((m) => m.key === k)!);
  const rows: ReportValue[][] = sweepSummaryRows(result, axes).map((r) => [
    ...axes.map((a) => String(r[a.path])),
    String(r['algorithm']),
    r['runs'] as number,
    ...metrics.map((m) => {
      const mean = r[`${m.key}_mean`] as number | null;
      const hw = r[`${m.key}_ci95`] as number | null;
      return mean === null ? '-' : hw === null ? formatNumber(mean) : `${formatNumber(mean)} ± ${formatNumber(hw)}`;
    }),
  ]);
  return { columns: [...axes.map((a) => a.path), 'algorithm', 'runs', ...metrics.map((m) => m.label)], rows };
}
