/** `almsim run SCENARIO`: simulate the scenario's algorithms (or --algorithms) and write the results. */
import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { runExperiment, type CommandIo } from '../experiment.ts';
import { algorithmsOf, integerFlag, overridesOf, withCommon, type CommonArgs } from '../options.ts';

export interface RunArgs extends CommonArgs {
  run?: string;
  wire?: boolean;
  jobs?: string;
}

/** --jobs of run, compare and start: simulations at once, one worker thread each. */
export const JOBS_OPTION = {
  type: 'string',
  requiresArg: true,
  describe: `algorithms simulated at once, one worker thread each (default: one per algorithm, up to the CPUs, ${availableParallelism()} here; results are the same for any value)`,
} as const;

export function withRunFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .option('jobs', JOBS_OPTION)
    .option('run', { type: 'string', requiresArg: true, describe: 'run number: streams are seeded from (seed, run) (default 0; sweep uses 0..runs-1)' })
    .option('wire', {
      type: 'boolean',
      default: false,
      describe: 'encode every message to bytes at send and decode it at receive (slower; results are identical)',
    }) as Argv<T>;
}

export function runCommand(io: CommandIo, setExitCode: (code: number) => void): CommandModule<object, RunArgs> {
  return {
    command: 'run <scenario>',
    describe: 'Run a scenario (each of its algorithms on the same seeds) and write results/<name>/',
    builder: (y: Argv) => withRunFlags(withCommon(y)) as unknown as Argv<RunArgs>,
    handler: async (args) => {
      setExitCode(
        await runExperiment(
          { file: args.scenario!, overrides: overridesOf(args), algorithms: algorithmsOf(args.algorithms), out: args.out, run: integerFlag('--run', args.run, 0), wire: args.wire, quiet: args.quiet, jobs: integerFlag('--jobs', args.jobs, 1) },
          io,
        ),
      );
    },
  };
}
