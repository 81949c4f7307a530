/**
 * Leaves, failures and reorganisation (RFC 7019 §9.5, §9.4's Takeon, Substitute, Search, Replace,
 * Direct).
 *
 * A departed node (graceful Leave, or silent for heartbeat_interval x N, §7.2.14) is a leaf in every
 * stripe but its proper one: its parent there just has a free slot. In its proper stripe its parent
 * G refills the gap, the same way for a Leave and for a failure:
 * - G knows the departed node's children from its upward Updates. It picks a random internal child C
 *   (or, if none is internal, a random leaf child) and sends it Takeon with TAKEON_FILL: C takes the
 *   departed node's slot and adopts its former siblings (each gets a Takeon from C). An incomplete C
 *   simply fills the gap ("replaced by its child" when it was the only one).
 * - A C left with more than f children sheds those of its own children that no longer fit: it keeps
 *   its leaf children first, and hands the rest to one of them, internal, with a Replace; that one
 *   adopts them and sheds its own in turn. The ripple goes down to the next-to-last level, where the
 *   shed children are leaves; they are sent a Direct (DIRECT_HOMELESS) and look for a free slot. Shed
 *   nodes keep their depth; C's own subtree moves up one level.
 * - A shed node asks the rendezvous point for the shallowest free slot (Search). Its stripe lost f-1
 *   free slots with the departed node and may have none left: then the rendezvous point directs it
 *   to a node to convert, preferably the departed node's parent in another stripe, which has one more
 *   free slot now (§9.5: "the shed node is then taken as a child by the parent of the deleted node in
 *   the other stripe"). The converting node adopts the shed node, gives up its old stripe (its parent
 *   refills its slot as above, and it rejoins that stripe as a leaf) and moves to the shallowest leaf
 *   position of its new stripe if that is shallower.
 *
 * A child that loses its parent waits `orphanWait` for the Takeon or Direct of that repair; after a
 * failure it also reports the failed parent to its grandparent (a Substitute with SUBSTITUTE_REFILL),
 * which starts the refill without waiting for its own heartbeat deadline. If nothing comes it looks
 * for a free slot itself (keeping its subtree). A node left without children in its proper stripe
 * asks its parent for one of its leaf children (Search, WANT_LEAF_CHILD), so that no second node is a
 * leaf everywhere.
 */
import type { ReloadMessage } from '../../reload/message.ts';
import type { Id } from '../../reload/id.ts';
import type { TreeState } from '../tree-state.ts';
import { NO_SUMMARY, leafSubstitutable } from './forest-node.ts';
import type { P2PCast } from './p2pcast.ts';
import {
  DIRECT_ASK,
  DIRECT_HANDOVER,
  DIRECT_HOMELESS,
  DIRECT_RELOCATE,
  NONE_DEPTH,
  OP_DIRECT,
  OP_REPLACE,
  OP_SEARCH,
  OP_SUBSTITUTE,
  OP_TAKEON,
  SUBSTITUTE_REFILL,
  SUBSTITUTE_SELF,
  TAKEON_FILL,
  TAKEON_PARENT_INCOMPLETE,
  TAKEON_SIBLING,
  TAKEON_VACATED,
  WANT_HOLE,
  WANT_LEAF,
  WANT_LEAF_CHILD,
  WANT_STEP,
  type ChildEntry,
  type Direct,
  type Replace,
  type Search,
  type Substitute,
  type Takeon,
} from './reform-ops.ts';

interface Fill {
  readonly t: TreeState;
  readonly s: number;
  readonly departed: number;
  readonly order: number[];
  readonly kids: readonly number[];
  readonly donors: readonly number[];
  /** The first `internal` entries of `order` are internal children, the rest leaves. */
  readonly internal: number;
  /** The departed node said it was going (else its children check that they lost it too). */
  readonly vacated: boolean;
  i: number;
}

export class Repair {
  private readonly onOrphanWait = (x: { t: TreeState; s: number }): void => this.orphanWaited(x.t, x.s);
  private readonly onChildless = (t: TreeState): void => this.fixChildless(t);

  constructor(private readonly c: P2PCast) {}

  // ================================================================= losing a child or a parent

  /** A child left (Leave) or went silent (heartbeats): RFC 7019 §9.5. A 'stale' entry just goes. */
  onChildRemoved(t: TreeState, s: number, child: number, reason: string): void {
    const c = this.c;
    if (!c.active(t)) return;
    const n = c.node(t);
    if (reason !== 'stale' && n.isInternalKid(s, child)) this.refill(t, s, child, undefined, undefined, reason === 'leave');
    else n.kidInfo[s]?.delete(child);
    c.sync.touch(t);
    // A repair around us: if we hang below the shallowest leaf, now is a good time to move up.
    if (n.proper === s && t.children[s]!.length > 0) {
      n.relocations = 0;
      this.checkDepthLater(t, s, 4 * c.childlessDelay);
    }
  }

  /** Our parent in `s` left, failed or disowned us: wait to be re-placed, then find a slot. */
  onParentLost(t: TreeState, s: number, parent: number, cause: string): void {
    const c = this.c;
    if (!c.active(t) || t.root) return;
    const n = c.node(t);
    if (n.placing[s] === 1) return;
    const path = n.path[s];
    const rootGone = cause === 'heartbeat' || cause === 'leave';
    if (rootGone && (path !== undefined ? path.length === 1 : parent === n.rootPeer)) {
      // The rendezvous point itself left, failed or handed group_id over: there is no grandparent
      // to refill the slot (§9.5), and the peer now responsible for group_id is the rendezvous point
      // (§8.2, §9.3). The node re-attaches under it at once, with its subtree, by a Join routed to
      // group_id (not to the former root's node id). A root that is still there and disowned the
      // node (it shed an overflow child, cause 'reform' or 'link') sends it to a free slot instead.
      if (parent === n.rootPeer) n.rootPeer = -1;
      c.placement.start(t, s, 'reattach');
      return;
    }
    if (cause === 'heartbeat') {
      const g = n.grand(s);
      if (g >= 0) {
        const op: Substitute = { op: OP_SUBSTITUTE, stripe: s, flags: SUBSTITUTE_REFILL, child: c.idOf(parent), children: [], donors: [] };
        c.sendOp(t.peer, g, t, op);
      }
    }
    c.cancel(n.orphanTimer[s]!);
    n.orphanTimer[s] = c.later(c.orphanWait, this.onOrphanWait, { t, s });
  }

  /** Arms the wait after which a node without a parent in s finds a free slot itself. */
  orphaned(t: TreeState, s: number): void {
    const c = this.c;
    const n = c.node(t);
    if (n.orphanTimer[s]! >= 0) return;
    n.orphanTimer[s] = c.later(c.orphanWait, this.onOrphanWait, { t, s });
  }

  private orphanWaited(t: TreeState, s: number): void {
    const c = this.c;
    const n = c.node(t);
    n.orphanTimer[s] = -1;
    if (!c.active(t) || !t.stored || t.parents[s]! >= 0) return;
    if (n.placing[s] === 1) return; // the placement under way re-arms this if it ends without a parent
    const path = n.path[s];
    c.placement.start(t, s, path !== undefined && path.length === 1 ? 'reattach' : 'hole');
  }

  /** Cancels what a departing node had pending. */
  forget(t: TreeState): void {
    const n = this.c.node(t);
    for (let s = 0; s < t.stripes; s++) {
      this.c.cancel(n.orphanTimer[s]!);
      n.orphanTimer[s] = -1;
    }
  }

  // ================================================================= refilling a departed node's slot

  /** G refills the slot of its departed child X in stripe s from X's children (RFC 7019 §9.5). */
  refill(t: TreeState, s: number, x: number, kids: readonly ChildEntry[] | undefined, donors: readonly Id[] | undefined, vacated: boolean): void {
    const c = this.c;
    const n = c.node(t);
    const key = x * 64 + s;
    if (n.refilled.has(key)) return;
    n.refilled.add(key);
    c.later(4 * c.orphanWait, (k: number) => n.refilled.delete(k), key, false);
    const ki = n.kidInfo[s]?.get(x);
    const list: number[] = [];
    const internal: boolean[] = [];
    if (kids !== undefined) {
      for (const e of kids) {
        list.push(c.peerOf(e.child));
        internal.push(e.internal);
      }
    } else if (ki !== undefined) {
      list.push(...ki.kids);
      internal.push(...ki.kidInternal);
    }
    const donorList = donors !== undefined ? donors.map((d) => c.peerOf(d)) : (ki?.parents ?? []);
    n.kidInfo[s]?.delete(x);
    if (t.children[s]!.includes(x)) c.s.removeChild(t, s, x, 'reform');
    const ints: number[] = [];
    const leaves: number[] = [];
    for (let i = 0; i < list.length; i++) {
      const k = list[i]!;
      if (k < 0 || k === t.peer || k === x) continue;
      (internal[i] ? ints : leaves).push(k);
    }
    const all = [...ints, ...leaves];
    if (all.length === 0) {
      c.sync.touch(t);
      return;
    }
    const order = [...this.shuffle(ints), ...this.shuffle(leaves)];
    n.promised[s] = n.promised[s]! + 1;
    this.tryFill({ t, s, departed: x, order, kids: all, donors: donorList, internal: ints.length, vacated, i: 0 });
  }

  private tryFill(fill: Fill): void {
    const c = this.c;
    const t = fill.t;
    const s = fill.s;
    const n = c.node(t);
    const cand = fill.order[fill.i]!;
    const op: Takeon = {
      op: OP_TAKEON,
      stripe: s,
      flags: TAKEON_FILL | (fill.vacated ? TAKEON_VACATED : 0),
      expectParent: c.idOf(fill.departed),
      path: c.sync.ownPath(t, s),
      adopt: fill.kids.filter((k) => k !== cand).map((k) => c.idOf(k)),
      donors: fill.donors.map((d) => c.idOf(d)),
    };
    c.sendOp(t.peer, cand, t, op, (a) => {
      if (c.ok(a) && c.active(t) && !t.children[s]!.includes(cand)) {
        n.promised[s] = Math.max(0, n.promised[s]! - 1);
        if (this.adopted(t, s, cand) && fill.i < fill.internal && !n.kids(s).has(cand)) n.kids(s).set(cand, { internal: true, sum: { ...NO_SUMMARY }, kids: [], kidInternal: [], parents: [], version: 0 });
        c.sync.touch(t);
        return;
      }
      fill.i++;
      if (fill.i < fill.order.length && c.active(t)) {
        this.tryFill(fill);
        return;
      }
      n.promised[s] = Math.max(0, n.promised[s]! - 1);
      c.sync.touch(t);
    });
  }

  /** Our parent in s has not answered a heartbeat for over an interval (or we have none). */
  private suspect(t: TreeState, s: number): boolean {
    const c = this.c;
    return t.parents[s]! < 0 || c.s.scheduler.now - t.parentHeardAt[s]! > 1.5 * c.s.settings.heartbeatInterval;
  }

  /** Takeon (RFC 7019 §9.4): the sender becomes our parent in the stripe. */
  onTakeon(peer: number, req: ReloadMessage, t: TreeState, op: Takeon): void {
    const c = this.c;
    const n = c.node(t);
    const s = op.stripe;
    const from = req.origin;
    if (s >= t.stripes || t.root || n.placing[s] === 1) {
      c.refuse(peer, req, 'not now');
      return;
    }
    const cur = t.parents[s]!;
    const expect = c.peerOf(op.expectParent);
    if (!(cur === from || cur < 0 || expect < 0 || cur === expect)) {
      c.refuse(peer, req, 'not the expected parent');
      return;
    }
    if (cur >= 0 && cur === expect && (op.flags & TAKEON_VACATED) === 0 && (op.flags & (TAKEON_FILL | TAKEON_SIBLING)) !== 0 && !this.suspect(t, s)) {
      // Our parent is said to have failed, but it still answers our heartbeats: not a refill for us.
      c.refuse(peer, req, 'our parent is alive');
      return;
    }
    for (const id of op.path) {
      if (c.peerOf(id) === peer) {
        c.refuse(peer, req, 'would be its own ancestor');
        return;
      }
    }
    if (cur !== from) c.s.setParent(t, s, from);
    c.cancel(n.orphanTimer[s]!);
    n.orphanTimer[s] = -1;
    n.parentIncomplete[s] = (op.flags & TAKEON_PARENT_INCOMPLETE) !== 0 ? 1 : 0;
    c.sync.setPath(t, n, s, op.path);
    if (n.proper === s) n.sentUp = -1;
    c.answerOp(peer, req);
    c.sync.touch(t);
    // Moved by a repair: if this subtree now hangs below the shallowest leaf, it moves up.
    if (n.proper === s && t.children[s]!.length > 0) {
      n.relocations = 0;
      this.checkDepthLater(t, s, 4 * c.childlessDelay);
    }
    if ((op.flags & TAKEON_FILL) !== 0) {
      const adopt = op.adopt.map((id) => c.peerOf(id)).filter((p) => p >= 0 && p !== peer);
      this.adoptAndShed(t, s, adopt, expect, op.donors.map((id) => c.peerOf(id)), (op.flags & TAKEON_VACATED) !== 0);
    }
  }

  /** Replace (RFC 7019 §9.4): our parent sheds `adopt` to us; we adopt them and shed in turn. */
  onReplace(peer: number, req: ReloadMessage, t: TreeState, op: Replace): void {
    const c = this.c;
    const s = op.stripe;
    const from = req.origin;
    if (s >= t.stripes || t.parents[s] !== from) {
      c.refuse(peer, req, 'not our parent');
      return;
    }
    c.answerOp(peer, req);
    this.adoptAndShed(t, s, op.adopt.map((id) => c.peerOf(id)).filter((p) => p >= 0 && p !== peer), from, op.donors.map((id) => c.peerOf(id)), true);
  }

  /**
   * Adopts `adopt` (whose parent is `expect` now) and sheds own children that no longer fit: leaf
   * children are kept first, the rest go to one internal child with a Replace, or are told to find a
   * free slot if none of them is internal.
   */
  private adoptAndShed(t: TreeState, s: number, adopt: readonly number[], expect: number, donors: readonly number[], vacated: boolean): void {
    const c = this.c;
    const n = c.node(t);
    const donorIds = donors.map((d) => c.idOf(d));
    if (!(t.root || n.proper === s)) {
      // A leaf filled the gap: it cannot adopt, so its former siblings look for free slots.
      for (const o of adopt) this.homeless(t, s, o, donorIds, expect);
      return;
    }
    const own = [...t.children[s]!];
    const room = c.cap(t, n, s) - adopt.length - n.promised[s]!;
    if (own.length > room) {
      const ownLeaves = this.shuffle(own.filter((k) => !n.isInternalKid(s, k)));
      const ownInts = this.shuffle(own.filter((k) => n.isInternalKid(s, k)));
      const order = [...ownLeaves, ...ownInts];
      const keep = Math.max(0, room - 1);
      const rest = order.slice(keep);
      const restInts = rest.filter((k) => n.isInternalKid(s, k));
      const heir = restInts.length > 0 ? restInts[this.c.s.rng.int(restInts.length)]! : room >= 1 ? rest[this.c.s.rng.int(rest.length)]! : -1;
      const shed = rest.filter((k) => k !== heir);
      for (const k of shed) {
        n.kidInfo[s]?.delete(k);
        c.s.removeChild(t, s, k, 'reform');
      }
      if (heir >= 0 && n.isInternalKid(s, heir) && shed.length > 0) {
        const op: Replace = { op: OP_REPLACE, stripe: s, adopt: shed.map((k) => c.idOf(k)), donors: donorIds };
        c.sendOp(t.peer, heir, t, op);
      } else for (const k of shed) this.homeless(t, s, k, donorIds, t.peer);
    }
    if (adopt.length > 0) {
      n.relocations = 0;
      this.checkDepthLater(t, s, 4 * c.childlessDelay);
    }
    for (const o of adopt) {
      n.promised[s] = n.promised[s]! + 1;
      const op: Takeon = { op: OP_TAKEON, stripe: s, flags: TAKEON_SIBLING | (vacated ? TAKEON_VACATED : 0), expectParent: c.idOf(expect), path: c.sync.ownPath(t, s), adopt: [], donors: [] };
      c.sendOp(t.peer, o, t, op, (a) => {
        n.promised[s] = Math.max(0, n.promised[s]! - 1);
        if (c.ok(a) && c.active(t) && !t.children[s]!.includes(o)) this.adopted(t, s, o);
        c.sync.touch(t);
      });
    }
    c.sync.touch(t);
  }

  /**
   * Races (a reserved leaf that left while its slot was taken, say) can leave a node with more than f
   * children: it sheds leaf children, newest first, until it has f.
   */
  enforceCap(t: TreeState, s: number): void {
    const c = this.c;
    const n = c.node(t);
    const kids = t.children[s]!;
    for (let i = kids.length - 1; i >= 0 && kids.length > c.cap(t, n, s); i--) {
      const k = kids[i]!;
      if (!n.isInternalKid(s, k) && !(n.reserved[s]?.has(k) ?? false)) this.shed(t, s, k);
    }
    // Only internal children left over: one finds a free slot with its subtree (and then moves up
    // to the shallowest leaf if it hangs too deep); a Replace would push a subtree one level down.
    for (let i = kids.length - 1; i >= 0 && kids.length > c.cap(t, n, s); i--) {
      const k = kids[i]!;
      if (!(n.reserved[s]?.has(k) ?? false)) this.shed(t, s, k);
    }
  }

  /** Removes a child this node cannot keep and tells it to find a free slot. */
  shed(t: TreeState, s: number, child: number): void {
    this.c.node(t).kidInfo[s]?.delete(child);
    this.c.s.removeChild(t, s, child, 'reform');
    this.homeless(t, s, child, [], t.peer);
  }

  /** Tells `k`, whose parent in s was `former`, to find a free slot. */
  sendHomeless(t: TreeState, s: number, k: number, former: number): void {
    this.homeless(t, s, k, [], former);
  }

  /**
   * `child` accepted our Takeon in stripe s (RFC 7019 §9.4) and took us as its parent: it becomes our
   * child, unless we stopped being internal in s while the Takeon was on its way (we changed our
   * proper stripe, §9.5, and handed our children in s to our parent there): a node has children in
   * its proper stripe only (§9.1), so the child must find another slot, as a Join accepted before the
   * conversion does (join.ts onChildConfirmed). Returns whether it was adopted.
   */
  adopted(t: TreeState, s: number, child: number): boolean {
    const c = this.c;
    if (c.cap(t, c.node(t), s) > 0) {
      c.s.addChild(t, s, child);
      return true;
    }
    this.homeless(t, s, child, [], t.peer);
    return false;
  }

  /** Direct (DIRECT_HOMELESS): the receiver lost its place under `former` in stripe s and must find a free slot. */
  private homeless(t: TreeState, s: number, k: number, donors: readonly Id[], former: number): void {
    const op: Direct = { op: OP_DIRECT, stripe: s, flags: DIRECT_HOMELESS, target: this.c.idOf(-1), leaf: this.c.idOf(former), nodes: donors, info: [] };
    this.c.sendOp(t.peer, k, t, op);
  }

  /** Direct handler (RFC 7019 §9.4: "to direct a node to its would-be parent"). */
  onDirect(peer: number, req: ReloadMessage, t: TreeState, op: Direct): void {
    const c = this.c;
    const s = op.stripe;
    const from = req.origin;
    c.answerOp(peer, req);
    if (s >= t.stripes || t.root) return;
    if ((op.flags & DIRECT_RELOCATE) !== 0) {
      const n = c.node(t);
      if (n.proper === s && c.settled(t) && !n.busy) this.relocate(t, s);
      return;
    }
    if ((op.flags & DIRECT_HOMELESS) === 0) return;
    const n = c.node(t);
    if (n.placing[s] === 1) {
      // From the would-be parent (for a Join routed to group_id, the rendezvous point, which sends
      // an overflow child on at once when it can, see rendezvous.ts drainOverflow): it shed us
      // before our JoinConfirm was answered.
      const task = n.tasks[s];
      if (task !== undefined && (task.target === from || task.kind === 'reattach')) task.revokedBy = from;
      return;
    }
    const cur = t.parents[s]!;
    const former = op.leaf.isZero() ? from : c.peerOf(op.leaf);
    if (cur !== former && cur !== from && cur >= 0) return;
    if (cur >= 0) {
      c.s.setParent(t, s, -1);
      c.s.repairStarted(t, s, 'reform', cur);
    }
    const target = c.peerOf(op.target);
    c.placement.start(t, s, 'hole', { target, donors: op.nodes.map((id) => c.peerOf(id)) });
  }

  /** Substitute handler (RFC 7019 §9.4: "to take the place of a child of some peer"). */
  onSubstitute(peer: number, req: ReloadMessage, t: TreeState, op: Substitute): void {
    const c = this.c;
    const n = c.node(t);
    const s = op.stripe;
    const from = req.origin;
    const child = c.peerOf(op.child);
    if (s >= t.stripes || !(t.root || n.proper === s)) {
      c.refuse(peer, req, 'not internal in this stripe');
      return;
    }
    if ((op.flags & SUBSTITUTE_REFILL) !== 0) {
      c.answerOp(peer, req);
      // From the child itself (it changes its proper stripe) or from a grandchild (it failed).
      if (t.children[s]!.includes(child) && (from === child || op.children.length === 0)) {
        this.refill(t, s, child, from === child ? op.children : undefined, from === child ? op.donors : undefined, from === child);
      }
      return;
    }
    if ((op.flags & SUBSTITUTE_SELF) === 0 || !t.children[s]!.includes(child) || n.isInternalKid(s, child) || from === peer) {
      c.refuse(peer, req, 'no such leaf child');
      return;
    }
    if (!leafSubstitutable(t, n, s, c.cap(t, n, s))) {
      // No room for one more internal child (forest-node.ts leafSubstitutable).
      c.refuse(peer, req, 'no room for an internal child');
      return;
    }
    let res = n.reserved[s];
    if (res === undefined) {
      res = new Map();
      n.reserved[s] = res;
    }
    if (res.has(child) || (n.path[s]?.includes(from) ?? false)) {
      c.refuse(peer, req, 'leaf already being replaced');
      return;
    }
    const r = { joiner: from, leaf: child, timer: -1 };
    r.timer = c.later(2 * c.s.settings.joinConfirmTimeout, (x: { s: number; leaf: number; joiner: number }) => {
      const m = n.reserved[x.s];
      if (m?.get(x.leaf)?.joiner === x.joiner) m.delete(x.leaf);
      c.sync.touch(t);
    }, { s, leaf: child, joiner: from });
    res.set(child, r);
    c.answerOp(peer, req);
    c.sync.touch(t);
  }

  /** Search at an ordinary node: a step of a walk for a free slot, or a leaf child for a childless node. */
  onSearch(peer: number, req: ReloadMessage, t: TreeState, op: Search): void {
    const c = this.c;
    const n = c.node(t);
    const s = op.stripe;
    const none: Direct = { op: OP_DIRECT, stripe: s, flags: 0, target: c.idOf(-1), leaf: c.idOf(-1), nodes: [], info: [] };
    if (s >= t.stripes || !(t.root || n.proper === s)) {
      c.answerOp(peer, req, none);
      return;
    }
    const asker = req.origin;
    const kids = t.children[s]!;
    if ((op.want & WANT_STEP) !== 0) {
      this.step(peer, req, t, op, none);
      return;
    }
    if (op.want === WANT_HOLE) {
      // The walk of §9.4 starts at a sibling of the contact: a random one with a free slot below.
      const exclude = c.peerOf(op.exclude);
      const cands = kids.filter((k) => k !== exclude && n.isInternalKid(s, k) && n.kidInfo[s]!.get(k)!.sum.free > 0);
      if (cands.length > 0) {
        const k = cands[c.s.rng.int(cands.length)]!;
        const at = n.kidInfo[s]!.get(k)!.sum.holeAt;
        c.answerOp(peer, req, { ...none, target: c.idOf(at >= 0 ? at : k) });
        return;
      }
      c.answerOp(peer, req, c.ownFree(t, n, s) > 0 ? { ...none, target: c.idOf(peer) } : none);
      return;
    }
    if (op.want === WANT_LEAF_CHILD) {
      const res = n.reserved[s];
      const leaves = kids.filter((k) => k !== asker && !n.isInternalKid(s, k) && !(res?.has(k) ?? false));
      if (kids.length >= 2 && leaves.length > 0) {
        const l = leaves[c.s.rng.int(leaves.length)]!;
        n.kidInfo[s]?.delete(l);
        c.s.removeChild(t, s, l, 'reform');
        c.sync.touch(t);
        c.answerOp(peer, req, { ...none, flags: DIRECT_HANDOVER, target: c.idOf(l) });
        return;
      }
      const ints = kids.filter((k) => k !== asker && n.isInternalKid(s, k) && n.kidInfo[s]!.get(k)!.sum.leaf < NONE_DEPTH);
      if (ints.length > 0) {
        c.answerOp(peer, req, { ...none, flags: DIRECT_ASK, target: c.idOf(ints[c.s.rng.int(ints.length)]!) });
        return;
      }
    }
    c.answerOp(peer, req, none);
  }

  /** One step of a walk down (WANT_STEP): the place here, or a random child whose subtree has the best one. */
  private step(peer: number, req: ReloadMessage, t: TreeState, op: Search, none: Direct): void {
    const c = this.c;
    const n = c.node(t);
    const s = op.stripe;
    const kids = t.children[s]!;
    const info = n.kidInfo[s];
    const rng = c.s.rng;
    const wantLeaf = (op.want & ~WANT_STEP) === WANT_LEAF;
    c.sync.refresh(t, s);
    if (wantLeaf) {
      const res = n.reserved[s];
      const leaves = leafSubstitutable(t, n, s, c.cap(t, n, s)) ? kids.filter((k) => !n.isInternalKid(s, k) && !(res?.has(k) ?? false)) : [];
      if (leaves.length > 0) {
        c.answerOp(peer, req, { ...none, target: c.idOf(peer), leaf: c.idOf(leaves[rng.int(leaves.length)]!) });
        return;
      }
    } else if (c.ownFree(t, n, s) > 0) {
      c.answerOp(peer, req, { ...none, target: c.idOf(peer) });
      return;
    }
    let best = NONE_DEPTH;
    let pick = -1;
    let ties = 0;
    for (const k of kids) {
      const ki = info?.get(k);
      if (ki === undefined || !ki.internal) continue;
      const d = wantLeaf ? ki.sum.leaf : ki.sum.free > 0 ? ki.sum.hole : NONE_DEPTH;
      if (d >= NONE_DEPTH) continue;
      if (d < best) {
        best = d;
        pick = k;
        ties = 1;
      } else if (d === best && rng.int(++ties) === 0) pick = k;
    }
    // A walk for a leaf never ends at a free slot: an internal node there would start a chain.
    c.answerOp(peer, req, pick >= 0 ? { ...none, flags: DIRECT_ASK, target: c.idOf(pick) } : none);
  }

  // ================================================================= childless nodes

  /** A member internal in no stripe would be a second special node: it asks for a child. */
  checkChildless(t: TreeState): void {
    const c = this.c;
    if (t.root || !c.settled(t)) return;
    const n = c.node(t);
    const p = n.proper;
    if (p < 0) return;
    if (t.children[p]!.length > 0 || n.promised[p]! > 0 || (n.reserved[p]?.size ?? 0) > 0 || n.busy) {
      n.childlessTries = 0;
      return;
    }
    if (n.childlessArmed || n.childlessTries >= 3) return;
    n.childlessArmed = true;
    c.later(c.childlessDelay, this.onChildless, t);
  }

  private fixChildless(t: TreeState): void {
    const c = this.c;
    const n = c.node(t);
    n.childlessArmed = false;
    if (t.root || !c.settled(t) || !t.stored) return;
    const p = n.proper;
    if (p < 0 || t.children[p]!.length > 0 || n.promised[p]! > 0 || n.busy) return;
    n.childlessTries++;
    this.askLeafChild(t, p, t.parents[p]!, 0);
  }

  private askLeafChild(t: TreeState, p: number, at: number, steps: number): void {
    const c = this.c;
    if (at < 0) return;
    const op: Search = { op: OP_SEARCH, stripe: p, want: WANT_LEAF_CHILD, exclude: c.idOf(t.peer), nodes: [] };
    c.sendOp(t.peer, at, t, op, (a) => {
      const d = c.opOfAnswer(a);
      if (d === undefined || d.op !== OP_DIRECT || !c.active(t)) return;
      const target = c.peerOf(d.target);
      if (target < 0) return;
      if ((d.flags & DIRECT_HANDOVER) !== 0) {
        const n = c.node(t);
        n.promised[p] = n.promised[p]! + 1;
        const take: Takeon = { op: OP_TAKEON, stripe: p, flags: 0, expectParent: c.idOf(at), path: c.sync.ownPath(t, p), adopt: [], donors: [] };
        c.sendOp(t.peer, target, t, take, (b) => {
          n.promised[p] = Math.max(0, n.promised[p]! - 1);
          if (c.ok(b) && c.active(t) && !t.children[p]!.includes(target)) this.adopted(t, p, target);
          c.sync.touch(t);
        });
      } else if ((d.flags & DIRECT_ASK) !== 0 && steps < 16) this.askLeafChild(t, p, target, steps + 1);
    });
  }

  // ================================================================= conversion

  /**
   * The Join that made this node adopt a shed node in stripe s (JOIN_CONVERT) is confirmed: s is its
   * proper stripe now. Its old stripe's slot is refilled by its parent there, it rejoins the old
   * stripe as a leaf, and it moves to the shallowest leaf position of s if that is shallower.
   */
  finishConversion(t: TreeState, s: number): void {
    const c = this.c;
    const n = c.node(t);
    n.converting = -1;
    const r = n.proper;
    if (r < 0 || r === s) {
      n.proper = s;
      n.busy = false;
      return;
    }
    const oldKids = [...t.children[r]!];
    const entries: ChildEntry[] = oldKids.map((k) => ({ child: c.idOf(k), internal: n.isInternalKid(r, k) }));
    for (const k of oldKids) c.s.removeChild(t, r, k, 'reform');
    n.kidInfo[r] = undefined;
    n.toldIncomplete[r] = -1;
    n.sum[r] = { ...NO_SUMMARY };
    n.proper = s;
    n.sentUp = -1;
    const donors = Array.from({ length: t.stripes }, (_, x) => c.idOf(t.parents[x]!));
    const g = t.parents[r]!;
    if (g >= 0) {
      const op: Substitute = { op: OP_SUBSTITUTE, stripe: r, flags: SUBSTITUTE_REFILL, child: c.idOf(t.peer), children: entries, donors };
      c.sendOp(t.peer, g, t, op);
      c.s.setParent(t, r, -1);
      c.s.repairStarted(t, r, 'reform', g);
      c.placement.start(t, r, 'hole');
    } else for (const k of oldKids) this.homeless(t, r, k, donors, t.peer);
    this.relocate(t, s);
    c.sync.touch(t);
  }

  private readonly onDepthCheck = (x: { t: TreeState; s: number }): void => {
    const c = this.c;
    const t = x.t;
    const n = c.node(t);
    n.depthCheckArmed = false;
    if (c.settled(t) && !n.busy && n.proper === x.s && t.children[x.s]!.length > 0) this.relocate(t, x.s);
  };

  /** After an internal node went deeper: relocate it if it is below the shallowest leaf. */
  checkDepthLater(t: TreeState, s: number, delay = this.c.childlessDelay): void {
    const n = this.c.node(t);
    if (n.depthCheckArmed) return;
    n.depthCheckArmed = true;
    this.c.later(delay, this.onDepthCheck, { t, s });
  }

  /**
   * An internal node below the shallowest leaf of its stripe (a converted node, or a subtree that
   * re-attached at a free slot after its parent and grandparent failed) takes the place of the
   * shallowest leaf, with its subtree: the trees stay almost full. Its old slot becomes free.
   */
  relocate(t: TreeState, s: number): void {
    const c = this.c;
    const n = c.node(t);
    const oldParent = t.parents[s]!;
    const depth = n.depth(s);
    if (depth < 0 || oldParent < 0 || n.placing[s] === 1) {
      n.busy = false;
      return;
    }
    n.busy = true;
    c.placement.start(t, s, 'proper', {
      shallowerThan: depth,
      onDone: (moved, task) => {
        if (moved && oldParent >= 0 && t.parents[s] !== oldParent) {
          const op: Substitute = { op: OP_SUBSTITUTE, stripe: s, flags: SUBSTITUTE_REFILL, child: c.idOf(t.peer), children: [], donors: [] };
          c.sendOp(t.peer, oldParent, t, op);
        }
        n.busy = false;
        // Summaries may have been stale while the forest was being repaired: look once more later.
        if (!moved && !task.notNeeded && n.relocations++ < 2) this.checkDepthLater(t, s, 5 * c.childlessDelay);
        else if (moved) n.relocations = 0;
        c.sync.touch(t);
      },
    });
  }

  private shuffle<T>(a: T[]): T[] {
    const rng = this.c.s.rng;
    for (let i = a.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const x = a[i]!;
      a[i] = a[j]!;
      a[j] = x;
    }
    return a;
  }
}
