/**
 * `almsim validate FILE [--set path=value ...]`: loads a scenario, applies the overrides, validates
 * it (and the churn trace or latency matrix it names) and prints a short summary. Problems go to
 * stderr, one line each, and the exit code is 1.
 */
import type { Argv, CommandModule } from 'yargs';
import { loadScenario } from '../../scenario/load.ts';
import { ScenarioError } from '../../scenario/errors.ts';
import { summarizeScenario } from '../../scenario/summary.ts';

interface ValidateArgs {
  file: string;
  set?: string | string[];
}

/** The yargs command; `setExitCode` receives the command's exit code. */
export function validateCommand(setExitCode: (code: number) => void): CommandModule<object, ValidateArgs> {
  return {
    command: 'validate <file>',
    describe: 'Check a scenario file (and the files it names) and print a summary',
    builder: (y: Argv) =>
      y
        .positional('file', { type: 'string', describe: 'scenario file (.yaml, .yml or .json)' })
        .option('set', {
          type: 'string',
          requiresArg: true,
          describe: 'override a field before validation, e.g. --set workload.groups=5 (repeatable)',
        }) as unknown as Argv<ValidateArgs>,
    handler: (args) => {
      setExitCode(runValidate(args.file, toList(args.set)));
    },
  };
}

/** Validates and prints; returns the exit code. */
export function runValidate(file: string, overrides: readonly string[]): number {
  try {
    const scenario = loadScenario(file, overrides);
    process.stdout.write(`${file}: ok\n${summarizeScenario(scenario).join('\n')}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    process.stderr.write(`${err.lines().join('\n')}\n`);
    return 1;
  }
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
