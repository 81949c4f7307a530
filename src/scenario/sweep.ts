/**
 * Parameter sweeps: a grid of `path=v1,v2,...` overrides crossed with K runs (run numbers 0..K-1,
 * each with its own random streams) and the algorithms. Every (grid point, run, algorithm) is one
 * independent simulation, so they can run in any order and on any number of worker threads; the
 * rows come back in (point, run, algorithm) order whatever the parallelism, and each row is what
 * that simulation alone gives, so `jobs` never changes the results.
 */
import type { AlgorithmSummary } from '../metrics/run-result.ts';
import { ScenarioError } from './errors.ts';
import { loadScenario } from './load.ts';
import { OVERRIDE_FILE } from './overrides.ts';
import { runScenario } from './run-scenario.ts';
import type { AlgorithmName, Scenario } from './schema.ts';
import { TopologyCache } from './underlay-factory.ts';
import { runTasksInWorkers } from './sweep-workers.ts';

export interface GridAxis {
  /** Scenario path, e.g. "churn.crashFraction". */
  readonly path: string;
  /** Values as written (YAML scalars), e.g. ["0.2", "0.8"]. */
  readonly values: readonly string[];
}

export interface SweepPoint {
  readonly index: number;
  /** One value per axis, in axis order. */
  readonly values: readonly string[];
  /** The overrides that make this point (`path=value`). */
  readonly overrides: readonly string[];
}

/** One simulation of a sweep; plain data, sent to worker threads. */
export interface SweepTask {
  readonly index: number;
  readonly point: number;
  readonly run: number;
  readonly algorithm: AlgorithmName;
  readonly file: string;
  readonly overrides: readonly string[];
  readonly crawl: boolean;
}

export interface SweepRow {
  readonly point: number;
  readonly run: number;
  readonly algorithm: AlgorithmName;
  readonly summary: AlgorithmSummary;
}

export interface SweepOptions {
  /** The scenario file. */
  readonly file: string;
  /** --set overrides applied to every point (before the grid's). */
  readonly overrides?: readonly string[];
  readonly grid: readonly GridAxis[];
  /** Runs per grid point. @default scenario.runs */
  readonly runs?: number;
  /** @default scenario.alm.algorithms */
  readonly algorithms?: readonly AlgorithmName[];
  /** Worker threads; 1 runs in this thread. @default 1 */
  readonly jobs?: number;
  /** Run the NodeQuery crawl in each simulation. @default true */
  readonly crawl?: boolean;
  /** Called when a simulation ends (in completion order). */
  readonly onTaskDone?: (done: number, total: number) => void;
}

export interface SweepPlan {
  readonly base: Scenario;
  readonly points: readonly SweepPoint[];
  readonly tasks: readonly SweepTask[];
  readonly algorithms: readonly AlgorithmName[];
  readonly runs: number;
}

export interface SweepResult extends SweepPlan {
  readonly rows: readonly SweepRow[];
}

/**
 * Parses a `--grid path=v1,v2` flag. Values are separated by commas outside brackets and quotes,
 * so `alm.algorithms=[scribe],[p2pcast]` has two values.
 */
export function parseGridAxis(arg: string): GridAxis {
  const eq = arg.indexOf('=');
  const path = eq < 0 ? '' : arg.slice(0, eq).trim();
  const values = eq < 0 ? [] : splitValues(arg.slice(eq + 1));
  if (path === '' || values.length === 0 || values.some((v) => v === '')) {
    throw new ScenarioError([{ file: '--grid', path: '', found: JSON.stringify(arg), expected: 'path=v1,v2,..., e.g. churn.crashFraction=0.2,0.8' }]);
  }
  return { path, values };
}

function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of text) {
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** The grid points, first axis varying slowest. */
export function expandGrid(grid: readonly GridAxis[]): SweepPoint[] {
  let combos: string[][] = [[]];
  for (const axis of grid) combos = combos.flatMap((c) => axis.values.map((v) => [...c, v]));
  return combos.map((values, index) => ({ index, values, overrides: values.map((v, i) => `${grid[i]!.path}=${v}`) }));
}

/**
 * Loads and validates the scenario at every grid point (so that a bad value fails before anything
 * runs) and lists the simulations.
 */
export function planSweep(options: SweepOptions): SweepPlan {
  const overrides = options.overrides ?? [];
  const base = loadScenario(options.file, overrides);
  const points = expandGrid(options.grid);
  const algorithms = options.algorithms ?? base.alm.algorithms;
  for (const p of points) {
    try {
      loadScenario(options.file, [...overrides, ...p.overrides]);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      // Name the grid flag rather than --set for the grid's own paths.
      const problems = err.problems.map((q) => (q.file === OVERRIDE_FILE && options.grid.some((a) => q.path === a.path || q.path.startsWith(`${a.path}.`)) ? { ...q, file: '--grid' } : q));
      throw new ScenarioError(problems);
    }
  }
  const runs = options.runs ?? base.runs;
  const tasks: SweepTask[] = [];
  for (const p of points) {
    for (let run = 0; run < runs; run++) {
      for (const algorithm of algorithms) {
        tasks.push({ index: tasks.length, point: p.index, run, algorithm, file: options.file, overrides: [...overrides, ...p.overrides], crawl: options.crawl ?? true });
      }
    }
  }
  return { base, points, tasks, algorithms, runs };
}

/** Runs one simulation of a sweep and returns its summary. */
export async function runSweepTask(task: SweepTask, topologyCache?: TopologyCache): Promise<SweepRow> {
  const scenario = loadScenario(task.file, task.overrides);
  const result = await runScenario(scenario, { algorithms: [task.algorithm], run: task.run, crawl: task.crawl, topologyCache });
  return { point: task.point, run: task.run, algorithm: task.algorithm, summary: result.algorithms[0]!.summary };
}

/** Plans and runs a sweep. */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const plan = planSweep(options);
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, plan.tasks.length));
  const total = plan.tasks.length;
  let done = 0;
  const finished = () => options.onTaskDone?.(++done, total);
  let rows: SweepRow[];
  if (jobs === 1) {
    rows = [];
    const cache = new TopologyCache();
    for (const t of plan.tasks) {
      rows.push(await runSweepTask(t, cache));
      finished();
    }
  } else {
    rows = await runTasksInWorkers(plan.tasks, jobs, finished);
  }
  return { ...plan, rows };
}
