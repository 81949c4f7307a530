/**
 * Joining a P2PCast forest (RFC 7019 §9.4).
 *
 * The joiner N learns a random member A from the rendezvous point: a Search (WANT_MEMBER) routed to
 * group_id, answered with a Direct naming A and carrying the rendezvous point's summary of every
 * stripe (one request and one answer, over the overlay). The rendezvous point keeps the member list:
 * a joiner is added when it asks, a member removed when it leaves (its Leave is also sent to group_id)
 * or when a joiner reports it unreachable. If there is no member yet, N joins the rendezvous point in
 * every stripe and is the special node (a leaf in every tree).
 *
 * N then sends a Join (without a stripe) to A, which answers by its type, computed from local state:
 * - special (a leaf everywhere): A starts serving a stripe, the first of N's preferences (N lists the
 *   stripes by fewest free slots), and adopts N there (§9.4: "N may adopt the node in one tree and
 *   become a child in the other").
 * - incomplete (fewer than f children in its proper stripe): A adopts N there (JoinAccept).
 * - only-child (A's parent in some stripe is incomplete): JoinReject carrying a Direct to that parent,
 *   which N contacts in A's stead.
 * - complete: JoinReject carrying A's state. N takes A's place in a stripe where A is a leaf and finds
 *   a free slot in A's proper stripe by a walk that starts at A's siblings (a Search to A's parent).
 *
 * Decisions: N's proper stripe q is the stripe with the fewest free slots, so that every other stripe
 * has a slot for N; the rendezvous point suggests it in its Direct, counting the joins it has
 * suggested stripes to and not yet heard back from (they would otherwise all pick the same one), and
 * N takes it unless the contact adopted N there (then the fewest among the others); for f > 2 N
 * takes free slots in every stripe but q (the RFC describes f = 2, where "the other tree" is q). In q,
 * N takes A's place when A is a leaf there no deeper than the shallowest leaf of q (so the trees stay
 * almost full), and otherwise the place of the shallowest leaf. In the complete case N's proper stripe
 * is A's proper stripe when that one has the fewest free slots, and then there is no walk.
 * Each stripe ends with its own JoinAccept and JoinConfirm (§9.4, §9.6).
 */
import type { AlmAnswer } from '../algorithm.ts';
import type { TreeState } from '../tree-state.ts';
import type { ReloadMessage } from '../../reload/message.ts';
import type { Join } from '../wire/bodies.ts';
import { ALM_ERROR_OTHER, ALM_JOIN, ALM_JOIN_ACCEPT } from '../wire/codes.ts';
import { dictionaryGet, dictionaryGetUint32, dictionaryOf, type Dictionary } from '../wire/dictionary.ts';
import { NO_SUMMARY, type ForestNode, type Summary } from './forest-node.ts';
import {
  JOIN_CONVERT,
  JOIN_REATTACH,
  JOIN_SUBSTITUTE,
  decodeContact,
  decodeParentState,
  decodeReject,
  encodeContact,
  encodeParentState,
  encodeReject,
  type ContactState,
} from './join-info.ts';
import type { P2PCast } from './p2pcast.ts';
import { ANY_STRIPE, NONE_DEPTH, OP_DIRECT, OP_SEARCH, WANT_HOLE, WANT_MEMBER, type Search } from './reform-ops.ts';

interface JoinRun {
  readonly t: TreeState;
  readonly stale: number[];
  redirects: number;
  attempts: number;
  info: Summary[];
  /** The proper stripe the rendezvous point suggested (-1: none). */
  qHint: number;
  /** Per stripe, the joiner whose free slot the rendezvous point offered (-1: none; Rendezvous.offerHoles). */
  holes: number[];
  /** Per stripe: 0 to place, 1 being placed, 2 placed. */
  readonly state: Uint8Array;
}

export class JoinProcedure {
  /** Accepts not yet confirmed, by tree and stripe and child: the timer that gives the slot back. */
  private readonly accepts = new Map<string, number>();
  private readonly onSearchAgain = (run: JoinRun): void => this.searchMember(run);
  private readonly onAcceptExpired = (x: { t: TreeState; s: number; child: number }): void => this.acceptExpired(x.t, x.s, x.child);

  constructor(private readonly c: P2PCast) {}

  // ================================================================= the joiner

  start(peer: number, t: TreeState): void {
    void peer;
    if (t.root) return;
    const n = this.c.node(t);
    if (n.joinRun !== undefined) return;
    let placed = true;
    for (let s = 0; s < t.stripes; s++) if (t.parents[s]! < 0) placed = false;
    if (placed) return;
    const run: JoinRun = { t, stale: [], redirects: 0, attempts: 0, info: [], qHint: -1, holes: [], state: new Uint8Array(t.stripes) };
    for (let s = 0; s < t.stripes; s++) {
      if (t.parents[s]! >= 0) run.state[s] = 2;
      else t.joining[s] = true;
    }
    n.joinRun = run;
    this.searchMember(run);
  }

  private current(run: JoinRun): boolean {
    const t = run.t;
    return this.c.active(t) && this.c.node(t).joinRun === run && t.stored;
  }

  /** Asks the rendezvous point for a random member (RFC 7019 §9.4: "a random node A"). */
  private searchMember(run: JoinRun): void {
    const c = this.c;
    const t = run.t;
    if (!this.current(run)) return;
    const op: Search = { op: OP_SEARCH, stripe: ANY_STRIPE, want: WANT_MEMBER, exclude: c.idOf(t.peer), nodes: run.stale.map((p) => c.idOf(p)) };
    run.stale.length = 0;
    c.sendOpToRoot(t.peer, t, op, (a) => {
      if (!this.current(run)) return;
      const d = c.opOfAnswer(a);
      if (d === undefined || d.op !== OP_DIRECT || d.info.length !== t.stripes) {
        this.again(run);
        return;
      }
      const root = a.reload.origin;
      c.node(t).rootPeer = root;
      if (d.stripe >= t.stripes) {
        // The rendezvous point has as many joins in progress as the forest has room for: later.
        this.again(run);
        return;
      }
      run.info = d.info.map((x) => c.sync.local(x));
      run.qHint = d.stripe;
      run.holes = d.nodes.length === t.stripes ? d.nodes.map((id) => c.peerOf(id)) : [];
      const target = c.peerOf(d.target);
      this.contact(run, target < 0 ? root : target);
    });
  }

  private again(run: JoinRun): void {
    run.attempts++;
    // Randomised, so that joiners turned away together do not come back together.
    const c = this.c;
    c.later(c.retryDelay * (1 + c.s.rng.int(Math.min(run.attempts, 10) * 2)), this.onSearchAgain, run);
  }

  /** The Join to the contact node A (RFC 7019 §9.4). */
  private contact(run: JoinRun, a: number): void {
    const c = this.c;
    const t = run.t;
    const order = [...Array(t.stripes).keys()].sort((x, y) => (run.info[x]?.free ?? 0) - (run.info[y]?.free ?? 0) || x - y);
    const body: Join = { peerId: c.idOf(t.peer), groupId: t.groupId, options: dictionaryOf({ p2pcast: 0, prefer: Uint8Array.from(order) }) };
    c.track((h, ctx) => c.s.request(t.peer, c.s.overlay.peers.nodeDest(a), ALM_JOIN, body, h, ctx), (ans) => this.contactAnswered(run, a, ans));
  }

  private contactAnswered(run: JoinRun, a: number, ans: AlmAnswer): void {
    const c = this.c;
    const t = run.t;
    if (!this.current(run)) return;
    const m = ans.message;
    if (ans.errorCode === 0 && m !== undefined && m.code === ALM_JOIN_ACCEPT) {
      const s = dictionaryGetUint32(m.body.options, 'stripe') ?? -1;
      const cs = contactOf(m.body.options, t.stripes);
      if (s < 0 || s >= t.stripes || run.state[s] !== 0) {
        c.s.decline(t.peer, t, a);
        this.again(run);
        return;
      }
      run.state[s] = 1;
      const ps = decodeParentState(dictionaryGet(m.body.options, 'p2pcast-parent'));
      c.inFlight++;
      c.s.confirm(t.peer, t, s, a, m.body, ans.rtt, (ok) => {
        c.inFlight--;
        if (!this.current(run)) return;
        if (!ok) {
          run.state[s] = 0;
          this.place(run, s, 'hole', {});
          return;
        }
        const n = c.node(t);
        if (ps !== undefined) {
          n.parentIncomplete[s] = ps.incomplete ? 1 : 0;
          c.sync.setPath(t, n, s, ps.path);
        }
        run.state[s] = 2;
        this.checkDone(run);
      });
      this.plan(run, 'accepted', s, a, cs);
      return;
    }
    const info = ans.almError === undefined ? undefined : decodeReject(ans.almError.almErrorInfo);
    if (info?.type === 'direct' && info.target !== undefined && run.redirects < 4) {
      // Only-child (§9.4): on to A's incomplete parent.
      run.redirects++;
      this.contact(run, c.peerOf(info.target));
      return;
    }
    if (info?.type === 'complete') {
      this.plan(run, 'complete', -1, a, info.contact === undefined ? undefined : decodeContact(info.contact, t.stripes));
      return;
    }
    // Only a contact that is gone or not in the forest is reported to the rendezvous point.
    if (info?.type === 'not-member' || ans.almError === undefined) run.stale.push(a);
    this.again(run);
  }

  /** Where N goes in each stripe once the contact has answered (see the file comment). */
  private plan(run: JoinRun, kind: 'accepted' | 'complete', p: number, a: number, cs: ContactState | undefined): void {
    const c = this.c;
    const t = run.t;
    const n = c.node(t);
    const f = t.stripes;
    const free = run.info.map((x) => x.free);
    if (p >= 0) free[p] = Math.max(0, free[p]! - 1);
    const todo: number[] = [];
    for (let s = 0; s < f; s++) if (run.state[s] === 0) todo.push(s);
    if (todo.length === 0) return;
    let walk = -1;
    let q: number;
    const aProper = cs?.proper ?? -1;
    const hinted = run.qHint >= 0 && run.state[run.qHint] === 0 ? run.qHint : -1;
    if (kind === 'complete' && aProper >= 0 && run.state[aProper] === 0) {
      q = hinted >= 0 ? hinted : this.argmin(free, todo);
      if (q !== aProper) walk = aProper;
    } else q = hinted >= 0 ? hinted : this.argmin(free, todo);
    n.proper = q;
    const rootLeaf = run.info[q]?.leaf ?? NONE_DEPTH;
    const aParentQ = cs === undefined ? -1 : c.peerOf(cs.parents[q]!);
    const takeA = cs !== undefined && a !== n.rootPeer && aProper !== q && aParentQ >= 0 && rootLeaf !== NONE_DEPTH && cs.depths[q]! <= rootLeaf;
    this.place(run, q, 'proper', takeA ? { target: aParentQ, leaf: a } : {});
    for (const s of todo) {
      if (s === q || (s === walk && this.offered(run, s) < 0)) continue;
      const i = run.info[s] ?? NO_SUMMARY;
      const offered = this.offered(run, s);
      this.place(run, s, 'hole', { target: offered >= 0 ? offered : i.free > 0 ? i.holeAt : -1 });
    }
    if (walk >= 0 && this.offered(run, walk) < 0) this.walk(run, walk, a, cs === undefined ? -1 : c.peerOf(cs.parents[walk]!));
  }

  /** The joiner whose slot in s the rendezvous point offered us, -1 if none. */
  private offered(run: JoinRun, s: number): number {
    const p = run.holes[s] ?? -1;
    return p === run.t.peer ? -1 : p;
  }

  /** The random walk down the subtree rooted at A's sibling (§9.4), started at A's parent. */
  private walk(run: JoinRun, s: number, a: number, parent: number): void {
    const c = this.c;
    const t = run.t;
    run.state[s] = 1;
    const fallback = (run.info[s]?.free ?? 0) > 0 ? run.info[s]!.holeAt : -1;
    if (parent < 0) {
      run.state[s] = 0;
      this.place(run, s, 'hole', { target: fallback });
      return;
    }
    const op: Search = { op: OP_SEARCH, stripe: s, want: WANT_HOLE, exclude: c.idOf(a), nodes: [] };
    c.sendOp(t.peer, parent, t, op, (ans) => {
      if (!this.current(run)) return;
      const d = c.opOfAnswer(ans);
      const target = d !== undefined && d.op === OP_DIRECT ? c.peerOf(d.target) : -1;
      run.state[s] = 0;
      this.place(run, s, 'hole', { target: target >= 0 && target !== t.peer ? target : fallback });
    });
  }

  private place(run: JoinRun, s: number, kind: 'hole' | 'proper', opts: { target?: number; leaf?: number }): void {
    run.state[s] = 1;
    this.c.placement.start(run.t, s, kind, {
      ...opts,
      onDone: (ok) => {
        if (!this.current(run)) return;
        if (ok) {
          run.state[s] = 2;
          this.checkDone(run);
        } else {
          run.state[s] = 0;
          this.c.later(this.c.retryDelay, () => {
            if (this.current(run) && run.state[s] === 0) this.place(run, s, kind, {});
          }, null);
        }
      },
    });
  }

  private checkDone(run: JoinRun): void {
    const t = run.t;
    for (let s = 0; s < t.stripes; s++) if (run.state[s] !== 2) return;
    const n = this.c.node(t);
    n.joinRun = undefined;
    for (let s = 0; s < t.stripes; s++) t.joining[s] = false;
    this.c.sync.touch(t);
    this.c.sync.announce(t);
  }

  /** Index in `among` with the fewest free slots; ties at random. */
  private argmin(free: readonly number[], among: readonly number[]): number {
    let best = Infinity;
    let pick = among[0]!;
    let ties = 0;
    for (const s of among) {
      const v = free[s] ?? 0;
      if (v < best) {
        best = v;
        pick = s;
        ties = 1;
      } else if (v === best) {
        ties++;
        if (this.c.s.rng.int(ties) === 0) pick = s;
      }
    }
    return pick;
  }

  // ================================================================= the receiving side

  /** A Join addressed to this peer (RFC 7019 §7.2.3, §9.4). */
  onJoin(peer: number, req: ReloadMessage, body: Join): void {
    const c = this.c;
    const dest = req.dest[req.dest.length - 1];
    if (dest !== undefined && dest.type === 'resource') {
      c.rendezvous.onRoutedJoin(peer, req, body);
      return;
    }
    const t = c.s.tree(peer, body.groupId);
    const joiner = req.origin;
    if (!c.active(t) || joiner === peer) {
      c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('not-member'));
      return;
    }
    const stripe = dictionaryGetUint32(body.options, 'stripe');
    const flags = dictionaryGetUint32(body.options, 'p2pcast') ?? 0;
    if (stripe === undefined) this.contactJoin(peer, req, t, joiner, dictionaryGet(body.options, 'prefer'));
    else this.stripeJoin(peer, req, t, stripe, joiner, flags, body);
  }

  /** The contact's answer by its node type (RFC 7019 §9.1, §9.4). */
  private contactJoin(peer: number, req: ReloadMessage, t: TreeState, joiner: number, prefer: Uint8Array | undefined): void {
    const c = this.c;
    const n = c.node(t);
    const f = t.stripes;
    const order = validOrder(prefer, f);
    if (t.root) {
      for (const s of order) if (c.ownFree(t, n, s) > 0) return this.acceptIn(peer, req, t, s, joiner, this.state(t, n));
      c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('complete', undefined, encodeContact(this.state(t, n))));
      return;
    }
    if (!c.settled(t) || n.busy) {
      c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject(n.joinRun !== undefined ? 'joining' : 'busy'));
      return;
    }
    if (n.proper < 0) {
      // Special: it starts serving the stripe the joiner needs most and adopts the joiner there.
      const s = order[0]!;
      n.proper = s;
      c.sync.touch(t);
      this.acceptIn(peer, req, t, s, joiner, this.state(t, n));
      return;
    }
    if (c.ownFree(t, n, n.proper) > 0) {
      this.acceptIn(peer, req, t, n.proper, joiner, this.state(t, n));
      return;
    }
    for (let s = 0; s < f; s++) {
      const p = t.parents[s]!;
      if (p >= 0 && n.parentIncomplete[s] === 1) {
        c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('direct', c.idOf(p)));
        return;
      }
    }
    c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('complete', undefined, encodeContact(this.state(t, n))));
  }

  /** A Join into one stripe: a free slot, a reserved substitution, or a conversion. */
  private stripeJoin(peer: number, req: ReloadMessage, t: TreeState, s: number, joiner: number, flags: number, body: Join): void {
    const c = this.c;
    const n = c.node(t);
    if (s >= t.stripes) {
      c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('not-member'));
      return;
    }
    if (n.path[s]?.includes(joiner) ?? false) {
      // The joiner is an ancestor here (a subtree looking for a slot inside itself): no cycles.
      c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('busy'));
      return;
    }
    if ((flags & JOIN_SUBSTITUTE) !== 0) {
      const res = n.reserved[s];
      let found = false;
      if (res !== undefined) for (const r of res.values()) if (r.joiner === joiner) found = true;
      if (!found) {
        c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('busy'));
        return;
      }
      this.acceptIn(peer, req, t, s, joiner, undefined, false);
      return;
    }
    if ((flags & JOIN_CONVERT) !== 0 && !t.root && n.proper !== s) {
      // RFC 7019 §9.5: the node takes the shed node as a child in a stripe it was a leaf in.
      if (!c.settled(t) || n.busy || t.parents[n.proper < 0 ? 0 : n.proper] === joiner) {
        c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('busy'));
        return;
      }
      if (n.proper >= 0) {
        n.busy = true;
        n.converting = s;
      } else n.proper = s;
      this.acceptIn(peer, req, t, s, joiner, undefined);
      return;
    }
    if ((flags & JOIN_REATTACH) !== 0) {
      if (t.root) c.rendezvous.onRoutedJoin(peer, req, body);
      else c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('not-member'));
      return;
    }
    const run = n.joinRun as JoinRun | undefined;
    if (run !== undefined && t.parents[s]! < 0 && (n.proper === s || (n.proper < 0 && run.qHint === s))) {
      // A joiner whose slots the rendezvous point offered, not placed here itself yet: in a moment
      // (children below a node without a place would hold up the leaves its stripe needs).
      c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('joining'));
      return;
    }
    if (!t.root && n.proper !== s) {
      c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('full'));
      return;
    }
    if (t.children[s]!.includes(joiner)) {
      // Still listed here (it lost us before we lost it): it is welcome back where it was.
      this.acceptIn(peer, req, t, s, joiner, undefined, false);
      return;
    }
    if (c.ownFree(t, n, s) > 0) {
      this.acceptIn(peer, req, t, s, joiner, undefined);
      return;
    }
    // Full: point the joiner at the shallowest free slot below, if this subtree has one.
    c.sync.refresh(t, s);
    const sum = n.sum[s]!;
    const hint = sum.free > 0 && sum.holeAt >= 0 && sum.holeAt !== peer ? c.idOf(sum.holeAt) : undefined;
    c.s.reject(peer, req, ALM_ERROR_OTHER, encodeReject('full', hint));
  }

  /** JoinAccept in stripe s, with this peer's state for the joiner (and a contact's, from a contact). */
  acceptIn(peer: number, req: ReloadMessage, t: TreeState, s: number, joiner: number, contact: ContactState | undefined, promise = true): void {
    const c = this.c;
    const n = c.node(t);
    // The usage's limits apply too (a RELOAD client is never a parent, so it cannot be internal).
    const err = c.s.admissionError(t, s, joiner);
    if (err !== 0) {
      c.s.reject(peer, req, err);
      return;
    }
    if (promise) n.promised[s] = n.promised[s]! + 1;
    const key = this.key(t, s, joiner);
    const old = this.accepts.get(key);
    if (old !== undefined) c.cancel(old);
    this.accepts.set(key, c.later(c.s.settings.joinConfirmTimeout + 1, this.onAcceptExpired, { t, s, child: joiner }));
    const ps = encodeParentState({ path: c.sync.ownPath(t, s), incomplete: c.ownFree(t, n, s) > 0 });
    const extra: Dictionary = contact === undefined ? dictionaryOf({ 'p2pcast-parent': ps }) : dictionaryOf({ 'p2pcast-parent': ps, contact: encodeContact(contact) });
    c.s.accept(peer, req, t, s, joiner, extra);
    c.sync.touch(t);
  }

  private state(t: TreeState, n: ForestNode): ContactState {
    const c = this.c;
    const parents = [];
    const depths = [];
    for (let s = 0; s < t.stripes; s++) {
      parents.push(c.idOf(t.parents[s]!));
      depths.push(t.root ? 0 : Math.max(0, n.depth(s)));
    }
    return { proper: t.root ? -1 : n.proper, parents, depths };
  }

  private key(t: TreeState, s: number, child: number): string {
    return `${t.peer}|${t.key}|${s}|${child}`;
  }

  /** JoinConfirm arrived and the usage added the child. */
  onChildConfirmed(t: TreeState, s: number, child: number): void {
    const c = this.c;
    const n = c.node(t);
    const key = this.key(t, s, child);
    const timer = this.accepts.get(key);
    if (timer !== undefined) {
      c.cancel(timer);
      this.accepts.delete(key);
    }
    const res = n.reserved[s];
    let substituted = false;
    if (res !== undefined) {
      for (const [leaf, r] of res) {
        if (r.joiner !== child) continue;
        substituted = true;
        c.cancel(r.timer);
        res.delete(leaf);
        // The joiner has taken the leaf's place; its Takeon moves the leaf under it (§9.4).
        n.kidInfo[s]?.delete(leaf);
        c.s.removeChild(t, s, leaf, 'replaced');
      }
    }
    if (!substituted && timer !== undefined) n.promised[s] = Math.max(0, n.promised[s]! - 1);
    if (n.converting === s) c.repair.finishConversion(t, s);
    else if (!t.root && n.proper !== s) {
      // Accepted before this node changed its proper stripe: the child must find another slot.
      c.repair.shed(t, s, child);
    }
    c.sync.touch(t);
  }

  onDeclined(t: TreeState, child: number): void {
    for (let s = 0; s < t.stripes; s++) {
      const key = this.key(t, s, child);
      const timer = this.accepts.get(key);
      if (timer === undefined) continue;
      this.c.cancel(timer);
      this.acceptExpired(t, s, child);
    }
  }

  private acceptExpired(t: TreeState, s: number, child: number): void {
    const c = this.c;
    const key = this.key(t, s, child);
    if (!this.accepts.has(key)) return;
    this.accepts.delete(key);
    const n = c.node(t);
    let reserved = false;
    const res = n.reserved[s];
    if (res !== undefined) for (const r of res.values()) if (r.joiner === child) reserved = true;
    if (!reserved) n.promised[s] = Math.max(0, n.promised[s]! - 1);
    if (n.converting === s) {
      n.converting = -1;
      n.busy = false;
    }
    c.sync.touch(t);
  }
}

function contactOf(options: Dictionary, f: number): ContactState | undefined {
  const b = dictionaryGet(options, 'contact');
  return b === undefined ? undefined : decodeContact(b, f);
}

/** The joiner's stripe preferences, completed with the missing stripes in order. */
function validOrder(prefer: Uint8Array | undefined, f: number): number[] {
  const out: number[] = [];
  if (prefer !== undefined) for (const s of prefer) if (s < f && !out.includes(s)) out.push(s);
  for (let s = 0; s < f; s++) if (!out.includes(s)) out.push(s);
  return out;
}
