/**
 * Errors a user causes with a scenario, a churn trace or a --set flag. Each problem prints as one line
 * that names the file (and line, where one is known), the field path, what was found and what was
 * expected, e.g. `scenarios/x.yaml: workload.groups: found -3, expected a positive integer`.
 */

export interface Problem {
  /** The file the problem is in, as the user named it; `--set` for a bad override flag. */
  readonly file: string;
  /** 1-based line, for syntax errors and trace files. */
  readonly line?: number;
  /** Dotted field path inside the scenario (`workload.groupSize.size`); empty when there is none. */
  readonly path: string;
  readonly found: string;
  readonly expected: string;
}

export class ScenarioError extends Error {
  override name = 'ScenarioError';
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.problems = problems;
  }

  /** One line per problem, no stack trace: what the CLI prints. */
  lines(): string[] {
    return this.problems.map(formatProblem);
  }
}

export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  const path = p.path === '' ? '' : `${p.path}: `;
  return `${where}: ${path}found ${p.found}, expected ${p.expected}`;
}

/** A short rendering of a value a user wrote, for the "found" part of a problem. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json !== undefined && json.length <= 40) return json;
  return Array.isArray(value) ? `a list of ${value.length}` : 'an object';
}

/** Dotted rendering of a path (`workload.groupSize.size`, `underlay.partitions.0.from`). */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}
