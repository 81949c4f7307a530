/**
 * `almsim figures [DIR|FILE...] [--only ID] [--scale ci|paper] [--out DIR] [--jobs J]`: runs figure
 * files (default: scenarios/figures/), writes each figure's PNG and data CSV and checks.csv, and
 * reports every check. Simulations shared by several figures run once. Every figure file (and the
 * scenario it runs at every point) is validated before anything runs; a figure whose algorithm
 * this build lacks is reported and skipped. Exit: 0 every check passed; 1 an invalid figure (nothing
 * written) or a figure that could not run; 3 a check failed.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_FIGURE_DIR, figureFiles, loadFigures, writeChecksCsv, writeFigureFiles } from '../../figures/figure-files.ts';
import { SCALES, type ScaleName } from '../../figures/figure-schema.ts';
import type { LoadedFigure } from '../../figures/load-figure.ts';
import { metricDocs } from '../../figures/metric-registry.ts';
import { planFigures } from '../../figures/figure-plan.ts';
import { runFigures } from '../../figures/run-figures.ts';
import type { CheckResult } from '../../figures/checks.ts';
import { AlgorithmUnavailableError, createAlgorithm } from '../../scenario/algorithms.ts';
import { displayPath } from '../../scenario/load.ts';
import type { CommandIo } from '../experiment.ts';
import { userErrorLines } from '../errors.ts';
import { createFigureTimer, formatSeconds } from '../figures-progress.ts';
import { integerFlag, toList } from '../options.ts';
import { createProgress } from '../progress.ts';

interface FiguresArgs {
  paths?: string[];
  only?: string | string[];
  scale?: string;
  out?: string;
  jobs?: string;
  quiet?: boolean;
  listMetrics?: boolean;
  dryRun?: boolean;
}

export const FIGURES_EXIT_CHECK_FAILED = 3;

export function figuresCommand(io: CommandIo, setExitCode: (code: number) => void): CommandModule<object, FiguresArgs> {
  return {
    command: 'figures [paths..]',
    describe: 'Run figure files: write each figure (PNG + data CSV), report its checks; non-zero exit if one fails',
    builder: (y: Argv) =>
      y
        .positional('paths', { type: 'string', array: true, describe: `figure files or directories of them (default: ${DEFAULT_FIGURE_DIR})` })
        .option('only', { type: 'string', requiresArg: true, describe: 'run only these figure ids (repeatable, or comma-separated), e.g. --only F1,F4' })
        .option('scale', { type: 'string', choices: [...SCALES], default: 'ci', describe: 'the figure files\' ci (small, fast) or paper (full-size) settings' })
        .option('out', { type: 'string', requiresArg: true, describe: 'output directory (default: results/figures)' })
        .option('jobs', { type: 'string', requiresArg: true, describe: `worker threads (default: the CPUs, ${availableParallelism()} here)` })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress display on stderr' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'validate the figures and list the simulations they need; run nothing' })
        .option('list-metrics', { type: 'boolean', default: false, describe: 'print the metric names figure files may use, and exit' }) as unknown as Argv<FiguresArgs>,
    handler: async (args) => {
      if (args.listMetrics === true) {
        for (const m of metricDocs()) io.stdout.write(`${m.name}\t${m.kind}${m.unit === '' ? '' : ` (${m.unit})`}\t${m.doc}\n`);
        io.stdout.write('Every distribution D also gives scalars D.mean, D.min, D.max, D.median, D.count, D.maxOverMean and D.pQ (e.g. D.p99).\n');
        setExitCode(0);
        return;
      }
      const scale = (args.scale ?? 'ci') as ScaleName;
      const only = toList(args.only).flatMap((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''));
      const jobs = integerFlag('--jobs', args.jobs, 1) ?? availableParallelism();
      const files = figureFiles(args.paths !== undefined && args.paths.length > 0 ? args.paths : [DEFAULT_FIGURE_DIR]);
      const all = loadFigures(files, scale, only.length > 0 ? only : undefined);
      const out = args.out ?? path.join('results', 'figures');
      if (args.dryRun === true) {
        const plan = planFigures(all);
        all.forEach((f, i) => {
          const own = plan.tasksOf[i]!.filter((t) => plan.tasksOf.findIndex((l) => l.includes(t)) === i).length;
          const n = plan.tasksOf[i]!.length;
          io.stdout.write(`${f.id}  ${f.title}  (${plural(n, 'simulation')}, ${n - own} shared; ${plural(f.checks.length, 'check')})\n`);
        });
        io.stdout.write(`figures: ${all.length} valid (scale ${scale}), ${plan.tasks.length} simulations in all; nothing run\n`);
        setExitCode(0);
        return;
      }

      // A figure whose algorithm this build lacks is reported and left out; the others run.
      const runnable: LoadedFigure[] = [];
      let unavailable = 0;
      for (const f of all) {
        const missing = await missingAlgorithm(f);
        if (missing === undefined) runnable.push(f);
        else {
          unavailable++;
          io.stdout.write(`ERROR ${f.id}  ${displayPath(f.file)}: cannot run: ${missing}\n`);
        }
      }

      const timer = createFigureTimer();
      const progress = createProgress({ stream: io.stderr, quiet: args.quiet ?? false, tasksLabel: 'figures' });
      const checks: CheckResult[] = [];
      let total = 0;
      let finished = 0;
      let drawFailures = 0;
      try {
        await runFigures(runnable, {
          jobs,
          onPlan: (plan) => (total = plan.tasks.length),
          onTaskStart: (task) => timer.taskStarted(task.index),
          onTaskDone: (task, figure) => {
            timer.taskDone(task.index, figure);
            progress.tasks(++finished, total);
          },
          onFigure: async (outcome) => {
            const f = outcome.figure;
            let png: string | undefined;
            try {
              [png] = await writeFigureFiles(outcome, out);
            } catch (err) {
              // A chart the data cannot make (e.g. one bin per integer over too wide a range).
              if (userErrorLines(err) !== undefined || !(err instanceof Error)) throw err;
              progress.done();
              unavailable++;
              drawFailures++;
              io.stdout.write(`ERROR ${f.id}  ${displayPath(f.file)}: cannot draw: ${err.message}\n`);
              return;
            }
            progress.done();
            const index = runnable.indexOf(f);
            io.stdout.write(
              `${f.id}  ${f.title}  (${plural(outcome.simulations, 'simulation')}, ${outcome.shared} shared; ` +
                `${formatSeconds(timer.simulationSeconds(index))} of simulation, done at ${formatSeconds(timer.elapsed())})  -> ${displayPath(png!).replace(/\.png$/, '')}.{png,csv}\n`,
            );
            for (const c of outcome.checks) io.stdout.write(`  ${c.passed ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}\n`);
            checks.push(...outcome.checks);
          },
        });
      } finally {
        progress.done();
      }
      if (runnable.length > 0) writeChecksCsv(checks, out);
      const failed = checks.filter((c) => !c.passed).length;
      io.stdout.write(
        `figures: ${runnable.length - drawFailures} written to ${displayPath(out)}/${unavailable > 0 ? `, ${unavailable} could not run` : ''}; ` +
          `checks: ${checks.length - failed} passed, ${failed} failed; ${formatSeconds(timer.elapsed())} in all (${jobs} job${jobs === 1 ? '' : 's'}, scale ${scale})\n`,
      );
      setExitCode(unavailable > 0 ? 1 : failed > 0 ? FIGURES_EXIT_CHECK_FAILED : 0);
    },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The reason a figure cannot run in this build (an algorithm it needs is missing), if any. */
async function missingAlgorithm(f: LoadedFigure): Promise<string | undefined> {
  const scenario = f.panels[0]!.points[0]!.setup.scenario;
  for (const a of f.algorithms) {
    try {
      await createAlgorithm(a, scenario);
    } catch (err) {
      if (err instanceof AlgorithmUnavailableError) return err.message;
      throw err;
    }
  }
  return undefined;
}
