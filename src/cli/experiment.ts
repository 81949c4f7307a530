/**
 * What `run`, `compare` and `start` share: load and validate the scenario (and the flags) before
 * anything runs, simulate every algorithm on the same seeds, then write every result file and print
 * the summary table. Nothing is written before the last simulation has finished.
 */
import { availableParallelism } from 'node:os';
import { isAlgorithmAvailable } from '../scenario/algorithms.ts';
import { ScenarioError } from '../scenario/errors.ts';
import { displayPath, loadScenario } from '../scenario/load.ts';
import { runScenario } from '../scenario/run-scenario.ts';
import type { AlgorithmName } from '../scenario/schema.ts';
import { writeRunFiles } from '../report/run-files.ts';
import { formatTextTable, summaryTable } from '../report/summary-table.ts';
import { createProgress } from './progress.ts';

export interface ExperimentOptions {
  readonly file: string;
  readonly overrides: readonly string[];
  readonly algorithms?: readonly AlgorithmName[] | undefined;
  readonly out?: string | undefined;
  readonly run?: number | undefined;
  readonly wire?: boolean | undefined;
  readonly quiet?: boolean | undefined;
  /** Simulations at once (worker threads). @default one per algorithm, up to the CPUs */
  readonly jobs?: number | undefined;
  /** compare: at least two algorithms. */
  readonly requireSeveral?: boolean;
  /** start: leave out algorithms this build lacks, with a note, instead of failing. */
  readonly skipUnavailable?: boolean;
}

export interface CommandIo {
  readonly stdout: { write(text: string): boolean };
  readonly stderr: { write(text: string): boolean; readonly isTTY?: boolean };
}

export async function runExperiment(o: ExperimentOptions, io: CommandIo): Promise<number> {
  const scenario = loadScenario(o.file, o.overrides);
  let algorithms = o.algorithms ?? scenario.alm.algorithms;
  if (o.skipUnavailable === true) {
    const available: AlgorithmName[] = [];
    for (const a of algorithms) {
      if (await isAlgorithmAvailable(a)) available.push(a);
      else io.stderr.write(`almsim: note: ${a} is not available in this build; running ${algorithms.filter((x) => x !== a).join(', ') || 'nothing'}\n`);
    }
    algorithms = available;
  }
  if (o.requireSeveral === true && algorithms.length < 2) {
    throw new ScenarioError([{ file: '--algorithms', path: '', found: JSON.stringify(algorithms.join(',')), expected: 'at least two algorithms to compare, e.g. scribe,p2pcast' }]);
  }
  const out = o.out ?? scenario.output.dir;
  const progress = createProgress({ stream: io.stderr, quiet: o.quiet ?? false });
  let result;
  try {
    const jobs = o.jobs ?? Math.max(1, Math.min(availableParallelism(), algorithms.length));
    result = await runScenario(scenario, { algorithms, run: o.run ?? 0, wire: o.wire ?? false, outDir: out, jobs, onProgress: (p) => progress.simulation(p) });
  } finally {
    progress.done();
  }
  const files = writeRunFiles(result, out, { csv: scenario.output.csv, charts: scenario.output.charts, report: scenario.output.report });
  const shown = displayPath(out);
  const { join, leave, crash } = result.churnCounts;
  const table = summaryTable(result);
  io.stdout.write(
    `${result.name} (seed ${result.seed}, run ${result.run}): measured ${result.window.startS} s to ${result.window.endS} s; ` +
      `churn applied: ${join} joins, ${leave} leaves, ${crash} crashes\n\n`,
  );
  io.stdout.write(`${formatTextTable(table)}\n${table.caption === undefined ? '' : `(${table.caption})\n`}\n`);
  const report = files.includes('report.html') ? `, open ${shown}/report.html` : '';
  io.stdout.write(`${scenario.name}: ${files.length} files written to ${shown}/${report}\n`);
  return 0;
}
