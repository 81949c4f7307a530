/**
 * The rendezvous point of a P2PCast group (RFC 7019 §9.3): the peer responsible for group_id, root of
 * all f trees ("the rendezvous point will maintain f subtrees") and the source that splits every
 * message into stripes (§9.7).
 *
 * Decisions: it takes up to `rootFanout` children per stripe (default f) and is exempt from the
 * one-proper-stripe rule (it forwards f x rootFanout stripe units per message, f streams by default);
 * it keeps the member list that hands joiners a random member; and, knowing every stripe's summary, it
 * answers the Searches of nodes looking for a free slot or a leaf. When a stripe has no free slot
 * left it directs the asker to a node to convert (§9.5: the shed node is taken as a child by the
 * departed node's parent in another stripe): preferably that parent, in the stripe with the most free
 * slots, else the incomplete node at the shallowest free slot of that stripe.
 */
import type { ReloadMessage } from '../../reload/message.ts';
import { Id } from '../../reload/id.ts';
import type { TreeState } from '../tree-state.ts';
import type { Join } from '../wire/bodies.ts';
import { ALM_ERROR_OTHER } from '../wire/codes.ts';
import { dictionaryGetUint32 } from '../wire/dictionary.ts';
import { MemberList, type ForestNode } from './forest-node.ts';
import { JOIN_OVERFLOW, encodeReject } from './join-info.ts';
import type { P2PCast } from './p2pcast.ts';
import { DIRECT_CONVERT, DIRECT_RELOCATE, NONE_DEPTH, OP_DIRECT, WANT_HOLE, WANT_LEAF, WANT_LEAF_CHILD, WANT_MEMBER, WANT_STEP, type Direct, type Search } from './reform-ops.ts';

export class Rendezvous {
  /**
   * Per group (root tree), the proper stripes handed to joiners that have not announced their join
   * yet, with the time: concurrent joiners all see the same summaries, and would otherwise all pick
   * the same stripe and exhaust the free slots of the others.
   */
  private readonly assigned = new WeakMap<TreeState, Assignments>();
  /** Per group (root tree), the free slots joiners will have in their proper stripe (see offerHoles). */
  private readonly offers = new WeakMap<TreeState, Offers>();

  constructor(private readonly c: P2PCast) {}

  /**
   * The proper stripe for a new joiner: the one with the fewest free slots once the joins in
   * progress are counted (each adds f-1 free slots to its proper stripe and takes one in every other).
   */
  private assign(t: TreeState, joiner: number): number {
    const c = this.c;
    const n = c.node(t);
    const f = t.stripes;
    let pend = this.assigned.get(t);
    if (pend === undefined) {
      pend = new Assignments(f);
      this.assigned.set(t, pend);
    }
    const now = c.s.scheduler.now;
    // A joiner asking again keeps its stripe while its offer is live: its slots handed out are there.
    const offer = this.offers.get(t)?.byPeer.get(joiner);
    if (offer !== undefined && now - offer.at <= ASSIGNMENT_LIFETIME && pend.has(joiner)) return offer.q;
    pend.delete(joiner);
    pend.expire(now - ASSIGNMENT_LIFETIME);
    const count = pend.count;
    let free = 0;
    for (let s = 0; s < f; s++) free += n.sum[s]!.free;
    // Admission: every join takes f-1 free slots before it makes f-1 new ones, and the forest's free
    // slots are few (f x rootFanout when balanced); the slots of joins in progress (offerHoles) let
    // about twice as many joins as there are members run at once, placing each below placed ones.
    if (pend.size >= Math.max(8 * f, 4 * free, 2 * (n.members?.size ?? 0))) return -1;
    let best = Infinity;
    let pick = 0;
    let ties = 0;
    for (let s = 0; s < f; s++) {
      const eff = n.sum[s]!.free + f * count[s]! - pend.size;
      if (eff < best) {
        best = eff;
        pick = s;
        ties = 1;
      } else if (eff === best && c.s.rng.int(++ties) === 0) pick = s;
    }
    pend.add(joiner, pick, now);
    return pick;
  }

  /**
   * Free slots for a joiner in the stripes other than its proper stripe q, one per stripe (the
   * Direct's nodes, zero where none): each joiner offers f-1 slots in its proper stripe (it has f,
   * and one goes to the leaf whose place it takes), and the joiners that follow take them, oldest
   * first. Concurrent joiners so find their leaf places without all going to the one shallowest free
   * slot of the summary, which is what made them collide: the forest's free slots are few and
   * constant in number, while the slots of joins in progress grow with the number of joins. A joiner
   * asked for its slot before it is placed in its proper stripe answers 'joining', and the asker
   * tries again shortly (join.ts stripeJoin, placement.ts). An offer lapses after ASSIGNMENT_LIFETIME
   * (the joiner is placed by then, and its slot left is in the summaries); a joiner that asks again
   * before keeps its stripe and its offer (assign), since slots in its name are handed out there.
   */
  private offerHoles(t: TreeState, joiner: number, q: number): Id[] {
    const c = this.c;
    const f = t.stripes;
    const o = this.queues(t);
    const now = c.s.scheduler.now;
    const old = o.byPeer.get(joiner);
    const out: Id[] = [];
    for (let s = 0; s < f; s++) {
      let target = -1;
      if (s !== q) {
        const fifo = o.queue[s]!;
        while (fifo.head < fifo.items.length) {
          const e = fifo.items[fifo.head]!;
          if (e.left > 0 && now - e.at <= ASSIGNMENT_LIFETIME && e.peer !== joiner) {
            target = e.peer;
            if (--e.left === 0) fifo.head++;
            break;
          }
          if (o.byPeer.get(e.peer) === e) o.byPeer.delete(e.peer);
          fifo.head++;
        }
        compact(fifo);
      }
      out.push(c.idOf(target));
    }
    if (old === undefined || old.q !== q || now - old.at > ASSIGNMENT_LIFETIME) {
      if (old !== undefined) old.left = 0;
      const e: Offer = { peer: joiner, q, left: f - 1, at: now };
      o.byPeer.set(joiner, e);
      o.queue[q]!.items.push(e);
    }
    return out;
  }

  /**
   * The shallowest free slot of stripe s is below the shallowest leaf: its holder is an internal
   * node that hangs too deep (after repairs). It is told to move up (relocate), at most once in a
   * while, so that the trees stay almost full and leaves do not pile up under it.
   */
  private nudge(t: TreeState, s: number): void {
    const c = this.c;
    const sum = c.node(t).sum[s]!;
    const holder = sum.holeAt;
    if (holder < 0 || holder === t.peer || sum.leaf >= NONE_DEPTH || sum.hole <= sum.leaf + 1) return;
    const now = c.s.scheduler.now;
    const last = this.nudged.get(holder) ?? -Infinity;
    if (now - last < NUDGE_INTERVAL) return;
    this.nudged.set(holder, now);
    const op: Direct = { op: OP_DIRECT, stripe: s, flags: DIRECT_RELOCATE, target: c.idOf(-1), leaf: c.idOf(-1), nodes: [], info: [] };
    c.sendOp(t.peer, holder, t, op);
  }

  private readonly nudged = new Map<number, number>();

  /** A joiner announced it has joined with proper stripe `q`. */
  joined(t: TreeState, from: number, q: number): void {
    void q;
    this.c.node(t).members?.add(from);
    this.assigned.get(t)?.delete(from);
  }

  private queues(t: TreeState): Offers {
    let o = this.offers.get(t);
    if (o === undefined) {
      const fifo = <T>(): Fifo<T>[] => Array.from({ length: t.stripes }, () => ({ items: [], head: 0 }));
      o = { byPeer: new Map(), queue: fifo() };
      this.offers.set(t, o);
    }
    return o;
  }

  /**
   * The peer responsible for group_id becomes the rendezvous point (RFC 7019 §9.3) at the group's
   * creation, or, after the former one left, failed or handed group_id over (§8.2, which applies to
   * P2PCast's rendezvous point as much as to Scribe's root), at the first Join, Reform or Push routed
   * to group_id. It starts with no child, no summary and an empty member list: the former root's
   * children re-attach under it with their subtrees (repair.ts onParentLost), their upward Updates
   * rebuild the summaries, and every member whose path now starts here announces itself again
   * (sync.ts setPath), which rebuilds the member list.
   *
   * A member placed in the forest that becomes the rendezvous point leaves its places first, as a
   * leaving member does (§9.5: its parents and children repair around it), and stays a member: the
   * root is in every tree. Returns the tree state to use from now on (a fresh one in that case, so
   * that nothing still pending for its old places acts on the root).
   */
  becomeRoot(peer: number, t: TreeState): TreeState {
    const c = this.c;
    if (!t.root && placed(t)) {
      const member = t.member;
      c.tearDown(peer, t, false, true);
      t = c.s.tree(peer, t.groupId, true);
      t.member = member;
    }
    const n = c.node(t);
    t.root = true;
    n.gone = false;
    n.proper = -1;
    n.rootPeer = peer;
    n.joinRun = undefined;
    n.members ??= new MemberList();
    for (let s = 0; s < t.stripes; s++) {
      if (t.parents[s]! >= 0) c.s.setParent(t, s, -1);
      t.joining[s] = false;
      n.path[s] = [];
    }
    c.sync.touch(t);
    return t;
  }

  /**
   * The rendezvous point hands group_id over (RFC 7019 §8.2): it left the overlay (`rejoin` false), or
   * a peer that joined between group_id and it took group_id over. Its children are told with a
   * Leave (§7.2.10) and re-attach under the new rendezvous point with their subtrees, routing their
   * Join to group_id; the former root, if a member, joins the forest again as any member does.
   */
  handOver(peer: number, t: TreeState, rejoin: boolean): void {
    const c = this.c;
    const member = t.member;
    t.root = false;
    c.tearDown(peer, t, false);
    if (!rejoin || !member) return;
    const t2 = c.s.tree(peer, t.groupId, true);
    t2.member = true;
    // It waits as long as an orphan does (orphanWait), so that its former children, which carry
    // subtrees, take the new rendezvous point's free slots first.
    c.later(c.orphanWait, this.onRejoin, t2);
  }

  private readonly onRejoin = (t: TreeState): void => {
    const c = this.c;
    if (t.stored && t.member && !t.root) c.joins.start(t.peer, t);
  };

  /**
   * Children beyond the fanout (JOIN_OVERFLOW) are sent on, one at a time and newest first, to find a
   * slot below the rendezvous point: leaves first; an internal child (a subtree that re-attached
   * here) goes with its subtree, and then moves up to the shallowest leaf position (repair.ts
   * relocate). A child goes once the stripe has a free slot outside its own subtree, or, when it has
   * none, once another stripe has slots to spare: RFC 7019 §9.5, "the shed node is then taken as a
   * child by" a node of the other stripe, which converts; the child's Search is answered with that
   * node (onSearch, donor). Without this the child would stay beyond the fanout for good, since
   * nothing else makes a stripe without free slots get some.
   */
  drainOverflow(t: TreeState, s: number): void {
    const c = this.c;
    const n = c.node(t);
    const kids = t.children[s]!;
    if (kids.length <= c.rootFanout) return;
    const free = n.sum[s]!.free;
    const res = n.reserved[s];
    let convertible: boolean | undefined;
    for (const internal of [false, true]) {
      for (let i = kids.length - 1; i >= 0; i--) {
        const k = kids[i]!;
        const ki = n.kidInfo[s]?.get(k);
        if ((ki?.internal === true) !== internal || (res?.has(k) ?? false)) continue;
        if (free - (ki?.internal === true ? ki.sum.free : 0) <= 0 && !(convertible ??= this.donor(t, s, -1, []) >= 0)) continue;
        c.repair.shed(t, s, k);
        return;
      }
    }
  }

  memberGone(t: TreeState, p: number): void {
    this.c.node(t).members?.remove(p);
  }

  /** Search at the rendezvous point (RFC 7019 §9.4), answered with a Direct. */
  onSearch(peer: number, req: ReloadMessage, t: TreeState, op: Search): void {
    const c = this.c;
    const n = c.node(t);
    const asker = req.origin;
    for (let s = 0; s < t.stripes; s++) c.sync.refresh(t, s);
    const info = c.sync.wireAll(t);
    const direct = (target: number, leaf = -1, flags = 0): Direct => ({ op: OP_DIRECT, stripe: op.stripe, flags, target: c.idOf(target), leaf: c.idOf(leaf), nodes: [], info });
    if ((op.want & WANT_STEP) !== 0) {
      const s = op.stripe;
      if ((op.want & ~WANT_STEP) === WANT_HOLE && s < t.stripes && n.sum[s]!.free === 0) {
        c.answerOp(peer, req, direct(this.donor(t, s, asker, op.nodes), -1, DIRECT_CONVERT));
        return;
      }
      c.repair.onSearch(peer, req, t, op);
      return;
    }
    switch (op.want) {
      case WANT_MEMBER: {
        const members = n.members!;
        for (const id of op.nodes) {
          const p = c.peerOf(id);
          if (p >= 0 && p !== asker) members.remove(p);
        }
        // No member yet: the rendezvous point is the contact itself. The Direct's stripe is the
        // proper stripe suggested to the joiner.
        const q = this.assign(t, asker);
        if (q < 0) {
          c.answerOp(peer, req, direct(-1));
          return;
        }
        const a = members.sample(c.s.rng, asker);
        c.answerOp(peer, req, { ...direct(a < 0 ? peer : a), stripe: q, nodes: this.offerHoles(t, asker, q) });
        return;
      }
      case WANT_HOLE: {
        const s = op.stripe;
        if (s >= t.stripes) break;
        const sum = n.sum[s]!;
        if (sum.free > 0 && sum.holeAt >= 0 && sum.holeAt !== asker) {
          this.nudge(t, s);
          c.answerOp(peer, req, direct(sum.holeAt));
          return;
        }
        c.answerOp(peer, req, direct(this.donor(t, s, asker, op.nodes), -1, DIRECT_CONVERT));
        return;
      }
      case WANT_LEAF: {
        const s = op.stripe;
        if (s >= t.stripes) break;
        const sum = n.sum[s]!;
        // No leaf at all (the first members): an internal place at the shallowest free slot.
        if (sum.leafAt < 0) c.answerOp(peer, req, direct(sum.free > 0 ? sum.holeAt : -1));
        else c.answerOp(peer, req, direct(sum.leafParent, sum.leafAt));
        return;
      }
      case WANT_LEAF_CHILD:
        c.repair.onSearch(peer, req, t, op);
        return;
    }
    c.answerOp(peer, req, direct(-1));
  }

  /**
   * A node to convert so that stripe `s` gets free slots: one of the given candidates (the departed
   * node's parents, indexed by stripe) in the stripe with the most free slots, which must have at
   * least f to spare; failing that, an incomplete node of that stripe (see below).
   */
  private donor(t: TreeState, s: number, asker: number, candidates: readonly Id[]): number {
    const c = this.c;
    const n = c.node(t);
    const f = this.c.stripes;
    let best = -1;
    let bestFree = -1;
    for (let r = 0; r < t.stripes; r++) {
      if (r === s) continue;
      const free = n.sum[r]!.free;
      if (free < f) continue;
      const d = r < candidates.length ? c.peerOf(candidates[r]!) : -1;
      if (d >= 0 && d !== asker && d !== t.peer && free > bestFree) {
        best = d;
        bestFree = free;
      }
    }
    if (best >= 0) return best;
    let richest = -1;
    for (let r = 0; r < t.stripes; r++) if (r !== s && n.sum[r]!.free >= f && (richest < 0 || n.sum[r]!.free > n.sum[richest]!.free)) richest = r;
    if (richest < 0) return -1;
    // The incomplete node at the shallowest free slot, or one of the root's subtrees' (at random):
    // a donor may itself be busy (placing itself elsewhere), and the same one for every asker
    // would turn them all away for as long as it is.
    const options: number[] = [];
    const at = n.sum[richest]!.holeAt;
    if (at >= 0 && at !== t.peer && at !== asker) options.push(at);
    for (const [k, ki] of n.kidInfo[richest] ?? []) {
      if (!ki.internal || ki.sum.free === 0) continue;
      const h = ki.sum.holeAt >= 0 ? ki.sum.holeAt : k;
      if (h !== asker && !options.includes(h)) options.push(h);
    }
    return options.length === 0 ? -1 : options[c.s.rng.int(options.length)]!;
  }

  /** A Join routed to group_id: a node re-attaching under the rendezvous point (its parent was the root). */
  onRoutedJoin(peer: number, req: ReloadMessage, body: Join): void {
    const c = this.c;
    if (!c.s.holdsAlmTree(peer, body.groupId) || req.origin === peer) {
      c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('not-member'));
      return;
    }
    let t = c.s.tree(peer, body.groupId, true);
    if (!t.root) t = this.becomeRoot(peer, t);
    const n = c.node(t);
    const s = dictionaryGetUint32(body.options, 'stripe');
    if (s === undefined || s >= t.stripes) {
      c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('not-member'));
      return;
    }
    const flags = dictionaryGetUint32(body.options, 'p2pcast') ?? 0;
    if (t.children[s]!.includes(req.origin)) {
      // Still listed here (it lost us before we lost it): it is welcome back where it was.
      c.joins.acceptIn(peer, req, t, s, req.origin, undefined, false);
      return;
    }
    if (c.ownFree(t, n, s) > 0 || (flags & JOIN_OVERFLOW) !== 0) {
      c.joins.acceptIn(peer, req, t, s, req.origin, undefined);
      return;
    }
    c.sync.refresh(t, s);
    const sum = n.sum[s]!;
    c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('full', sum.free > 0 && sum.holeAt >= 0 && sum.holeAt !== peer ? c.idOf(sum.holeAt) : undefined));
  }

  /**
   * The ids this peer is responsible for changed (RFC 7019 §8.2 applies to any algorithm): a root
   * that no longer holds the ALMTree hands over (see handOver).
   */
  onResponsibilityChange(peer: number): void {
    const c = this.c;
    for (const t of c.s.trees(peer)) {
      if (!t.root || c.s.holdsAlmTree(peer, t.groupId)) continue;
      this.handOver(peer, t, true);
    }
  }
}

/**
 * The proper stripes handed to joiners that have not announced their join yet (Rendezvous.assign),
 * with the number per stripe kept as they come and go: the rendezvous point of a large group has
 * thousands of joins in progress, and counting them at every Search made admission quadratic in the
 * group size.
 */
class Assignments {
  /** Joiner -> its stripe and when it was assigned, in order of assignment (so oldest first). */
  private readonly byPeer = new Map<number, { readonly q: number; readonly at: number }>();
  /** Assignments per stripe. */
  readonly count: number[];

  constructor(stripes: number) {
    this.count = new Array<number>(stripes).fill(0);
  }

  get size(): number {
    return this.byPeer.size;
  }

  has(joiner: number): boolean {
    return this.byPeer.has(joiner);
  }

  /** Assigns stripe q at time `at`; times never decrease, so the map stays oldest first. */
  add(joiner: number, q: number, at: number): void {
    this.delete(joiner);
    this.byPeer.set(joiner, { q, at });
    this.count[q]!++;
  }

  delete(joiner: number): void {
    const a = this.byPeer.get(joiner);
    if (a === undefined) return;
    this.byPeer.delete(joiner);
    this.count[a.q]!--;
  }

  /** Drops the assignments made before `oldest`: a prefix of the map, as it is oldest first. */
  expire(oldest: number): void {
    for (const [j, a] of this.byPeer) {
      if (a.at >= oldest) return;
      this.byPeer.delete(j);
      this.count[a.q]!--;
    }
  }
}

/** A joiner's free slots in its proper stripe, for the joiners after it (Rendezvous.offerHoles). */
interface Offer {
  readonly peer: number;
  /** The proper stripe suggested to it, where the slots are. */
  readonly q: number;
  left: number;
  readonly at: number;
}

interface Fifo<T> {
  items: T[];
  head: number;
}

interface Offers {
  /** The latest offer of each joiner. */
  readonly byPeer: Map<number, Offer>;
  /** Per stripe, offers oldest first; items before head are used up or lapsed. */
  readonly queue: Fifo<Offer>[];
}

/** Drops the used-up front of a queue once it is most of it. */
function compact<T>(q: Fifo<T>): void {
  if (q.head > 64 && q.head * 2 > q.items.length) {
    q.items = q.items.slice(q.head);
    q.head = 0;
  }
}

/** The peer holds a place in the forest, or is getting one. */
function placed(t: TreeState): boolean {
  const n = t.algo as ForestNode | undefined;
  if (n?.joinRun !== undefined) return true;
  for (let s = 0; s < t.stripes; s++) if (t.parents[s]! >= 0 || t.children[s]!.length > 0 || n?.placing[s] === 1) return true;
  return false;
}

/** How often the rendezvous point may tell the same node to move up, us. */
const NUDGE_INTERVAL = 10_000_000;
/** How long a suggested proper stripe counts as a join in progress, us. */
const ASSIGNMENT_LIFETIME = 20_000_000;
