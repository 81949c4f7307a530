/**
 * Scribe (RFC 7019 §8; Castro, Druschel, Kermarrec, Rowstron, JSAC 2002) as an ALM algorithm plugin.
 *
 * - Create (§8.2): the peer responsible for group_id is the rendezvous point and root.
 * - Join (§8.3): routed towards group_id; the first peer on the route that is in the tree adopts
 *   the joiner and stops the Join; a peer not yet in the tree adopts the joiner and, once the joiner
 *   confirms, sends its own Join on towards the root. JoinAccept, JoinConfirm and JoinDecline carry
 *   the handshake the usage requires (§8.5, §8.6).
 * - Leave (§8.4): a peer without children leaves its parent; the Leave travels up until a peer that
 *   still has children (or is a member, or the root).
 * - Multicast (§8.7): SSM sends to the rendezvous point, which forwards down the tree; with ASM a
 *   sender pushes to its tree neighbours and each forwards to the others. Members deliver to the
 *   application; forwarders do not.
 * - Repair: a child whose parent leaves or fails re-joins through group_id; when the root fails or a
 *   closer peer joins, the peer now responsible for group_id (which holds the ALMTree through RELOAD
 *   replication or transfer) becomes the root, and an ex-root joins it as a forwarder.
 * - A peer at its child limit rejects a Join with Child_Limit_Reached and lists its children as
 *   candidate parents in alm_error_info (16-byte Node-IDs); the joiner asks them all and confirms the
 *   one that answers fastest, declining the others: the Scribe paper's bottleneck remover, which
 *   sends a dropped child its children table so that it can pick the closest.
 */
import type { AlmAlgorithm, AlmAnswer, AlmServices, PushContext } from '../algorithm.ts';
import { ALM_APPLICATION_ID } from '../usage.ts';
import { SeqWindow } from '../seq-window.ts';
import type { StreamHeader } from '../stream-header.ts';
import type { TreeState } from '../tree-state.ts';
import type { ReloadMessage } from '../../reload/message.ts';
import { Id } from '../../reload/id.ts';
import type { Join, JoinAccept, Push, Reform } from '../wire/bodies.ts';
import { ALM_ALG_SCRIBE_SAM, ALM_ERROR_CHILD_LIMIT_REACHED, ALM_ERROR_OTHER, ALM_JOIN, ALM_JOIN_ACCEPT, ALM_PUSH, ALM_REFORM_RESPONSE } from '../wire/codes.ts';
import { EMPTY_DICTIONARY } from '../wire/dictionary.ts';

export interface ScribeInit {
  /** Delay before a failed Join is tried again, us. @default 1 s */
  retryDelay?: number;
  /** Most candidate parents a rejected joiner asks at once. @default 8 */
  maxCandidates?: number;
}

/** What a joiner tracks while it collects JoinAccepts from candidate parents. */
interface JoinRound {
  readonly t: TreeState;
  outstanding: number;
  best: { parent: number; accept: JoinAccept; rtt: number } | undefined;
  readonly extra: { parent: number }[];
  readonly candidates: number[];
  readonly asked: Set<number>;
  depth: number;
}

const NOT_IN_TREE = 'not in the tree';
const YOU_ARE_ROOT = 'you are the rendezvous point';

export class Scribe implements AlmAlgorithm {
  readonly id = ALM_ALG_SCRIBE_SAM;
  readonly name = 'scribe';
  readonly stripes = 1;
  private s!: AlmServices;
  private readonly retryDelay: number;
  private readonly maxCandidates: number;
  private readonly onRetry = (t: TreeState): void => this.retry(t);
  private readonly onJoinAnswer = (round: JoinRound, a: AlmAnswer): void => this.joinAnswered(round, a);

  constructor(init: ScribeInit = {}) {
    this.retryDelay = init.retryDelay ?? 1_000_000;
    this.maxCandidates = init.maxCandidates ?? 8;
  }

  attach(services: AlmServices): void {
    this.s = services;
  }

  // ---------------------------------------------------------------- Group API

  onCreated(root: number, t: TreeState): void {
    void root;
    t.root = true;
    this.s.setParent(t, 0, -1);
  }

  join(peer: number, t: TreeState): void {
    if (t.root || t.parents[0]! >= 0 || t.joining[0]) return;
    this.sendJoin(peer, t);
  }

  leave(peer: number, t: TreeState): void {
    void peer;
    this.pruneIfIdle(t);
  }

  multicast(peer: number, t: TreeState, data: Uint8Array, header: StreamHeader): void {
    const s = this.s;
    if (s.settings.mode === 'asm' && (t.root || t.parents[0]! >= 0 || t.children[0]!.length > 0)) {
      // ASM: the sender pushes to all its tree neighbours (RFC 7019 §2.4).
      firstCopy(t, header);
      s.deliver(t, data, header, 0, 0);
      this.forward(t, data, header, -1, 0, 0);
      return;
    }
    if (t.root) {
      firstCopy(t, header);
      s.deliver(t, data, header, 0, 0);
      this.forward(t, data, header, -1, 0, 0);
      return;
    }
    // SSM (§8.7): to the rendezvous point, from where it goes down the tree. As in the Scribe paper
    // (§2.2), a source routes its first message through the overlay to group_id, learns the
    // rendezvous point from the answer, and sends later ones to it directly.
    const body: Push = { groupId: t.groupId, priority: 0, data };
    const cached = rootCache(t);
    if (cached.root >= 0) s.request(peer, s.overlay.peers.nodeDest(cached.root), ALM_PUSH, body, this.onCachedPushAnswer, { t, body });
    else s.request(peer, { type: 'resource', id: t.groupId }, ALM_PUSH, body, this.onRoutedPushAnswer, t);
    const tr = s.trace;
    if (tr.want['alm.pushForwarded']) {
      tr.emit({ type: 'alm.pushForwarded', time: s.scheduler.now, peer, to: -1, group: t.key, algorithm: this.id, stripe: 0, source: header.source, seq: header.seq, bytes: data.length });
    }
  }

  /** A Push routed to group_id was answered by the rendezvous point: remember it (and connect to it). */
  private readonly onRoutedPushAnswer = (t: TreeState, a: AlmAnswer): void => {
    const s = this.s;
    if (a.errorCode !== 0 || a.reload.origin < 0 || a.reload.origin === t.peer) return;
    const root = a.reload.origin;
    rootCache(t).root = root;
    if (s.settings.edges === 'direct' && !s.overlay.chord.isConnected(t.peer, root)) s.overlay.appAttach(t.peer, root, ALM_APPLICATION_ID, ignore);
  };

  /** The cached rendezvous point refused or did not answer: forget it and route this one to group_id. */
  private readonly onCachedPushAnswer = (x: { t: TreeState; body: Push }, a: AlmAnswer): void => {
    if (a.errorCode === 0) return;
    rootCache(x.t).root = -1;
    if (!this.s.overlay.peers.isRunning(x.t.peer)) return;
    this.s.request(x.t.peer, { type: 'resource', id: x.t.groupId }, ALM_PUSH, x.body, this.onRoutedPushAnswer, x.t);
  };

  /** Pushes are taken from tree neighbours, and as the rendezvous point from anyone. */
  acceptsPush(peer: number, t: TreeState | undefined, body: Push, from: number): boolean {
    if (t !== undefined && (t.root || t.parents[0] === from || t.children[0]!.includes(from))) return true;
    // A Push routed to group_id ends at its responsible peer, which is the rendezvous point.
    return this.s.holdsAlmTree(peer, body.groupId);
  }

  // ---------------------------------------------------------------- joins

  private sendJoin(peer: number, t: TreeState): void {
    const s = this.s;
    if (s.holdsAlmTree(peer, t.groupId)) {
      this.becomeRoot(t);
      return;
    }
    t.joining[0] = true;
    const body: Join = { peerId: s.overlay.peers.idOf[peer]!, groupId: t.groupId, options: EMPTY_DICTIONARY };
    const round: JoinRound = { t, outstanding: 1, best: undefined, extra: [], candidates: [], asked: new Set(), depth: 0 };
    s.request(peer, { type: 'resource', id: t.groupId }, ALM_JOIN, body, this.onJoinAnswer, round);
  }

  /** Asks candidate parents directly (after a Child_Limit_Reached). */
  private askCandidates(round: JoinRound, candidates: readonly number[]): void {
    const s = this.s;
    const peer = round.t.peer;
    const body: Join = { peerId: s.overlay.peers.idOf[peer]!, groupId: round.t.groupId, options: EMPTY_DICTIONARY };
    let asked = 0;
    for (const c of candidates) {
      if (asked >= this.maxCandidates) break;
      if (c === peer || round.asked.has(c) || !s.overlay.peers.isRunning(c)) continue;
      round.asked.add(c);
      round.outstanding++;
      asked++;
      s.request(peer, s.overlay.peers.nodeDest(c), ALM_JOIN, body, this.onJoinAnswer, round);
    }
  }

  private joinAnswered(round: JoinRound, a: AlmAnswer): void {
    const t = round.t;
    const s = this.s;
    round.outstanding--;
    if (!s.overlay.peers.isRunning(t.peer)) return;
    const m = a.message;
    if (m !== undefined && m.code === ALM_JOIN_ACCEPT) {
      const parent = a.reload.origin;
      const current = t.parents[0]!;
      if (current >= 0 || t.root || (round.best !== undefined && round.best.rtt <= a.rtt)) {
        round.extra.push({ parent });
      } else {
        if (round.best !== undefined) round.extra.push({ parent: round.best.parent });
        round.best = { parent, accept: m.body, rtt: a.rtt };
      }
    } else if (a.almError !== undefined && a.almError.almErrorCode === ALM_ERROR_CHILD_LIMIT_REACHED) {
      const cands = candidatesOf(s, a.almError.almErrorInfo);
      if (round.depth < 8) {
        round.depth++;
        this.askCandidates(round, cands);
      }
    } else if (a.almError !== undefined && textOf(a.almError.almErrorInfo) === YOU_ARE_ROOT) {
      if (s.holdsAlmTree(t.peer, t.groupId)) this.becomeRoot(t);
    }
    if (round.outstanding > 0) return;
    // Every candidate has answered: confirm the best, decline the rest (RFC 7019 §8.5, §8.6).
    for (const x of round.extra) s.decline(t.peer, t, x.parent);
    const best = round.best;
    if (best === undefined) {
      t.joining[0] = false;
      if (t.parents[0]! < 0 && !t.root) this.s.scheduler.schedule(this.retryDelay, this.onRetry, t);
      return;
    }
    if (t.parents[0]! >= 0 || t.root) {
      s.decline(t.peer, t, best.parent);
      t.joining[0] = false;
      return;
    }
    s.confirm(t.peer, t, 0, best.parent, best.accept, best.rtt, (ok) => {
      t.joining[0] = false;
      if (!ok) {
        if (t.parents[0]! < 0 && !t.root) this.s.scheduler.schedule(this.retryDelay, this.onRetry, t);
        return;
      }
      // A forwarder whose last child went away while it was joining prunes itself now.
      this.pruneIfIdle(t);
    });
  }

  private retry(t: TreeState): void {
    const s = this.s;
    if (!s.overlay.peers.isRunning(t.peer) || t.root || t.parents[0]! >= 0 || t.joining[0]) return;
    if (!t.stored) return;
    if (!t.member && t.children[0]!.length === 0) {
      s.dropTree(t);
      return;
    }
    this.sendJoin(t.peer, t);
  }

  private becomeRoot(t: TreeState): void {
    const s = this.s;
    t.joining[0] = false;
    const old = t.parents[0]!;
    t.root = true;
    if (old >= 0) s.sendLeave(t.peer, t, old);
    s.setParent(t, 0, -1);
    if (t.repairSince[0]! >= 0) {
      const tr = s.trace;
      if (tr.want['alm.repaired']) {
        tr.emit({ type: 'alm.repaired', time: s.scheduler.now, peer: t.peer, group: t.key, algorithm: this.id, stripe: 0, startedAt: t.repairSince[0]!, newParent: t.peer });
      }
      t.repairSince[0] = -1;
    }
  }

  /** A Join addressed to this peer: as the rendezvous point (group_id) or as a named candidate parent. */
  onJoin(peer: number, req: ReloadMessage, body: Join): void {
    const s = this.s;
    const joiner = req.origin;
    let t = s.tree(peer, body.groupId);
    const dest = req.dest[req.dest.length - 1];
    const toGroup = dest !== undefined && dest.type === 'resource';
    if (toGroup) {
      if (!s.holdsAlmTree(peer, body.groupId)) {
        s.reject(peer, req, ALM_ERROR_OTHER, 'no such group at its rendezvous point');
        return;
      }
      if (joiner === peer) {
        s.reject(peer, req, ALM_ERROR_OTHER, YOU_ARE_ROOT);
        return;
      }
      t ??= s.tree(peer, body.groupId, true);
      if (!t.root) this.becomeRoot(t);
    } else if (t === undefined || !(t.root || t.parents[0]! >= 0 || t.joining[0])) {
      s.reject(peer, req, ALM_ERROR_OTHER, NOT_IN_TREE);
      return;
    }
    this.admit(peer, req, t, joiner);
  }

  /** The forward upcall (RFC 7019 §6, §8.3): take over a Join passing through. */
  onForwardJoin(peer: number, req: ReloadMessage, body: Join): boolean {
    const s = this.s;
    const joiner = req.origin;
    if (joiner === peer) return false;
    // Only Joins routed to group_id are taken over; one addressed to a chosen candidate parent goes on.
    const dest = req.dest[req.dest.length - 1];
    if (dest === undefined || dest.type !== 'resource') return false;
    const existing = s.tree(peer, body.groupId);
    if (existing !== undefined && existing.parents[0] === joiner) {
      // Our own parent routes its Join through us: let it pass rather than make a loop.
      return false;
    }
    const placed = existing !== undefined && (existing.root || existing.parents[0]! >= 0);
    if (!placed && (s.settings.depthLimit !== Infinity || s.settings.pathLengthLimit !== Infinity)) {
      // A new forwarder learns its own depth only after it has joined; with a depth or path-length
      // limit, only peers that know their place in the tree adopt joiners, so that every limit is
      // checked when the Join is answered. The Join goes on towards the root.
      return false;
    }
    this.admit(peer, req, existing ?? s.tree(peer, body.groupId, true), joiner);
    return true;
  }

  private admit(peer: number, req: ReloadMessage, t: TreeState, joiner: number): void {
    const s = this.s;
    const err = s.admissionError(t, 0, joiner);
    if (err !== 0) {
      const info = err === ALM_ERROR_CHILD_LIMIT_REACHED ? candidatesInfo(s, t) : undefined;
      s.reject(peer, req, err, info);
      const tr = s.trace;
      if (tr.want['alm.joinRejected']) tr.emit({ type: 'alm.joinRejected', time: s.scheduler.now, peer: joiner, by: peer, group: t.key, algorithm: this.id, errorCode: err });
      s.dropIfIdle(t);
      return;
    }
    s.accept(peer, req, t, 0, joiner);
  }

  onChildConfirmed(t: TreeState, stripe: number, child: number): void {
    void stripe;
    void child;
    // A new forwarder joins upward once its first child is confirmed (RFC 7019 §7.2.3 pseudocode).
    if (!t.root && t.parents[0]! < 0 && !t.joining[0]) this.sendJoin(t.peer, t);
  }

  // ---------------------------------------------------------------- leaves and repair

  onChildRemoved(t: TreeState, stripe: number, child: number, reason: string): void {
    void stripe;
    void child;
    void reason;
    this.pruneIfIdle(t);
  }

  /** §8.4: with no children left and no member at this peer, leave the parent. */
  private pruneIfIdle(t: TreeState): void {
    const s = this.s;
    if (t.root || t.member || t.children[0]!.length > 0 || t.joining[0]) return;
    const parent = t.parents[0]!;
    if (parent >= 0) {
      s.sendLeave(t.peer, t, parent);
      s.setParent(t, 0, -1);
    }
    s.dropTree(t);
  }

  onParentLost(t: TreeState, stripe: number, parent: number, cause: string): void {
    void stripe;
    void parent;
    void cause;
    if (t.root) return;
    if (!t.member && t.children[0]!.length === 0) {
      this.s.dropTree(t);
      return;
    }
    if (!t.joining[0]) this.sendJoin(t.peer, t);
  }

  onPeerDeparting(peer: number): void {
    const s = this.s;
    // RFC 7019 §6 (Leave Tree): Leave to every child and to the parent.
    for (const t of this.treesOf(peer)) {
      for (const c of t.children[0]!) s.sendLeave(peer, t, c);
      if (t.parents[0]! >= 0) s.sendLeave(peer, t, t.parents[0]!);
    }
  }

  onResponsibilityChange(peer: number): void {
    const s = this.s;
    for (const t of this.treesOf(peer)) {
      if (t.root && !s.holdsAlmTree(peer, t.groupId)) {
        // A closer peer took over group_id: join it as a forwarder, keeping our subtree.
        t.root = false;
        s.repairStarted(t, 0, 'root', peer);
        if (!t.joining[0]) this.sendJoin(peer, t);
      }
    }
  }

  onReform(peer: number, req: ReloadMessage, body: Reform): void {
    void body;
    // Scribe defines no reorganisation; answer so the requester is not left waiting (§7.2.12: MAY ignore).
    this.s.answer(peer, req, ALM_REFORM_RESPONSE, { options: EMPTY_DICTIONARY });
  }

  // ---------------------------------------------------------------- multicast

  onPush(peer: number, t: TreeState | undefined, body: Push, ctx: PushContext): void {
    const s = this.s;
    if (t === undefined) {
      if (!s.holdsAlmTree(peer, body.groupId)) return;
      t = s.tree(peer, body.groupId, true);
      this.becomeRoot(t);
    }
    // A copy of data this peer has handled already is neither delivered nor forwarded again. While
    // churn repairs a tree, parent pointers can close a loop for a while (routes to group_id are
    // not consistent then); without this, every Push that enters a loop circles it, and multiplies
    // at each branch, until the loop breaks. In churn.yaml at 5,000 peers (Scribe alone, no crawl)
    // Push transmissions grew to 2 M per 20 simulated s, and the run took 476 s instead of 126 s.
    if (!firstCopy(t, ctx.header)) return;
    s.deliver(t, body.data, ctx.header, ctx.overlayHops, ctx.treeHops);
    this.forward(t, body.data, ctx.header, ctx.from, ctx.overlayHops, ctx.treeHops);
  }

  /**
   * SSM: data only flows down, to every child (the source's Push reaches the root over the overlay,
   * even when the source is a child of the root). ASM: to every tree neighbour but the one it came from.
   */
  private forward(t: TreeState, data: Uint8Array, header: StreamHeader, from: number, hops: number, treeHops: number): void {
    const s = this.s;
    const asm = s.settings.mode === 'asm';
    for (const c of t.children[0]!) if (!asm || c !== from) s.push(t.peer, c, t, 0, data, header, hops, treeHops);
    if (asm) {
      const p = t.parents[0]!;
      if (p >= 0 && p !== from) s.push(t.peer, p, t, 0, data, header, hops, treeHops);
    }
  }

  private treesOf(peer: number): TreeState[] {
    return this.s.trees(peer);
  }
}

function ignore(): void {}

/**
 * Scribe's private state of a tree: the rendezvous point a source learnt (-1: route to group_id),
 * and the Pushes this peer has handled, per source.
 */
interface ScribeTreeState {
  root: number;
  handled: Map<number, SeqWindow> | undefined;
}

function rootCache(t: TreeState): ScribeTreeState {
  let c = t.algo as ScribeTreeState | undefined;
  if (c === undefined) {
    c = { root: -1, handled: undefined };
    t.algo = c;
  }
  return c;
}

/** Records that t has handled this Push's data; true the first time. */
function firstCopy(t: TreeState, h: StreamHeader): boolean {
  const c = rootCache(t);
  c.handled ??= new Map();
  let w = c.handled.get(h.source);
  if (w === undefined) {
    w = new SeqWindow();
    c.handled.set(h.source, w);
  }
  return w.add(h.seq);
}

/** alm_error_info of Child_Limit_Reached: the rejecting peer's children, as candidate parents. */
function candidatesInfo(s: AlmServices, t: TreeState): Uint8Array {
  const kids = t.children[0]!;
  const n = Math.min(kids.length, 64);
  const out = new Uint8Array(16 * n);
  for (let i = 0; i < n; i++) s.overlay.peers.idOf[kids[i]!]!.toBytes(out, 16 * i);
  return out;
}

function candidatesOf(s: AlmServices, info: Uint8Array): number[] {
  const out: number[] = [];
  for (let o = 0; o + 16 <= info.length; o += 16) {
    const p = s.overlay.peers.peerOf(Id.fromBytes(info, o));
    if (p >= 0) out.push(p);
  }
  return out;
}

function textOf(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}
