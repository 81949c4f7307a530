import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Scribe } from '../../src/alm/index.ts';
import { parseScenario } from '../../src/scenario/load.ts';
import { Simulation } from '../../src/scenario/simulation.ts';
import type { ScenarioTraceEvent } from '../../src/scenario/trace-events.ts';
import { tempDir } from '../cli/helpers.ts';

const BASE = `
seed: 4
overlay: { peers: 30 }
underlay: { model: constant, latency: 20 ms }
workload:
  groups: 2
  groupSize: { dist: fixed, size: 8 }
  joinWindow: { from: 1 s, to: 3 s }
  messages: { rate: 2, payloadBytes: 100 }
measurement: { warmup: 10 s, duration: 20 s, drain: 2 s }
`;

/** A scenario with a churn trace written next to it. */
function withTrace(trace: string, extra = ''): { dir: string; file: string; text: string } {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'traces'));
  writeFileSync(path.join(dir, 'traces/churn.txt'), trace);
  return { dir, file: path.join(dir, 's.yaml'), text: `${BASE}churn: { model: trace, file: traces/churn.txt${extra} }\n` };
}

function events(sim: Simulation) {
  const log: ScenarioTraceEvent[] = [];
  for (const t of ['scenario.churn', 'scenario.membership', 'scenario.send', 'scenario.groupCreate'] as const) sim.trace.on(t, (e) => log.push(e));
  const members: { time: number; peer: number; group: string }[] = [];
  sim.trace.on('alm.membership', (e) => members.push({ time: e.time, peer: e.peer, group: e.group }));
  return { log, members };
}

describe('the scenario drivers', () => {
  it('apply a churn trace slot by slot; a new node on a member slot rejoins its groups once it is up', () => {
    // Find a non-creator member of group 0 and the creator (only sender) of group 1 first.
    const probe = new Simulation(parseScenario(`${BASE}churn: { model: none }\n`, 'p.yaml'), { algorithm: new Scribe() });
    const member = probe.plan.groups[0]!.members[1]!;
    const creator = probe.plan.groups[1]!.creator;
    expect(member).not.toBe(creator);
    const t = withTrace(`1 s CRASH ${member}\n2 s CRASH ${creator}\n5 s JOIN ${member}\n`);
    const sim = new Simulation(parseScenario(t.text, t.file), { algorithm: new Scribe() });
    const { log, members } = events(sim);
    sim.runToEnd();
    const churn = log.filter((e) => e.type === 'scenario.churn');
    expect(churn.map((e) => [e.time, e.kind, e.slot])).toEqual([
      [11_000_000, 'crash', member],
      [12_000_000, 'crash', creator],
      [15_000_000, 'join', member],
    ]);
    const crashed = churn[0]!.peer;
    expect(crashed).toBe(member); // warm bootstrap: slot s holds peer s
    const newPeer = churn[2]!.peer;
    expect(newPeer).toBe(30); // every slot starts up (peers 0..29); the first new node is peer 30
    expect(sim.overlay.peers.host[newPeer]).toBe(member);
    // The application on the new node is a member from its start; its tree join follows its RELOAD join.
    const m = log.filter((e) => e.type === 'scenario.membership' && e.slot === member && e.group === 0);
    expect(m.map((e) => [e.time, e.peer])).toEqual([
      [expect.any(Number), crashed],
      [15_000_000, newPeer],
    ]);
    const rejoin = members.find((e) => e.peer === newPeer);
    expect(rejoin).toBeDefined();
    expect(rejoin!.time).toBeGreaterThan(15_000_000);
    expect(rejoin!.group).toBe(sim.workload.groupIds[0]!.toHex());
    // Group 1's only sender is down from 12 s: its sends are skipped and counted, group 0's are made.
    const sends1 = log.filter((e) => e.type === 'scenario.send' && e.group === 1);
    expect(sends1.filter((e) => e.time >= 12_000_000).every((e) => e.type === 'scenario.send' && !e.sent)).toBe(true);
    expect(sim.workload.sendsSkipped[1]).toBe(sends1.filter((e) => e.time >= 12_000_000).length);
    expect(sim.workload.sendsSkipped[1]).toBeGreaterThan(30);
    expect(sim.workload.sendsSkipped[0]).toBe(0);
    expect(sim.workload.sendsMade[0]).toBe(2 * 20);
  });

  it('a group whose creator slot is down at its creation time is created by the slot\'s next node', () => {
    const probe = new Simulation(parseScenario(`${BASE}churn: { model: none }\n`, 'p.yaml'), { algorithm: new Scribe() });
    const creator = probe.plan.groups[0]!.creator;
    const t = withTrace(`4 s JOIN ${creator}\n`, ', start: 0 s');
    const sim = new Simulation(parseScenario(t.text, t.file), { algorithm: new Scribe() });
    const { log } = events(sim);
    sim.runToEnd();
    const creates = log.filter((e) => e.type === 'scenario.groupCreate' && e.group === 0);
    expect(creates).toHaveLength(1);
    expect(creates[0]!.time).toBeGreaterThan(4_000_000);
    expect(sim.overlay.peers.host[creates[0]!.peer]).toBe(creator);
  });

  it('protocol bootstrap: slot i starts its RELOAD join at i x joinInterval; clients are the last slots', () => {
    const s = parseScenario(`${BASE}churn: { model: none }\n`, 'b.yaml', ['overlay.bootstrap.mode=protocol', 'overlay.bootstrap.joinInterval=200ms', 'overlay.clientsFraction=0.2']);
    const sim = new Simulation(s, { algorithm: new Scribe() });
    const joined: { time: number; peer: number; how: string; client: boolean }[] = [];
    sim.trace.on('reload.peerJoined', (e) => joined.push(e));
    sim.runToEnd();
    expect(joined).toHaveLength(30);
    for (const j of joined) {
      const slot = sim.overlay.peers.host[j.peer]!;
      expect(j.how).toBe('protocol');
      expect(j.time).toBeGreaterThanOrEqual(slot * 200_000);
      expect(j.client).toBe(slot >= 24);
    }
    expect(joined[0]).toMatchObject({ time: 0, peer: 0 });
  });
});
