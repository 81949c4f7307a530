/**
 * One simulation of a figure plan: load the scenario with its overrides, simulate the one
 * algorithm for the one run (without the NodeQuery crawl, an active measurement no figure metric
 * reads), and read the metrics the figures need from its result. The same task gives the same
 * values in any thread.
 */
import { loadScenario } from '../scenario/load.ts';
import { runScenario } from '../scenario/run-scenario.ts';
import type { TopologyCache } from '../scenario/underlay-factory.ts';
import type { FigureTask } from './figure-plan.ts';
import { readMetric, type MetricValue } from './metric-registry.ts';

export type TaskMetrics = Readonly<Record<string, MetricValue>>;

export async function runFigureTask(task: FigureTask, topologyCache?: TopologyCache): Promise<TaskMetrics> {
  const scenario = loadScenario(task.file, task.overrides);
  const result = await runScenario(scenario, { algorithms: [task.algorithm], run: task.run, crawl: false, ...(topologyCache !== undefined ? { topologyCache } : {}) });
  const a = result.algorithms[0]!;
  const out: Record<string, MetricValue> = {};
  for (const m of task.metrics) out[m] = readMetric(m, a);
  return out;
}
