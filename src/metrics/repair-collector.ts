/**
 * Repair time: from the moment a peer loses its parent in a tree and stripe (alm.repairStart: a
 * Leave from the parent, missed HeartbeatResponses, a failed link, or the root moving) to the moment
 * it has a parent again (alm.repaired), for repairs that start in the window. A repair that has
 * not ended when the run ends is `censored` (its time is only known to exceed the rest of the run);
 * one whose peer left the overlay first is `abandoned`; one whose peer left the tree instead (a
 * forwarder with nothing left to forward) is `dropped`. Only repaired ones have a time.
 */
import type { TreeStore } from '../alm/index.ts';
import type { PeerTable } from '../reload/peer-table.ts';
import type { EventSource, MetricsEvent } from './event-source.ts';
import type { GroupIndex } from './group-index.ts';
import type { Table } from './run-result.ts';
import { describe, type Stats } from './stats.ts';
import type { MeasurementWindow } from './window.ts';

export type RepairOutcome = 'repaired' | 'censored' | 'abandoned' | 'dropped';

export interface RepairSummary {
  readonly started: number;
  readonly repaired: number;
  readonly censored: number;
  readonly abandoned: number;
  readonly dropped: number;
  /** Times of the repaired ones, s. */
  readonly timeS: Stats;
}

export interface RepairResult {
  readonly summary: RepairSummary;
  readonly repairs: Table;
}

export interface RepairCollectorComponents {
  trace: EventSource<MetricsEvent>;
  groups: GroupIndex;
  peers: Pick<PeerTable, 'host'>;
  /** Ground truth at the end: tells censored repairs from trees the peer has left. */
  trees: TreeStore;
}

export interface RepairCollectorInit {
  algorithm: number;
  window: MeasurementWindow;
}

interface Repair {
  readonly peer: number;
  readonly group: number;
  readonly stripe: number;
  readonly cause: string;
  readonly start: number;
  end: number;
  outcome: RepairOutcome | undefined;
}

export class RepairCollector {
  private readonly list: Repair[] = [];
  private readonly open = new Map<string, Repair>();
  private readonly openOfPeer = new Map<number, Set<string>>();
  private readonly algorithm: number;
  private readonly window: MeasurementWindow;

  constructor(
    private readonly c: RepairCollectorComponents,
    init: RepairCollectorInit,
  ) {
    this.algorithm = init.algorithm;
    this.window = init.window;
    c.trace.on('alm.repairStart', (e) => {
      if (e.algorithm !== this.algorithm || e.time < this.window.start || e.time >= this.window.end) return;
      const g = c.groups.byKey(e.group);
      if (g < 0) return;
      const key = `${e.peer}|${g}|${e.stripe}`;
      // A new start for an open repair means the earlier one ended without a parent: the peer left the tree.
      const old = this.open.get(key);
      if (old !== undefined) this.close(key, old, e.time, 'dropped');
      const r: Repair = { peer: e.peer, group: g, stripe: e.stripe, cause: e.cause, start: e.time, end: NaN, outcome: undefined };
      this.list.push(r);
      this.open.set(key, r);
      let set = this.openOfPeer.get(e.peer);
      if (set === undefined) {
        set = new Set();
        this.openOfPeer.set(e.peer, set);
      }
      set.add(key);
    });
    c.trace.on('alm.repaired', (e) => {
      if (e.algorithm !== this.algorithm) return;
      const g = c.groups.byKey(e.group);
      const key = `${e.peer}|${g}|${e.stripe}`;
      const r = this.open.get(key);
      if (r !== undefined && r.start === e.startedAt) this.close(key, r, e.time, 'repaired');
    });
    c.trace.on('reload.peerLeft', (e) => {
      const set = this.openOfPeer.get(e.peer);
      if (set === undefined) return;
      for (const key of [...set]) this.close(key, this.open.get(key)!, e.time, 'abandoned');
    });
  }

  private close(key: string, r: Repair, time: number, outcome: RepairOutcome): void {
    r.end = time;
    r.outcome = outcome;
    this.open.delete(key);
    const set = this.openOfPeer.get(r.peer);
    set?.delete(key);
    if (set !== undefined && set.size === 0) this.openOfPeer.delete(r.peer);
  }

  finish(): RepairResult {
    for (const [key, r] of [...this.open]) {
      const t = this.c.trees.get(r.peer, this.algorithm, this.c.groups.keys[r.group]!);
      const stillRepairing = t !== undefined && (t.repairSince[r.stripe] ?? -1) === r.start;
      this.close(key, r, NaN, stillRepairing ? 'censored' : 'dropped');
    }
    const counts: Record<RepairOutcome, number> = { repaired: 0, censored: 0, abandoned: 0, dropped: 0 };
    const times: number[] = [];
    for (const r of this.list) {
      counts[r.outcome!]++;
      if (r.outcome === 'repaired') times.push((r.end - r.start) / 1e6);
    }
    const host = this.c.peers.host;
    const l = this.list;
    return {
      summary: { started: l.length, ...counts, timeS: describe(times) },
      repairs: {
        columns: ['start_s', 'end_s', 'duration_s', 'outcome', 'cause', 'group', 'stripe', 'slot', 'peer'],
        length: l.length,
        data: {
          start_s: l.map((r) => r.start / 1e6),
          end_s: l.map((r) => (Number.isNaN(r.end) ? null : r.end / 1e6)),
          duration_s: l.map((r) => (r.outcome === 'repaired' ? (r.end - r.start) / 1e6 : null)),
          outcome: l.map((r) => r.outcome!),
          cause: l.map((r) => r.cause),
          group: l.map((r) => r.group),
          stripe: l.map((r) => r.stripe),
          slot: l.map((r) => host[r.peer]!),
          peer: l.map((r) => r.peer),
        },
      },
    };
  }
}
