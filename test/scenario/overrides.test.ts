import { describe, expect, it } from 'vitest';
import { MILLISECOND, MINUTE } from '../../src/sim/time.ts';
import { ScenarioError } from '../../src/scenario/errors.ts';
import { loadScenario, overrideScenario, parseScenario } from '../../src/scenario/load.ts';
import { applyOverrides } from '../../src/scenario/overrides.ts';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err.lines();
    throw err;
  }
  throw new Error('expected a ScenarioError');
}

describe('--set overrides', () => {
  it('set values parsed as YAML scalars, creating missing sections', () => {
    const s = parseScenario('overlay: {peers: 100}', 'x.yaml', [
      'overlay.peers=200',
      'overlay.chord.updateInterval=30 s',
      'alm.algorithms=[scribe, p2pcast]',
      'alm.childLimit=8',
      'underlay.loss.probability=0.01',
      'description=a b c',
    ]);
    expect(s.overlay.peers).toBe(200);
    expect(s.overlay.chord.updateInterval).toBe(30_000 * MILLISECOND);
    expect(s.alm.algorithms).toEqual(['scribe', 'p2pcast']);
    expect(s.alm.childLimit).toBe(8);
    expect(s.underlay.loss.probability).toBe(0.01);
    expect(s.description).toBe('a b c');
  });

  it('apply in order, so a model switch makes its fields available', () => {
    const s = parseScenario('', 'x.yaml', ['churn.model=lifetime', 'churn.session.median=5 min', 'underlay.model=uniform', 'underlay.min=5 ms']);
    expect(s.churn).toMatchObject({ model: 'lifetime', session: { median: 5 * MINUTE } });
    expect(s.underlay).toMatchObject({ model: 'uniform', min: 5 * MILLISECOND });
  });

  it('index list items', () => {
    const s = parseScenario('underlay: {partitions: [{groups: [[0], [1]]}]}', 'x.yaml', ['underlay.partitions.0.from=10 s']);
    expect(s.underlay.partitions[0]!.from).toBe(10_000 * MILLISECOND);
  });

  it('create a list for a numeric segment', () => {
    const s = parseScenario('overlay: {peers: 10}', 'x.yaml', ['underlay.partitions.0.groups=[[0, 1], ["2..5"]]', 'underlay.partitions.0.to=1 min']);
    expect(s.underlay.partitions).toEqual([{ groups: [[0, 1], ['2..5']], from: 0, to: 60_000 * MILLISECOND }]);
  });

  it('do not change the document they are given', () => {
    const doc = { workload: { groups: 2 } };
    expect(applyOverrides(doc, ['workload.groups=5'])).toEqual({ workload: { groups: 5 } });
    expect(doc).toEqual({ workload: { groups: 2 } });
  });

  it('are validated like values in the file, and the problem names --set', () => {
    expect(problems(() => parseScenario('', 'x.yaml', ['workload.groups=-1', 'measurement.duration=forever']))).toEqual([
      '--set: workload.groups: found -1, expected a non-negative integer',
      '--set: measurement.duration: found "forever", expected a positive time such as "500 ms", "600 s", "2 min" or "1.5 h" (units us, ms, s, min, h; a plain number is seconds)',
    ]);
  });

  it('of an unknown path are an error naming it', () => {
    expect(problems(() => loadScenario('scenarios/quickstart.yaml', ['workload.foo=1']))).toEqual([
      '--set: workload.foo: found unknown field "foo", expected one of groups, groupSize, joinWindow, mode, sources, messages, lookups',
    ]);
    expect(problems(() => parseScenario('', 'x.yaml', ['overlay.peers.count=3']))).toEqual([
      '--set: overlay.peers.count: found unknown field "count", expected no field inside overlay.peers (it is a value, not a mapping)',
    ]);
    expect(problems(() => parseScenario('', 'x.yaml', ['underlay.min=5 ms']))).toEqual([
      '--set: underlay.min: found unknown field "min", expected one of model, latency, loss, partitions, bandwidth (min needs model: uniform)',
    ]);
  });

  it('that are malformed are an error', () => {
    expect(problems(() => parseScenario('', 'x.yaml', ['seed', '=3', 'a..b=1']))).toEqual([
      '--set: found "seed", expected path=value, e.g. workload.groups=5',
      '--set: found "=3", expected path=value, e.g. workload.groups=5',
      '--set: found "a..b=1", expected path=value, e.g. workload.groups=5',
    ]);
  });

  it('apply to a resolved scenario too', () => {
    const s = loadScenario('scenarios/quickstart.yaml');
    const t = overrideScenario(s, ['workload.groups=9', 'seed=5']);
    expect(t.workload.groups).toBe(9);
    expect(t.seed).toBe(5);
    expect({ ...t, workload: s.workload, seed: s.seed }).toEqual(s);
  });
});
