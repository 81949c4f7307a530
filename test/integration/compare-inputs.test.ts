/**
 * A comparison must give every algorithm the same experiment: the same churn applied to the same
 * slots and peers, the same membership of the applications, the same sends. Checked from the traces
 * of whole simulations, against a plugin that builds no tree at all (so nothing the algorithm does
 * can leak into the inputs), and against P2PCast when this build has it.
 */
import { describe, expect, it } from 'vitest';
import type { AlmAlgorithm } from '../../src/alm/index.ts';
import { Scribe } from '../../src/alm/index.ts';
import { createAlgorithm, isAlgorithmAvailable } from '../../src/scenario/algorithms.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { Simulation } from '../../src/scenario/simulation.ts';

/** An ALM plugin that never builds a tree: the inputs must not depend on the algorithm. */
function idleAlgorithm(): AlmAlgorithm {
  const none = () => {};
  return {
    id: 1,
    name: 'idle',
    stripes: 1,
    attach: none,
    onCreated: none,
    join: none,
    leave: none,
    multicast: none,
    onJoin: none,
    onForwardJoin: () => false,
    onChildConfirmed: none,
    onChildRemoved: none,
    onParentLost: none,
    onReform: none,
    onPush: none,
    onPeerDeparting: none,
    onResponsibilityChange: none,
  };
}

function inputs(file: string, overrides: string[], algorithm: AlmAlgorithm): { churn: string[]; membership: string[]; sends: string[]; departures: string[] } {
  const sim = new Simulation(loadScenario(file, overrides), { algorithm });
  const out = { churn: [] as string[], membership: [] as string[], sends: [] as string[], departures: [] as string[] };
  sim.trace.on('scenario.churn', (e) => out.churn.push(JSON.stringify(e)));
  sim.trace.on('scenario.membership', (e) => out.membership.push(JSON.stringify(e)));
  sim.trace.on('scenario.send', (e) => out.sends.push(JSON.stringify(e)));
  sim.trace.on('reload.peerLeft', (e) => out.departures.push(JSON.stringify(e)));
  sim.runToEnd();
  return out;
}

const p2pcastAvailable = await isAlgorithmAvailable('p2pcast');

const CASES: [string, string, string[]][] = [
  ['trace churn', 'test/fixtures/experiments/tiny.yaml', []],
  // Lifetime churn with message loss: RELOAD joins take algorithm-dependent times here.
  ['lifetime churn with loss', 'scenarios/churn.yaml', ['overlay.peers=150', 'workload.groups=4', 'workload.groupSize.min=10', 'workload.groupSize.max=30', 'measurement.warmup=40s', 'measurement.duration=60s', 'measurement.snapshots=null', 'churn.session.median=1min', 'churn.offTime.mean=1min']],
];

describe('compare: every algorithm gets the same churn, membership and sends', () => {
  it.each(CASES)('%s: Scribe and an idle plugin see identical scenario inputs', (_name, file, overrides) => {
    const a = inputs(file, overrides, new Scribe());
    const b = inputs(file, overrides, idleAlgorithm());
    expect(a.churn.length).toBeGreaterThan(4);
    expect(a.membership.length).toBeGreaterThan(10);
    expect(a.sends.length).toBeGreaterThan(10);
    expect(b).toEqual(a);
  });

  it.skipIf(!p2pcastAvailable)('tiny: Scribe and P2PCast see identical scenario inputs', async () => {
    const file = 'test/fixtures/experiments/tiny.yaml';
    const p2pcast = await createAlgorithm('p2pcast', loadScenario(file));
    expect(inputs(file, [], p2pcast)).toEqual(inputs(file, [], new Scribe()));
  });
});
