/**
 * Tree shape from the ground truth (every peer's TreeState) at the snapshot times:
 * - fanout (out-degree): the children a forwarding peer has in one group, summed over stripes (the
 *   Pushes it sends per message); only peers with at least one child in that group count;
 * - node stress (Castro et al., JSAC 2002, §4.2): per up peer, the number of groups in which it has a
 *   non-empty children table, and the total number of children-table entries; every up peer counts,
 *   zeros included;
 * - depth: tree edges from each member (up, application joined) to the root, per stripe; a member
 *   whose parent chain does not reach a root (being repaired, or a loop) is `disconnected`.
 * Distributions pool all snapshots. Reading the ground truth costs no messages; the NodeQuery crawl
 * (node-query-crawl.ts) is the protocol's own, partial view.
 */
import type { TreeState, TreeStore } from '../alm/index.ts';
import type { PeerTable } from '../reload/peer-table.ts';
import type { Scheduler } from '../sim/index.ts';
import { f64 } from './columns.ts';
import type { GroupIndex } from './group-index.ts';
import type { Table } from './run-result.ts';
import { describe, type Stats } from './stats.ts';

export interface TreeShapeSummary {
  readonly snapshots: number;
  /** Out-degree of forwarding (peer, group) pairs. */
  readonly fanout: Stats;
  readonly depth: Stats;
  /** Member-stripes not connected to a root, summed over snapshots. */
  readonly disconnected: number;
  /** Groups with a non-empty children table, per up peer. */
  readonly nodeStressTables: Stats;
  /** Children-table entries, per up peer. */
  readonly nodeStressEntries: Stats;
}

export interface TreeShapeResult {
  readonly summary: TreeShapeSummary;
  /** One row per snapshot, group and stripe. */
  readonly trees: Table;
  /** Distributions for the charts. */
  readonly fanout: Float64Array;
  readonly depth: Float64Array;
  readonly nodeStressEntries: Float64Array;
  readonly nodeStressTables: Float64Array;
}

export interface TreeSnapshotCollectorComponents {
  scheduler: Scheduler;
  trees: TreeStore;
  peers: Pick<PeerTable, 'isUp' | 'count'>;
  groups: GroupIndex;
}

export interface TreeSnapshotCollectorInit {
  algorithm: number;
  /** Snapshot times, us (ascending). */
  times: readonly number[];
}

/** Node stress of a peer at the last snapshot it was up in. */
export interface PeerStress {
  readonly trees: number;
  readonly tables: number;
  readonly entries: number;
}

const MAX_DEPTH = 10_000;
const NO_STRESS: PeerStress = { trees: 0, tables: 0, entries: 0 };

export class TreeSnapshotCollector {
  private readonly algorithm: number;
  private readonly fanout = f64();
  private readonly depth = f64();
  private readonly stressTables = f64();
  private readonly stressEntries = f64();
  private disconnected = 0;
  private snapshots = 0;
  private readonly lastStress = new Map<number, PeerStress>();
  private readonly rows = {
    time_s: [] as number[],
    group: [] as number[],
    stripe: [] as number[],
    in_tree: [] as number[],
    members: [] as number[],
    connected: [] as number[],
    forwarders: [] as number[],
    max_depth: [] as (number | null)[],
    mean_depth: [] as (number | null)[],
    max_fanout: [] as number[],
  };

  constructor(
    private readonly c: TreeSnapshotCollectorComponents,
    init: TreeSnapshotCollectorInit,
  ) {
    this.algorithm = init.algorithm;
    const take = (): void => this.take();
    for (const t of init.times) c.scheduler.scheduleAt(Math.max(t, c.scheduler.now), take, null);
  }

  /** Node stress of `peer` at the last snapshot it was up in, if any. */
  stressOf(peer: number): PeerStress | undefined {
    return this.lastStress.get(peer);
  }

  /** Takes a snapshot now. */
  take(): void {
    const { trees, peers, groups } = this.c;
    const now = this.c.scheduler.now;
    this.snapshots++;
    const byGroup: Map<number, TreeState>[] = Array.from({ length: groups.count }, () => new Map());
    const current = new Map<number, PeerStress>();
    const peerList = [...trees.peers()].sort((a, b) => a - b);
    for (const p of peerList) {
      if (!peers.isUp(p)) continue;
      let treesIn = 0;
      let tables = 0;
      let entries = 0;
      for (const t of trees.ofPeer(p)) {
        if (t.algorithm !== this.algorithm || !t.inTree) continue;
        const g = groups.byKey(t.key);
        if (g < 0) continue;
        byGroup[g]!.set(p, t);
        treesIn++;
        const children = t.totalChildren();
        if (children > 0) {
          tables++;
          entries += children;
          this.fanout.push(children);
        }
      }
      current.set(p, { trees: treesIn, tables, entries });
    }
    // Every up peer counts for node stress, also those in no tree.
    for (let p = 0; p < peers.count; p++) {
      if (!peers.isUp(p)) continue;
      const cur = current.get(p) ?? NO_STRESS;
      this.lastStress.set(p, cur);
      this.stressTables.push(cur.tables);
      this.stressEntries.push(cur.entries);
    }
    for (let g = 0; g < groups.count; g++) {
      const map = byGroup[g]!;
      const stripes = firstStripes(map);
      for (let s = 0; s < stripes; s++) {
        let members = 0;
        let connected = 0;
        let forwarders = 0;
        let maxDepth = -1;
        let sumDepth = 0;
        let maxFanout = 0;
        for (const [p, t] of map) {
          const kids = t.children[s]?.length ?? 0;
          if (kids > maxFanout) maxFanout = kids;
          if (!t.member) {
            if (kids > 0) forwarders++;
            continue;
          }
          members++;
          const d = depthOf(map, p, s);
          if (d < 0) {
            this.disconnected++;
            continue;
          }
          connected++;
          sumDepth += d;
          if (d > maxDepth) maxDepth = d;
          this.depth.push(d);
        }
        const r = this.rows;
        r.time_s.push(now / 1e6);
        r.group.push(g);
        r.stripe.push(s);
        r.in_tree.push(map.size);
        r.members.push(members);
        r.connected.push(connected);
        r.forwarders.push(forwarders);
        r.max_depth.push(connected > 0 ? maxDepth : null);
        r.mean_depth.push(connected > 0 ? sumDepth / connected : null);
        r.max_fanout.push(maxFanout);
      }
    }
  }

  finish(): TreeShapeResult {
    const fanout = this.fanout.view().slice();
    const depth = this.depth.view().slice();
    const tables = this.stressTables.view().slice();
    const entries = this.stressEntries.view().slice();
    const r = this.rows;
    return {
      summary: {
        snapshots: this.snapshots,
        fanout: describe(fanout),
        depth: describe(depth),
        disconnected: this.disconnected,
        nodeStressTables: describe(tables),
        nodeStressEntries: describe(entries),
      },
      trees: { columns: Object.keys(r), length: r.time_s.length, data: r },
      fanout,
      depth,
      nodeStressEntries: entries,
      nodeStressTables: tables,
    };
  }
}

function firstStripes(map: ReadonlyMap<number, TreeState>): number {
  for (const t of map.values()) return t.stripes;
  return 0;
}

/** Tree edges from p up to a root in stripe s, or -1 if the chain breaks or loops. */
function depthOf(map: ReadonlyMap<number, TreeState>, p: number, s: number): number {
  let cur = p;
  for (let d = 0; d <= MAX_DEPTH; d++) {
    const t = map.get(cur);
    if (t === undefined) return -1;
    if (t.root) return d;
    const parent = t.parents[s] ?? -1;
    if (parent < 0) return -1;
    cur = parent;
  }
  return -1;
}
