/**
 * `almsim sweep SCENARIO --grid path=v1,v2 ... --runs K [--jobs J]`: every grid point times K runs
 * (run numbers 0..K-1) times the algorithms, in parallel on worker threads; sweep.csv has one row
 * per simulation, sweep-summary.csv the means and 95% confidence intervals per grid point.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { displayPath } from '../../scenario/load.ts';
import { parseGridAxis, runSweep } from '../../scenario/sweep.ts';
import { sweepTable, writeSweepFiles } from '../../report/sweep-files.ts';
import { formatTextTable } from '../../report/summary-table.ts';
import type { CommandIo } from '../experiment.ts';
import { algorithmsOf, integerFlag, overridesOf, toList, withCommon, type CommonArgs } from '../options.ts';
import { createProgress } from '../progress.ts';

interface SweepArgs extends CommonArgs {
  grid?: string | string[];
  runs?: string;
  jobs?: string;
}

export function sweepCommand(io: CommandIo, setExitCode: (code: number) => void): CommandModule<object, SweepArgs> {
  return {
    command: 'sweep <scenario>',
    describe: 'Run a parameter grid times K seeds in parallel; one CSV row per run plus means and 95% CIs',
    builder: (y: Argv) =>
      withCommon(y)
        .option('grid', {
          type: 'string',
          requiresArg: true,
          demandOption: 'give at least one --grid path=v1,v2',
          describe: 'a swept field and its values, path=v1,v2,... (repeatable: the grid is their product)',
        })
        .option('runs', { type: 'string', requiresArg: true, describe: "runs per grid point, run numbers 0..K-1 (default: the scenario's runs)" })
        .option('jobs', { type: 'string', requiresArg: true, describe: `worker threads (default: the CPUs, ${availableParallelism()} here)` }) as unknown as Argv<SweepArgs>,
    handler: async (args) => {
      const grid = toList(args.grid).map(parseGridAxis);
      const progress = createProgress({ stream: io.stderr, quiet: args.quiet ?? false });
      let result;
      try {
        result = await runSweep({
          file: args.scenario!,
          overrides: overridesOf(args),
          grid,
          runs: integerFlag('--runs', args.runs, 1),
          jobs: integerFlag('--jobs', args.jobs, 1) ?? availableParallelism(),
          algorithms: algorithmsOf(args.algorithms),
          onTaskDone: (done, total) => progress.tasks(done, total),
        });
      } finally {
        progress.done();
      }
      const out = args.out ?? path.join(result.base.output.dir, 'sweep');
      const files = writeSweepFiles(result, grid, out);
      io.stdout.write(`${formatTextTable(sweepTable(result, grid))}\n\n`);
      io.stdout.write(`${result.base.name}: ${result.rows.length} simulations, ${files.length} files written to ${displayPath(out)}/\n`);
      setExitCode(0);
    },
  };
}
