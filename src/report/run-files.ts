/**
 * Writes a RunResult to its results folder. Every file is written atomically (temporary name, then
 * rename), and only after the whole run finished, so an interrupted or failed run leaves the
 * previous results as they were. Nothing written depends on the wall clock, the host or the
 * `wire` option: the same scenario and seed give byte-identical files.
 *
 *   scenario.resolved.yaml  the scenario with every default filled in
 *   summary.json            the summary of every algorithm
 *   deliveries.csv          one row per received copy (output.csv.deliveries)
 *   groups.csv              per group: delivery ratio, delay, RAD, RMD
 *   delivery-ratio.csv      delivery ratio per bin of send time
 *   nodes.csv               per node: traffic by category, node stress (output.csv.nodes)
 *   trees.csv               TreeData rows of the NodeQuery crawl (output.csv.trees)
 *   tree-shape.csv          ground-truth tree shape per snapshot, group and stripe (output.csv.trees)
 *   overhead.csv            messages and bytes per message code (output.csv.overhead)
 *   churn.csv               the churn applied (output.csv.churn)
 *   repairs.csv             one row per repair
 *   link-stress.csv         link stress histograms, with the baselines (transit-stub only)
 *   charts/*.png            the charts (output.charts)
 *   report.html             one self-contained page (output.report)
 */
import path from 'node:path';
import type { RunResult, Table } from '../metrics/run-result.ts';
import { atomicWriteCsv, atomicWriteFile, atomicWriteTableCsv, type CsvValue } from './atomic-write.ts';
import { renderHtmlReport, type ReportChart } from './html-report.ts';
import { renderRunChart, runCharts } from './run-charts.ts';
import { summaryJson } from './summary-json.ts';
import { summaryTable } from './summary-table.ts';

export interface RunFilesOptions {
  /** Which CSV files to write (the scenario's output.csv). @default all */
  csv?: { deliveries?: boolean; nodes?: boolean; trees?: boolean; overhead?: boolean; churn?: boolean };
  /** Write charts/*.png. @default true */
  charts?: boolean;
  /** Write report.html. @default true */
  report?: boolean;
}

/** Rows of a table as records, with leading constant columns; NaN becomes an empty cell. */
export function* tableRows(table: Table, leading: Readonly<Record<string, CsvValue>> = {}): Generator<Record<string, CsvValue>> {
  const cols = table.columns.map((c) => [c, table.data[c]!] as const);
  for (let i = 0; i < table.length; i++) {
    const row: Record<string, CsvValue> = { ...leading };
    for (const [c, data] of cols) {
      const v = (data as ArrayLike<unknown>)[i];
      row[c] = typeof v === 'number' && Number.isNaN(v) ? null : (v as CsvValue);
    }
    yield row;
  }
}

/** Writes a table per algorithm into one CSV with an `algorithm` first column. */
function writeAlgorithmCsv(file: string, result: RunResult, pick: (a: RunResult['algorithms'][number]) => Table): void {
  const first = result.algorithms[0];
  const columns = ['algorithm', ...(first === undefined ? [] : pick(first).columns)];
  atomicWriteTableCsv(
    file,
    columns,
    result.algorithms.map((a) => ({ table: pick(a), leading: { algorithm: a.algorithm } })),
  );
}

/** Writes every output of a run into `dir`; returns the files written, relative to it, in order. */
export function writeRunFiles(result: RunResult, dir: string, options: RunFilesOptions = {}): string[] {
  const written: string[] = [];
  const at = (name: string) => {
    written.push(name);
    return path.join(dir, name);
  };
  const csv = { deliveries: true, nodes: true, trees: true, overhead: true, churn: true, ...options.csv };
  atomicWriteFile(at('scenario.resolved.yaml'), result.scenarioYaml);
  atomicWriteFile(at('summary.json'), summaryJson(result));
  if (csv.deliveries) writeAlgorithmCsv(at('deliveries.csv'), result, (a) => a.tables.deliveries);
  writeAlgorithmCsv(at('groups.csv'), result, (a) => a.tables.groups);
  writeAlgorithmCsv(at('delivery-ratio.csv'), result, (a) => a.tables.deliveryOverTime);
  if (csv.nodes) writeAlgorithmCsv(at('nodes.csv'), result, (a) => a.tables.nodes);
  if (csv.trees) {
    writeAlgorithmCsv(at('trees.csv'), result, (a) => a.tables.treeData);
    writeAlgorithmCsv(at('tree-shape.csv'), result, (a) => a.tables.treeShape);
  }
  if (csv.overhead) writeAlgorithmCsv(at('overhead.csv'), result, (a) => a.tables.overhead);
  if (csv.churn) atomicWriteTableCsv(at('churn.csv'), result.churn.columns, [{ table: result.churn }]);
  writeAlgorithmCsv(at('repairs.csv'), result, (a) => a.tables.repairs);
  if (result.algorithms.some((a) => a.tables.lookups.length > 0)) writeAlgorithmCsv(at('lookups.csv'), result, (a) => a.tables.lookups);
  if (result.algorithms.some((a) => a.summary.linkStress.applicable)) atomicWriteCsv(at('link-stress.csv'), linkStressRows(result), ['series', 'algorithm', 'stress', 'links']);

  const wantCharts = options.charts ?? true;
  const wantReport = options.report ?? true;
  if (wantCharts || wantReport) {
    const charts: ReportChart[] = [];
    for (const c of runCharts(result)) {
      const image = renderRunChart(c);
      if (wantCharts) atomicWriteFile(at(`charts/${c.file}`), image);
      charts.push({ title: c.spec.title, caption: c.caption, image });
    }
    if (wantReport) atomicWriteFile(at('report.html'), runReportHtml(result, charts));
  }
  return written;
}

function* linkStressRows(result: RunResult): Generator<Record<string, CsvValue>> {
  for (const a of result.algorithms) {
    const ls = a.summary.linkStress;
    const series = [
      [a.label, ls.algorithm],
      ['IP multicast', ls.ipMulticast],
      ['Unicast', ls.unicast],
    ] as const;
    for (const [name, stats] of series) {
      if (stats === null) continue;
      for (const [stress, links] of stats.histogram) yield { series: name, algorithm: a.algorithm, stress, links };
    }
  }
}

/** report.html of a run (one algorithm, or several side by side). */
export function runReportHtml(result: RunResult, charts: readonly ReportChart[]): string {
  const labels = result.algorithms.map((a) => a.label).join(', ');
  const { join, leave, crash } = result.churnCounts;
  return renderHtmlReport({
    title: `almsim: ${result.name}${result.algorithms.length > 1 ? ` (${labels})` : ''}`,
    metadata: [
      ['scenario', result.name],
      ['description', result.description],
      ['seed', result.seed],
      ['run', result.run],
      ['algorithms', labels],
      ['measurement window', `${result.window.startS} s to ${result.window.endS} s (run ends at ${result.window.runEndS} s)`],
      ['churn applied', `${join} joins, ${leave} graceful leaves, ${crash} crashes`],
      ...result.algorithms.map((a): [string, number] => [`simulation events, ${a.label}`, a.summary.events]),
    ],
    scenarioYaml: result.scenarioYaml,
    summary: summaryTable(result),
    charts,
  });
}
