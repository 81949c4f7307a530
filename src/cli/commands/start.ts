/** `almsim start` (npm start): the default experiment, a Scribe-vs-P2PCast comparison of scenarios/quickstart.yaml. */
import { fileURLToPath } from 'node:url';
import type { Argv, CommandModule } from 'yargs';
import { displayPath } from '../../scenario/load.ts';
import { runExperiment, type CommandIo } from '../experiment.ts';
import { integerFlag } from '../options.ts';
import { JOBS_OPTION } from './run.ts';

interface StartArgs {
  out?: string;
  quiet?: boolean;
  jobs?: string;
}

/** The quickstart scenario of this package, wherever almsim is run from. */
export const QUICKSTART = fileURLToPath(new URL('../../../scenarios/quickstart.yaml', import.meta.url));

export function startCommand(io: CommandIo, setExitCode: (code: number) => void): CommandModule<object, StartArgs> {
  return {
    command: 'start',
    describe: 'Run the default experiment: compare Scribe and P2PCast on scenarios/quickstart.yaml',
    builder: (y: Argv) =>
      y
        .option('out', { type: 'string', requiresArg: true, describe: 'output directory (default results/quickstart)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress display on stderr' })
        .option('jobs', { ...JOBS_OPTION, describe: 'algorithms simulated at once, one worker thread each (default 1: the quickstart is too small to gain)' }) as unknown as Argv<StartArgs>,
    handler: async (args) => {
      // The quickstart is small: starting worker threads costs more than running its two
      // simulations side by side saves (3.6-3.9 s with one job, 3.9-4.5 s with two), so one job.
      const jobs = integerFlag('--jobs', args.jobs, 1) ?? 1;
      io.stdout.write(`almsim: comparing the algorithms of ${displayPath(QUICKSTART)} (same peers, churn and workload for each)\n\n`);
      setExitCode(await runExperiment({ file: displayPath(QUICKSTART), overrides: [], out: args.out, quiet: args.quiet, jobs, skipUnavailable: true }, io));
    },
  };
}
