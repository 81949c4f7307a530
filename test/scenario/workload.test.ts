import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/sim/random.ts';
import { SECOND } from '../../src/sim/time.ts';
import { loadScenario, parseScenario } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { messageSchedule, planWorkload, STREAMS, zipfScribeSize, type MessageSend } from '../../src/scenario/workload.ts';

function plan(s: Scenario, seed = s.seed) {
  return planWorkload(s, new RandomStreams(seed).stream(STREAMS.workload));
}

function sends(s: Scenario, seed = s.seed): MessageSend[] {
  const streams = new RandomStreams(seed);
  return [...messageSchedule(s, planWorkload(s, streams.stream(STREAMS.workload)), streams.stream(STREAMS.messages))];
}

describe('zipf-scribe group sizes', () => {
  it('follow floor(N r^-1.25 + 0.5) exactly for N = 100,000', () => {
    // Hand-checked: 2^-1.25 = 0.4204482076..., so rank 2 has floor(42044.82 + 0.5) = 42045 members.
    expect(zipfScribeSize(1, 100_000)).toBe(100_000);
    expect(zipfScribeSize(2, 100_000)).toBe(42_045);
    expect(zipfScribeSize(3, 100_000)).toBe(25_328);
    expect(zipfScribeSize(10, 100_000)).toBe(5_623);
    expect(zipfScribeSize(100, 100_000)).toBe(316);
    expect(zipfScribeSize(1000, 100_000)).toBe(18);
    expect(zipfScribeSize(1500, 100_000)).toBe(11);
    let total = 0;
    for (let r = 1; r <= 1500; r++) {
      const size = zipfScribeSize(r, 100_000);
      expect(size).toBe(Math.floor(100_000 * r ** -1.25 + 0.5));
      total += size;
    }
    expect(total).toBe(395_247);
  });

  it('are capped to [1, N]', () => {
    expect(zipfScribeSize(1, 7)).toBe(7);
    expect(zipfScribeSize(1000, 10)).toBe(1);
  });

  it('give the plan of the large-static scenario', () => {
    const s = loadScenario('scenarios/large-static.yaml');
    const p = plan(s);
    expect(p.groups).toHaveLength(1500);
    expect(p.groups.map((g) => g.size)).toEqual(Array.from({ length: 1500 }, (_, i) => zipfScribeSize(i + 1, 100_000)));
    const first = new Set(p.groups[0]!.members);
    expect(first.size).toBe(100_000);
  });
});

describe('workload plan', () => {
  const s = parseScenario(
    'overlay: {peers: 500}\nworkload: {groups: 30, groupSize: {dist: uniform, min: 5, max: 60}, mode: asm, sources: 3, joinWindow: {from: 5 s, to: 20 s}}',
    'x.yaml',
  );

  it('has distinct members among the slots, the creator first, join times in the window', () => {
    const p = plan(s);
    expect(p.groups).toHaveLength(30);
    for (const g of p.groups) {
      expect(g.sessionKey).toBe(`group-${g.index}`);
      expect(g.size).toBeGreaterThanOrEqual(5);
      expect(g.size).toBeLessThanOrEqual(60);
      expect(g.members).toHaveLength(g.size);
      expect(new Set(g.members).size).toBe(g.size);
      expect([...g.members].every((m) => m >= 0 && m < 500 && Number.isInteger(m))).toBe(true);
      expect(g.creator).toBe(g.members[0]);
      expect(g.createAt).toBe(5 * SECOND);
      expect(g.joinTimes[0]).toBe(5 * SECOND);
      expect([...g.joinTimes].every((t) => t >= 5 * SECOND && t < 20 * SECOND && Number.isInteger(t))).toBe(true);
      expect([...g.senders]).toEqual([...g.members.slice(0, Math.min(3, g.size))]);
    }
    expect(new Set(p.groups.map((g) => g.size)).size).toBeGreaterThan(10);
  });

  it('is deterministic, and the same whatever the algorithm or churn settings', () => {
    const a = plan(s);
    expect(plan(s)).toEqual(a);
    const other = parseScenario(
      'overlay: {peers: 500}\nworkload: {groups: 30, groupSize: {dist: uniform, min: 5, max: 60}, mode: asm, sources: 3, joinWindow: {from: 5 s, to: 20 s}}\n' +
        'alm: {algorithms: [p2pcast, scribe], p2pcast: {stripes: 4}}\nchurn: {model: lifetime}',
      'x.yaml',
    );
    expect(plan(other)).toEqual(a);
    expect(plan(s, 2)).not.toEqual(a);
  });

  it('ssm has the creator as the only sender', () => {
    const p = plan(parseScenario('overlay: {peers: 50}\nworkload: {groups: 4, groupSize: {size: 8}}', 'x.yaml'));
    for (const g of p.groups) expect([...g.senders]).toEqual([g.creator]);
  });
});

describe('message schedule', () => {
  it('periodic count: exactly `count` messages per group in [start, stop), split among senders, in time order', () => {
    const s = parseScenario(
      'overlay: {peers: 100}\nworkload: {groups: 3, groupSize: {size: 10}, mode: asm, sources: 3, messages: {count: 10, start: 60 s, stop: 120 s}}',
      'x.yaml',
    );
    const out = sends(s);
    expect(out).toHaveLength(30);
    const p = plan(s);
    for (let g = 0; g < 3; g++) {
      const mine = out.filter((m) => m.group === g);
      expect(mine.map((m) => m.seq)).toEqual([...Array(10).keys()]);
      const perSender = [...p.groups[g]!.senders].map((slot) => mine.filter((m) => m.sender === slot).length);
      expect(perSender).toEqual([4, 3, 3]);
    }
    expect(out.every((m) => m.time >= 60 * SECOND && m.time < 120 * SECOND && Number.isInteger(m.time))).toBe(true);
    for (let i = 1; i < out.length; i++) expect(out[i]!.time).toBeGreaterThanOrEqual(out[i - 1]!.time);
  });

  it('periodic rate: rate x window messages per group, evenly spaced', () => {
    const s = parseScenario('overlay: {peers: 100}\nworkload: {groups: 2, messages: {rate: 2}}\nmeasurement: {warmup: 10 s, duration: 100 s}', 'x.yaml');
    const out = sends(s);
    expect(out.filter((m) => m.group === 0)).toHaveLength(200);
    const times = out.filter((m) => m.group === 1).map((m) => m.time);
    for (let i = 1; i < times.length; i++) expect(Math.abs(times[i]! - times[i - 1]! - 0.5 * SECOND)).toBeLessThanOrEqual(1);
  });

  it('poisson: about rate x window messages, deterministic', () => {
    const s = parseScenario('overlay: {peers: 100}\nworkload: {groups: 20, messages: {rate: 5, pattern: poisson}}\nmeasurement: {warmup: 0, duration: 100 s}', 'x.yaml');
    const out = sends(s);
    expect(Math.abs(out.length - 10_000)).toBeLessThan(4 * 100);
    expect(sends(s)).toEqual(out);
  });

  it('no messages when the count is 0', () => {
    expect(sends(parseScenario('workload: {messages: {count: 0}}', 'x.yaml'))).toEqual([]);
  });
});
