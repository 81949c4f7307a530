/** Flags shared by the experiment commands, and their parsing into API options. */
import type { Argv } from 'yargs';
import { ALGORITHMS, type AlgorithmName } from '../scenario/schema.ts';
import { ScenarioError } from '../scenario/errors.ts';

export interface CommonArgs {
  scenario?: string;
  seed?: string;
  set?: string | string[];
  out?: string;
  algorithms?: string;
  quiet?: boolean;
}

export function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function withScenario<T>(y: Argv<T>): Argv<T> {
  return y.positional('scenario', { type: 'string', describe: 'scenario file (.yaml, .yml or .json)' }) as Argv<T>;
}

export function withSet<T>(y: Argv<T>): Argv<T> {
  return y.option('set', {
    type: 'string',
    requiresArg: true,
    describe: 'override a scenario field, path=value (repeatable), e.g. --set workload.groups=5 --set churn.crashFraction=1',
  }) as Argv<T>;
}

export function withCommon<T>(y: Argv<T>, defaults: { algorithms?: string } = {}): Argv<T> {
  return withSet(withScenario(y))
    .option('seed', { type: 'string', requiresArg: true, describe: 'seed of all random streams (overrides the scenario\'s seed)' })
    .option('out', { type: 'string', requiresArg: true, describe: 'output directory (default: the scenario\'s output.dir, results/<name>)' })
    .option('algorithms', {
      type: 'string',
      requiresArg: true,
      describe: `comma-separated algorithms (${ALGORITHMS.join(', ')})${defaults.algorithms !== undefined ? '' : "; default: the scenario's alm.algorithms"}`,
      ...(defaults.algorithms !== undefined ? { default: defaults.algorithms } : {}),
    })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress display on stderr (it is also off when stderr is not a terminal)' }) as Argv<T>;
}

/** The --set overrides plus --seed as one more override (so it is recorded in the resolved scenario). */
export function overridesOf(args: CommonArgs): string[] {
  const list = toList(args.set);
  const seed = integerFlag('--seed', args.seed, 0);
  if (seed !== undefined) list.push(`seed=${seed}`);
  return list;
}

/** An integer flag given as text (so that "--seed abc" is reported as written), at least `min`. */
export function integerFlag(flag: string, text: string | string[] | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const raw = Array.isArray(text) ? text[text.length - 1]! : text;
  const v = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(v) || v < min) {
    throw new ScenarioError([{ file: flag, path: '', found: JSON.stringify(raw), expected: min === 0 ? 'a non-negative integer' : `an integer of at least ${min}` }]);
  }
  return v;
}

/** --algorithms as a list of known algorithm names, or undefined when not given. */
export function algorithmsOf(text: string | undefined): AlgorithmName[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = names.find((n) => !(ALGORITHMS as readonly string[]).includes(n));
  if (names.length === 0 || bad !== undefined) {
    throw new ScenarioError([{ file: '--algorithms', path: '', found: JSON.stringify(bad ?? text), expected: `a comma-separated list of ${ALGORITHMS.join(', ')}` }]);
  }
  if (new Set(names).size !== names.length) {
    throw new ScenarioError([{ file: '--algorithms', path: '', found: JSON.stringify(text), expected: 'each algorithm at most once' }]);
  }
  return names as AlgorithmName[];
}
