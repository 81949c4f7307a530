/**
 * The almsim command line. Thin: parses flags into the options the programmatic API takes.
 * Returns the process exit code instead of calling process.exit, so output streams flush:
 * 0 success, 1 a user error (bad scenario, trace, matrix or flag value; one line per problem on
 * stderr, nothing written), 2 a usage error (unknown command or flag; one line), 70 an internal error.
 */
import yargs from 'yargs';
import { compareCommand } from './commands/compare.ts';
import { figuresCommand } from './commands/figures.ts';
import { runCommand } from './commands/run.ts';
import { startCommand } from './commands/start.ts';
import { sweepCommand } from './commands/sweep.ts';
import { validateCommand } from './commands/validate.ts';
import { userErrorLines } from './errors.ts';
import type { CommandIo } from './experiment.ts';
import { UsageError } from './usage-error.ts';

function ignoreEpipe(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE') throw err;
}

export const EXIT = { ok: 0, userError: 1, usage: 2, checkFailed: 3, internal: 70 } as const;

export async function main(argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  // `almsim run x | head` closes stdout early: that is not an error of the run.
  if (io.stdout === process.stdout && !process.stdout.listeners('error').includes(ignoreEpipe)) process.stdout.on('error', ignoreEpipe);
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode ||= code;
  };
  const parser = yargs()
    .scriptName('almsim')
    .usage('$0 <command> [options]\n\nDeterministic simulator of application-layer multicast (RFC 7019: Scribe, P2PCast) over RELOAD (RFC 6940).')
    .command(startCommand(io, setExitCode))
    .command(runCommand(io, setExitCode))
    .command(compareCommand(io, setExitCode))
    .command(sweepCommand(io, setExitCode))
    .command(validateCommand(setExitCode))
    .command(figuresCommand(io, setExitCode))
    .example('$0 start', 'the default experiment (npm start)')
    .example('$0 validate scenarios/churn.yaml', 'check a scenario and print its summary')
    .example('$0 run scenarios/churn.yaml --seed 3 --set churn.crashFraction=0.9', 'one run, written to results/churn/')
    .example('$0 compare scenarios/trace-churn.yaml --algorithms scribe,p2pcast', 'both algorithms, same peers and churn')
    .example('$0 sweep scenarios/quickstart.yaml --grid churn.crashFraction=0,0.5,1 --runs 5 --jobs 2', '3 points x 5 runs x algorithms')
    .example('$0 figures --only F1,F4 --out results/figures', 'regenerate figures and check their claims')
    .epilogue('Exit codes: 0 ok, 1 invalid scenario, figure or flag value (nothing written), 2 usage error, 3 a figure check failed. Results: results/<name>/ (see README "Outputs").')
    .demandCommand(1, 'Name a command; see almsim --help.')
    .strict()
    .help()
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    // Throwing stops yargs: a handler never runs after a usage error.
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  try {
    // With a callback, yargs hands its own output (--help) to us instead of printing it.
    await parser.parseAsync(argv, {}, (_err, _args, output) => {
      if (output !== '') io.stdout.write(`${output}\n`);
    });
  } catch (err) {
    const lines = userErrorLines(err);
    if (lines !== undefined) {
      io.stderr.write(lines.map((l) => (err instanceof UsageError ? `almsim: ${l}` : l)).join('\n') + '\n');
      return err instanceof UsageError ? EXIT.usage : EXIT.userError;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    io.stderr.write(`almsim: internal error: ${e.message}\n${e.stack ?? ''}\n`);
    return EXIT.internal;
  }
  return exitCode;
}
