/** A command line the CLI cannot use (unknown flag, missing argument): exit code 2, one line on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}
