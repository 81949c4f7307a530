/**
 * The almsim command line. Thin: parses flags into the options the programmatic API takes.
 * Returns the process exit code instead of calling process.exit, so output streams flush.
 */
import yargs from 'yargs';
import { validateCommand } from './commands/validate.ts';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName('almsim')
    .usage('$0 <command> [options]\n\nDeterministic simulator of application-layer multicast (RFC 7019) over RELOAD (RFC 6940).')
    .command(
      'start',
      'Run the default experiment (scenarios/quickstart.yaml)',
      () => {},
      () => {
        process.stdout.write('almsim: the default experiment is not available yet (the experiment commands have not landed).\n');
      },
    )
    .command(validateCommand((code) => (exitCode ||= code)))
    .demandCommand(1, 'Name a command; see almsim --help.')
    .strict()
    .help()
    .version(false)
    .fail((msg, err) => {
      exitCode = 2;
      process.stderr.write(`almsim: ${err instanceof Error ? err.message : msg}\n`);
    });
  await parser.parseAsync();
  return exitCode;
}
