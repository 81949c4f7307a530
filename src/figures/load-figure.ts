/**
 * Reading figure files: YAML through the figure schema, then every check that needs more than the
 * shape: the scenario loads with the figure's overrides at every point, metric names exist and
 * suit the chart, series labels are unique in a panel, checks name existing series, expressions
 * parse. Every problem is one line naming the figure file and the field (as scenario errors are);
 * nothing runs before the whole figure is valid.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { describeFound, formatPath, ScenarioError, type Problem } from '../scenario/errors.ts';
import { displayPath, loadScenario, parseDocument } from '../scenario/load.ts';
import { OVERRIDE_FILE } from '../scenario/overrides.ts';
import type { AlgorithmName, Scenario } from '../scenario/schema.ts';
import { fieldOf, isRecord, shapeOf, type SchemaNode } from '../scenario/schema-walk.ts';
import { compileExpression, ExpressionError, EXPRESSION_EXPECTED, type Compiled } from './expression.ts';
import { figureSchema, X_UNITS, type CheckInput, type FigureInput, type PanelInput, type ScaleName, type XUnit } from './figure-schema.ts';
import { closestMetric, isDistributionStat, resolveMetric } from './metric-registry.ts';

/** One simulation a panel point needs: a scenario (file + overrides) and its resolved form. */
export interface PointScenario {
  readonly overrides: readonly string[];
  readonly scenario: Scenario;
}

export interface LoadedPoint {
  /** Numeric x (line panels; bar panels use the category). */
  readonly x: number;
  /** The value as written, for bar categories and the CSV. */
  readonly category: string;
  readonly setup: PointScenario;
}

export interface LoadedSeries {
  readonly label: string;
  readonly algorithm: AlgorithmName;
  /** A registry metric, or undefined for a reference curve. */
  readonly metric?: string;
  /** Line panels: 'ci95', 'none', or low and high metrics. */
  readonly band: 'ci95' | 'none' | readonly [string, string];
  readonly expr?: { readonly text: string; readonly fn: Compiled };
}

export interface LoadedPanel {
  readonly index: number;
  /** The panel id, or its 1-based position. */
  readonly name: string;
  readonly input: PanelInput;
  /** Line and bar: one per x value; cdf and histogram: one. */
  readonly points: readonly LoadedPoint[];
  readonly series: readonly LoadedSeries[];
  readonly xLabel: string;
}

export type LoadedCheck = CheckInput & {
  readonly panelIndex: number;
  readonly name: string;
  readonly exprFn?: Compiled;
};

export interface LoadedFigure {
  /** The figure file as named by the user. */
  readonly file: string;
  /** Output base name: the file name without its extension. */
  readonly base: string;
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly paper: string;
  readonly scale: ScaleName;
  readonly runs: number;
  readonly scenarioFile: string;
  readonly panels: readonly LoadedPanel[];
  readonly checks: readonly LoadedCheck[];
  readonly algorithms: readonly AlgorithmName[];
}

const LINE_STATS = ['each', 'min', 'max', 'mean', 'first', 'last'];

/** Reads and validates a figure file for a scale; throws a ScenarioError listing every problem. */
export function loadFigure(file: string, scale: ScaleName): LoadedFigure {
  let textIn: string;
  try {
    textIn = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    throw new ScenarioError([{ file, path: '', found: code === 'ENOENT' ? 'no such file' : String(code ?? 'unreadable'), expected: 'a readable figure file' }]);
  }
  return parseFigure(textIn, file, scale);
}

/** Validates figure text (YAML) named `file` (for messages and relative paths). */
export function parseFigure(textIn: string, file: string, scale: ScaleName): LoadedFigure {
  const doc = parseDocument(textIn, file);
  const parsed = figureSchema.safeParse(doc ?? {});
  if (!parsed.success) throw new ScenarioError(parsed.error.issues.flatMap((i) => toProblems(i, doc, file)));
  return resolveFigure(parsed.data, file, scale);
}

function resolveFigure(f: FigureInput, file: string, scale: ScaleName): LoadedFigure {
  const problems: Problem[] = [];
  const fail = (p: string, found: string, expected: string) => problems.push({ file, path: p, found, expected });
  const scenarioFile = path.resolve(path.dirname(file), f.scenario);
  if (!fs.existsSync(scenarioFile)) {
    throw new ScenarioError([{ file, path: 'scenario', found: `${JSON.stringify(f.scenario)} (no such file: ${displayPath(scenarioFile)})`, expected: 'a scenario file, relative to the figure file' }]);
  }
  const sc = f.scales[scale];
  const runs = sc?.runs ?? f.runs;
  // Where each override came from, so that a bad one is reported at its own field.
  type Origin = { readonly override: string; readonly at: string };
  const base: Origin[] = [
    ...f.set.map((o, i) => ({ override: o, at: `set.${i}` })),
    ...(sc?.set ?? []).map((o, i) => ({ override: o, at: `scales.${scale}.set.${i}` })),
  ];
  const xParams = new Set(f.panels.flatMap((p) => (p.chart === 'line' || p.chart === 'bar' ? [p.x.param] : [])));
  for (const param of Object.keys(sc?.values ?? {})) {
    if (!xParams.has(param)) fail(`scales.${scale}.values.${param}`, JSON.stringify(param), `the x param of a panel (${[...xParams].join(', ') || 'none'})`);
  }

  const load = (origins: readonly Origin[]): PointScenario | undefined => {
    const list = origins.map((o) => o.override);
    try {
      return { overrides: list, scenario: loadScenario(scenarioFile, list) };
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      for (const q of err.problems) {
        if (q.file === OVERRIDE_FILE) {
          const origin = [...origins].reverse().find((o) => {
            const op = o.override.slice(0, o.override.indexOf('=')).trim();
            return q.path === '' ? q.found === JSON.stringify(o.override) : q.path === op || q.path.startsWith(`${op}.`) || op.startsWith(`${q.path}.`);
          });
          const at = origin?.at ?? 'set';
          problems.push({ file, path: at, found: `${q.path === '' ? '' : `${q.path}: `}${q.found}${origin === undefined ? '' : ` (${origin.override})`}`, expected: q.expected });
        } else {
          problems.push({ ...q, found: `${q.found} (with the overrides of ${file}: ${list.join(' ') || 'none'})` });
        }
      }
      return undefined;
    }
  };

  const defaultScenario = load(base);
  if (defaultScenario === undefined) throw new ScenarioError(problems);
  const firstAlgorithm = defaultScenario.scenario.alm.algorithms[0]!;
  const algorithms = new Set<AlgorithmName>();

  const panels: LoadedPanel[] = f.panels.map((p, pi) => {
    const at = `panels.${pi}`;
    const own = [...base, ...p.set.map((o, i) => ({ override: o, at: `${at}.set.${i}` }))];
    const points: LoadedPoint[] = [];
    let xLabel = '';
    if (p.chart === 'line' || p.chart === 'bar') {
      const values = sc?.values?.[p.x.param] ?? p.x.values;
      const valuesAt = sc?.values?.[p.x.param] !== undefined ? `scales.${scale}.values.${p.x.param}` : `${at}.x.values`;
      xLabel = p.xLabel ?? p.x.param;
      values.forEach((v, vi) => {
        const written = typeof v === 'number' ? String(v) : v;
        const setup = load([...own, { override: `${p.x.param}=${written}`, at: `${valuesAt}.${vi}` }]);
        if (setup === undefined) return;
        let x = NaN;
        const resolved = valueAt(setup.scenario, p.x.param);
        if (typeof resolved === 'number' && Number.isFinite(resolved)) x = resolved / (p.x.unit === undefined ? 1 : X_UNITS[p.x.unit as XUnit]);
        if (p.chart === 'line' && !Number.isFinite(x)) {
          fail(`${valuesAt}.${vi}`, `${JSON.stringify(v)} (${p.x.param} resolves to ${describeFound(resolved)})`, 'a value that makes the x param a number (a line chart needs numeric x)');
        }
        if (p.chart === 'line' && p.logX && !(x > 0)) fail(`${valuesAt}.${vi}`, JSON.stringify(v), 'a positive x with logX');
        points.push({ x, category: written, setup });
      });
    } else {
      const setup = load(own);
      if (setup !== undefined) points.push({ x: NaN, category: '', setup });
      xLabel = p.xLabel;
    }
    const labels = new Set<string>();
    const series: LoadedSeries[] = [];
    p.series.forEach((s, si) => {
      const sat = `${at}.series.${si}`;
      if (labels.has(s.label)) fail(`${sat}.label`, JSON.stringify(s.label), 'a label no other series of the panel has');
      labels.add(s.label);
      const algorithm = s.algorithm ?? firstAlgorithm;
      const distributionChart = p.chart === 'cdf' || p.chart === 'histogram';
      if ((s.metric === undefined) === (s.expr === undefined)) {
        fail(sat, s.metric === undefined ? 'neither metric nor expr' : 'both metric and expr', p.chart === 'line' ? 'a metric or an expr (a reference curve)' : 'a metric');
        return;
      }
      let expr: LoadedSeries['expr'];
      if (s.expr !== undefined) {
        if (p.chart !== 'line') {
          fail(`${sat}.expr`, JSON.stringify(s.expr), `no expr in a ${p.chart} panel (reference curves are for line panels)`);
          return;
        }
        const fn = compile(s.expr, `${sat}.expr`, fail);
        if (fn === undefined) return;
        expr = { text: s.expr, fn };
      } else {
        checkMetric(s.metric!, distributionChart ? 'distribution' : 'scalar', `${sat}.metric`, p.chart, fail);
        algorithms.add(algorithm);
      }
      let band: LoadedSeries['band'] = runs > 1 ? 'ci95' : 'none';
      if (s.band !== undefined) {
        if (p.chart !== 'line' || s.expr !== undefined) fail(`${sat}.band`, describeFound(s.band), 'no band (bands are for metric series of line panels)');
        else if (Array.isArray(s.band)) {
          s.band.forEach((m, bi) => checkMetric(m, 'scalar', `${sat}.band.${bi}`, p.chart, fail));
          band = [s.band[0], s.band[1]];
        } else band = s.band as 'ci95' | 'none';
      }
      series.push({ label: s.label, algorithm, ...(s.metric !== undefined ? { metric: s.metric } : {}), band, ...(expr !== undefined ? { expr } : {}) });
    });
    return { index: pi, name: p.id ?? String(pi + 1), input: p, points, series, xLabel };
  });

  const ids = new Set<string>();
  panels.forEach((p, pi) => {
    if (p.input.id === undefined) return;
    if (ids.has(p.input.id)) fail(`panels.${pi}.id`, JSON.stringify(p.input.id), 'an id no other panel has');
    ids.add(p.input.id);
  });

  const checks: LoadedCheck[] = [];
  f.checks.forEach((c, ci) => {
    const at = `checks.${ci}`;
    const labels = typeof c.series === 'string' ? [c.series] : c.series;
    let panelIndex = -1;
    if (c.panel !== undefined) {
      panelIndex = panels.findIndex((p) => p.input.id === c.panel);
      if (panelIndex < 0) return fail(`${at}.panel`, JSON.stringify(c.panel), `a panel id (${panels.flatMap((p) => (p.input.id === undefined ? [] : [p.input.id])).join(', ') || 'give the panels ids'})`);
    } else {
      const holders = panels.filter((p) => p.series.some((s) => s.label === labels[0]));
      if (holders.length > 1) return fail(`${at}.panel`, 'nothing', `a panel id: series ${JSON.stringify(labels[0])} is in several panels`);
      panelIndex = holders[0]?.index ?? -1;
      if (panelIndex < 0 && panels.length === 1) panelIndex = 0;
    }
    const panel = panels[panelIndex];
    if (panel === undefined) return fail(`${at}.series`, JSON.stringify(labels[0]), 'the label of a series of the figure');
    const chart = panel.input.chart;
    // within and slope test a measured series; range and order may also name a reference curve.
    const usable = panel.series.filter((s) => s.metric !== undefined || c.kind === 'range' || c.kind === 'order');
    const badLabel = labels.findIndex((l) => !usable.some((s) => s.label === l));
    if (badLabel >= 0) {
      const where = typeof c.series === 'string' ? `${at}.series` : `${at}.series.${badLabel}`;
      return fail(where, JSON.stringify(labels[badLabel]), `the label of a ${c.kind === 'within' || c.kind === 'slope' ? 'metric ' : ''}series of panel ${panel.name} (${usable.map((s) => s.label).join(', ')})`);
    }
    let exprFn: Compiled | undefined;
    switch (c.kind) {
      case 'within':
        if (chart !== 'line') return fail(`${at}.kind`, '"within"', `a check for a ${chart} panel (within and slope need a line panel)`);
        if ((c.abs === undefined) === (c.rel === undefined)) return fail(at, c.abs === undefined ? 'neither abs nor rel' : 'both abs and rel', 'abs (a tolerance in y units) or rel (a fraction of the expression)');
        exprFn = compile(c.expr, `${at}.expr`, fail);
        break;
      case 'slope':
        if (chart !== 'line') return fail(`${at}.kind`, '"slope"', `a check for a ${chart} panel (within and slope need a line panel)`);
        if (c.min === undefined && c.max === undefined) return fail(at, 'neither min nor max', 'min, max or both');
        exprFn = compile(c.against, `${at}.against`, fail);
        break;
      case 'range':
      case 'order': {
        if (c.kind === 'range' && c.min === undefined && c.max === undefined) return fail(at, 'neither min nor max', 'min, max or both');
        const lineLike = chart === 'line' || chart === 'bar';
        const ok = lineLike ? LINE_STATS.includes(c.stat) : isDistributionStat(c.stat);
        if (!ok) {
          fail(`${at}.stat`, JSON.stringify(c.stat), lineLike ? `a statistic over the points: ${LINE_STATS.join(', ')}` : 'a statistic of a distribution: mean, min, max, median, count, maxOverMean or pQ (e.g. p99)');
        }
        break;
      }
    }
    checks.push({ ...c, panelIndex, name: c.name ?? defaultCheckName(c), ...(exprFn !== undefined ? { exprFn } : {}) });
  });

  if (problems.length > 0) throw new ScenarioError(unique(problems));
  return {
    file,
    base: path.basename(file, path.extname(file)),
    id: f.id,
    title: f.title,
    caption: f.caption,
    paper: f.paper,
    scale,
    runs,
    scenarioFile,
    panels,
    checks,
    algorithms: [...algorithms].sort(),
  };
}

/** Problems without repeats (a panel's bad override fails at each of its x values). */
function unique(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compile(textIn: string, at: string, fail: (p: string, found: string, expected: string) => void): Compiled | undefined {
  try {
    return compileExpression(textIn);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    fail(at, `${JSON.stringify(textIn)} (${err.message})`, EXPRESSION_EXPECTED);
    return undefined;
  }
}

function checkMetric(name: string, want: 'scalar' | 'distribution', at: string, chart: string, fail: (p: string, found: string, expected: string) => void): void {
  const m = resolveMetric(name);
  if (m === undefined) {
    const hint = closestMetric(name);
    fail(at, JSON.stringify(name), `a metric of the registry (README "Figure metrics")${hint === undefined ? '' : `, e.g. ${hint}`}`);
    return;
  }
  if (m.kind !== want) {
    fail(
      at,
      `${JSON.stringify(name)} (a ${m.kind})`,
      want === 'scalar' ? `a scalar metric for a ${chart} panel, e.g. ${name}.mean` : `a distribution metric for a ${chart} panel (not a scalar such as a .mean)`,
    );
  }
}

function defaultCheckName(c: CheckInput): string {
  switch (c.kind) {
    case 'within':
      return `${c.series} within ${c.abs !== undefined ? c.abs : `${(c.rel ?? 0) * 100}%`} of ${c.expr} at every x`;
    case 'slope':
      return `slope of ${c.series} against ${c.against} ${rangeText(c.min, c.max)}`;
    case 'range':
      return `${c.series} ${c.stat} ${rangeText(c.min, c.max)}`;
    case 'order':
      return `${c.stat}: ${c.series.join(` ${c.op} `)}`;
  }
}

export function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

function valueAt(doc: unknown, dotted: string): unknown {
  let cur = doc;
  for (const key of dotted.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Zod issues as problems naming the figure file and the field. */
function toProblems(issue: z.core.$ZodIssue, doc: unknown, file: string): Problem[] {
  const base = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const node = locate(base, doc);
    const allowed = node === undefined ? [] : Object.keys(shapeOf(node.schema, node.value) ?? {});
    return issue.keys.map((key) => ({
      file,
      path: formatPath([...base, key]),
      found: `unknown field ${JSON.stringify(key)}`,
      expected: allowed.length > 0 ? `one of ${allowed.join(', ')}` : 'no such field',
    }));
  }
  let expected = issue.message;
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    expected = `one of ${(issue.options as unknown[]).map(String).join(', ')}`;
  }
  return [{ file, path: formatPath(base), found: describeFound(valueAtPath(doc, base)), expected }];
}

function valueAtPath(doc: unknown, p: readonly PropertyKey[]): unknown {
  let cur = doc;
  for (const key of p) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function locate(p: readonly PropertyKey[], doc: unknown): { schema: SchemaNode; value: unknown } | undefined {
  let schema = figureSchema as unknown as SchemaNode;
  let value = doc;
  for (const key of p) {
    const lookup = fieldOf(schema, String(key), value);
    if (!lookup.ok) return undefined;
    schema = lookup.node;
    value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return { schema, value };
}
