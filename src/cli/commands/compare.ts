/**
 * `almsim compare SCENARIO --algorithms scribe,p2pcast`: every algorithm on the same peers, underlay,
 * churn and workload (the same seeds), a side-by-side summary table and one report.
 */
import type { Argv, CommandModule } from 'yargs';
import { runExperiment, type CommandIo } from '../experiment.ts';
import { algorithmsOf, integerFlag, overridesOf, withCommon } from '../options.ts';
import { withRunFlags, type RunArgs } from './run.ts';

export function compareCommand(io: CommandIo, setExitCode: (code: number) => void): CommandModule<object, RunArgs> {
  return {
    command: 'compare <scenario>',
    describe: 'Compare algorithms on exactly the same peers, underlay, churn and workload',
    builder: (y: Argv) => withRunFlags(withCommon(y, { algorithms: 'scribe,p2pcast' })) as unknown as Argv<RunArgs>,
    handler: async (args) => {
      setExitCode(
        await runExperiment(
          {
            file: args.scenario!,
            overrides: overridesOf(args),
            algorithms: algorithmsOf(args.algorithms),
            out: args.out,
            run: integerFlag('--run', args.run, 0),
            wire: args.wire,
            quiet: args.quiet,
            jobs: integerFlag('--jobs', args.jobs, 1),
            requireSeveral: true,
          },
          io,
        ),
      );
    },
  };
}
