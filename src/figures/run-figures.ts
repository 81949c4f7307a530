/**
 * Runs figures: plans their simulations (each shared one once), runs them on worker threads (or in
 * this thread with jobs 1), and as soon as every simulation of a figure is done, computes its data
 * and checks and hands them to `onFigure`, in figure order. The outcomes depend on the figures
 * alone, never on `jobs` or timing.
 */
import { runWorkerTasks } from '../scenario/sweep-workers.ts';
import { TopologyCache } from '../scenario/underlay-factory.ts';
import { evaluateChecks, type CheckResult } from './checks.ts';
import { evaluateFigure, type PanelData } from './figure-data.ts';
import { planFigures, type FigurePlan, type FigureTask } from './figure-plan.ts';
import type { LoadedFigure } from './load-figure.ts';
import { runFigureTask, type TaskMetrics } from './simulate.ts';

export interface FigureOutcome {
  readonly figure: LoadedFigure;
  readonly panels: readonly PanelData[];
  readonly checks: readonly CheckResult[];
  /** Simulations this figure needs: run for it, and already run for an earlier figure. */
  readonly simulations: number;
  readonly shared: number;
}

export interface RunFiguresOptions {
  /** Worker threads; 1 runs every simulation in this thread. @default 1 */
  readonly jobs?: number;
  /** The simulations are planned (before any runs). */
  readonly onPlan?: (plan: FigurePlan) => void;
  readonly onTaskStart?: (task: FigureTask, figure: number) => void;
  readonly onTaskDone?: (task: FigureTask, figure: number) => void;
  /** A figure's data and checks are ready (called in figure order; awaited). */
  readonly onFigure?: (outcome: FigureOutcome) => void | Promise<void>;
}

export interface RunFiguresResult {
  readonly plan: FigurePlan;
  readonly outcomes: readonly FigureOutcome[];
}

export async function runFigures(figures: readonly LoadedFigure[], options: RunFiguresOptions = {}): Promise<RunFiguresResult> {
  const plan = planFigures(figures);
  options.onPlan?.(plan);
  // The first figure that needs a simulation owns it (for the counts and timings).
  const owner = new Array<number>(plan.tasks.length).fill(-1);
  plan.tasksOf.forEach((list, f) => list.forEach((t) => (owner[t] = owner[t]! < 0 ? f : owner[t]!)));
  const results = new Map<string, TaskMetrics>();
  const left = plan.tasksOf.map((list) => new Set(list));
  const outcomes: FigureOutcome[] = [];
  let nextFigure = 0;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;

  const flush = () => {
    while (nextFigure < figures.length && left[nextFigure]!.size === 0) {
      const f = nextFigure++;
      chain = chain.then(async () => {
        if (failure !== undefined) return;
        try {
          const figure = figures[f]!;
          const panels = evaluateFigure(figure, results);
          const list = plan.tasksOf[f]!;
          const outcome: FigureOutcome = {
            figure,
            panels,
            checks: evaluateChecks(figure, panels),
            simulations: list.length,
            shared: list.filter((t) => owner[t] !== f).length,
          };
          outcomes.push(outcome);
          await options.onFigure?.(outcome);
        } catch (err) {
          failure ??= err;
        }
      });
    }
  };
  const done = (task: FigureTask, metrics: TaskMetrics) => {
    results.set(task.key, metrics);
    options.onTaskDone?.(task, owner[task.index]!);
    for (const set of left) set.delete(task.index);
    flush();
  };

  flush();
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, plan.tasks.length));
  if (jobs === 1) {
    const cache = new TopologyCache();
    for (const task of plan.tasks) {
      options.onTaskStart?.(task, owner[task.index]!);
      done(task, await runFigureTask(task, cache));
      await chain;
      if (failure !== undefined) throw failure;
    }
  } else {
    await runWorkerTasks<FigureTask, TaskMetrics>(new URL('./figure-worker.ts', import.meta.url), plan.tasks, jobs, {
      onStart: (task) => options.onTaskStart?.(task, owner[task.index]!),
      onDone: done,
    });
  }
  await chain;
  if (failure !== undefined) throw failure;
  return { plan, outcomes };
}
