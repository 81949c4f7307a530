/**
 * Errors a user can cause, each reduced to one line per problem for stderr (no stack trace): bad
 * scenarios, churn traces, latency matrices, flags, unavailable algorithms, unwritable outputs.
 */
import { LatencyMatrixError } from '../net/index.ts';
import { AlgorithmUnavailableError } from '../scenario/algorithms.ts';
import { ScenarioError } from '../scenario/errors.ts';
import { displayPath } from '../scenario/load.ts';
import { UsageError } from './usage-error.ts';

/** The lines to print for a user error, or undefined for an internal error. */
export function userErrorLines(err: unknown): string[] | undefined {
  if (err instanceof ScenarioError) return err.lines();
  if (err instanceof AlgorithmUnavailableError || err instanceof UsageError) return [err.message];
  if (err instanceof LatencyMatrixError) {
    const where = err.line === undefined ? displayPath(err.file) : `${displayPath(err.file)}:${err.line}`;
    return [`${where}: ${err.message.slice(err.message.indexOf(': ') + 2)}`];
  }
  const e = err as { code?: unknown; path?: unknown; syscall?: unknown } | null;
  if (e !== null && typeof e === 'object' && typeof e.code === 'string' && typeof e.path === 'string' && /^(EACCES|EPERM|ENOSPC|EROFS|ENOTDIR|EISDIR|EEXIST|ENOENT)$/.test(e.code)) {
    return [`${displayPath(e.path)}: cannot write the results (${e.code})`];
  }
  return undefined;
}
