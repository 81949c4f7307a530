/**
 * Update (RFC 7019 §9.4: "a node sends its updated state to its children"): a parent tells its
 * children its path from the rendezvous point and whether it is incomplete, which is what lets a node
 * compute its type from local state (§9.1: an only-child's parent is incomplete), report a failed
 * parent to its grandparent, and refuse to adopt an ancestor.
 *
 * Decision: Update also flows up. An internal node sends its parent a summary of its subtree (free
 * slots, the shallowest free slot and the shallowest leaf), its children and its parents in every
 * stripe. The summaries are what turn the RFC's random walk into a walk that finds an incomplete node
 * (in a forest where each member forwards what it receives, free slots are few: f x rootFanout in the
 * whole forest), and what keeps the trees almost full (joiners take the place of the shallowest leaf).
 * The children lists let a grandparent refill the slot of a failed child (§9.5 for crashes).
 * Changes are sent once per event, and only when something a parent uses changed.
 */
import type { ReloadMessage } from '../../reload/message.ts';
import type { Id } from '../../reload/id.ts';
import type { TreeState } from '../tree-state.ts';
import { computeSummary, type ForestNode, type Summary } from './forest-node.ts';
import type { P2PCast } from './p2pcast.ts';
import { EMPTY_SUMMARY, OP_UPDATE, UPDATE_DOWN, UPDATE_INCOMPLETE, UPDATE_JOINED, UPDATE_UP, type ChildEntry, type StripeSummary, type Update } from './reform-ops.ts';

export class Sync {
  private readonly onFlush = (t: TreeState): void => this.flush(t);

  constructor(private readonly c: P2PCast) {}

  /** Something changed at `t.peer`: recompute and tell parent and children, once per event. */
  touch(t: TreeState): void {
    const n = this.c.node(t);
    if (n.flushArmed) return;
    n.flushArmed = true;
    this.c.later(0, this.onFlush, t);
  }

  private flush(t: TreeState): void {
    const c = this.c;
    const n = c.node(t);
    n.flushArmed = false;
    if (!c.active(t) || !t.stored) return;
    for (let s = 0; s < t.stripes; s++) {
      if (!t.root && n.proper !== s) continue;
      n.sum[s] = computeSummary(t, n, s, c.cap(t, n, s), c.s.rng);
      const incomplete = c.ownFree(t, n, s) > 0 ? 1 : 0;
      if (n.toldIncomplete[s] !== incomplete) this.pushDown(t, s);
      if (t.root) c.rendezvous.drainOverflow(t, s);
      else c.repair.enforceCap(t, s);
    }
    if (!t.root && n.proper >= 0) this.sendUp(t, n, false);
    c.repair.checkChildless(t);
  }

  /** Tells the rendezvous point that this member has joined every stripe (it may now be a contact). */
  announce(t: TreeState): void {
    const n = this.c.node(t);
    const p = n.proper;
    const op: Update = { op: OP_UPDATE, stripe: p < 0 ? 0xff : p, flags: UPDATE_JOINED, version: 0, summary: EMPTY_SUMMARY, children: [], nodes: [] };
    n.announcedTo = n.rootPeer;
    this.c.sendOpToRoot(t.peer, t, op, (a) => {
      // Not acknowledged: announce again at the next change of path.
      n.announcedTo = this.c.ok(a) ? a.reload.origin : -1;
    });
  }

  /** Recomputes the summary of stripe `s` now (before answering from it). */
  refresh(t: TreeState, s: number): void {
    const c = this.c;
    const n = c.node(t);
    if (t.root || n.proper === s) n.sum[s] = computeSummary(t, n, s, c.cap(t, n, s), c.s.rng);
  }

  /** The upward Update of an internal node to its parent in its proper stripe. */
  sendUp(t: TreeState, n: ForestNode, force: boolean): void {
    const c = this.c;
    const p = n.proper;
    const parent = t.parents[p]!;
    if (parent < 0 || n.gone) return;
    const sum = n.sum[p]!;
    const kids = t.children[p]!;
    const info = n.kidInfo[p];
    // A fingerprint of what the parent uses, to send only changes.
    let key = mix(mix(mix(mix(mix(mix(mix(0x9e3779b9, parent), sum.free), sum.hole), sum.holeAt), sum.leaf), sum.leafAt), sum.leafParent);
    for (const k of kids) key = mix(key, info?.get(k)?.internal === true ? k + 0x40000000 : k);
    key = mix(key, kids.length);
    for (let s = 0; s < t.stripes; s++) key = mix(key, t.parents[s]!);
    if (!force && key === n.sentUp) return;
    n.sentUp = key;
    const children: ChildEntry[] = kids.map((k) => ({ child: c.idOf(k), internal: info?.get(k)?.internal === true }));
    const parents = Array.from({ length: t.stripes }, (_, s) => c.idOf(t.parents[s]!));
    const op: Update = { op: OP_UPDATE, stripe: p, flags: UPDATE_UP, version: n.version++, summary: this.wire(sum), children, nodes: parents };
    c.sendOp(t.peer, parent, t, op);
  }

  /** Downward Updates of stripe `s` to every child. */
  pushDown(t: TreeState, s: number): void {
    const n = this.c.node(t);
    n.toldIncomplete[s] = this.c.ownFree(t, n, s) > 0 ? 1 : 0;
    for (const k of t.children[s]!) this.downTo(t, s, k);
  }

  /** A downward Update to one child. */
  downTo(t: TreeState, s: number, kid: number): void {
    const c = this.c;
    const n = c.node(t);
    const flags = UPDATE_DOWN | (c.ownFree(t, n, s) > 0 ? UPDATE_INCOMPLETE : 0);
    const op: Update = { op: OP_UPDATE, stripe: s, flags, version: n.version++, summary: EMPTY_SUMMARY, children: [], nodes: this.ownPath(t, s) };
    c.sendOp(t.peer, kid, t, op);
  }

  /** This peer's path in stripe `s` as sent to a child: its ancestors, then itself. */
  ownPath(t: TreeState, s: number): Id[] {
    const c = this.c;
    const out: Id[] = [];
    if (!t.root) for (const p of c.node(t).path[s] ?? []) out.push(c.idOf(p));
    out.push(c.idOf(t.peer));
    return out;
  }

  /** Update handler (RFC 7019 §9.4). */
  onUpdate(peer: number, req: ReloadMessage, t: TreeState, op: Update): void {
    const c = this.c;
    const from = req.origin;
    const s = op.stripe;
    c.answerOp(peer, req);
    const n = c.node(t);
    if ((op.flags & UPDATE_JOINED) === 0 && s >= t.stripes) return;
    if ((op.flags & UPDATE_DOWN) !== 0) {
      // Updates may overtake one another (a direct connection opening while one is routed).
      if (t.parents[s] !== from || (n.downFrom[s] === from && op.version <= n.downVersion[s]!)) return;
      n.downFrom[s] = from;
      n.downVersion[s] = op.version;
      this.setPath(t, n, s, op.nodes);
      n.parentIncomplete[s] = (op.flags & UPDATE_INCOMPLETE) !== 0 ? 1 : 0;
      return;
    }
    if ((op.flags & UPDATE_JOINED) !== 0) {
      if (t.root && from !== peer) c.rendezvous.joined(t, from, s);
      return;
    }
    if ((op.flags & UPDATE_UP) === 0) return;
    // Kept even from a node not (yet) our child: its Update may overtake the answer to our Takeon.
    if (!(t.root || n.proper === s)) return;
    const kids: number[] = [];
    const kidInternal: boolean[] = [];
    for (const e of op.children) {
      const k = c.peerOf(e.child);
      if (k < 0) continue;
      kids.push(k);
      kidInternal.push(e.internal);
    }
    const old = n.kidInfo[s]?.get(from);
    if (old !== undefined && op.version <= old.version) return;
    n.kids(s).set(from, { internal: true, sum: this.local(op.summary), kids, kidInternal, parents: op.nodes.map((id) => c.peerOf(id)), version: op.version });
    this.touch(t);
  }

  /** Sets this peer's path in `s` from its parent's; an internal node passes a change on to its children. */
  setPath(t: TreeState, n: ForestNode, s: number, parentPath: readonly Id[]): void {
    const c = this.c;
    const old = n.path[s];
    let same = old !== undefined && old.length === parentPath.length;
    const path: number[] = [];
    for (let i = 0; i < parentPath.length; i++) {
      const p = c.peerOf(parentPath[i]!);
      path.push(p);
      if (same && old![i] !== p) same = false;
    }
    if (same) return;
    n.path[s] = path;
    const root = path[0] ?? -1;
    if (!t.root && root >= 0 && root !== n.announcedTo && t.member && n.joinRun === undefined && !n.gone) {
      // A new rendezvous point (the former one left, failed or handed group_id over, RFC 7019 §8.2):
      // it starts with an empty member list, so a member learning of it announces itself (§9.4).
      n.rootPeer = root;
      this.announce(t);
    }
    if (t.root || n.proper === s) {
      this.pushDown(t, s);
      // A subtree that went deeper may now hang below the shallowest leaf: check, once things settle.
      if (old !== undefined && path.length > old.length && t.children[s]!.length > 0) {
        n.relocations = 0;
        c.repair.checkDepthLater(t, s);
      }
    }
  }

  private wire(s: Summary): StripeSummary {
    const c = this.c;
    return { free: s.free, hole: s.hole, holeAt: c.idOf(s.holeAt), leaf: s.leaf, leafAt: c.idOf(s.leafAt), leafParent: c.idOf(s.leafParent) };
  }

  /** @internal A wire summary as a local one. */
  local(s: StripeSummary): Summary {
    const c = this.c;
    return { free: s.free, hole: s.hole, holeAt: c.peerOf(s.holeAt), leaf: s.leaf, leafAt: c.peerOf(s.leafAt), leafParent: c.peerOf(s.leafParent) };
  }

  /** @internal The root's summaries for a Direct. */
  wireAll(t: TreeState): StripeSummary[] {
    const n = this.c.node(t);
    const out: StripeSummary[] = [];
    for (let s = 0; s < t.stripes; s++) out.push(this.wire(n.sum[s]!));
    return out;
  }
}

/** One step of a 32-bit multiplicative hash (FNV-like) over integers. */
function mix(h: number, v: number): number {
  return Math.imul(h ^ (v | 0), 0x01000193) >>> 0;
}
