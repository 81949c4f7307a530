/**
 * `--set a.b.c=value` overrides. They apply to the scenario document before validation, so an
 * overridden value is validated like one written in the file. The value is parsed as YAML ("5 s",
 * 42, true, [scribe, p2pcast], null); the path must name a field the schema has (list items by
 * index: underlay.partitions.0.from).
 */
import YAML from 'yaml';
import { describeFound, ScenarioError, type Problem } from './errors.ts';
import { scenarioInputSchema } from './schema.ts';
import { fieldOf, isRecord, type SchemaNode } from './schema-walk.ts';

export const OVERRIDE_FILE = '--set';

/**
 * A copy of `document` with the overrides applied in order (missing intermediate mappings are
 * created; each path is checked against the document as the earlier overrides left it, so
 * `underlay.model=uniform underlay.min=5ms` works). Throws a ScenarioError naming every malformed
 * flag and every path the schema does not have.
 */
export function applyOverrides(document: unknown, overrides: readonly string[]): Record<string, unknown> {
  const out = structuredClone(isRecord(document) ? document : {}) as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const arg of overrides) {
    const eq = arg.indexOf('=');
    const pathText = eq < 0 ? '' : arg.slice(0, eq).trim();
    const segments = pathText.split('.');
    if (eq < 0 || segments.some((s) => s === '')) {
      problems.push({ file: OVERRIDE_FILE, path: '', found: JSON.stringify(arg), expected: 'path=value, e.g. workload.groups=5' });
      continue;
    }
    const unknown = checkPath(segments, out);
    if (unknown !== undefined) {
      problems.push(unknown);
      continue;
    }
    const valueText = arg.slice(eq + 1);
    let value: unknown;
    try {
      value = YAML.parse(valueText);
    } catch {
      problems.push({ file: OVERRIDE_FILE, path: pathText, found: JSON.stringify(valueText), expected: 'a YAML value' });
      continue;
    }
    setPath(out, segments, value);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return out;
}

function setPath(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur: Record<string, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = cur[key];
    if (typeof next === 'object' && next !== null) {
      cur = next as Record<string, unknown>;
    } else {
      // A numeric next segment indexes a list (underlay.partitions.0.from).
      const fresh = /^\d+$/.test(path[i + 1]!) ? [] : {};
      cur[key] = fresh;
      cur = fresh as Record<string, unknown>;
    }
  }
  cur[path[path.length - 1]!] = value;
}

/** The paths that overrides set, dotted. */
export function overriddenPaths(overrides: readonly string[]): string[] {
  return overrides.flatMap((arg) => {
    const eq = arg.indexOf('=');
    return eq < 0 ? [] : [arg.slice(0, eq).trim()];
  });
}

function checkPath(segments: readonly string[], document: unknown): Problem | undefined {
  let node = scenarioInputSchema as unknown as SchemaNode;
  let value: unknown = document;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i]!;
    const lookup = fieldOf(node, key, value);
    if (!lookup.ok) {
      const where = segments.slice(0, i + 1).join('.');
      const expected =
        lookup.allowed.length === 1 && lookup.allowed[0] === 'a list index'
          ? 'a list index'
          : lookup.allowed.length === 0
          ? `no field inside ${segments.slice(0, i).join('.')} (it is a value, not a mapping)`
          : `one of ${lookup.allowed.join(', ')}${lookup.otherOptions.length > 0 ? ` (${key} needs ${lookup.otherOptions.join(' or ')})` : ''}`;
      return { file: OVERRIDE_FILE, path: where, found: `unknown field ${describeFound(key)}`, expected };
    }
    node = lookup.node;
    value = isRecord(value) || Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return undefined;
}
