/**
 * Figures: declarative figure files (YAML) that name a scenario, its overrides, sweeps and seeds,
 * the panels and series to draw, and checks asserted on the data; run with `almsim figures`.
 * This layer sits above the scenario runner and the report (charts, atomic writes) and below the CLI.
 */
export { compileExpression, ExpressionError, EXPRESSION_EXPECTED, type Compiled } from './expression.ts';
export { figureSchema, SCALES, X_UNITS, type ScaleName, type FigureInput, type PanelInput, type SeriesInput, type CheckInput } from './figure-schema.ts';
export { loadFigure, parseFigure, type LoadedFigure, type LoadedPanel, type LoadedSeries, type LoadedCheck, type LoadedPoint } from './load-figure.ts';
export {
  resolveMetric,
  readMetric,
  metricDocs,
  distributionStat,
  closestMetric,
  DISTRIBUTION_STATS,
  type Distribution,
  type MetricValue,
  type MetricDoc,
  type ResolvedMetric,
} from './metric-registry.ts';
export { planFigures, simulationKey, type FigurePlan, type FigureTask } from './figure-plan.ts';
export { evaluateFigure, poolDistributions, type PanelData, type SeriesData, type PointData, type SimulationResults } from './figure-data.ts';
export { evaluateChecks, evaluateCheck, leastSquaresSlope, type CheckResult } from './checks.ts';
export { panelSpec, renderFigure, PANEL_WIDTH, PANEL_HEIGHT } from './figure-chart.ts';
export { figureCsvRows, FIGURE_CSV_COLUMNS } from './figure-csv.ts';
export { runFigureTask, type TaskMetrics } from './simulate.ts';
export { runFigures, type FigureOutcome, type RunFiguresOptions, type RunFiguresResult } from './run-figures.ts';
export { figureFiles, loadFigures, writeFigureFiles, writeChecksCsv, DEFAULT_FIGURE_DIR } from './figure-files.ts';
