/**
 * Figure files in and out: finding and loading the figure files named on the command line (a
 * directory stands for its *.yaml and *.yml files, by name), and writing each figure's PNG and data
 * CSV, and checks.csv, atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ScenarioError, type Problem } from '../scenario/errors.ts';
import { parseDocument } from '../scenario/load.ts';
import { atomicWriteCsv, atomicWriteFile } from '../report/atomic-write.ts';
import type { CheckResult } from './checks.ts';
import { renderFigure } from './figure-chart.ts';
import { FIGURE_CSV_COLUMNS, figureCsvRows } from './figure-csv.ts';
import type { ScaleName } from './figure-schema.ts';
import { loadFigure, type LoadedFigure } from './load-figure.ts';
import type { FigureOutcome } from './run-figures.ts';

/** The directory `almsim figures` reads when given none. */
export const DEFAULT_FIGURE_DIR = 'scenarios/figures';

/** The figure files `paths` name, in order (a directory: its YAML files sorted by name). */
export function figureFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const problems: Problem[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      problems.push({ file: p, path: '', found: 'no such file or directory', expected: 'a figure file or a directory of them' });
      continue;
    }
    if (stat.isDirectory()) {
      const files = fs
        .readdirSync(p)
        .filter((n) => /\.ya?ml$/i.test(n))
        .sort()
        .map((n) => path.join(p, n));
      if (files.length === 0) problems.push({ file: p, path: '', found: 'a directory with no .yaml file', expected: 'a directory of figure files' });
      out.push(...files);
    } else out.push(p);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return [...new Set(out)];
}

/**
 * Loads the figures of `files` for a scale, keeping those whose id is in `only` (all when
 * undefined). Every problem of every selected file is reported together.
 */
export function loadFigures(files: readonly string[], scale: ScaleName, only?: readonly string[]): LoadedFigure[] {
  const problems: Problem[] = [];
  const selected: string[] = [];
  const idOf = new Map<string, string>();
  for (const file of files) {
    let id: unknown;
    try {
      const doc = parseDocument(fs.readFileSync(file, 'utf8'), file);
      id = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['id'] : undefined;
    } catch {
      id = undefined;
    }
    if (typeof id === 'string') idOf.set(file, id);
    if (only === undefined || (typeof id === 'string' && only.includes(id))) selected.push(file);
  }
  if (only !== undefined) {
    const known = [...idOf.values()];
    for (const id of only) {
      if (!known.includes(id)) problems.push({ file: '--only', path: '', found: JSON.stringify(id), expected: `a figure id (${known.join(', ') || 'no figure files'})` });
    }
  }
  const figures: LoadedFigure[] = [];
  const seen = new Map<string, string>();
  for (const file of selected) {
    try {
      const f = loadFigure(file, scale);
      const other = seen.get(f.id);
      if (other !== undefined) problems.push({ file, path: 'id', found: JSON.stringify(f.id), expected: `an id no other figure has (${other} has it)` });
      seen.set(f.id, file);
      figures.push(f);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return figures;
}

/** Writes `<base>.png` and `<base>.csv` of a figure into `dir`; returns their paths. */
export async function writeFigureFiles(outcome: FigureOutcome, dir: string): Promise<string[]> {
  const png = path.join(dir, `${outcome.figure.base}.png`);
  const csv = path.join(dir, `${outcome.figure.base}.csv`);
  const image = await renderFigure(outcome.panels);
  atomicWriteCsv(csv, figureCsvRows(outcome.panels), [...FIGURE_CSV_COLUMNS]);
  atomicWriteFile(png, image);
  return [png, csv];
}

/** checks.csv: one row per check of the figures, in order. */
export function writeChecksCsv(checks: readonly CheckResult[], dir: string): string {
  const file = path.join(dir, 'checks.csv');
  atomicWriteCsv(
    file,
    checks.map((c) => ({ figure: c.figure, check: c.name, kind: c.kind, result: c.passed ? 'pass' : 'fail', detail: c.detail })),
    ['figure', 'check', 'kind', 'result', 'detail'],
  );
  return file;
}
