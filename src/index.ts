/**
 * The programmatic API of almsim; the CLI (src/cli) is a thin layer over it.
 *
 *   import { loadScenario, runScenario, writeRunFiles } from 'almsim';
 *   const scenario = loadScenario('scenarios/quickstart.yaml', ['seed=3']);
 *   const result = await runScenario(scenario, { algorithms: ['scribe', 'p2pcast'] });
 *   writeRunFiles(result, 'results/quickstart');
 */
export {
  loadScenario,
  parseScenario,
  overrideScenario,
  toResolvedYaml,
  summarizeScenario,
  runTimes,
  ScenarioError,
  type Scenario,
  type AlgorithmName,
} from './scenario/index.ts';
export { runScenario, type RunOptions, type RunProgress } from './scenario/run-scenario.ts';
export { Simulation, type SimulationOptions, type SimulationProgress, type SimulationTraceEvent } from './scenario/simulation.ts';
export type { ScenarioTraceEvent } from './scenario/trace-events.ts';
export { createAlgorithm, isAlgorithmAvailable, AlgorithmUnavailableError, ALGORITHM_LABELS } from './scenario/algorithms.ts';
export { buildUnderlay, TopologyCache } from './scenario/underlay-factory.ts';
export { runSweep, planSweep, parseGridAxis, expandGrid, type SweepOptions, type SweepResult, type SweepRow, type GridAxis } from './scenario/sweep.ts';
export * from './metrics/index.ts';
export { writeRunFiles, runReportHtml, tableRows, type RunFilesOptions } from './report/run-files.ts';
export { runCharts, renderRunChart, type RunChart } from './report/run-charts.ts';
export { summaryTable, formatTextTable, SUMMARY_METRICS, type SummaryMetric } from './report/summary-table.ts';
export { summaryJson, summaryObject } from './report/summary-json.ts';
export { writeSweepFiles, sweepRows, sweepSummaryRows, sweepTable } from './report/sweep-files.ts';
export * from './figures/index.ts';
