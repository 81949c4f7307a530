import { describe, expect, it } from 'vitest';
import { Scribe } from '../../src/alm/index.ts';
import { ScenarioError } from '../../src/scenario/errors.ts';
import { parseScenario } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run-scenario.ts';
import { Simulation } from '../../src/scenario/simulation.ts';
import type { LookupDoneEvent, LookupSentEvent } from '../../src/scenario/trace-events.ts';

const RING = `
seed: 3
overlay: { peers: 64 }
underlay: { model: constant, latency: 10 ms }
workload: { groups: 0, lookups: { count: 200 } }
measurement: { warmup: 1 s, duration: 10 s, drain: 5 s }
`;

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err.lines();
    throw err;
  }
  return [];
}

function lookupEvents(text: string, overrides: string[] = []) {
  const sim = new Simulation(parseScenario(text, 'x.yaml', overrides), { algorithm: new Scribe() });
  const sent: LookupSentEvent[] = [];
  const done: LookupDoneEvent[] = [];
  sim.trace.on('scenario.lookup', (e) => sent.push(e));
  sim.trace.on('scenario.lookupDone', (e) => done.push(e));
  sim.runToEnd();
  return { sim, sent, done };
}

describe('workload.lookups', () => {
  it('is off by default, and a scenario may have no groups', () => {
    const s = parseScenario('workload: {groups: 0}', 'x.yaml');
    expect(s.workload.groups).toBe(0);
    expect(s.workload.lookups).toEqual({ start: 40_000_000, stop: 340_000_000 });
    const { sent } = lookupEvents('workload: {groups: 0}\nmeasurement: {warmup: 1 s, duration: 5 s, drain: 1 s}\noverlay: {peers: 8}');
    expect(sent).toEqual([]);
  });

  it('rejects rate and count together, and a stop before the start or after the run', () => {
    expect(problems(() => parseScenario('workload: {lookups: {rate: 1, count: 5}}', 'x.yaml'))).toEqual([
      'x.yaml: workload.lookups.count: found 5, expected either lookups.rate or lookups.count, not both',
    ]);
    expect(problems(() => parseScenario('workload: {lookups: {count: 5, start: 20 s, stop: 10 s}}', 'x.yaml'))).toEqual([
      'x.yaml: workload.lookups.stop: found 10 s, expected a time at or after workload.lookups.start (20 s)',
    ]);
    expect(problems(() => parseScenario('workload: {lookups: {count: 5, stop: 1 h}}', 'x.yaml'))[0]).toMatch(/workload\.lookups\.stop: found 1 h, expected at most the end of the run/);
  });

  it('with count: exactly that many lookups, evenly spaced in [start, stop), each answered by the responsible peer', () => {
    const { sim, sent, done } = lookupEvents(RING);
    expect(sent).toHaveLength(200);
    const gaps = sent.slice(1).map((e, i) => e.time - sent[i]!.time);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    expect(sent[0]!.time).toBeGreaterThanOrEqual(1_000_000);
    expect(sent[199]!.time).toBeLessThan(11_000_000);
    expect(done).toHaveLength(200);
    expect(done.every((d) => d.ok && d.hops >= 0 && d.rtt === d.hops * 2 * 10_000)).toBe(true);
    // A static ring of 64: about (1/2) log2 64 = 3 hops on average.
    const mean = done.reduce((a, d) => a + d.hops, 0) / done.length;
    expect(mean).toBeGreaterThan(2.2);
    expect(mean).toBeLessThan(3.8);
    expect(sim.lookups.issued).toBe(200);
  });

  it('with rate: Poisson arrivals of rate x peer slots; the same seed gives the same lookups, another seed others', () => {
    const text = RING.replace('lookups: { count: 200 }', 'lookups: { rate: 0.5 }');
    const a = lookupEvents(text);
    // 64 slots x 0.5/s x 10 s = 320 expected.
    expect(a.sent.length).toBeGreaterThan(250);
    expect(a.sent.length).toBeLessThan(390);
    const b = lookupEvents(text);
    expect(b.sent).toEqual(a.sent);
    expect(b.done).toEqual(a.done);
    const c = lookupEvents(text, ['seed=4']);
    expect(c.sent.map((e) => e.slot)).not.toEqual(a.sent.map((e) => e.slot));
  });

  it('skips a lookup whose slot has no node up, and the run result reports them', async () => {
    const text = `${RING}churn: { model: lifetime, session: { mean: 20 s }, offTime: { mean: 20 s }, initialState: steady }\n`;
    const { sent, done } = lookupEvents(text);
    const skipped = sent.filter((e) => e.peer < 0).length;
    expect(skipped).toBeGreaterThan(20);
    expect(done.length).toBeLessThanOrEqual(sent.length - skipped);
    const r = await runScenario(parseScenario(text, 'x.yaml'), { crawl: false });
    const l = r.algorithms[0]!.summary.lookups;
    expect(l.skipped).toBe(skipped);
    expect(l.issued).toBe(sent.length - skipped);
    expect(l.successRatio).toBe(l.answered / l.issued);
    expect(r.algorithms[0]!.distributions.lookupHops.length).toBe(l.answered);
  });
});
