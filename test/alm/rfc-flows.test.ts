/**
 * The message flows of RFC 7019 §11 (Figures 6-9) reproduced on a small overlay. Peers are chosen so
 * that their route to group_id is one overlay hop, as in the figures, where P1..P4 talk to the
 * group_id node directly.
 */
import { describe, expect, it } from 'vitest';
import { createAlmTreeCodec } from '../../src/alm/wire/bodies.ts';
import { ALMTREE_KIND_ID } from '../../src/alm/wire/codes.ts';
import { resourceId, type Id } from '../../src/reload/id.ts';
import { makeAlm, recordFlows, type Flow, type TestAlm } from './helpers.ts';

const SCRIBE = 1;

/** Peers (other than the root) whose next hop to group_id is the root itself. */
function directJoiners(t: TestAlm, groupId: Id, root: number): number[] {
  return t.peers.filter((p) => p !== root && t.overlay.chord.nextHop(p, groupId) === root);
}

/** Finds a session key whose group has at least `k` one-hop joiners. */
function setup(k: number, alm = {}) {
  const t = makeAlm(24, { seed: 11, alm });
  for (let i = 0; ; i++) {
    const key = `figure-group-${i}`;
    const groupId = resourceId(key);
    const root = t.overlay.responsibleTruth(groupId);
    const joiners = directJoiners(t, groupId, root);
    if (joiners.length >= k) return { t, key, groupId, root, joiners };
  }
}

const between = (flows: Flow[], from: number, to: number) => flows.filter((f) => f.from === from && f.to === to).map((f) => f.what);
/** As `between`, without replication traffic (the sender may also be one of the root's successors). */
const betweenNoReplicas = (flows: Flow[], from: number, to: number) => between(flows, from, to).filter((w) => !w.startsWith('Store'));

describe('RFC 7019 §11 message flows', () => {
  it('Figure 6: CreateALMTree, the root stores the ALMTree, then Fetch returns it', () => {
    const { t, key, groupId, root, joiners } = setup(1);
    const p1 = joiners[0]!;
    const flows = recordFlows(t);
    let created = false;
    t.usage.create(p1, key, SCRIBE, (ok) => (created = ok));
    t.scheduler.run(t.scheduler.now + 2_000_000);
    expect(created).toBe(true);
    // P1 -> group_id: CreateALMTree; the root's local StoreReq replicates to its two successors;
    // group_id -> P1: CreateALMTreeResponse.
    const s1 = t.overlay.table.successor(root, 0);
    const s2 = t.overlay.table.successor(root, 1);
    expect(betweenNoReplicas(flows, p1, root)).toEqual(['CreateALMTree']);
    expect(between(flows, root, s1)).toContain('StoreReq(replica 1)');
    expect(between(flows, root, s2)).toContain('StoreReq(replica 2)');
    expect(betweenNoReplicas(flows, root, p1)).toEqual(['CreateALMTreeResponse']);
    expect(flows.findIndex((f) => f.what === 'CreateALMTreeResponse')).toBeGreaterThan(flows.findIndex((f) => f.what === 'CreateALMTree'));

    let fetched: Uint8Array | undefined;
    t.overlay.storage.fetch(p1, groupId, ALMTREE_KIND_ID, (r) => {
      const v = r.values[0]?.value;
      if (v?.model === 'single') fetched = v.value.value;
    });
    t.scheduler.run(t.scheduler.now + 2_000_000);
    expect(betweenNoReplicas(flows, p1, root)).toEqual(['CreateALMTree', 'FetchReq']);
    expect(betweenNoReplicas(flows, root, p1)).toEqual(['CreateALMTreeResponse', 'FetchAns']);
    const tree = createAlmTreeCodec.decode(fetched!);
    expect(tree.peerId.equals(t.overlay.peers.idOf[p1]!)).toBe(true);
    expect(tree.groupId.equals(groupId)).toBe(true);
    expect(new TextDecoder().decode(tree.sessionKey)).toBe(key);
  });

  it('Figure 7: Join with JoinAccept, JoinConfirm and JoinDecline', () => {
    // The root takes two children; a third joiner is pointed at them, both accept, it confirms one
    // and declines the other.
    const { t, key, groupId, root, joiners } = setup(3, { childLimit: 2 });
    const [p1, p3, p4] = joiners as [number, number, number];
    t.usage.create(p1, key, SCRIBE);
    t.scheduler.run(t.scheduler.now + 2_000_000);
    const flows = recordFlows(t);
    t.usage.join(p1, groupId, SCRIBE);
    t.scheduler.run(t.scheduler.now + 2_000_000);
    expect(between(flows, p1, root)).toEqual(['Join', 'JoinConfirm']);
    expect(between(flows, root, p1)).toEqual(['JoinAccept', 'JoinConfirmResponse']);
    t.usage.join(p3, groupId, SCRIBE);
    t.scheduler.run(t.scheduler.now + 2_000_000);
    expect(t.usage.trees.get(root, SCRIBE, groupId.toHex())!.children[0]).toEqual([p1, p3]);

    flows.length = 0;
    t.usage.join(p4, groupId, SCRIBE);
    t.scheduler.run(t.scheduler.now + 5_000_000);
    // The root is full: JoinReject (Error_Exp_A 0x12 with Child_Limit_Reached) naming its children.
    expect(between(flows, p4, root)).toEqual(['Join']);
    expect(between(flows, root, p4)).toEqual(['Error(18)']);
    const accepted = [p1, p3].filter((c) => between(flows, c, p4).includes('JoinAccept'));
    expect(accepted.sort()).toEqual([p1, p3].sort());
    const parent = t.usage.trees.get(p4, SCRIBE, groupId.toHex())!.parents[0]!;
    const other = parent === p1 ? p3 : p1;
    expect(between(flows, p4, parent)).toEqual(['Join', 'JoinConfirm']);
    expect(between(flows, parent, p4)).toEqual(['JoinAccept', 'JoinConfirmResponse']);
    expect(between(flows, p4, other)).toEqual(['Join', 'JoinDecline']);
    expect(between(flows, other, p4)).toEqual(['JoinAccept', 'JoinDeclineResponse']);
    expect(t.usage.trees.get(parent, SCRIBE, groupId.toHex())!.children[0]).toEqual([p4]);
    expect(t.usage.trees.get(other, SCRIBE, groupId.toHex())!.children[0]).toEqual([]);
  });

  it('Figure 8: Leave and LeaveResponse; the parent forgets the child', () => {
    const { t, key, groupId, root, joiners } = setup(2);
    const [p1, p4] = joiners as [number, number];
    t.usage.create(p1, key, SCRIBE);
    t.scheduler.run(t.scheduler.now + 2_000_000);
    t.usage.join(p1, groupId, SCRIBE);
    t.usage.join(p4, groupId, SCRIBE);
    t.scheduler.run(t.scheduler.now + 3_000_000);
    expect(t.usage.trees.get(root, SCRIBE, groupId.toHex())!.children[0]).toContain(p4);
    const flows = recordFlows(t);
    t.usage.leave(p4, groupId, SCRIBE);
    t.scheduler.run(t.scheduler.now + 2_000_000);
    expect(between(flows, p4, root)).toEqual(['Leave']);
    expect(between(flows, root, p4)).toEqual(['LeaveResponse']);
    expect(t.usage.trees.get(root, SCRIBE, groupId.toHex())!.children[0]).not.toContain(p4);
    expect(t.usage.trees.get(p4, SCRIBE, groupId.toHex())).toBeUndefined();
  });

  it('Figure 9: Push to group_id, PushResponse, then down the tree with a PushResponse per hop', () => {
    const { t, key, groupId, root, joiners } = setup(3);
    const [p1, p2, p4] = joiners as [number, number, number];
    t.usage.create(p1, key, SCRIBE);
    t.scheduler.run(t.scheduler.now + 2_000_000);
    for (const p of [p1, p2, p4]) t.usage.join(p, groupId, SCRIBE);
    t.scheduler.run(t.scheduler.now + 3_000_000);
    const flows = recordFlows(t);
    t.usage.send(p1, groupId, SCRIBE, 100);
    t.scheduler.run(t.scheduler.now + 2_000_000);
    expect(between(flows, p1, root)).toEqual(['Push', 'PushResponse']);
    expect(between(flows, root, p1)).toEqual(['PushResponse', 'Push']);
    for (const p of [p2, p4]) {
      expect(between(flows, root, p)).toEqual(['Push']);
      expect(between(flows, p, root)).toEqual(['PushResponse']);
    }
  });
});
