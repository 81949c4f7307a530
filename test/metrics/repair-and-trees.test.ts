import { describe, expect, it } from 'vitest';
import { TreeState, TreeStore } from '../../src/alm/index.ts';
import { GroupIndex } from '../../src/metrics/group-index.ts';
import { RepairCollector } from '../../src/metrics/repair-collector.ts';
import { TreeSnapshotCollector } from '../../src/metrics/tree-snapshot-collector.ts';
import { Scheduler } from '../../src/sim/index.ts';
import { group, makeTrace, peerTable, SCRIBE, WINDOW } from './helpers.ts';

describe('repair time', () => {
  it('measures repairStart -> repaired, and reports censored, abandoned and dropped repairs apart', () => {
    const trace = makeTrace();
    const g = group('g');
    const groups = new GroupIndex([g.id]);
    const trees = new TreeStore();
    const repairs = new RepairCollector({ trace, groups, peers: peerTable([0, 1, 2, 3, 4, 5]), trees }, { algorithm: SCRIBE, window: WINDOW });
    const start = (peer: number, time: number) =>
      trace.emit({ type: 'alm.repairStart', time, peer, group: g.key, algorithm: SCRIBE, stripe: 0, cause: 'heartbeat', lostParent: 9 });
    start(1, 1_000_000);
    trace.emit({ type: 'alm.repaired', time: 3_500_000, peer: 1, group: g.key, algorithm: SCRIBE, stripe: 0, startedAt: 1_000_000, newParent: 2 });
    start(2, 2_000_000);
    trace.emit({ type: 'reload.peerLeft', time: 2_500_000, peer: 2, how: 'crash' }); // abandoned
    start(3, 4_000_000); // still repairing at the end: censored
    const t3 = trees.add(new TreeState(3, g.id, g.key, SCRIBE, 1, 0));
    t3.repairSince[0] = 4_000_000;
    start(4, 5_000_000); // the peer left the tree: dropped
    start(5, WINDOW.end); // outside the window
    const r = repairs.finish();
    expect(r.summary).toEqual({
      started: 4,
      repaired: 1,
      censored: 1,
      abandoned: 1,
      dropped: 1,
      timeS: { count: 1, mean: 2.5, p50: 2.5, p95: 2.5, max: 2.5 },
    });
    expect(r.repairs.data['outcome']).toEqual(['repaired', 'abandoned', 'censored', 'dropped']);
    expect(r.repairs.data['duration_s']).toEqual([2.5, null, null, null]);
  });
});

describe('tree shape from the ground truth', () => {
  it('computes fanout, node stress and depth of a hand-built tree', () => {
    // Group g: root 0 -> {1, 2}, 1 -> {3}; members 2 and 3 (0 and 1 only forward). Group h: root 3 -> {0}.
    const g = group('g');
    const h = group('h');
    const trees = new TreeStore();
    const node = (peer: number, grp: { id: ReturnType<typeof group>['id']; key: string }, parent: number, children: number[], member: boolean, root = false) => {
      const t = new TreeState(peer, grp.id, grp.key, SCRIBE, 1, 0);
      t.parents[0] = parent;
      t.children[0]!.push(...children);
      t.member = member;
      t.root = root;
      trees.add(t);
    };
    node(0, g, -1, [1, 2], false, true);
    node(1, g, 0, [3], false);
    node(2, g, 0, [], true);
    node(3, g, 1, [], true);
    node(3, h, -1, [0], true, true);
    node(0, h, 3, [], true);
    const scheduler = new Scheduler();
    const peers = peerTable([0, 1, 2, 3, 4]);
    const c = new TreeSnapshotCollector({ scheduler, trees, peers, groups: new GroupIndex([g.id, h.id]) }, { algorithm: SCRIBE, times: [1_000_000] });
    scheduler.run();
    const r = c.finish();
    expect(Array.from(r.fanout).sort()).toEqual([1, 1, 2]);
    expect(r.summary.fanout.max).toBe(2);
    // Children tables per peer 0..4: 0 -> 1 (g), 1 -> 1, 2 -> 0, 3 -> 1 (h), 4 -> 0.
    expect(Array.from(r.nodeStressTables)).toEqual([1, 1, 0, 1, 0]);
    expect(Array.from(r.nodeStressEntries)).toEqual([2, 1, 0, 1, 0]);
    // Members: g: 2 at depth 1, 3 at depth 2; h: 3 is the root (0), 0 at depth 1.
    expect(Array.from(r.depth).sort()).toEqual([0, 1, 1, 2]);
    expect(r.summary.disconnected).toBe(0);
    expect(r.trees.data['max_depth']).toEqual([2, 1]);
    expect(r.trees.data['forwarders']).toEqual([2, 0]); // non-member peers with children, the root included
    expect(c.stressOf(0)).toEqual({ trees: 2, tables: 1, entries: 2 });
  });

  it('reports a member whose parent chain breaks as disconnected', () => {
    const g = group('g');
    const trees = new TreeStore();
    const t = new TreeState(1, g.id, g.key, SCRIBE, 1, 0);
    t.member = true;
    t.parents[0] = 7; // a parent with no tree state
    trees.add(t);
    const scheduler = new Scheduler();
    const c = new TreeSnapshotCollector({ scheduler, trees, peers: peerTable([0, 1]), groups: new GroupIndex([g.id]) }, { algorithm: SCRIBE, times: [0] });
    scheduler.run();
    expect(c.finish().summary.disconnected).toBe(1);
  });
});
