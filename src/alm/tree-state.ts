/**
 * What one peer knows of one ALM tree (RFC 7019 §7.2): its parents and children per stripe, whether
 * the application at the peer is a member (not just a forwarder), whether the peer is the root, and
 * what it learnt of its path to the root. Single-tree algorithms use stripe 0 only.
 */
import type { Id } from '../reload/id.ts';

export class TreeState {
  /** Parent per stripe, -1 for none. */
  readonly parents: number[];
  /** Children per stripe. */
  readonly children: number[][];
  /** The application at this peer subscribed (Group API join) and has not left. */
  member = false;
  /** This peer is the tree's rendezvous point. */
  root = false;
  /** The joining side is waiting for answers (per stripe), so that repeated triggers do not pile up joins. */
  readonly joining: boolean[];
  /** Overlay hops and round-trip delay (us) to the root per stripe, as learnt when the parent accepted us. */
  readonly pathLength: number[];
  readonly pathDelay: number[];
  // The per-child maps below are created with the first entry: most trees of a large run are
  // leaves (no children), and three empty Maps per tree were a third of a tree's memory.
  /** Child -> last heartbeat time (parent side), for every child in any stripe; undefined while empty. */
  lastHeard: Map<number, number> | undefined = undefined;
  /** Child -> stripes (bitmask) in which the child's last Heartbeat did not claim us (multi-stripe trees). */
  unclaimed: Map<number, number> | undefined = undefined;
  /** Child -> last measured round-trip time (us), for path_delay_to_child. */
  childRtt: Map<number, number> | undefined = undefined;
  /** Time the last HeartbeatResponse arrived from each stripe's parent (child side). */
  readonly parentHeardAt: number[];
  /** When the repair of each stripe started, or -1. */
  readonly repairSince: number[];
  /** Largest number of peers this tree had, as this peer knew it (for max_tree_data). */
  createdAt: number;
  /** Algorithm-private state. */
  algo: unknown = undefined;
  /**
   * The tree is its peer's tree for this group in the TreeStore (set by the store): a handler that
   * kept a tree across a delay checks this instead of looking the tree up again.
   */
  stored = false;
  /** The usage's reusable Heartbeat requests to the current parents (see AlmUsage.heartbeatRequest). */
  heartbeat: unknown = undefined;

  constructor(
    readonly peer: number,
    readonly groupId: Id,
    readonly key: string,
    readonly algorithm: number,
    readonly stripes: number,
    now: number,
  ) {
    this.parents = new Array<number>(stripes).fill(-1);
    this.children = Array.from({ length: stripes }, () => []);
    this.joining = new Array<boolean>(stripes).fill(false);
    this.pathLength = new Array<number>(stripes).fill(0);
    this.pathDelay = new Array<number>(stripes).fill(0);
    this.parentHeardAt = new Array<number>(stripes).fill(now);
    this.repairSince = new Array<number>(stripes).fill(-1);
    this.createdAt = now;
  }

  /** True if the peer is in the tree at all (root, member, or forwarder with a parent or children). */
  get inTree(): boolean {
    if (this.root || this.member) return true;
    for (let s = 0; s < this.stripes; s++) if (this.parents[s]! >= 0 || this.children[s]!.length > 0) return true;
    return false;
  }

  childCount(stripe = 0): number {
    return this.children[stripe]!.length;
  }

  totalChildren(): number {
    let n = 0;
    for (const c of this.children) n += c.length;
    return n;
  }

  isChild(peer: number): number {
    for (let s = 0; s < this.stripes; s++) if (this.children[s]!.includes(peer)) return s;
    return -1;
  }

  /** Records a Heartbeat (or the arrival) of a child at `time`. */
  heard(child: number, time: number): void {
    (this.lastHeard ??= new Map()).set(child, time);
  }

  /** Sets the stripes (bitmask) where the child's last Heartbeat did not claim us; 0 clears. */
  setUnclaimed(child: number, stripes: number): void {
    if (stripes !== 0) (this.unclaimed ??= new Map()).set(child, stripes);
    else this.unclaimed?.delete(child);
  }

  /** Records the last measured round trip (us) to a child. */
  setChildRtt(child: number, rtt: number): void {
    (this.childRtt ??= new Map()).set(child, rtt);
  }

  /** Forgets everything kept per child (it is no longer a child in any stripe). */
  forgetChild(child: number): void {
    this.lastHeard?.delete(child);
    this.childRtt?.delete(child);
    this.unclaimed?.delete(child);
  }

  isParent(peer: number): number {
    for (let s = 0; s < this.stripes; s++) if (this.parents[s] === peer) return s;
    return -1;
  }
}

/** The trees of every peer, by algorithm, then peer, then group (no key is built per lookup). */
export class TreeStore {
  private readonly byAlgorithm = new Map<number, Map<number, Map<string, TreeState>>>();
  /**
   * The same per-peer maps indexed by peer, per algorithm, for lookups: a Map keyed by peer over
   * 100,000 peers costs cache misses on every message, an array slot one. byAlgorithm keeps the
   * order peers() reports.
   */
  private readonly indexByAlgorithm = new Map<number, (Map<string, TreeState> | undefined)[]>();

  private peersOf(algorithm: number): Map<number, Map<string, TreeState>> {
    let m = this.byAlgorithm.get(algorithm);
    if (m === undefined) {
      m = new Map();
      this.byAlgorithm.set(algorithm, m);
      this.indexByAlgorithm.set(algorithm, []);
    }
    return m;
  }

  get(peer: number, algorithm: number, groupKey: string): TreeState | undefined {
    return this.indexByAlgorithm.get(algorithm)?.[peer]?.get(groupKey);
  }

  add(t: TreeState): TreeState {
    const byPeer = this.peersOf(t.algorithm);
    let m = byPeer.get(t.peer);
    if (m === undefined) {
      m = new Map();
      byPeer.set(t.peer, m);
      setSlot(this.indexByAlgorithm.get(t.algorithm)!, t.peer, m);
    }
    const old = m.get(t.key);
    if (old !== undefined) old.stored = false;
    m.set(t.key, t);
    t.stored = true;
    return t;
  }

  remove(t: TreeState): void {
    const byPeer = this.byAlgorithm.get(t.algorithm);
    const m = byPeer?.get(t.peer);
    if (m === undefined || m.get(t.key) !== t) return;
    m.delete(t.key);
    t.stored = false;
    if (m.size === 0) {
      byPeer!.delete(t.peer);
      this.indexByAlgorithm.get(t.algorithm)![t.peer] = undefined;
    }
  }

  /** The trees of a peer (a snapshot array, safe to modify the store while iterating). */
  ofPeer(peer: number): TreeState[] {
    const out: TreeState[] = [];
    for (const byPeer of this.byAlgorithm.values()) {
      const m = byPeer.get(peer);
      if (m !== undefined) for (const t of m.values()) out.push(t);
    }
    return out;
  }

  /** Fills `out` with the peer's trees (cleared first) and returns it: a snapshot without allocation. */
  ofPeerInto(peer: number, out: TreeState[]): TreeState[] {
    out.length = 0;
    for (const byPeer of this.byAlgorithm.values()) {
      const m = byPeer.get(peer);
      if (m !== undefined) for (const t of m.values()) out.push(t);
    }
    return out;
  }

  /** Peers that hold at least one tree, in order of first appearance per algorithm. */
  *peers(): IterableIterator<number> {
    const seen = new Set<number>();
    for (const byPeer of this.byAlgorithm.values()) {
      for (const p of byPeer.keys()) {
        if (seen.has(p)) continue;
        seen.add(p);
        yield p;
      }
    }
  }

  dropPeer(peer: number): void {
    for (const [algorithm, byPeer] of this.byAlgorithm) {
      const m = byPeer.get(peer);
      if (m === undefined) continue;
      for (const t of m.values()) t.stored = false;
      byPeer.delete(peer);
      this.indexByAlgorithm.get(algorithm)![peer] = undefined;
    }
  }
}

/** Sets a[i], filling any gap with undefined first so that the array stays packed (no holes). */
function setSlot<T>(a: (T | undefined)[], i: number, v: T): void {
  while (a.length < i) a.push(undefined);
  a[i] = v;
}
