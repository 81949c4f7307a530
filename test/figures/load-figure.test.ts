import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFigures } from '../../src/figures/figure-files.ts';
import { loadFigure, parseFigure } from '../../src/figures/load-figure.ts';
import { ScenarioError } from '../../src/scenario/errors.ts';

const DIR = 'test/fixtures/figures';
/** A figure file beside the fixtures, so that its scenario path resolves. */
const FILE = `${DIR}/x.yaml`;

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err.lines();
    throw err;
  }
  return [];
}

/** A valid one-panel figure with `panel` and `extra` spliced in. */
function figure(panel: string, extra = ''): string {
  return `id: X\ntitle: t\nscenario: setups/ring.yaml\npanels:\n${panel}\n${extra}`;
}

const LINE = `  - title: p
    chart: line
    x: { param: overlay.peers, values: [16, 32] }
    yLabel: y
    series:
      - { label: A, metric: delivery.ratio }`;

describe('figure files: one line per problem naming the file and the field', () => {
  it('an unknown metric, with a suggestion', () => {
    expect(problems(() => loadFigure(`${DIR}/bad/unknown-metric.yaml`, 'ci'))).toEqual([
      `${DIR}/bad/unknown-metric.yaml: panels.0.series.0.metric: found "delivery.ratoi", expected a metric of the registry (README "Figure metrics"), e.g. delivery.ratio`,
    ]);
  });

  it('an unknown field, listing the fields of that place', () => {
    expect(problems(() => loadFigure(`${DIR}/bad/bad-field.yaml`, 'ci'))).toEqual([
      `${DIR}/bad/bad-field.yaml: panels.0.colour: found unknown field "colour", expected one of id, title, set, series, chart, x, xLabel, yLabel, logX, logY, yMin, yMax`,
    ]);
  });

  it('wrong types and values of the shape', () => {
    expect(problems(() => parseFigure('id: X\ntitle: t\nscenario: setups/ring.yaml\nruns: 0\npanels: []', FILE, 'ci'))).toEqual([
      `${FILE}: runs: found 0, expected an integer from 1 to 1000`,
      `${FILE}: panels: found [], expected a non-empty list of panels`,
    ]);
    expect(problems(() => parseFigure(figure(LINE.replace('chart: line', 'chart: pie')), FILE, 'ci'))).toEqual([`${FILE}: panels.0.chart: found "pie", expected one of line, bar, cdf, histogram`]);
    expect(problems(() => parseFigure(figure(LINE, 'checks:\n  - { kind: near, series: A }'), FILE, 'ci'))).toEqual([`${FILE}: checks.0.kind: found "near", expected one of within, slope, range, order`]);
  });

  it('a metric of the wrong kind for the chart', () => {
    expect(problems(() => parseFigure(figure(LINE.replace('delivery.ratio', 'groups.rad')), FILE, 'ci'))).toEqual([
      `${FILE}: panels.0.series.0.metric: found "groups.rad" (a distribution), expected a scalar metric for a line panel, e.g. groups.rad.mean`,
    ]);
  });

  it('a bad expression, an unknown series in a check, a check for the wrong panel kind', () => {
    const withExpr = LINE + '\n      - { label: R, expr: "0.5*lg2(x)" }';
    expect(problems(() => parseFigure(figure(withExpr), FILE, 'ci'))[0]).toMatch(
      /^test\/fixtures\/figures\/x\.yaml: panels\.0\.series\.1\.expr: found "0\.5\*lg2\(x\)" \(unknown name "lg2" at 5\), expected an expression of x/,
    );
    expect(problems(() => parseFigure(figure(LINE, 'checks:\n  - { kind: range, series: B, stat: max, max: 1 }'), FILE, 'ci'))).toEqual([
      `${FILE}: checks.0.series: found "B", expected the label of a series of panel 1 (A)`,
    ]);
    expect(problems(() => parseFigure(figure(LINE, 'checks:\n  - { kind: range, series: A, stat: p99, max: 1 }'), FILE, 'ci'))).toEqual([
      `${FILE}: checks.0.stat: found "p99", expected a statistic over the points: each, min, max, mean, first, last`,
    ]);
    expect(problems(() => parseFigure(figure(LINE, 'checks:\n  - { kind: within, series: A, expr: x }'), FILE, 'ci'))).toEqual([
      `${FILE}: checks.0: found neither abs nor rel, expected abs (a tolerance in y units) or rel (a fraction of the expression)`,
    ]);
  });

  it('bad overrides and x values are reported at their own field', () => {
    expect(problems(() => parseFigure(figure(LINE, 'set: [workload.grups=3]'), FILE, 'ci'))).toEqual([
      `${FILE}: set.0: found workload.grups: unknown field "grups" (workload.grups=3), expected one of groups, groupSize, joinWindow, mode, sources, messages, lookups`,
    ]);
    expect(problems(() => parseFigure(figure(LINE.replace('[16, 32]', '[16, -4]')), FILE, 'ci'))).toEqual([
      `${FILE}: panels.0.x.values.1: found overlay.peers: -4 (overlay.peers=-4), expected an integer from 1 to 10000000`,
    ]);
    expect(problems(() => parseFigure(figure(LINE, 'scales:\n  ci: { values: { overlay.peerz: [1] } }'), FILE, 'ci'))).toEqual([
      `${FILE}: scales.ci.values.overlay.peerz: found "overlay.peerz", expected the x param of a panel (overlay.peers)`,
    ]);
    expect(problems(() => parseFigure(figure(LINE).replace('setups/ring.yaml', 'setups/none.yaml'), FILE, 'ci'))[0]).toMatch(
      /^test\/fixtures\/figures\/x\.yaml: scenario: found "setups\/none\.yaml" \(no such file: .*\), expected a scenario file, relative to the figure file$/,
    );
  });

  it('loads a valid figure with its scale: overrides, runs and x values', () => {
    const f = loadFigure(`${DIR}/T2-groups.yaml`, 'paper');
    expect(f.panels[0]!.points[0]!.setup.overrides).toEqual(['workload.lookups.count=0', 'workload.groups=3']);
    expect(f.panels[0]!.points[0]!.setup.scenario.workload.groups).toBe(3);
    const t1 = loadFigure(`${DIR}/T1-hops.yaml`, 'ci');
    expect(t1.runs).toBe(2);
    expect(t1.panels[0]!.points.map((p) => p.x)).toEqual([16, 32]);
    expect(t1.checks.map((c) => c.name)).toEqual(['Ring within 1.5 of 0.5*log2(x) at every x', 'slope of Ring against log2(x) between -5 and 5', 'Ring each at least 0']);
  });

  it('--only names figures by id; an unknown id is an error', () => {
    const files = [`${DIR}/T1-hops.yaml`, `${DIR}/T2-groups.yaml`];
    expect(loadFigures(files, 'ci', ['T2']).map((f) => f.id)).toEqual(['T2']);
    expect(problems(() => loadFigures(files, 'ci', ['T9']))).toEqual(['--only: found "T9", expected a figure id (T1, T2)']);
  });
});

describe('the shipped figures', () => {
  const files = readdirSync('scenarios/figures')
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((n) => path.join('scenarios/figures', n));

  it('are F1 to F8, valid at both scales', () => {
    expect(files.map((f) => path.basename(f).slice(0, 2))).toEqual(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8']);
    for (const scale of ['ci', 'paper'] as const) {
      const figures = loadFigures(files, scale);
      expect(figures.map((f) => f.id)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8']);
    }
  });

  it('run the paper setups at paper scale: 100,000 peers and 1,500 groups for F2-F4', () => {
    for (const f of loadFigures(files.filter((n) => /F[234]-/.test(n)), 'paper')) {
      const s = f.panels[0]!.points[0]!.setup.scenario;
      expect([s.overlay.peers, s.workload.groups, s.underlay.model], f.id).toEqual([100_000, 1500, 'transit-stub']);
    }
  });
});
