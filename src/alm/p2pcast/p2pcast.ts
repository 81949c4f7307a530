/**
 * P2PCast (RFC 7019 §9; Nicolosi & Annapureddy, "P2PCast: A Peer-to-Peer Multicast Scheme for
 * Streaming Data", 2003) as an ALM algorithm plugin: a forest of f trees, one per stripe, rooted at
 * the rendezvous point (the peer responsible for group_id); every member is in every tree once,
 * internal (at most f children) in its proper stripe and a leaf in the others, except at most one
 * special node that is a leaf everywhere.
 *
 * This file wires the parts together and holds what they share (sending the six reorganisation
 * messages inside Reform, §9.4) plus the Group API and multicast (§9.7). The parts:
 * - rendezvous.ts: the rendezvous point (member list, answers to Search, root-level Joins);
 * - join.ts: the joiner and the contact's node types (§9.4);
 * - placement.ts: putting a node into one stripe (a free slot, or the place of a leaf);
 * - repair.ts: leaves, failures, the gap fill and rippling shed, conversions (§9.5);
 * - sync.ts: Update (state to children, subtree summaries to parents);
 * - stripes.ts: splitting and reassembling stripes.
 *
 * Decisions where the RFC and the paper are silent are documented where they are implemented; the
 * main ones: a stripe is a tree (stripe s travels down tree s); the rendezvous point is the root of
 * every tree, is not subject to the one-proper-tree rule and takes up to `rootFanout` children per
 * stripe; for f > 2 "the other tree" of §9.4 is the joiner's proper stripe, chosen as the stripe with
 * the fewest free slots, and the joiner takes free slots in all remaining stripes.
 */
import type { AlmAlgorithm, AlmAnswer, AlmAnswerHandler, AlmServices, PushContext } from '../algorithm.ts';
import type { StreamHeader } from '../stream-header.ts';
import type { TreeState } from '../tree-state.ts';
import type { ReloadMessage } from '../../reload/message.ts';
import { Id } from '../../reload/id.ts';
import type { Destination } from '../../reload/wire/destination.ts';
import type { Join, JoinDecline, Leave, Push, Reform } from '../wire/bodies.ts';
import { ALM_ALG_P2PCAST_SAM, ALM_ERROR_OTHER, ALM_LEAVE, ALM_PUSH, ALM_REFORM, ALM_REFORM_RESPONSE } from '../wire/codes.ts';
import { EMPTY_DICTIONARY, dictionaryGet, dictionaryOf } from '../wire/dictionary.ts';
import { forestNode, type ForestNode } from './forest-node.ts';
import { JoinProcedure } from './join.ts';
import { Placement } from './placement.ts';
import { Rendezvous } from './rendezvous.ts';
import { Repair } from './repair.ts';
import { OP_DIRECT, OP_NAMES, OP_REPLACE, OP_SEARCH, OP_SUBSTITUTE, OP_TAKEON, OP_UPDATE, opOf, opOptions, type P2PCastOp } from './reform-ops.ts';
import { StripeAssembly, stripeOf } from './stripes.ts';
import { Sync } from './sync.ts';

export interface P2PCastInit {
  /** Stripes per group, which is also the arity of every tree (any f >= 2). @default 2 */
  stripes?: number;
  /** Children the rendezvous point takes in each stripe. @default stripes */
  rootFanout?: number;
  /** How long a node that lost its parent waits to be re-placed by its grandparent before it finds a free slot itself, us. @default 2 s */
  orphanWait?: number;
  /** Delay before a failed step of a join or repair is tried again (grows with the attempts), us. @default 300 ms */
  retryDelay?: number;
  /** How long a node left without children in its proper stripe waits before it asks for one, us. @default 500 ms */
  childlessDelay?: number;
  /** How long a message may lack stripes, once a later one is complete, before it counts as a partial delivery, us. @default 2 s */
  partialWindow?: number;
}

export class P2PCast implements AlmAlgorithm {
  readonly id = ALM_ALG_P2PCAST_SAM;
  readonly name = 'p2pcast';
  readonly stripes: number;
  readonly rootFanout: number;
  readonly orphanWait: number;
  readonly retryDelay: number;
  readonly childlessDelay: number;
  readonly partialWindow: number;
  /** @internal */ s!: AlmServices;
  /** @internal */ readonly sync: Sync;
  /** @internal */ readonly placement: Placement;
  /** @internal */ readonly joins: JoinProcedure;
  /** @internal */ readonly repair: Repair;
  /** @internal */ readonly rendezvous: Rendezvous;
  /** Requests of this plugin not yet answered, and timers armed: zero when the forest is quiet. */
  inFlight = 0;
  private readonly onAnswered = (ctx: Pending, a: AlmAnswer): void => this.answered(ctx, a);
  /** @internal */ readonly ignore = (): void => {};

  constructor(init: P2PCastInit = {}) {
    const f = init.stripes ?? 2;
    if (!Number.isInteger(f) || f < 2 || f > 64) throw new RangeError(`P2PCast needs an integer number of stripes in [2, 64], got ${f}`);
    this.stripes = f;
    this.rootFanout = init.rootFanout ?? f;
    if (!Number.isInteger(this.rootFanout) || this.rootFanout < 1) throw new RangeError(`rootFanout must be a positive integer, got ${this.rootFanout}`);
    this.orphanWait = init.orphanWait ?? 2_000_000;
    this.retryDelay = init.retryDelay ?? 300_000;
    this.childlessDelay = init.childlessDelay ?? 500_000;
    this.partialWindow = init.partialWindow ?? 2_000_000;
    this.sync = new Sync(this);
    this.placement = new Placement(this);
    this.joins = new JoinProcedure(this);
    this.repair = new Repair(this);
    this.rendezvous = new Rendezvous(this);
  }

  attach(services: AlmServices): void {
    this.s = services;
  }

  // ---------------------------------------------------------------- shared helpers (internal)

  /** @internal */ idOf(p: number): Id {
    return p < 0 ? Id.ZERO : this.s.overlay.peers.idOf[p]!;
  }

  /** @internal */ peerOf(id: Id): number {
    return id.isZero() ? -1 : this.s.overlay.peers.peerOf(id);
  }

  /** @internal */ node(t: TreeState): ForestNode {
    return forestNode(t);
  }

  /** @internal Children this peer may have in stripe `s`. */
  cap(t: TreeState, n: ForestNode, s: number): number {
    return t.root ? this.rootFanout : n.proper === s ? this.stripes : 0;
  }

  /** @internal Free child slots of this peer itself in stripe `s`. */
  ownFree(t: TreeState, n: ForestNode, s: number): number {
    return Math.max(0, this.cap(t, n, s) - t.children[s]!.length - n.promised[s]!);
  }

  /** @internal A member placed in every stripe, not joining, leaving or reorganising itself. */
  settled(t: TreeState): boolean {
    const n = t.algo as ForestNode | undefined;
    if (n === undefined || n.gone || n.joinRun !== undefined || !t.member) return false;
    for (let s = 0; s < t.stripes; s++) if (t.parents[s]! < 0 || n.placing[s] === 1) return false;
    return true;
  }

  /** @internal The peer takes part in the forest: the root, or a member that has not left. */
  active(t: TreeState | undefined): t is TreeState {
    if (t === undefined) return false;
    if (t.root) return true;
    const n = t.algo as ForestNode | undefined;
    return t.member && (n === undefined || !n.gone);
  }

  /** @internal Sends a reorganisation message (RFC 7019 §9.4: carried in Reform's options). */
  sendOp(from: number, to: number, t: TreeState, op: P2PCastOp, handler?: (a: AlmAnswer) => void): void {
    const body: Reform = { groupId: t.groupId, peerId: this.idOf(to), options: opOptions(op) };
    this.traceOp(from, to, t, op);
    this.inFlight++;
    this.s.requestPeer(from, to, ALM_REFORM, body, this.onAnswered, { handler });
  }

  /**
   * @internal Sends a reorganisation message to the rendezvous point: to its node id once known (a
   * member keeps talking to the root it knows, which survives an overlay whose view of group_id is
   * briefly split), else routed to group_id. A timeout forgets the known root.
   */
  sendOpToRoot(from: number, t: TreeState, op: P2PCastOp, handler?: (a: AlmAnswer) => void): void {
    const n = this.node(t);
    const root = n.rootPeer;
    const body: Reform = { groupId: t.groupId, peerId: Id.ZERO, options: opOptions(op) };
    this.traceOp(from, root, t, op);
    this.inFlight++;
    const dest = this.rootDest(t);
    this.s.request(from, dest, ALM_REFORM, body, this.onAnswered, {
      handler: (a: AlmAnswer) => {
        // Any error (a timeout, or a peer that is no longer the rendezvous point): route to group_id next time.
        if (a.errorCode !== 0 && n.rootPeer === root) n.rootPeer = -1;
        handler?.(a);
      },
    });
  }

  /** @internal Where the rendezvous point is: its node id once known, else group_id. */
  rootDest(t: TreeState): Destination {
    const root = this.node(t).rootPeer;
    return root >= 0 && root !== t.peer ? this.s.overlay.peers.nodeDest(root) : { type: 'resource', id: t.groupId };
  }

  /** @internal Sends any ALM request and counts it in flight. */
  track(send: (h: AlmAnswerHandler<Pending>, ctx: Pending) => void, handler?: (a: AlmAnswer) => void): void {
    this.inFlight++;
    send(this.onAnswered, { handler });
  }

  /** @internal Answers a Reform, with an op in the ReformResponse if given. */
  answerOp(peer: number, req: ReloadMessage, op?: P2PCastOp): void {
    this.s.answer(peer, req, ALM_REFORM_RESPONSE, { options: op === undefined ? EMPTY_DICTIONARY : opOptions(op) });
  }

  /** @internal Refuses a Reform (RFC 7019 §10.3: Error_Other with a reason). */
  refuse(peer: number, req: ReloadMessage, why: string): void {
    this.s.reject(peer, req, ALM_ERROR_OTHER, why);
  }

  /** @internal Runs `fn(arg)` after `delay`; counted in flight unless it is housekeeping. */
  later<A>(delay: number, fn: (arg: A) => void, arg: A, counted = true): number {
    if (!counted) return this.s.scheduler.schedule(delay, fn, arg);
    this.inFlight++;
    return this.s.scheduler.schedule(delay, this.onTimer, { fn: fn as (arg: unknown) => void, arg });
  }

  /** @internal Cancels a timer set with `later`. */
  cancel(id: number): void {
    if (id >= 0 && this.s.scheduler.cancel(id)) this.inFlight--;
  }

  private readonly onTimer = (x: { fn: (arg: unknown) => void; arg: unknown }): void => {
    this.inFlight--;
    x.fn(x.arg);
  };

  private answered(ctx: Pending, a: AlmAnswer): void {
    this.inFlight--;
    ctx.handler?.(a);
  }

  /** @internal The op carried by an answer, if it is a ReformResponse with one. */
  opOfAnswer(a: AlmAnswer): P2PCastOp | undefined {
    const m = a.message;
    if (a.errorCode !== 0 || m === undefined || m.code !== ALM_REFORM_RESPONSE) return undefined;
    return opOf(m.body.options);
  }

  /** @internal True if the answer is a ReformResponse (the request was carried out). */
  ok(a: AlmAnswer): boolean {
    return a.errorCode === 0 && a.message?.code === ALM_REFORM_RESPONSE;
  }

  private traceOp(from: number, to: number, t: TreeState, op: P2PCastOp): void {
    const tr = this.s.trace;
    if (tr.want['alm.reform']) tr.emit({ type: 'alm.reform', time: this.s.scheduler.now, peer: from, to, group: t.key, algorithm: this.id, op: OP_NAMES[op.op]! });
  }

  // ---------------------------------------------------------------- Group API

  onCreated(root: number, t: TreeState): void {
    this.rendezvous.becomeRoot(root, t);
  }

  join(peer: number, t: TreeState): void {
    this.joins.start(peer, t);
  }

  /** RFC 7019 §9.5: the leaving node notifies its parents and children; they repair (repair.ts). */
  leave(peer: number, t: TreeState): void {
    this.depart(peer, t);
  }

  /**
   * The peer leaves the overlay gracefully (RFC 7019 §7.2.10: a leaving peer first leaves its trees).
   * At the rendezvous point this is a handover (§8.2, §9.3): its children re-attach under the peer
   * that takes over group_id (rendezvous.ts).
   */
  onPeerDeparting(peer: number): void {
    for (const t of this.s.trees(peer)) {
      if (t.root) this.rendezvous.handOver(peer, t, false);
      else this.depart(peer, t);
    }
  }

  private depart(peer: number, t: TreeState): void {
    if (t.root) return;
    const n = this.node(t);
    if (n.gone) return;
    this.tearDown(peer, t, true);
  }

  /**
   * @internal Leaves every place this peer holds in the forest (RFC 7019 §9.5: the leaving node
   * notifies its parents and children, which repair) and drops its tree state; `tellRoot` also tells
   * the rendezvous point, which keeps the member list.
   */
  tearDown(peer: number, t: TreeState, tellRoot: boolean, becomingRoot = false): void {
    const n = this.node(t);
    n.gone = true;
    n.joinRun = undefined;
    this.repair.forget(t);
    // A member leaving its places to become the rendezvous point says so in its Leave (an option,
    // §7.2.10's Leave carries a Dictionary): the repairs around it then ask it, not the former one.
    const leave: Leave = { peerId: this.idOf(peer), groupId: t.groupId, options: becomingRoot ? dictionaryOf({ [ROOT_OPTION]: this.idOf(peer).toBytes() }) : EMPTY_DICTIONARY };
    const told = new Set<number>();
    for (let s = 0; s < t.stripes; s++) {
      const p = t.parents[s]!;
      if (p >= 0 && !told.has(p)) {
        told.add(p);
        this.sendLeave(peer, t, p, leave);
      }
      for (const c of t.children[s]!) {
        if (told.has(c)) continue;
        told.add(c);
        this.sendLeave(peer, t, c, leave);
      }
    }
    // The rendezvous point keeps the member list it hands joiners (RFC 7019 §9.4); tell it too.
    if (tellRoot && !told.has(n.rootPeer)) {
      const body: Leave = { peerId: this.idOf(peer), groupId: t.groupId, options: EMPTY_DICTIONARY };
      this.track((h, ctx) => this.s.request(peer, { type: 'resource', id: t.groupId }, ALM_LEAVE, body, h, ctx));
    }
    for (let s = 0; s < t.stripes; s++) {
      for (const c of [...t.children[s]!]) this.s.removeChild(t, s, c, 'leave');
      this.s.setParent(t, s, -1);
    }
    this.s.dropTree(t);
  }

  private sendLeave(peer: number, t: TreeState, to: number, body: Leave): void {
    if (body.options.length === 0) this.s.sendLeave(peer, t, to);
    else this.s.requestPeer(peer, to, ALM_LEAVE, body, this.ignore, null);
  }

  multicast(peer: number, t: TreeState, data: Uint8Array, header: StreamHeader): void {
    if (t.root) {
      if (t.member) this.s.deliver(t, data, header, 0, 0);
      this.split(t, data, header, 0);
      return;
    }
    // RFC 7019 §9.7: sent to the rendezvous point, which splits it into stripes (always so: the
    // usage's ASM mode does not apply to a striped forest rooted at the rendezvous point).
    const body: Push = { groupId: t.groupId, priority: 0, data };
    this.s.request(peer, { type: 'resource', id: t.groupId }, ALM_PUSH, body, this.ignore, null, 0);
    const tr = this.s.trace;
    if (tr.want['alm.pushForwarded']) {
      tr.emit({ type: 'alm.pushForwarded', time: this.s.scheduler.now, peer, to: -1, group: t.key, algorithm: this.id, stripe: 0, source: header.source, seq: header.seq, bytes: data.length });
    }
  }

  /** The rendezvous point sends stripe s of the message down tree s (RFC 7019 §9.7). */
  private split(t: TreeState, data: Uint8Array, header: StreamHeader, hops: number): void {
    const f = this.stripes;
    for (let s = 0; s < f; s++) {
      const kids = t.children[s]!;
      if (kids.length === 0) continue;
      const part = stripeOf(data, header, s, f);
      for (const c of kids) this.s.push(t.peer, c, t, s, part.data, part.header, hops, 0);
    }
  }

  onPush(peer: number, t: TreeState | undefined, body: Push, ctx: PushContext): void {
    const h = ctx.header;
    if (h.stripes <= 1) {
      // A source's whole message on its way to the rendezvous point.
      if (t === undefined || !t.root) {
        if (!this.s.holdsAlmTree(peer, body.groupId)) return;
        t = this.rendezvous.becomeRoot(peer, this.s.tree(peer, body.groupId, true));
      }
      if (t.member) this.s.deliver(t, body.data, h, ctx.overlayHops, 0);
      this.split(t, body.data, h, ctx.overlayHops);
      return;
    }
    if (t === undefined || h.stripes !== this.stripes || h.stripe >= this.stripes) return;
    const kids = t.children[h.stripe]!;
    for (let i = 0; i < kids.length; i++) this.s.push(peer, kids[i]!, t, h.stripe, body.data, h, ctx.overlayHops, ctx.treeHops);
    if (!t.member) return;
    const n = this.node(t);
    let asm = n.assembly as StripeAssembly | undefined;
    if (asm === undefined) {
      asm = new StripeAssembly(this.stripes, this.partialWindow);
      n.assembly = asm;
    }
    this.partialTree = t;
    const done = asm.add(this.s.scheduler.now, h, body.data, ctx.overlayHops, ctx.treeHops, this.onPartial);
    if (done !== undefined) this.s.deliver(t, done.data, done.header, done.overlayHops, done.treeHops);
  }

  private partialTree: TreeState | undefined;
  private readonly onPartial = (p: { source: number; seq: number; stripes: number }): void => {
    const t = this.partialTree!;
    const tr = this.s.trace;
    if (tr.want['alm.partialDelivery']) {
      tr.emit({ type: 'alm.partialDelivery', time: this.s.scheduler.now, peer: t.peer, group: t.key, algorithm: this.id, source: p.source, seq: p.seq, stripes: p.stripes, of: this.stripes });
    }
  };

  // ---------------------------------------------------------------- message handlers

  onJoin(peer: number, req: ReloadMessage, body: Join): void {
    this.joins.onJoin(peer, req, body);
  }

  /** P2PCast does not take over Joins on their way (§9.4: a Join goes to a chosen node). */
  onForwardJoin(): boolean {
    return false;
  }

  onChildConfirmed(t: TreeState, stripe: number, child: number): void {
    this.joins.onChildConfirmed(t, stripe, child);
  }

  onJoinDeclined(t: TreeState, child: number, body: JoinDecline): void {
    void body;
    this.joins.onDeclined(t, child);
  }

  onChildRemoved(t: TreeState, stripe: number, child: number, reason: string): void {
    this.repair.onChildRemoved(t, stripe, child, reason);
  }

  onParentLost(t: TreeState, stripe: number, parent: number, cause: string): void {
    this.repair.onParentLost(t, stripe, parent, cause);
  }

  onLeaveReceived(t: TreeState, from: number, body: Leave): void {
    if (t.root) this.rendezvous.memberGone(t, from);
    else if (dictionaryGet(body.options, ROOT_OPTION) !== undefined) this.node(t).rootPeer = from;
  }

  /** Reform (RFC 7019 §7.2.12): the six P2PCast messages, each to its own handler (§9.4). */
  onReform(peer: number, req: ReloadMessage, body: Reform): void {
    const op = opOf(body.options);
    if (op === undefined) {
      this.refuse(peer, req, 'no P2PCast message in Reform options');
      return;
    }
    let t = this.s.tree(peer, body.groupId);
    const dest = req.dest[req.dest.length - 1];
    // Routed to group_id, or sent to the rendezvous point the sender knows (peer_id zero, see
    // sendOpToRoot): for the rendezvous point. A peer that no longer is one (it handed group_id
    // over, RFC 7019 §8.2) refuses, and the sender routes to group_id again.
    if ((dest !== undefined && dest.type === 'resource') || body.peerId.isZero()) {
      if (t === undefined || !t.root) {
        if (!this.s.holdsAlmTree(peer, body.groupId)) {
          this.refuse(peer, req, 'no such group at its rendezvous point');
          return;
        }
        t = this.rendezvous.becomeRoot(peer, this.s.tree(peer, body.groupId, true));
      }
    }
    if (!this.active(t)) {
      this.refuse(peer, req, 'not in this forest');
      return;
    }
    switch (op.op) {
      case OP_TAKEON:
        this.repair.onTakeon(peer, req, t, op);
        return;
      case OP_SUBSTITUTE:
        this.repair.onSubstitute(peer, req, t, op);
        return;
      case OP_SEARCH:
        if (t.root) this.rendezvous.onSearch(peer, req, t, op);
        else this.repair.onSearch(peer, req, t, op);
        return;
      case OP_REPLACE:
        this.repair.onReplace(peer, req, t, op);
        return;
      case OP_DIRECT:
        this.repair.onDirect(peer, req, t, op);
        return;
      case OP_UPDATE:
        this.sync.onUpdate(peer, req, t, op);
        return;
    }
  }

  onResponsibilityChange(peer: number): void {
    this.rendezvous.onResponsibilityChange(peer);
  }
}

/** Leave option: the sender leaves its places because it is the rendezvous point now. */
const ROOT_OPTION = 'p2pcast-root';

/** @internal */
export interface Pending {
  readonly handler: ((a: AlmAnswer) => void) | undefined;
}
