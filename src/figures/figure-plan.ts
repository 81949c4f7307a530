/**
 * The simulations a set of figures needs. A simulation is one scenario (file + overrides, as
 * resolved), one run number and one algorithm; figures and panels that need the same one share it
 * (its key is the resolved scenario, so the same setup reached by different overrides is one
 * simulation), and it reads every metric any of them plots.
 */
import type { AlgorithmName, Scenario } from '../scenario/schema.ts';
import type { LoadedFigure } from './load-figure.ts';

/** One simulation; plain data (sent to worker threads). */
export interface FigureTask {
  readonly index: number;
  readonly key: string;
  /** The scenario file (absolute) and the overrides that make the scenario. */
  readonly file: string;
  readonly overrides: readonly string[];
  readonly run: number;
  readonly algorithm: AlgorithmName;
  /** Registry metrics to read from its result, sorted. */
  readonly metrics: readonly string[];
}

export interface FigurePlan {
  readonly tasks: readonly FigureTask[];
  /** Per figure: the indices of the tasks it needs, ascending. */
  readonly tasksOf: readonly (readonly number[])[];
}

const scenarioKeys = new WeakMap<Scenario, string>();

/**
 * What identifies a simulation: the resolved scenario without the fields that do not change a
 * run (name, description, runs, output, the algorithm list), the run number and the algorithm.
 */
export function simulationKey(scenario: Scenario, run: number, algorithm: AlgorithmName): string {
  let base = scenarioKeys.get(scenario);
  if (base === undefined) {
    const { name: _n, description: _d, runs: _r, output: _o, alm, ...rest } = scenario;
    const { algorithms: _a, ...almRest } = alm;
    base = JSON.stringify({ ...rest, alm: almRest });
    scenarioKeys.set(scenario, base);
  }
  return `${base}|run=${run}|${algorithm}`;
}

/** Lists the simulations of `figures`, in figure order, each once. */
export function planFigures(figures: readonly LoadedFigure[]): FigurePlan {
  const byKey = new Map<string, { index: number; file: string; overrides: readonly string[]; run: number; algorithm: AlgorithmName; metrics: Set<string> }>();
  const tasksOf: number[][] = [];
  for (const f of figures) {
    const mine = new Set<number>();
    for (const panel of f.panels) {
      for (const point of panel.points) {
        for (const s of panel.series) {
          if (s.metric === undefined) continue;
          const metrics = [s.metric, ...(Array.isArray(s.band) ? s.band : [])];
          for (let run = 0; run < f.runs; run++) {
            const key = simulationKey(point.setup.scenario, run, s.algorithm);
            let t = byKey.get(key);
            if (t === undefined) {
              t = { index: byKey.size, file: f.scenarioFile, overrides: point.setup.overrides, run, algorithm: s.algorithm, metrics: new Set() };
              byKey.set(key, t);
            }
            for (const m of metrics) t.metrics.add(m);
            mine.add(t.index);
          }
        }
      }
    }
    tasksOf.push([...mine].sort((a, b) => a - b));
  }
  const tasks = [...byKey].map(([key, t]) => ({ index: t.index, key, file: t.file, overrides: t.overrides, run: t.run, algorithm: t.algorithm, metrics: [...t.metrics].sort() }));
  return { tasks, tasksOf };
}
