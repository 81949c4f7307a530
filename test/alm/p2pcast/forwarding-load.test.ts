/**
 * Forwarding load, P2PCast against Scribe on the same seeded workload: 1,000 peers, all but the
 * rendezvous point join one group (same session key, so the same rendezvous point), then 20 messages
 * from the same random members. A P2PCast member forwards stripe units only in its proper stripe, to at
 * most f children: at most f units (one stream's worth) per message (RFC 7019 §9.1: "each peer
 * contributes as much bandwidth as it receives"); in Scribe the most loaded peer forwards many times
 * the mean (the tree's fan-out gathers near the rendezvous point, Castro et al. 2002).
 */
import { describe, expect, it } from 'vitest';
import { Scribe } from '../../../src/alm/scribe/scribe.ts';
import { P2PCAST } from './forest-check.ts';
import { candidates, check, makeForest, settle } from './setup.ts';

const SCRIBE = 1;
const N = 1000;
const F = 2;
const MESSAGES = 20;
const SEED = 41;

interface Load {
  /** Stream units (whole messages' worth) forwarded per message, by peer. */
  readonly perPeer: Map<number, number>;
  readonly root: number;
}

function run(algorithm: 'p2pcast' | 'scribe'): Load {
  const F0 = makeForest(N + 1, F, { seed: SEED, others: algorithm === 'scribe' ? [new Scribe()] : [] });
  const { t } = F0;
  const alg = algorithm === 'scribe' ? SCRIBE : P2PCAST;
  const members = candidates(F0);
  let gid = F0.gid;
  if (algorithm === 'scribe') {
    gid = t.usage.create(t.peers[0]!, 'p2pcast-group', SCRIBE);
    t.scheduler.run(t.scheduler.now + 1_000_000);
    expect(gid.equals(F0.gid)).toBe(true);
    for (const m of members) t.usage.join(m, gid, SCRIBE);
    t.scheduler.run(t.scheduler.now + 30_000_000);
  } else {
    for (const m of members) {
      t.usage.join(m, gid, P2PCAST);
      settle(F0);
    }
    F0.members.push(...members);
    expect(check(F0).errors).toEqual([]);
  }
  const units = new Map<number, number>();
  let deliveries = 0;
  t.trace.on('alm.pushForwarded', (e) => {
    if (e.algorithm !== alg || e.to < 0) return;
    units.set(e.peer, (units.get(e.peer) ?? 0) + 1);
  });
  t.trace.on('alm.delivered', (e) => {
    if (e.algorithm === alg) deliveries++;
  });
  const rng = t.streams.stream('test.sources');
  for (let i = 0; i < MESSAGES; i++) {
    t.usage.send(members[rng.int(members.length)]!, gid, alg, 1000);
    t.scheduler.run(t.scheduler.now + 300_000);
  }
  t.scheduler.run(t.scheduler.now + 5_000_000);
  expect(deliveries).toBe(N * MESSAGES);
  // A P2PCast forward carries one stripe: 1/f of a stream.
  const perStream = algorithm === 'p2pcast' ? F : 1;
  const perPeer = new Map<number, number>();
  for (const [p, u] of units) perPeer.set(p, u / MESSAGES / perStream);
  return { perPeer, root: F0.root };
}

describe('forwarding load, 1,000 members, P2PCast f = 2 against Scribe (RFC 7019 §9.1, §8)', () => {
  it('every P2PCast member forwards at most f stripe units (one stream) per message; Scribe\'s most loaded peer forwards many times its mean', () => {
    const p = run('p2pcast');
    const s = run('scribe');
    let pMax = 0;
    let pSum = 0;
    for (const [peer, load] of p.perPeer) {
      if (peer === p.root) continue;
      pMax = Math.max(pMax, load);
      pSum += load;
    }
    // Members forward N - (the root's children) stripe units per stripe in all: on average
    // almost exactly one stream each, and none more than one.
    expect(pMax).toBe(1);
    expect(pSum).toBeCloseTo((F * N - F * F) / F, 6);
    // The rendezvous point sends its f children per stripe f stripes each: f streams.
    expect(p.perPeer.get(p.root)).toBe(F);

    const sLoads = [...s.perPeer.values()];
    const sMean = sLoads.reduce((a, b) => a + b, 0) / sLoads.length;
    const sMax = Math.max(...sLoads);
    expect(sMax / sMean).toBeGreaterThan(5);
    expect(sMax).toBeGreaterThan(5 * pMax);
    console.log(`forwarding load (streams per message): P2PCast member max ${pMax}, mean ${(pSum / (p.perPeer.size - 1)).toFixed(2)}, root ${p.perPeer.get(p.root)}; Scribe max ${sMax}, mean ${sMean.toFixed(2)} over ${sLoads.length} forwarding peers`);
  });
});
