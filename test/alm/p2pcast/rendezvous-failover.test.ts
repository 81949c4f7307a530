/**
 * The rendezvous point of a P2PCast forest goes away (RFC 7019 §9.3, §8.2, §7.2.10, §9.5): it leaves
 * the overlay gracefully, it crashes, or a peer joining the ring takes group_id over. The peer now
 * responsible for group_id becomes the rendezvous point; the former root's children re-attach under
 * it with their subtrees; it rebuilds its member list; and within 30 s of simulated time every member
 * is again in all f stripe trees (the invariants of forest-check.ts hold) and a Push from a member
 * reaches every member, all f stripes of it, once.
 *
 * 60 members on 61 peers, f = 2, heartbeats on: in the leave and crash cases the peer that takes
 * group_id over is itself a member placed in the forest (it leaves its places and becomes the root);
 * in the handover case it is a new peer, not a member, and the former root is a member that joins
 * the forest again.
 */
import { describe, expect, it } from 'vitest';
import { forestNode } from '../../../src/alm/p2pcast/forest-node.ts';
import { Id } from '../../../src/reload/id.ts';
import { P2PCAST, checkForest, type ForestReport } from './forest-check.ts';
import { candidates, makeForest, type TestForest } from './setup.ts';

const S = 1_000_000;
const F2 = 2;

function build(seed: number): TestForest {
  const F = makeForest(61, F2, { seed, alm: {}, chordUpdate: 10 * S });
  const { t } = F;
  const rng = t.streams.stream('test.failover');
  const all = candidates(F);
  for (const m of all) t.scheduler.schedule(rng.int(10 * S), () => t.usage.join(m, F.gid, P2PCAST), null);
  F.members.push(...all);
  t.scheduler.run(t.scheduler.now + 40 * S);
  expect(checkForest(t.usage, F.key, F.root, F.members, F2).errors).toEqual([]);
  return F;
}

/** The forest as seen from the peer now responsible for group_id; the root itself is in every tree as the root. */
function checkNow(F: TestForest, members: readonly number[]): { root: number; r: ForestReport } {
  const root = F.t.overlay.responsibleTruth(F.gid);
  return { root, r: checkForest(F.t.usage, F.key, root, members.filter((m) => m !== root), F2) };
}

/**
 * Runs until the forest is whole again under the new rendezvous point and its member list holds
 * every other member again; returns the seconds it took.
 */
function recover(F: TestForest, members: readonly number[], limit: number): number {
  const s = F.t.scheduler;
  const t0 = s.now;
  while (s.now - t0 < limit * S) {
    s.run(s.now + S / 2);
    const { root, r } = checkNow(F, members);
    const list = F.t.usage.trees.get(root, P2PCAST, F.key)?.root === true ? forestNode(F.t.usage.trees.get(root, P2PCAST, F.key)!).members : undefined;
    if (root >= 0 && r.errors.length === 0 && list?.size === members.filter((m) => m !== root).length) return (s.now - t0) / S;
  }
  return Infinity;
}

/** One Push from `src`: the members that delivered it, and the stripes each received. */
function pushOnce(F: TestForest, src: number): { delivered: Map<number, number>; stripes: Map<number, number> } {
  const { t } = F;
  const delivered = new Map<number, number>();
  const stripes = new Map<number, number>();
  let seq = -1;
  const offD = t.trace.on('alm.delivered', (e) => {
    if (e.algorithm === P2PCAST && e.source === src && e.seq === seq) delivered.set(e.peer, (delivered.get(e.peer) ?? 0) + 1);
  });
  const offF = t.trace.on('alm.pushForwarded', (e) => {
    if (e.algorithm === P2PCAST && e.to >= 0 && e.source === src && e.seq === seq) stripes.set(e.to, (stripes.get(e.to) ?? 0) + 1);
  });
  seq = t.usage.send(src, F.gid, P2PCAST, 1200);
  t.scheduler.run(t.scheduler.now + 5 * S);
  offD();
  offF();
  return { delivered, stripes };
}

function expectWhole(F: TestForest, members: readonly number[], oldRoot: number): void {
  const { t } = F;
  const { root, r } = checkNow(F, members);
  expect(root).not.toBe(oldRoot);
  expect(r.errors).toEqual([]);
  const rt = t.usage.trees.get(root, P2PCAST, F.key)!;
  expect(rt.root).toBe(true);
  // The member list was rebuilt from the members that learnt of the new root and announced themselves.
  const list = forestNode(rt).members!;
  expect(list.size).toBe(members.filter((m) => m !== root).length);
  const src = members.find((m) => m !== root)!;
  const { delivered, stripes } = pushOnce(F, src);
  for (const m of members) {
    expect(delivered.get(m), `delivery at ${m}`).toBe(1);
    if (m !== root) expect(stripes.get(m), `stripes at ${m}`).toBe(F2);
  }
}

describe('P2PCast: the rendezvous point goes away (RFC 7019 §9.3, §8.2)', () => {
  it('leaves the overlay gracefully: its children re-attach under the new one, and the forest is whole within 30 s', () => {
    const F = build(3);
    const { t } = F;
    const old = F.root;
    t.usage.peerLeaving(old);
    t.overlay.leave(old);
    const took = recover(F, F.members, 30);
    console.log(`rendezvous point left: forest whole again after ${took} s`);
    expect(took).toBeLessThanOrEqual(30);
    expectWhole(F, F.members, old);
  });

  it('crashes: its children find out by heartbeats and re-attach under the new one, and the forest is whole within 30 s', () => {
    const F = build(3);
    const { t } = F;
    const old = F.root;
    t.overlay.crash(old);
    const took = recover(F, F.members, 30);
    console.log(`rendezvous point crashed: forest whole again after ${took} s`);
    expect(took).toBeLessThanOrEqual(30);
    expectWhole(F, F.members, old);
  });

  it('hands group_id over to a joining peer: its children re-attach, the former root (a member) joins again, within 30 s', () => {
    const F = build(5);
    const { t } = F;
    const old = F.root;
    // The former root is a member too: it must end up in every tree as an ordinary member.
    t.usage.join(old, F.gid, P2PCAST);
    t.scheduler.run(t.scheduler.now + S);
    const members = [...F.members, old];
    const p = t.overlay.createPeer(0, { id: Id.fromBigInt(F.gid.toBigInt() + 1n) });
    t.overlay.join(p);
    const took = recover(F, members, 30);
    console.log(`rendezvous point handed over: forest whole again after ${took} s`);
    expect(took).toBeLessThanOrEqual(30);
    expect(t.overlay.responsibleTruth(F.gid)).toBe(p);
    expectWhole(F, members, old);
  });
});
