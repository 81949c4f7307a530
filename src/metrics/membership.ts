/**
 * Group membership as the application sees it: a peer is a member of a group from its Group API
 * join (alm.membership) until it leaves the group or the overlay (reload.peerLeft). Each change
 * gets a sequence number, so that "a member before this send" is exact even at equal times.
 */
import type { EventSource, MetricsEvent } from './event-source.ts';
import type { GroupIndex } from './group-index.ts';

export interface MembershipTrackerComponents {
  trace: EventSource<MetricsEvent>;
  groups: GroupIndex;
}

export interface MembershipTrackerInit {
  /** ALM algorithm id whose groups are tracked. */
  algorithm: number;
}

export class MembershipTracker {
  /** Incremented by every membership change and by every `mark()`. */
  private clock = 0;
  private readonly members: number[][];
  /** Per group: peer -> [position in members, sequence number of the join]. */
  private readonly info: Map<number, { pos: number; seq: number }>[];
  /** Per peer: the groups it is a member of. */
  private readonly groupsOf = new Map<number, number[]>();
  private readonly algorithm: number;

  constructor(
    private readonly c: MembershipTrackerComponents,
    init: MembershipTrackerInit,
  ) {
    this.algorithm = init.algorithm;
    const n = c.groups.count;
    this.members = Array.from({ length: n }, () => []);
    this.info = Array.from({ length: n }, () => new Map());
    c.trace.on('alm.membership', (e) => {
      if (e.algorithm !== this.algorithm) return;
      const g = c.groups.byKey(e.group);
      if (g < 0) return;
      if (e.member) this.add(g, e.peer);
      else this.remove(g, e.peer);
    });
    c.trace.on('reload.peerLeft', (e) => {
      const list = this.groupsOf.get(e.peer);
      if (list === undefined) return;
      for (const g of [...list]) this.remove(g, e.peer);
    });
  }

  /** A sequence number later than every membership change so far. */
  mark(): number {
    return ++this.clock;
  }

  /** Current members of group g (a live array: do not modify, copy to keep). */
  of(g: number): readonly number[] {
    return this.members[g]!;
  }

  /** The sequence number of peer's current membership of g, or -1 if it is not a member. */
  since(g: number, peer: number): number {
    return this.info[g]!.get(peer)?.seq ?? -1;
  }

  private add(g: number, peer: number): void {
    const info = this.info[g]!;
    if (info.has(peer)) return;
    const list = this.members[g]!;
    info.set(peer, { pos: list.length, seq: ++this.clock });
    list.push(peer);
    let gs = this.groupsOf.get(peer);
    if (gs === undefined) {
      gs = [];
      this.groupsOf.set(peer, gs);
    }
    gs.push(g);
  }

  private remove(g: number, peer: number): void {
    const info = this.info[g]!;
    const it = info.get(peer);
    if (it === undefined) return;
    ++this.clock;
    const list = this.members[g]!;
    const last = list.pop()!;
    if (last !== peer) {
      list[it.pos] = last;
      info.get(last)!.pos = it.pos;
    }
    info.delete(peer);
    const gs = this.groupsOf.get(peer);
    if (gs !== undefined) {
      const i = gs.indexOf(g);
      if (i >= 0) gs.splice(i, 1);
      if (gs.length === 0) this.groupsOf.delete(peer);
    }
  }
}
