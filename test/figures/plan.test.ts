import { describe, expect, it } from 'vitest';
import { planFigures, simulationKey } from '../../src/figures/figure-plan.ts';
import { loadFigure, parseFigure } from '../../src/figures/load-figure.ts';
import { parseScenario } from '../../src/scenario/load.ts';

const DIR = 'test/fixtures/figures';

describe('the figure plan', () => {
  it('runs a simulation once for every figure and panel that needs it, reading every metric they plot', () => {
    const t2 = loadFigure(`${DIR}/T2-groups.yaml`, 'ci');
    // The same setup reached with the overrides in another order and an extra no-op override.
    const twin = parseFigure(
      `id: T2b\ntitle: t\nscenario: setups/ring.yaml\nset: [workload.groups=2, workload.lookups.count=0, name=other]\npanels:\n  - title: p\n    chart: cdf\n    xLabel: x\n    series:\n      - { label: L, algorithm: scribe, metric: latency }\n`,
      `${DIR}/twin.yaml`,
      'ci',
    );
    const plan = planFigures([t2, twin]);
    expect(plan.tasks).toHaveLength(1);
    expect(plan.tasksOf).toEqual([[0], [0]]);
    expect(plan.tasks[0]!.metrics).toEqual(['forwardingLoad', 'groups.rad', 'latency']);
    const t1 = loadFigure(`${DIR}/T1-hops.yaml`, 'ci');
    // 2 x values x 2 runs, one algorithm.
    expect(planFigures([t1]).tasks.map((t) => [t.overrides.at(-1), t.run])).toEqual([
      ['overlay.peers=16', 0],
      ['overlay.peers=16', 1],
      ['overlay.peers=32', 0],
      ['overlay.peers=32', 1],
    ]);
  });

  it('keys a simulation by what changes a run: not the name, description, output or algorithm list', () => {
    const a = parseScenario('overlay: {peers: 20}', 'a.yaml');
    const b = parseScenario('name: b\ndescription: d\noverlay: {peers: 20}\noutput: {dir: x}\nalm: {algorithms: [scribe, p2pcast]}', 'b.yaml');
    expect(simulationKey(a, 0, 'scribe')).toBe(simulationKey(b, 0, 'scribe'));
    expect(simulationKey(a, 0, 'scribe')).not.toBe(simulationKey(a, 1, 'scribe'));
    expect(simulationKey(a, 0, 'scribe')).not.toBe(simulationKey(a, 0, 'p2pcast'));
    expect(simulationKey(a, 0, 'scribe')).not.toBe(simulationKey(parseScenario('overlay: {peers: 21}', 'a.yaml'), 0, 'scribe'));
  });
});
