/**
 * Reading scenario files: YAML (.yaml, .yml) or JSON (.json), then --set overrides, then the schema
 * with its cross-field checks, then the files the scenario refers to. Every problem found becomes one
 * line of a ScenarioError; nothing here prints or exits.
 *
 * Paths inside a scenario (churn trace, latency matrix) are relative to the scenario file and are
 * stored absolute in the resolved scenario; output.dir is relative to the working directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { loadChurnTrace } from './churn-trace.ts';
import { describeFound, formatPath, ScenarioError, type Problem } from './errors.ts';
import { applyOverrides, OVERRIDE_FILE, overriddenPaths } from './overrides.ts';
import { toDocument } from './resolved-yaml.ts';
import { NAME_PATTERN, scenarioInputSchema, scenarioSchema, type Scenario } from './schema.ts';
import { fieldOf, isRecord, shapeOf, type SchemaNode } from './schema-walk.ts';

export interface ResolveOptions {
  /** The scenario file as the user named it: used in messages, for the default name, and as the base of relative paths. */
  readonly file: string;
  /** `path=value` overrides (the CLI's --set), applied before validation. */
  readonly overrides?: readonly string[];
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Parses scenario text (YAML or JSON by the file name's extension) into a resolved scenario. No file system access. */
export function parseScenario(text: string, fileName: string, overrides: readonly string[] = []): Scenario {
  return resolveScenario(parseDocument(text, fileName), { file: fileName, overrides });
}

/**
 * Reads, overrides, validates and resolves a scenario file, and checks the files it refers to (the
 * churn trace is parsed in full, so a bad trace line is reported here).
 */
export function loadScenario(filePath: string, overrides: readonly string[] = []): Scenario {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (err) {
    throw new ScenarioError([{ file: filePath, path: '', found: fsReason(err), expected: 'a readable scenario file' }]);
  }
  const scenario = parseScenario(text, filePath, overrides);
  checkReferencedFiles(scenario, filePath);
  return scenario;
}

/** The raw document of a scenario file: YAML or JSON by extension; syntax errors carry their line. */
export function parseDocument(text: string, fileName: string): unknown {
  const ext = path.extname(fileName).toLowerCase();
  if (!EXTENSIONS.includes(ext)) {
    throw new ScenarioError([
      { file: fileName, path: '', found: ext === '' ? 'no file extension' : `extension "${ext}"`, expected: '.yaml, .yml or .json' },
    ]);
  }
  if (ext === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const pos = /at position (\d+)/.exec(message);
      const line = pos === null ? undefined : text.slice(0, Number(pos[1])).split('\n').length;
      const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
      throw new ScenarioError([{ file: fileName, ...(line === undefined ? {} : { line }), path: '', found: `invalid JSON (${reason})`, expected: 'a JSON document' }]);
    }
  }
  // merge: `<<: *base` lets a file share settings between sections through anchors.
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const reason = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        const line = e.linePos?.[0].line;
        return { file: fileName, ...(line === undefined ? {} : { line }), path: '', found: `invalid YAML (${reason})`, expected: 'a YAML document' };
      }),
    );
  }
  return doc.toJS({ maxAliasCount: 1000 }) as unknown;
}

/** Validates a scenario document (after applying overrides) and fills in every default. */
export function resolveScenario(document: unknown, options: ResolveOptions): Scenario {
  const file = options.file;
  const overrides = options.overrides ?? [];
  let doc = document ?? {};
  if (overrides.length > 0) doc = applyOverrides(doc, overrides);
  if (isRecord(doc) && doc['name'] === undefined) doc = { ...doc, name: defaultName(file) };
  const result = scenarioSchema.safeParse(doc);
  if (!result.success) {
    const overridden = overriddenPaths(overrides);
    throw new ScenarioError(result.error.issues.flatMap((issue) => toProblems(issue, doc, file, overridden)));
  }
  return resolvePaths(result.data, file);
}

/**
 * A resolved scenario with `path=value` overrides applied and validated again (for sweeps and
 * comparisons built in code). Fields of the printed, resolved form stay set, so switching a
 * `model` may need the other model's fields removed: prefer overrides on the file (loadScenario).
 */
export function overrideScenario(scenario: Scenario, overrides: readonly string[]): Scenario {
  return resolveScenario(toDocument(scenario), { file: `${scenario.name}.yaml`, overrides });
}

/** The scenario name a file gives when it sets none: its base name, made a valid name. */
export function defaultName(file: string): string {
  const base = path.basename(file, path.extname(file)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return NAME_PATTERN.test(base) ? base : 'scenario';
}

function resolvePaths(s: Scenario, file: string): Scenario {
  const base = path.dirname(file);
  let out = s;
  if (out.churn.model === 'trace') out = { ...out, churn: { ...out.churn, file: path.resolve(base, out.churn.file) } };
  if (out.underlay.model === 'matrix') out = { ...out, underlay: { ...out.underlay, file: path.resolve(base, out.underlay.file) } };
  return out;
}

function checkReferencedFiles(s: Scenario, file: string): void {
  if (s.churn.model === 'trace') loadChurnTrace(s.churn.file, s.overlay.peers, displayPath(s.churn.file));
  if (s.underlay.model === 'matrix') {
    try {
      fs.accessSync(s.underlay.file, fs.constants.R_OK);
    } catch (err) {
      throw new ScenarioError([
        { file, path: 'underlay.file', found: `${JSON.stringify(displayPath(s.underlay.file))} (${fsReason(err)})`, expected: 'a readable latency matrix file' },
      ]);
    }
  }
}

/** A path as short as it can be shown: relative to the working directory when below it. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

function fsReason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'a directory';
  return typeof code === 'string' ? code : 'unreadable';
}

function toProblems(issue: z.core.$ZodIssue, doc: unknown, file: string, overridden: readonly string[]): Problem[] {
  const base = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const fileFor = (p: string) => (overridden.some((o) => p === o || p.startsWith(`${o}.`)) ? OVERRIDE_FILE : file);

  if (issue.code === 'unrecognized_keys') {
    const { node, value } = locate(base, doc);
    const allowed = node === undefined ? [] : Object.keys(shapeOf(node, value) ?? {});
    return issue.keys.map((key) => {
      const p = formatPath([...base, key]);
      const other = node === undefined ? undefined : fieldOf(node, key, value);
      const hint = other !== undefined && !other.ok && other.otherOptions.length > 0 ? ` (${key} needs ${other.otherOptions.join(' or ')})` : '';
      return { file: fileFor(p), path: p, found: `unknown field ${JSON.stringify(key)}`, expected: `one of ${allowed.join(', ')}${hint}` };
    });
  }

  const p = formatPath(base);
  let expected = issue.message;
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    const options = (issue.options as unknown[]).filter((o) => o !== undefined && o !== null).map(String);
    expected = `one of ${options.join(', ')}`;
  }
  const params = issue.code === 'custom' ? (issue.params as { found?: unknown } | undefined) : undefined;
  const found = typeof params?.found === 'string' ? params.found : describeFound(valueAt(doc, base));
  return [{ file: fileFor(p), path: p, found, expected }];
}

function valueAt(doc: unknown, p: readonly PropertyKey[]): unknown {
  let cur = doc;
  for (const key of p) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function locate(p: readonly PropertyKey[], doc: unknown): { node: SchemaNode | undefined; value: unknown } {
  let node: SchemaNode | undefined = scenarioInputSchema as unknown as SchemaNode;
  let value = doc;
  for (const key of p) {
    const lookup = fieldOf(node, String(key), value);
    if (!lookup.ok) return { node: undefined, value: undefined };
    node = lookup.node;
    value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return { node, value };
}
