/**
 * The CHORD-RELOAD topology plugin (RFC 6940 §10): routing, joining through a bootstrap and an
 * admitting peer, Updates with periodic and reactive stabilization, finger refresh, graceful Leave,
 * failure handling, and RELOAD clients attached to the peer responsible for their Node-ID.
 *
 * All state lives in columns indexed by peer (ChordTable) or in small maps for peers in the middle
 * of a procedure; handlers are shared by all peers and take the peer index.
 */
import type { RandomStream, Scheduler, TraceSink } from '../../../sim/index.ts';
import { Id } from '../../id.ts';
import type { ClientAttachments, RoutingTopology } from '../../forwarding.ts';
import type { ReloadMessage } from '../../message.ts';
import type { MessageTransport, Transaction } from '../../message-transport.ts';
import { PeerState, type PeerTable } from '../../peer-table.ts';
import type { ReloadTraceEvent, RoutingTableKind } from '../../trace-events.ts';
import type { AttachReqAns } from '../../wire/bodies/attach.ts';
import type { IceCandidate } from '../../wire/bodies/ice-candidate.ts';
import type { JoinReq } from '../../wire/bodies/join.ts';
import { chordLeaveDataCodec, type ChordLeaveData, type LeaveReq } from '../../wire/bodies/leave.ts';
import type { PingAns } from '../../wire/bodies/ping.ts';
import type { ProbeAns, ProbeInformation, ProbeReq } from '../../wire/bodies/probe.ts';
import type { ChordRouteQueryAns, RouteQueryReq } from '../../wire/bodies/route-query.ts';
import type { ChordUpdate } from '../../wire/bodies/update.ts';
import { ErrorCode, MessageCode } from '../../wire/codes.ts';
import type { Destination, NodeDestination } from '../../wire/destination.ts';
import { EMPTY_BODY } from '../../wire/wire-codec.ts';
import type { ErrorResponse } from '../../wire/error-response.ts';
import type { ChordTable } from './chord-table.ts';
import { PeerFilter } from './peer-filter.ts';
import { buildConvergedRing } from './warm-start.ts';

/** What the storage layer needs to hear from the topology (RFC 6940 §10.4-§10.5, §10.7.1, §10.9). */
export interface ChordListener {
  /** The range of ids `peer` is responsible for changed: its first predecessor was `oldPredecessor` (-1: none). */
  responsibilityChanged(peer: number, oldPredecessor: number): void;
  /** The first successors of `peer` (its replica holders) changed. */
  successorsChanged(peer: number): void;
  /** `ap` admits the joining peer `jp`: hand it the data it becomes responsible for (§10.5 step 6). */
  admitting(ap: number, jp: number): void;
  /** `peer` is about to leave gracefully: hand its data on (§10.9). */
  leaving(peer: number): void;
  /** `peer` became a member of the overlay (or, for a client, attached). */
  peerUp?(peer: number): void;
  /** `peer` left or crashed. */
  peerGone?(peer: number, how: 'leave' | 'crash'): void;
}

export interface ChordComponents {
  scheduler: Scheduler;
  rng: RandomStream;
  peers: PeerTable;
  table: ChordTable;
  transport: MessageTransport;
  trace: TraceSink<ReloadTraceEvent>;
  /** A running peer to bootstrap through (RELOAD's configured bootstrap nodes), or -1. */
  bootstrap: (exclude: number) => number;
  /**
   * Round-trip time (us) of the direct path between two peers, as the ICE connectivity checks of an
   * Attach measure it when the connection is set up (the STUN packets themselves are not simulated).
   * Used for proximity neighbour selection.
   */
  directRtt?: (p: number, q: number) => number;
}

export interface ChordInit {
  /** chord-update-interval: period of the Updates a peer sends its neighbours (RFC 6940 §10.7.4.1), us. @default 600 s */
  updateInterval?: number;
  /** chord-ping-interval: period of finger-table refresh (§10.7.4.2), us. @default 3600 s */
  pingInterval?: number;
  /** chord-reactive: send an Update at once when the neighbour table changes (§10.7.1). @default true */
  reactive?: boolean;
  /** Finger entries a joining peer asks for (§10.7.4.3: the table starts at 16). @default 16 */
  initialFingers?: number;
  /** Delay before a failed join is retried through another bootstrap peer, us. @default 5 s */
  joinRetryDelay?: number;
  /**
   * Proximity neighbour selection: finger i is valid anywhere in [n + 2^(128-i), n + 2^(129-i))
   * (RFC 6940 §10.7.4.2), so a refresh may Attach to this many evenly spaced points of the interval
   * and keep the valid peer with the smallest round-trip time. 1 is plain CHORD-RELOAD (the first
   * peer at or after n + 2^(128-i)). @default 1
   */
  proximity?: number;
}

/**
 * One attempt of a peer to join (§10.5) or of a client to attach (§3.2.1). Every answer of the
 * attempt carries this object as its context, so that answers to an attempt that has been replaced
 * by its retry, or has completed, are recognised and ignored.
 */
interface JoinProgress {
  readonly peer: number;
  bootstrap: number;
  ap: number;
  outstanding: number;
  /** Step 3 has begun: AP's routing table arrived. */
  started: boolean;
  /** Something failed and a retry is scheduled (one per attempt). */
  failed: boolean;
  done: ((ok: boolean) => void) | undefined;
}

interface FingerRefresh {
  readonly peer: number;
  /** Responders, k per finger interval, then the responder for id + 1. */
  readonly results: Int32Array;
  /** Candidates asked per finger interval. */
  readonly k: number;
  outstanding: number;
}

/** Peer-pair context packed into one number (peer indices are below 2^26). */
const PAIR = 67_108_864;

export class ChordTopology implements RoutingTopology, ClientAttachments {
  private readonly updateInterval: number;
  private readonly pingInterval: number;
  private readonly reactive: boolean;
  private readonly initialFingers: number;
  private readonly joinRetryDelay: number;
  private readonly proximity: number;
  private listener: ChordListener | undefined;
  /** Connections made by Attach beyond the routing table (joining peers, AppAttach). */
  private readonly extra = new Map<number, number[]>();
  /** Which peers each peer's `extra` list may hold (most lists have a few entries). */
  private readonly extraFilter = new PeerFilter(64);
  /** For each client, the peer it is attached to. */
  private attachment: Int32Array = new Int32Array(1024).fill(-1);
  private readonly joining = new Map<number, JoinProgress>();
  /** Neighbours each peer is avoiding while their failure is being confirmed. */
  private readonly suspects = new Map<number, number[]>();
  /** Candidates each peer is verifying by Attach before admitting them to its neighbour table. */
  private readonly verifying = new Map<number, Set<number>>();
  private reactivePending: Uint8Array = new Uint8Array(1024);
  private readonly attachTemplate: AttachReqAns;
  private readonly attachTemplateUpdate: AttachReqAns;

  // Bound once: the scheduler and transaction callbacks carry their state as an argument.
  private readonly onStabilize = (p: number): void => this.stabilize(p);
  private readonly onRefreshTimer = (p: number): void => this.refreshFingers(p);
  private readonly onReactive = (p: number): void => this.reactiveUpdate(p);
  private readonly onJoinRetry = (j: JoinProgress): void => this.retryJoin(j);
  private readonly onUpdateAnswer = (pair: number, answer: ReloadMessage): void => this.updateAnswered(pair, answer);
  private readonly onVerifyAnswer = (pair: number, answer: ReloadMessage): void => this.verifyAnswered(pair, answer);
  private readonly onFingerAnswer = (ctx: FingerRefresh, answer: ReloadMessage, tx: Transaction): void => this.fingerAnswered(ctx, answer, tx);
  private readonly onJoinAttachAnswer = (j: JoinProgress, answer: ReloadMessage): void => this.joinAttachAnswered(j, answer);
  private readonly onJoinNeighborAnswer = (j: JoinProgress, answer: ReloadMessage): void => this.joinNeighborAnswered(j, answer);
  private readonly onJoinAnswer = (j: JoinProgress, answer: ReloadMessage): void => this.joinAnswered(j, answer);
  private readonly onClientJoinAnswer = (j: JoinProgress, answer: ReloadMessage): void => this.clientJoined(j, answer);
  private readonly onClientAttachAnswer = (c: number, answer: ReloadMessage): void => this.clientAttached(c, answer);
  private readonly ignoreAnswer = (): void => {};
  private readonly idOfPeer = (q: number): Id => this.c.peers.idOf[q]!;

  constructor(
    private readonly c: ChordComponents,
    init: ChordInit = {},
  ) {
    this.updateInterval = init.updateInterval ?? 600_000_000;
    this.pingInterval = init.pingInterval ?? 3_600_000_000;
    this.reactive = init.reactive ?? true;
    this.initialFingers = init.initialFingers ?? 16;
    this.joinRetryDelay = init.joinRetryDelay ?? 5_000_000;
    this.proximity = Math.max(1, Math.floor(init.proximity ?? 1));
    if (this.proximity > 1 && c.directRtt === undefined) throw new Error('proximity neighbour selection needs directRtt');
    const candidate: IceCandidate = {
      addrPort: { family: 'ipv4', address: new Uint8Array([192, 0, 2, 1]), port: 6084 },
      overlayLink: 'TLS-TCP-FH-NO-ICE',
      foundation: new Uint8Array(8),
      priority: 2_130_706_431,
      type: 'host',
      extensions: [],
    };
    // ICE credentials of the lengths RFC 8445 asks for (ufrag >= 4, password >= 22 characters).
    this.attachTemplate = {
      ufrag: new Uint8Array(8),
      password: new Uint8Array(24),
      role: new TextEncoder().encode('active'),
      candidates: [candidate],
      sendUpdate: false,
    };
    this.attachTemplateUpdate = { ...this.attachTemplate, sendUpdate: true };
    const t = c.transport;
    t.handle(MessageCode.AttachReq, (p, m) => this.onAttachReq(p, m));
    t.handle(MessageCode.JoinReq, (p, m) => this.onJoinReq(p, m));
    t.handle(MessageCode.UpdateReq, (p, m) => this.onUpdateReq(p, m));
    t.handle(MessageCode.LeaveReq, (p, m) => this.onLeaveReq(p, m));
    t.handle(MessageCode.RouteQueryReq, (p, m) => this.onRouteQueryReq(p, m));
    t.handle(MessageCode.PingReq, (p, m) => this.onPingReq(p, m));
    t.handle(MessageCode.ProbeReq, (p, m) => this.onProbeReq(p, m));
  }

  setListener(listener: ChordListener): void {
    this.listener = listener;
  }

  // ---------------------------------------------------------------- routing (§10.3)

  isResponsible(p: number, key: Id): boolean {
    const table = this.c.table;
    // A client is responsible for nothing (§3.2.1); nor is a joining peer until its Join is done
    // (§10.5): its Attaches to its neighbours and fingers go out through the admitting peer, and it
    // takes over its part of the ring only then.
    if (this.c.peers.client[p] === 1 || this.c.peers.state[p] === PeerState.Joining) return false;
    if (table.predCount(p) > 0) return table.isResponsible(p, key);
    // No predecessor known: responsible back to the nearest known peer counter-clockwise.
    const far = this.farthestEntry(p);
    return far < 0 || this.c.peers.ids.inHalfOpen(far, key, p);
  }

  nextHop(p: number, key: Id): number {
    if (this.c.peers.client[p] === 1) return this.attachment[p]!;
    if (this.isResponsible(p, key)) return p;
    return this.c.table.nextHopOther(p, key, this.suspects.size > 0 ? this.suspects.get(p) : undefined);
  }

  /**
   * Where a peer's Attach to its own id goes (§10.5 step 2, §3.2.1): to the peer responsible for
   * that id besides the sender. Normally no table holds the sender yet. One does if a peer admitted
   * it by a Join whose answer the sender never had (it came after the attempt was replaced), or if
   * the Attach arrives after its sender is Up: the ring then routes the id to the sender itself,
   * and the peer meant is its successor, responsible for id + 1 (§10.1). A retry's step 2 must
   * reach that peer; when it returned to the sender, every retry failed the same way.
   */
  nextHopToOwnId(p: number, sender: number, key: Id): number {
    const next = this.nextHop(p, key);
    if (next !== sender || this.c.peers.client[p] === 1) return next;
    const after = key.addPow2(0);
    if (this.isResponsible(p, after)) return p;
    const suspects = this.suspects.size > 0 ? this.suspects.get(p) : undefined;
    return this.c.table.nextHopOther(p, after, suspects === undefined ? [sender] : [sender, ...suspects]);
  }

  onNeighborFailure(p: number, q: number): void {
    this.clearSuspect(p, q);
    this.neighborGone(p, q, true);
  }

  /**
   * A transmission from p to q went unacknowledged (RFC 6940 §6.6.3.1): until q is heard from or
   * declared failed, p routes around it, so that retransmitted requests do not follow the same
   * dead link while its failure is still being confirmed.
   */
  onNeighborSuspect(p: number, q: number): void {
    let list = this.suspects.get(p);
    if (list === undefined) {
      list = [];
      this.suspects.set(p, list);
    }
    if (!list.includes(q)) list.push(q);
  }

  onNeighborHeard(p: number, q: number): void {
    if (this.suspects.size > 0) this.clearSuspect(p, q);
  }

  private clearSuspect(p: number, q: number): void {
    const list = this.suspects.get(p);
    if (list === undefined) return;
    const i = list.indexOf(q);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.suspects.delete(p);
  }

  /** Next hop for a Node-ID destination: a directly connected peer if it is one (§6.1.2). */
  nextHopToNode(p: number, d: NodeDestination): number {
    const q = this.c.peers.peerOfDest(d);
    if (q >= 0 && q !== p && this.isConnected(p, q)) return q;
    return this.nextHop(p, d.id);
  }

  /**
   * True if p has a connection to q. A RELOAD link is bidirectional: it exists if either end keeps
   * the other in its routing table, or it was opened by Attach/AppAttach, or q is p's client.
   */
  isConnected(p: number, q: number): boolean {
    const t = this.c.table;
    if (t.holds(p, q) || t.holds(q, p) || this.hasExtra(p, q)) return true;
    return this.c.peers.client[q] === 1 && this.attachment[q] === p;
  }

  /** True if p opened a connection to q by Attach or AppAttach (filtered first, as ChordTable.holds). */
  private hasExtra(p: number, q: number): boolean {
    const f = this.extraFilter;
    if (f.isStale(p)) {
      f.reset(p);
      for (const y of this.extra.get(p) ?? []) f.add(p, y);
    }
    if (!f.has(p, q)) return false;
    const x = this.extra.get(p);
    return x !== undefined && x.includes(q);
  }

  /** Records a connection made by Attach or AppAttach (both directions). */
  connect(a: number, b: number): void {
    this.addExtra(a, b);
    this.addExtra(b, a);
  }

  // ---------------------------------------------------------------- clients (§3.2.1)

  attachedClient(p: number, id: Id): number {
    if (this.c.peers.clientCount === 0) return -1;
    const q = this.c.peers.peerOf(id);
    return q >= 0 && this.c.peers.client[q] === 1 && this.attachment[q] === p ? q : -1;
  }

  attachmentOf(client: number): number {
    return this.attachment[client]!;
  }

  // ---------------------------------------------------------------- lifecycle

  /** The first peer of a new overlay: alone on the ring. */
  startFirst(p: number): void {
    this.c.table.ensure(p);
    this.c.table.clear(p);
    this.becomeUp(p, 'protocol');
  }

  /** Builds converged routing tables for `list` and starts their maintenance (bootstrap mode b). */
  warmStart(list: readonly number[]): void {
    const peers = this.c.peers;
    const servers = list.filter((p) => peers.client[p] === 0);
    for (const p of servers) this.c.table.ensure(p);
    buildConvergedRing(peers, this.c.table, servers, this.proximity > 1 ? { k: this.proximity, rtt: this.c.directRtt! } : undefined);
    for (const p of servers) this.becomeUp(p, 'warm');
    for (const p of list) {
      if (peers.client[p] === 0) continue;
      this.ensureAttachment(p);
      // Attach each client to the peer responsible for its id, found by routing from any server.
      const ap = servers.length > 0 ? this.responsibleFrom(servers[0]!, peers.idOf[p]!) : -1;
      this.attachment[p] = ap;
      this.becomeUp(p, 'warm');
    }
  }

  /**
   * Joins peer p through bootstrap peer b by the CHORD-RELOAD procedure (§10.5). `done(ok)` is
   * called when p is in the ring (or when the join failed for good).
   */
  join(p: number, b: number, done?: (ok: boolean) => void): void {
    const peers = this.c.peers;
    this.c.table.ensure(p);
    this.c.table.clear(p);
    const j: JoinProgress = { peer: p, bootstrap: b, ap: -1, outstanding: 0, started: false, failed: false, done };
    this.joining.set(p, j);
    if (peers.client[p] === 1) {
      this.ensureAttachment(p);
      this.c.transport.requestVia(p, b, peers.nodeDestList(p), MessageCode.AttachReq, this.attachTemplate, this.onClientJoinAnswer, j);
      return;
    }
    // Step 2: Attach to our own Node-ID through the bootstrap peer; it reaches the admitting peer,
    // which then sends us its routing table (send_update).
    this.c.transport.requestVia(p, b, peers.nodeDestList(p), MessageCode.AttachReq, this.attachTemplateUpdate, this.onJoinAttachAnswer, j);
  }

  /** Graceful leave (§10.9): Leave to every neighbour, data handed on, then gone. */
  leave(p: number): void {
    const peers = this.c.peers;
    if (!peers.isRunning(p)) return;
    if (peers.client[p] === 0 && peers.isUp(p)) {
      this.listener?.leaving(p);
      const t = this.c.table;
      const preds = t.predecessors(p);
      const succs = t.successors(p);
      const me = peers.idOf[p]!;
      const toPred: ChordLeaveData = { type: 'from_succ', successors: succs.map((q) => peers.idOf[q]!) };
      const toSucc: ChordLeaveData = { type: 'from_pred', predecessors: preds.map((q) => peers.idOf[q]!) };
      const bodyPred: LeaveReq = { leavingPeerId: me, overlaySpecificData: chordLeaveDataCodec.encode(toPred) };
      const bodySucc: LeaveReq = { leavingPeerId: me, overlaySpecificData: chordLeaveDataCodec.encode(toSucc) };
      const sent = new Set<number>();
      for (const q of preds) {
        if (sent.has(q)) continue;
        sent.add(q);
        this.c.transport.request(p, peers.nodeDestList(q), MessageCode.LeaveReq, bodyPred, this.ignoreAnswer, 0);
      }
      for (const q of succs) {
        if (sent.has(q)) continue;
        sent.add(q);
        this.c.transport.request(p, peers.nodeDestList(q), MessageCode.LeaveReq, bodySucc, this.ignoreAnswer, 0);
      }
    }
    this.stop(p, PeerState.Left, 'leave');
  }

  /** Silent failure: the peer stops; others find out by timeouts. */
  crash(p: number): void {
    if (!this.c.peers.isRunning(p)) return;
    this.stop(p, PeerState.Crashed, 'crash');
  }

  private stop(p: number, state: PeerState, how: 'leave' | 'crash'): void {
    const peers = this.c.peers;
    peers.setState(p, state, this.c.scheduler.now);
    this.c.transport.abandonAll(p);
    this.joining.delete(p);
    this.verifying.delete(p);
    this.extra.delete(p);
    this.extraFilter.reset(p);
    this.suspects.delete(p);
    const trace = this.c.trace;
    if (trace.want['reload.peerLeft']) trace.emit({ type: 'reload.peerLeft', time: this.c.scheduler.now, peer: p, how });
    this.listener?.peerGone?.(p, how);
  }

  private becomeUp(p: number, how: 'warm' | 'protocol'): void {
    const peers = this.c.peers;
    const now = this.c.scheduler.now;
    peers.setState(p, PeerState.Up, now);
    const trace = this.c.trace;
    if (trace.want['reload.peerJoined']) trace.emit({ type: 'reload.peerJoined', time: now, peer: p, how, client: peers.client[p] === 1 });
    this.listener?.peerUp?.(p);
    // Periodic maintenance, randomly offset so that peers do not all act at once (§10.7.4.1).
    this.c.scheduler.schedule(this.c.rng.int(this.updateInterval) + 1, this.onStabilize, p);
    if (peers.client[p] === 0) this.c.scheduler.schedule(this.c.rng.int(this.pingInterval) + 1, this.onRefreshTimer, p);
  }

  // ---------------------------------------------------------------- join (§10.5)

  /** True if j is the peer's latest attempt and has not completed. */
  private isCurrent(j: JoinProgress): boolean {
    return this.joining.get(j.peer) === j;
  }

  private joinAttachAnswered(j: JoinProgress, answer: ReloadMessage): void {
    if (!this.isCurrent(j) || j.failed) return;
    if (answer.code === MessageCode.Error) {
      this.joinFailed(j);
      return;
    }
    j.ap = answer.origin;
    this.addExtra(j.peer, j.ap);
    // The admitting peer's full Update may have arrived first; it starts the next step.
  }

  /**
   * The admitting peer's routing table arrived (its Update with type full). It may come after the
   * attempt failed: the step-2 Attach timed out but still reached AP, late. The attempt then goes on
   * from here, unless its retry (already scheduled) replaces it first.
   */
  private joinWithTable(p: number, ap: number, u: ChordUpdate): void {
    const j = this.joining.get(p);
    if (j === undefined || j.started) return;
    j.started = true;
    j.ap = ap;
    this.addExtra(p, ap);
    const peers = this.c.peers;
    const table = this.c.table;
    table.offerSuccessor(p, ap);
    // Step 3: Attach to the peers of AP's neighbour table and to our finger targets.
    const targets: Destination[] = [];
    if (u.type !== 'peer_ready') {
      for (const id of [...u.predecessors, ...u.successors]) {
        const q = peers.peerOf(id);
        if (q < 0 || q === p || q === ap) continue;
        targets.push(nodeDest(id));
      }
    }
    const me = peers.idOf[p]!;
    for (let i = 1; i <= this.initialFingers; i++) targets.push(nodeDest(me.addPow2(128 - i)));
    j.outstanding = targets.length;
    for (const d of targets) {
      this.c.transport.request(p, [d], MessageCode.AttachReq, this.attachTemplate, this.onJoinNeighborAnswer, j);
    }
    if (targets.length === 0) this.sendJoin(j);
  }

  private joinNeighborAnswered(j: JoinProgress, answer: ReloadMessage): void {
    const p = j.peer;
    // An answer to an attempt that has failed since (joinFailed) or been replaced (retryJoin) is stale.
    if (!this.isCurrent(j) || !j.started) return;
    if (answer.code !== MessageCode.Error && answer.origin !== p && answer.origin >= 0) {
      // Step 4: every peer we have contacted enters the routing table.
      this.admit(p, answer.origin);
      this.offerFinger(p, answer.origin);
    }
    if (--j.outstanding === 0) this.sendJoin(j);
  }

  private sendJoin(j: JoinProgress): void {
    const p = j.peer;
    const peers = this.c.peers;
    const body: JoinReq = { joiningPeerId: peers.idOf[p]!, overlaySpecificData: EMPTY };
    // Step 5: Join to the admitting peer.
    this.c.transport.request(p, peers.nodeDestList(j.ap), MessageCode.JoinReq, body, this.onJoinAnswer, j);
  }

  private joinAnswered(j: JoinProgress, answer: ReloadMessage): void {
    // A JoinAns to an attempt that has been replaced must not make the peer Up: the routing table
    // now holds what the new attempt has learnt so far. One to an attempt that failed while its Join
    // was on its way (its step-2 Attach timed out, say) completes it: AP has admitted the peer, and
    // the table is the one steps 3-4 built.
    if (!this.isCurrent(j)) return;
    const p = j.peer;
    if (answer.code === MessageCode.Error) {
      this.joinFailed(j);
      return;
    }
    this.joining.delete(p);
    this.becomeUp(p, 'protocol');
    // Step 9: tell the neighbours.
    this.sendUpdates(p);
    j.done?.(true);
  }

  /**
   * The attempt failed: a new one starts after joinRetryDelay, from an empty table (join() clears
   * it). Until then the peer keeps what it has learnt, and two late answers still count: AP's table,
   * which starts step 3 again, and the answer to a Join already sent, which completes the join.
   */
  private joinFailed(j: JoinProgress): void {
    const p = j.peer;
    if (!this.isCurrent(j) || j.failed || !this.c.peers.isRunning(p)) return;
    j.failed = true;
    j.started = false;
    j.ap = -1;
    this.c.scheduler.schedule(this.joinRetryDelay, this.onJoinRetry, j);
  }

  /** Starts a new attempt in place of j, unless j has completed or been replaced since it failed. */
  private retryJoin(j: JoinProgress): void {
    const p = j.peer;
    if (this.joining.get(p) !== j || !this.c.peers.isRunning(p)) return;
    const b = this.c.bootstrap(p);
    if (b < 0) {
      this.joining.delete(p);
      j.done?.(false);
      return;
    }
    this.joining.delete(p);
    this.join(p, b, j.done);
  }

  /** AP side of Join (§10.5 steps 6-8). */
  private onJoinReq(ap: number, req: ReloadMessage): void {
    const jp = req.origin;
    const peers = this.c.peers;
    if (!peers.isUp(ap) || !peers.isRunning(jp)) {
      this.c.transport.answerError(ap, req, ErrorCode.InvalidMessage);
      return;
    }
    this.c.transport.answer(ap, req, MessageCode.JoinAns, { overlaySpecificData: EMPTY });
    this.listener?.admitting(ap, jp);
    this.admit(ap, jp);
    this.sendUpdates(ap);
  }

  // ---------------------------------------------------------------- clients

  /** The answer to a joining client's Attach to its own id (§3.2.1). */
  private clientJoined(j: JoinProgress, answer: ReloadMessage): void {
    const c = j.peer;
    if (!this.isCurrent(j) || !this.c.peers.isRunning(c)) return;
    if (answer.code === MessageCode.Error) {
      this.joinFailed(j);
      return;
    }
    this.attachment[c] = answer.origin;
    this.joining.delete(c);
    this.becomeUp(c, 'protocol');
    j.done?.(true);
  }

  /** The answer to an Up client's Attach to the peer now responsible for its id. */
  private clientAttached(c: number, answer: ReloadMessage): void {
    if (!this.c.peers.isRunning(c)) return;
    if (answer.code === MessageCode.Error) {
      this.reattachClient(c);
      return;
    }
    this.attachment[c] = answer.origin;
  }

  private reattachClient(c: number): void {
    const b = this.c.bootstrap(c);
    if (b < 0) return;
    this.attachment[c] = -1;
    this.c.transport.requestVia(c, b, this.c.peers.nodeDestList(c), MessageCode.AttachReq, this.attachTemplate, this.onClientAttachAnswer, c);
  }

  // ---------------------------------------------------------------- Attach (§6.5.1)

  private onAttachReq(p: number, req: ReloadMessage): void {
    const body = req.body as AttachReqAns;
    const from = req.origin;
    if (body.sendUpdate) {
      // A joining peer: keep the connection, answer, then send our routing table (§10.5 step 2).
      this.addExtra(p, from);
      this.c.transport.answer(p, req, MessageCode.AttachAns, this.attachTemplate);
      this.sendUpdate(p, from, 'full');
      return;
    }
    this.c.transport.answer(p, req, MessageCode.AttachAns, this.attachTemplate);
  }

  // ---------------------------------------------------------------- Update (§10.7)

  private onUpdateReq(p: number, req: ReloadMessage): void {
    const u = req.body as ChordUpdate;
    const q = req.origin;
    this.c.transport.answer(p, req, MessageCode.UpdateAns, EMPTY_BODY);
    const peers = this.c.peers;
    if (peers.state[p] === PeerState.Joining) {
      if (u.type === 'full' && peers.client[p] === 0) this.joinWithTable(p, q, u);
      return;
    }
    if (peers.client[p] === 1 || !peers.isUp(p)) return;
    let changed = this.admit(p, q);
    if (u.type !== 'peer_ready') {
      changed = this.considerCandidates(p, u.predecessors) || changed;
      changed = this.considerCandidates(p, u.successors) || changed;
    }
    if (changed && this.reactive) this.scheduleReactive(p);
  }

  /** Candidates learnt from others are Attached to before they enter the neighbour table (§10.7.3). */
  private considerCandidates(p: number, ids: readonly Id[]): boolean {
    const peers = this.c.peers;
    const table = this.c.table;
    for (let i = 0; i < ids.length; i++) {
      const q = peers.peerOf(ids[i]!);
      if (q < 0 || q === p || peers.client[q] === 1) continue;
      if (table.isNeighbor(p, q)) continue;
      if (!this.wouldAdmit(p, q)) continue;
      let v = this.verifying.get(p);
      if (v === undefined) {
        v = new Set();
        this.verifying.set(p, v);
      }
      if (v.has(q)) continue;
      v.add(q);
      this.c.transport.request(p, [nodeDest(ids[i]!)], MessageCode.AttachReq, this.attachTemplate, this.onVerifyAnswer, p * PAIR + q);
    }
    return false;
  }

  private verifyAnswered(pair: number, answer: ReloadMessage): void {
    const p = Math.floor(pair / PAIR);
    const q = pair - p * PAIR;
    this.verifying.get(p)?.delete(q);
    if (!this.c.peers.isUp(p)) return;
    // Only the candidate itself proves it is alive; if it is gone, its id's successor answers.
    if (answer.code === MessageCode.Error || answer.origin !== q) return;
    if (this.admit(p, q) && this.reactive) this.scheduleReactive(p);
  }

  /** True if q would enter p's successor or predecessor list. */
  private wouldAdmit(p: number, q: number): boolean {
    const t = this.c.table;
    const sn = t.succCount(p);
    if (sn < t.S || t.closer(p, q, t.successor(p, sn - 1))) return true;
    const pn = t.predCount(p);
    if (pn < t.P) return true;
    const lastPred = t.predecessor(p, pn - 1);
    return t.closer(lastPred, q, p);
  }

  /** Offers q (known alive) to p's neighbour lists; returns true if they changed. */
  private admit(p: number, q: number): boolean {
    if (q === p || q < 0 || this.c.peers.client[q] === 1) return false;
    const t = this.c.table;
    const oldPred = t.predecessor(p, 0);
    const oldS0 = t.successor(p, 0);
    const oldS1 = t.successor(p, 1);
    const s = t.offerSuccessor(p, q);
    const pr = t.offerPredecessor(p, q);
    if (!s && !pr) return false;
    this.routingChanged(p, s ? 'successor' : 'predecessor', q, -1);
    const newPred = t.predecessor(p, 0);
    if (newPred !== oldPred) this.responsibility(p, oldPred);
    const newS0 = t.successor(p, 0);
    const newS1 = t.successor(p, 1);
    if (newS0 !== oldS0 || newS1 !== oldS1) this.listener?.successorsChanged(p);
    return true;
  }

  private responsibility(p: number, oldPred: number): void {
    const trace = this.c.trace;
    if (trace.want['reload.responsibilityChange']) {
      trace.emit({ type: 'reload.responsibilityChange', time: this.c.scheduler.now, peer: p, predecessor: this.c.table.predecessor(p) });
    }
    this.listener?.responsibilityChanged(p, oldPred);
  }

  private scheduleReactive(p: number): void {
    if (p >= this.reactivePending.length) this.growReactive(p);
    if (this.reactivePending[p] === 1) return;
    this.reactivePending[p] = 1;
    this.c.scheduler.schedule(0, this.onReactive, p);
  }

  private reactiveUpdate(p: number): void {
    this.reactivePending[p] = 0;
    if (this.c.peers.isUp(p)) this.sendUpdates(p);
  }

  private stabilize(p: number): void {
    const peers = this.c.peers;
    if (!peers.isRunning(p)) return;
    if (peers.client[p] === 1) {
      // A client re-attaches, to follow the responsibility for its id as peers come and go.
      // Over its current attachment, so that the Attach to its own id is not delivered to itself.
      const ap = this.attachment[p]!;
      if (ap >= 0) this.c.transport.requestVia(p, ap, peers.nodeDestList(p), MessageCode.AttachReq, this.attachTemplate, this.onClientAttachAnswer, p);
      else this.reattachClient(p);
    } else if (peers.isUp(p)) {
      this.sendUpdates(p);
    }
    this.c.scheduler.schedule(this.updateInterval, this.onStabilize, p);
  }

  /** Sends an Update (type neighbors) to every peer in p's neighbour table (§10.7.4.1). */
  sendUpdates(p: number): void {
    const t = this.c.table;
    const body = this.updateBody(p, 'neighbors');
    const peers = this.c.peers;
    const sn = t.succCount(p);
    for (let i = 0; i < sn; i++) {
      const q = t.successor(p, i);
      this.c.transport.request(p, peers.nodeDestList(q), MessageCode.UpdateReq, body, this.onUpdateAnswer, p * PAIR + q);
    }
    const pn = t.predCount(p);
    for (let i = 0; i < pn; i++) {
      const q = t.predecessor(p, i);
      let dup = false;
      for (let k = 0; k < sn; k++) if (t.successor(p, k) === q) dup = true;
      if (dup) continue;
      this.c.transport.request(p, peers.nodeDestList(q), MessageCode.UpdateReq, body, this.onUpdateAnswer, p * PAIR + q);
    }
  }

  private sendUpdate(p: number, q: number, type: 'neighbors' | 'full'): void {
    const body = this.updateBody(p, type);
    this.c.transport.request(p, this.c.peers.nodeDestList(q), MessageCode.UpdateReq, body, this.onUpdateAnswer, p * PAIR + q);
  }

  private updateBody(p: number, type: 'neighbors' | 'full'): ChordUpdate {
    const peers = this.c.peers;
    const t = this.c.table;
    const uptime = Math.floor((this.c.scheduler.now - peers.upSince[p]!) / 1_000_000);
    const predecessors = this.idsOf(t.predecessors(p));
    const successors = this.idsOf(t.successors(p));
    if (type === 'full') return { uptime: Math.max(0, uptime), type, predecessors, successors, fingers: this.idsOf(t.fingers(p)) };
    return { uptime: Math.max(0, uptime), type, predecessors, successors };
  }

  /** The Node-IDs of a list of peers. */
  private idsOf(list: readonly number[]): Id[] {
    return list.map(this.idOfPeer);
  }

  private updateAnswered(pair: number, answer: ReloadMessage): void {
    if (answer.code !== MessageCode.Error) return;
    const p = Math.floor(pair / PAIR);
    const q = pair - p * PAIR;
    // No answer (or an error from whoever is now responsible for q's id): q is gone (§10.7.1).
    if ((answer.body as ErrorResponse).errorCode !== 0) this.neighborGone(p, q, true);
  }

  // ---------------------------------------------------------------- failures and Leave

  /** Removes q from p's tables and repairs (§10.7.1 neighbours, §10.7.2 fingers). */
  private neighborGone(p: number, q: number, failed: boolean): void {
    const peers = this.c.peers;
    if (!peers.isRunning(p) || p === q) return;
    if (peers.client[p] === 1) {
      if (this.attachment[p] === q) this.reattachClient(p);
      return;
    }
    const x = this.extra.get(p);
    if (x !== undefined) {
      const i = x.indexOf(q);
      if (i >= 0) {
        x.splice(i, 1);
        this.extraFilter.markStale(p);
      }
    }
    const t = this.c.table;
    const oldPred = t.predecessor(p);
    const oldS0 = t.successor(p, 0);
    const oldS1 = t.successor(p, 1);
    const changed = t.remove(p, q);
    if (changed === 0) return;
    const trace = this.c.trace;
    const now = this.c.scheduler.now;
    if (failed && trace.want['reload.neighborFailed']) trace.emit({ type: 'reload.neighborFailed', time: now, peer: p, failed: q });
    if (changed & 1) this.routingChanged(p, 'successor', -1, q);
    if (changed & 2) this.routingChanged(p, 'predecessor', -1, q);
    if (changed & 4) this.routingChanged(p, 'finger', -1, q);
    if (t.predecessor(p) !== oldPred) this.responsibility(p, oldPred);
    if (t.successor(p, 0) !== oldS0 || t.successor(p, 1) !== oldS1) this.listener?.successorsChanged(p);
    if ((changed & 1) !== 0 && peers.isUp(p)) {
      // A successor is gone. If the whole list went with it, the nearest live finger is the best
      // successor we know (the Chord fallback); its Updates then walk us back to the true one.
      // The Attach to our id + 1 asks the overlay who follows us now.
      this.offerFingersAsSuccessors(p);
      this.findSuccessor(p);
    }
    if ((changed & 3) !== 0 && this.reactive && peers.isUp(p)) this.scheduleReactive(p);
  }

  private offerFingersAsSuccessors(p: number): void {
    const t = this.c.table;
    const fn = t.fingerCount(p);
    for (let i = 0; i < fn; i++) t.offerSuccessor(p, t.finger(p, i));
  }

  /** Attach to our id + 1: the peer responsible for it is our successor (§10.7.1 repair). */
  private findSuccessor(p: number): void {
    const id = this.c.peers.idOf[p]!.addPow2(0);
    this.c.transport.request(p, [nodeDest(id)], MessageCode.AttachReq, this.attachTemplate, this.onVerifyAnswerAny, p);
  }

  private readonly onVerifyAnswerAny = (p: number, answer: ReloadMessage): void => {
    if (!this.c.peers.isUp(p) || answer.code === MessageCode.Error || answer.origin < 0 || answer.origin === p) return;
    if (this.admit(p, answer.origin) && this.reactive) this.scheduleReactive(p);
  };

  private onLeaveReq(p: number, req: ReloadMessage): void {
    const body = req.body as LeaveReq;
    const q = req.origin;
    this.c.transport.answer(p, req, MessageCode.LeaveAns, EMPTY_BODY);
    if (!this.c.peers.isUp(p)) return;
    // The leaver's lists refill ours; treat the departure as a failure and repair at once.
    this.neighborGone(p, q, false);
    let data: ChordLeaveData | undefined;
    try {
      data = chordLeaveDataCodec.decode(body.overlaySpecificData);
    } catch {
      data = undefined;
    }
    if (data !== undefined) this.considerCandidates(p, data.type === 'from_succ' ? data.successors : data.predecessors);
  }

  // ---------------------------------------------------------------- fingers (§10.7.4.2)

  private offerFinger(p: number, q: number): void {
    const t = this.c.table;
    if (q === p || t.fingerCount(p) >= t.F) return;
    const list = t.fingers(p);
    if (list.includes(q)) return;
    // Keep the list ordered by decreasing clockwise distance.
    let pos = list.length;
    for (let i = 0; i < list.length; i++) {
      if (t.closer(p, list[i]!, q)) {
        pos = i;
        break;
      }
    }
    list.splice(pos, 0, q);
    t.setFingers(p, list);
    this.routingChanged(p, 'finger', q, -1);
  }

  private refreshFingers(p: number): void {
    const peers = this.c.peers;
    if (!peers.isRunning(p)) return;
    this.c.scheduler.schedule(this.pingInterval, this.onRefreshTimer, p);
    if (!peers.isUp(p)) return;
    const t = this.c.table;
    const me = peers.idOf[p]!;
    // Finger intervals up to the first successor; beyond it routing needs fingers. After them, our
    // id + 1, whose responsible peer is our successor: a check of the successor list that repairs a
    // list left wrapped around the ring by a run of failures.
    const s1 = t.successor(p, 0);
    let count = 0;
    for (let i = 1; i <= 128 && count < t.F - 1; i++) {
      if (s1 >= 0 && peers.ids.inHalfOpen(p, me.addPow2(128 - i), s1)) break;
      count++;
    }
    const k = this.proximity;
    const targets: Id[] = [];
    if (k === 1) {
      // Plain CHORD-RELOAD: the start of each interval, n + 2^(128-i), in 32-bit words.
      for (let i = 1; i <= count; i++) targets.push(me.addPow2(128 - i));
    } else {
      const n = me.toBigInt();
      for (let i = 1; i <= count; i++) {
        const width = 1n << BigInt(128 - i);
        for (let j = 0; j < k; j++) targets.push(Id.fromBigInt(n + width + (BigInt(j) * width) / BigInt(k)));
      }
    }
    targets.push(me.addPow2(0));
    const state: FingerRefresh = { peer: p, results: new Int32Array(targets.length).fill(-1), k, outstanding: targets.length };
    for (let i = 0; i < targets.length; i++) {
      const tx = this.c.transport.request(p, [nodeDest(targets[i]!)], MessageCode.AttachReq, this.attachTemplate, this.onFingerAnswer, state);
      this.fingerSlot.set(tx.id, i);
    }
  }

  private readonly fingerSlot = new Map<number, number>();

  private fingerAnswered(state: FingerRefresh, answer: ReloadMessage, tx: Transaction): void {
    const i = this.fingerSlot.get(tx.id);
    this.fingerSlot.delete(tx.id);
    if (i !== undefined && answer.code !== MessageCode.Error && answer.origin >= 0) state.results[i] = answer.origin;
    if (--state.outstanding > 0) return;
    const p = state.peer;
    if (!this.c.peers.isUp(p)) return;
    const t = this.c.table;
    const before = t.fingers(p);
    const list: number[] = [];
    const last = state.results.length - 1;
    const k = state.k;
    for (let f = 0; f * k < last; f++) {
      const q = k === 1 ? state.results[f]! : this.nearestValid(p, state, f);
      if (q >= 0 && q !== p && !list.includes(q)) list.push(q);
    }
    t.setFingers(p, list);
    const successor = state.results[last]!;
    if (successor >= 0 && successor !== p && this.admit(p, successor) && this.reactive) this.scheduleReactive(p);
    const trace = this.c.trace;
    if (trace.want['reload.routingChange']) {
      for (const q of list) if (!before.includes(q)) this.routingChanged(p, 'finger', q, -1);
      for (const q of before) if (!list.includes(q)) this.routingChanged(p, 'finger', -1, q);
    }
  }

  /**
   * Finger f+1 by proximity: among the peers that answered for the interval's k points, the one
   * inside [n + 2^(127-f), n + 2^(128-f)) with the smallest round-trip time; the first point's
   * responder if none lies inside.
   */
  private nearestValid(p: number, state: FingerRefresh, f: number): number {
    const t = this.c.table;
    const k = state.k;
    // Distances are floats of the top 64 bits: the interval in those units.
    const lo = 2 ** (63 - f);
    const hi = 2 ** (64 - f);
    let best = -1;
    let bestRtt = Infinity;
    for (let j = 0; j < k; j++) {
      const q = state.results[f * k + j]!;
      if (q < 0 || q === p) continue;
      const d = t.dist(p, q);
      if (d < lo || d >= hi) continue;
      const rtt = this.c.directRtt!(p, q);
      if (rtt < bestRtt) {
        best = q;
        bestRtt = rtt;
      }
    }
    return best >= 0 ? best : state.results[f * k]!;
  }

  // ---------------------------------------------------------------- RouteQuery, Ping, Probe

  /** RouteQuery (§6.4.2.4, §10.8): where would this peer send a message for the destination? */
  private onRouteQueryReq(p: number, req: ReloadMessage): void {
    const body = req.body as RouteQueryReq;
    const d = body.destination;
    let next = p;
    if (d.type === 'node') next = this.nextHopToNode(p, d);
    else if (d.type === 'resource') next = this.nextHop(p, d.id);
    const ans: ChordRouteQueryAns = { nextPeer: this.c.peers.idOf[next < 0 ? p : next]! };
    this.c.transport.answer(p, req, MessageCode.RouteQueryAns, ans);
    if (body.sendUpdate && this.c.peers.isUp(p)) this.sendUpdate(p, req.origin, 'neighbors');
  }

  /** Ping (§6.5.3). */
  private onPingReq(p: number, req: ReloadMessage): void {
    const ans: PingAns = { responseId: this.c.rng.uint32() * 0x10000 + (this.c.rng.uint32() & 0xffff), time: Math.floor(this.c.scheduler.now / 1000) };
    this.c.transport.answer(p, req, MessageCode.PingAns, ans);
  }

  /** Probe (§6.4.2.5). */
  private onProbeReq(p: number, req: ReloadMessage): void {
    const body = req.body as ProbeReq;
    const info: ProbeInformation[] = [];
    for (const type of body.requestedInfo) {
      if (type === 'uptime') info.push({ type, value: Math.floor((this.c.scheduler.now - this.c.peers.upSince[p]!) / 1_000_000) });
      else if (type === 'responsible_set') info.push({ type, value: this.responsiblePpb(p) });
      else info.push({ type, value: this.resourceCount?.(p) ?? 0 });
    }
    const ans: ProbeAns = { probeInfo: info };
    this.c.transport.answer(p, req, MessageCode.ProbeAns, ans);
  }

  /** Set by the storage layer, for Probe's num_resources. */
  resourceCount: ((peer: number) => number) | undefined;

  /** Fraction of the ring p is responsible for, in parts per billion. */
  responsiblePpb(p: number): number {
    const t = this.c.table;
    if (t.predCount(p) === 0) return 1_000_000_000;
    const d = t.dist(t.predecessor(p, 0), p);
    return Math.min(1_000_000_000, Math.round((d / 2 ** 64) * 1e9));
  }

  // ---------------------------------------------------------------- helpers

  /** Responsible peer for key as p's routing would find it (used only to place warm-start clients). */
  private responsibleFrom(p: number, key: Id): number {
    let cur = p;
    for (let i = 0; i < 200; i++) {
      const nh = this.nextHop(cur, key);
      if (nh === cur || nh < 0) return cur;
      cur = nh;
    }
    return cur;
  }

  private farthestEntry(p: number): number {
    const t = this.c.table;
    let best = -1;
    let bestD = -1;
    const scan = (row: readonly number[]) => {
      for (const q of row) {
        const d = t.dist(p, q);
        if (d > bestD) {
          best = q;
          bestD = d;
        }
      }
    };
    scan(t.successors(p));
    scan(t.fingers(p));
    return best;
  }

  private addExtra(p: number, q: number): void {
    let x = this.extra.get(p);
    if (x === undefined) {
      x = [];
      this.extra.set(p, x);
    }
    if (!x.includes(q)) {
      x.push(q);
      this.extraFilter.add(p, q);
    }
  }

  private ensureAttachment(p: number): void {
    if (p < this.attachment.length) return;
    let cap = this.attachment.length * 2;
    while (cap <= p) cap *= 2;
    const a = new Int32Array(cap).fill(-1);
    a.set(this.attachment);
    this.attachment = a;
  }

  private growReactive(p: number): void {
    let cap = this.reactivePending.length * 2;
    while (cap <= p) cap *= 2;
    const a = new Uint8Array(cap);
    a.set(this.reactivePending);
    this.reactivePending = a;
  }

  private routingChanged(p: number, table: RoutingTableKind, added: number, removed: number): void {
    const trace = this.c.trace;
    if (trace.want['reload.routingChange']) trace.emit({ type: 'reload.routingChange', time: this.c.scheduler.now, peer: p, table, added, removed });
  }
}

const EMPTY = new Uint8Array(0);

function nodeDest(id: Id): Destination {
  return { type: 'node', id };
}

export { Id };
