/**
 * Heartbeats in a P2PCast forest (RFC 7019 §7.2.14; the stripe claim is this project's decision for
 * multi-stripe trees, see README "Protocol decisions"): each member sends one Heartbeat per distinct
 * parent per interval, and its options name exactly the stripes in which that peer is its parent,
 * also after the forest has changed under it.
 */
import { describe, expect, it } from 'vitest';
import { dictionaryGet } from '../../../src/alm/wire/dictionary.ts';
import type { Id } from '../../../src/reload/id.ts';
import type { Dictionary } from '../../../src/alm/wire/dictionary.ts';
import { P2PCAST, checkForest } from './forest-check.ts';
import { candidates, makeForest, type TestForest } from './setup.ts';

const S = 1_000_000;
const F4 = 4;

interface Seen {
  from: number;
  to: number;
  claim: number;
}

/** Records the Heartbeats of group `gid` as their parents receive them, with the claimed stripes. */
function recordHeartbeats(F: TestForest): { seen: Seen[]; off: () => void } {
  const seen: Seen[] = [];
  const off = F.t.trace.on('reload.messageReceived', (e) => {
    const m = e.msg;
    const alm = m.body as { code: number; body: { groupId: Id; options: Dictionary } };
    if (m.code !== 0x23 || alm.code !== 14 || !alm.body.groupId.equals(F.gid)) return;
    const bytes = dictionaryGet(alm.body.options, 'stripes')!;
    let claim = 0;
    for (let st = 0; st < F.f; st++) if ((bytes[st >> 3]! & (1 << (st & 7))) !== 0) claim |= 1 << st;
    seen.push({ from: m.origin, to: e.peer, claim });
  });
  return { seen, off };
}

/** Stripes (bitmask) in which `parent` is the parent of `m` now. */
function stripesUnder(F: TestForest, m: number, parent: number): number {
  const t = F.t.usage.trees.get(m, P2PCAST, F.key)!;
  let mask = 0;
  for (let st = 0; st < F.f; st++) if (t.parents[st] === parent) mask |= 1 << st;
  return mask;
}

/** Over 10 s of a quiet forest: 5 Heartbeats per (member, distinct parent), each claiming its stripes. */
function expectClaims(F: TestForest, members: readonly number[]): void {
  const { seen, off } = recordHeartbeats(F);
  F.t.scheduler.run(F.t.scheduler.now + 10 * S);
  off();
  let pairs = 0;
  for (const m of members) {
    const parents = new Set(F.t.usage.trees.get(m, P2PCAST, F.key)!.parents);
    for (const p of parents) {
      const mine = seen.filter((h) => h.from === m && h.to === p);
      expect(mine.length).toBe(5);
      for (const h of mine) expect(h.claim).toBe(stripesUnder(F, m, p));
      pairs++;
    }
    // No Heartbeat went to a peer that is not one of its parents.
    expect(seen.filter((h) => h.from === m && !parents.has(h.to))).toEqual([]);
  }
  expect(pairs).toBeGreaterThan(members.length);
}

describe('P2PCast Heartbeats (RFC 7019 §7.2.14, f = 4)', () => {
  it('one per distinct parent per interval, claiming exactly its stripes, before and after members leave', () => {
    const F = makeForest(41, F4, { seed: 3, alm: {} });
    const { t } = F;
    const all = candidates(F);
    for (const m of all) {
      t.usage.join(m, F.gid, P2PCAST);
      t.scheduler.run(t.scheduler.now + S / 2);
    }
    F.members.push(...all);
    t.scheduler.run(t.scheduler.now + 20 * S);
    expect(checkForest(t.usage, F.key, F.root, F.members, F4).errors).toEqual([]);
    expectClaims(F, F.members);
    // Members with children leave: their children take new places, under new parents.
    const leaving = F.members.filter((m) => t.usage.trees.get(m, P2PCAST, F.key)!.totalChildren() > 0).slice(0, 5);
    expect(leaving.length).toBe(5);
    for (const m of leaving) t.usage.leave(m, F.gid, P2PCAST);
    const stay = F.members.filter((m) => !leaving.includes(m));
    t.scheduler.run(t.scheduler.now + 20 * S);
    expect(checkForest(t.usage, F.key, F.root, stay, F4).errors).toEqual([]);
    expectClaims(F, stay);
  });
});
