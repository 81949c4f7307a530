/**
 * The ALM algorithm plugin interface (RFC 7019 §4, Figure 2): the usage carries messages, keeps the
 * per-tree state, runs the timers common to all algorithms (JoinAccept expiry, heartbeats) and answers
 * NodeQuery; an algorithm decides where Joins go, whom to accept, how to repair, how to reorganise and
 * how to forward Pushes. Several algorithms coexist on the same peers; the ALMHeader's algorithm id
 * picks the plugin for each message.
 */
import type { RandomStream, Scheduler, TraceSink } from '../sim/index.ts';
import type { Id } from '../reload/id.ts';
import type { ReloadMessage } from '../reload/message.ts';
import type { Overlay } from '../reload/overlay.ts';
import type { Destination } from '../reload/wire/destination.ts';
import type { AlmTraceEvent } from './trace-events.ts';
import type { TreeState } from './tree-state.ts';
import type { StreamHeader } from './stream-header.ts';
import type { AlmMessage, AlmBodyByCode } from './wire/alm-message.ts';
import type { AlmMessageCode } from './wire/codes.ts';
import type { Join, JoinAccept, JoinConfirm, JoinDecline, Leave, Push, Reform } from './wire/bodies.ts';
import type { ALMErrorResponse } from './wire/error.ts';
import type { Dictionary } from './wire/dictionary.ts';

/** Settings of the usage shared by all algorithms (RFC 7019 §7.2.17 ImplementationInfo and the options the RFC names). */
export interface AlmSettings {
  /** join_confirm_timeout, us. */
  readonly joinConfirmTimeout: number;
  /** heartbeat_interval, us. */
  readonly heartbeatInterval: number;
  /** heartbeat_response_timeout, us. */
  readonly heartbeatResponseTimeout: number;
  /** N: heartbeat intervals a parent waits before treating a silent child as left (§7.2.14). */
  readonly heartbeatMissLimit: number;
  /** Most children a peer takes per tree (per stripe); Infinity for no limit. */
  readonly childLimit: number;
  /** Most tree edges from the root to a peer (Tree_Depth_Limit_Reached); Infinity for none. */
  readonly depthLimit: number;
  /** Most overlay hops from the root to a peer (Path_Limit_Reached); Infinity for none. */
  readonly pathLengthLimit: number;
  /** Tree edges as direct connections (AppAttach) or as overlay paths (RFC 7019 §3.5). */
  readonly edges: 'direct' | 'overlay';
  /** SSM: data goes to the root first; ASM: a sender pushes to its tree neighbours (§2.3, §2.4). */
  readonly mode: 'ssm' | 'asm';
}

/** The outcome of a request an algorithm sent: the answer, or undefined with an error code. */
export interface AlmAnswer {
  /** The ALM answer, if the request was answered with one. */
  readonly message: AlmMessage | undefined;
  /** The RELOAD answer (for the responder's peer index, hops and timing). */
  readonly reload: ReloadMessage;
  /** 0, or the RELOAD error code (Error_Exp_A with `almError` for ALM rejections). */
  readonly errorCode: number;
  readonly almError: ALMErrorResponse | undefined;
  /** Round-trip time of the transaction, us. */
  readonly rtt: number;
}

export type AlmAnswerHandler<C> = (ctx: C, answer: AlmAnswer) => void;

/** What the usage provides an algorithm. */
export interface AlmServices {
  readonly overlay: Overlay;
  readonly scheduler: Scheduler;
  /** The algorithm's own random stream. */
  readonly rng: RandomStream;
  readonly trace: TraceSink<AlmTraceEvent>;
  readonly settings: AlmSettings;

  /** The tree of `peer` for `groupId`, creating an empty one if asked. */
  tree(peer: number, groupId: Id, create: true): TreeState;
  tree(peer: number, groupId: Id, create?: boolean): TreeState | undefined;
  /** Forgets a tree the peer is no longer part of. */
  dropTree(t: TreeState): void;
  /** Forgets the tree if nothing holds it: not in the tree, not joining, no JoinAccept outstanding. */
  dropIfIdle(t: TreeState): void;
  /** The peer's trees of this algorithm (a snapshot). */
  trees(peer: number): TreeState[];

  /** Sends an ALM request of this algorithm from `peer` to `dest` (an exp_a_req). */
  request<C extends AlmMessageCode, X>(peer: number, dest: Destination, code: C, body: AlmBodyByCode[C], handler: AlmAnswerHandler<X>, ctx: X, tag?: unknown): void;
  /** Sends an ALM request to a tree neighbour: over the direct connection when edges are direct. */
  requestPeer<C extends AlmMessageCode, X>(peer: number, to: number, code: C, body: AlmBodyByCode[C], handler: AlmAnswerHandler<X>, ctx: X, tag?: unknown): void;
  /** Answers an ALM request (an exp_a_ans). */
  answer<C extends AlmMessageCode>(peer: number, request: ReloadMessage, code: C, body: AlmBodyByCode[C]): void;
  /** Answers with a RELOAD ErrorResponse Error_Exp_A carrying ALMErrorResponse (§10.3). */
  reject(peer: number, request: ReloadMessage, almErrorCode: number, info?: Uint8Array | string): void;

  /**
   * Checks the usage's admission limits for `child` under `t` in `stripe` (child limit, depth,
   * path length, client as parent). Returns 0 or the ALM error code to reject with.
   */
  admissionError(t: TreeState, stripe: number, child: number): number;
  /**
   * Answers a Join with JoinAccept (options: the parent's path length and delay to the root, then
   * `options`, the algorithm's own) and remembers the accept until JoinConfirm, JoinDecline or
   * join_confirm_timeout.
   */
  accept(peer: number, request: ReloadMessage, t: TreeState, stripe: number, child: number, options?: Dictionary): void;
  /** Sends JoinConfirm to a peer that sent us JoinAccept; `done(ok)` when it answers. */
  confirm(peer: number, t: TreeState, stripe: number, parent: number, accept: JoinAccept, rtt: number, done?: (ok: boolean) => void): void;
  /** Sends JoinDecline for a JoinAccept we do not take. */
  decline(peer: number, t: TreeState, parent: number): void;

  /** Makes `child` a child of `t.peer` in `stripe` (state, heartbeat bookkeeping, trace, connection). */
  addChild(t: TreeState, stripe: number, child: number): void;
  /** Removes a child; `reason` for the trace. Returns true if it was one. */
  removeChild(t: TreeState, stripe: number, child: number, reason: string): boolean;
  /** Sets the parent of `t.peer` in `stripe` (-1 for none); ends a pending repair. */
  setParent(t: TreeState, stripe: number, parent: number): void;
  /** Marks the start of a repair of `stripe` (for repair-time measurement). */
  repairStarted(t: TreeState, stripe: number, cause: string, lostParent: number): void;
  /** Sends Leave (§7.2.10) to a tree neighbour. */
  sendLeave(peer: number, t: TreeState, to: number): void;

  /**
   * Sends a Push of `data` from `peer` to tree neighbour `to`, counting overlay hops from the source.
   * Inside onPush the hop counts and the root's timing continue those of the Push being handled; a
   * root starts a new path from itself.
   */
  push(peer: number, to: number, t: TreeState, stripe: number, data: Uint8Array, header: StreamHeader, hopsSoFar: number, treeHops: number): void;
  /** Hands a received Push to the application if `t.peer` is a member (once per message). */
  deliver(t: TreeState, data: Uint8Array, header: StreamHeader, overlayHops: number, treeHops: number): void;

  /** The peer responsible for group_id holds the tree's ALMTree (RFC 7019 §7.2.1, §12.1). */
  holdsAlmTree(peer: number, groupId: Id): boolean;
  /** True if `peer` is a RELOAD client (may only be a leaf, RFC 7019 §3.4). */
  isClient(peer: number): boolean;
}

/** Context of a received Push: where it came from and how far it travelled. */
export interface PushContext {
  readonly from: number;
  /** Overlay hops from the source up to and including the last link. */
  readonly overlayHops: number;
  /** Tree edges from the root (or from the source under ASM) to this peer. */
  readonly treeHops: number;
  /** Overlay hops from the root to this peer, or -1 if the data did not come down from the root. */
  readonly rootHops: number;
  /** When the root sent this data down the tree, or -1. */
  readonly rootTime: number;
  readonly header: StreamHeader;
}

/** What an ALM algorithm implements. */
export interface AlmAlgorithm {
  /** ALM algorithm id (RFC 7019 §14.1). */
  readonly id: number;
  readonly name: string;
  /** Trees (stripes) per group. */
  readonly stripes: number;

  /** Called once, before the run starts. */
  attach(services: AlmServices): void;

  /** The root of a new group (the peer responsible for group_id, after storing the ALMTree). */
  onCreated(root: number, t: TreeState): void;
  /** The application at `peer` joins the group (Group API join). */
  join(peer: number, t: TreeState): void;
  /** The application at `peer` leaves the group (Group API leave). */
  leave(peer: number, t: TreeState): void;
  /** The application at `peer` sends data to the group (Group API send); data starts with the stream header. */
  multicast(peer: number, t: TreeState, data: Uint8Array, header: StreamHeader): void;

  /** A Join that ended its route at `peer` (it is the destination, or the root for group_id). */
  onJoin(peer: number, request: ReloadMessage, body: Join): void;
  /** Scribe's forward upcall: a Join `peer` is routing on; return true to take it over. */
  onForwardJoin(peer: number, request: ReloadMessage, body: Join): boolean;
  /** A JoinConfirm for an accept of ours arrived and the child was added. */
  onChildConfirmed(t: TreeState, stripe: number, child: number): void;
  /** A child of ours left or was dropped; `t` still lists the remaining children. */
  onChildRemoved(t: TreeState, stripe: number, child: number, reason: string): void;
  /** Our parent in `stripe` left, failed or is gone; the algorithm repairs. */
  onParentLost(t: TreeState, stripe: number, parent: number, cause: string): void;
  /** A Leave from a peer that is neither parent nor child is ignored by the usage (§7.2.10). */

  /** Reform (§7.2.12): algorithm-specific reorganisation. */
  onReform(peer: number, request: ReloadMessage, body: Reform): void;
  /** A Push arrived at `peer` (answered by the usage with PushResponse). */
  onPush(peer: number, t: TreeState | undefined, body: Push, ctx: PushContext): void;
  /**
   * Whether `peer` takes a Push from `from` at all; if not, the usage answers with Error_Exp_A /
   * Other instead of PushResponse (e.g. a source's cached rendezvous point that no longer is one).
   * @default every Push is taken
   */
  acceptsPush?(peer: number, t: TreeState | undefined, body: Push, from: number): boolean;

  /** The peer leaves the overlay gracefully: leave every tree properly. */
  onPeerDeparting(peer: number): void;
  /** The ids `peer` is responsible for changed: roots may have moved (RFC 7019 §8.2). */
  onResponsibilityChange(peer: number): void;
  /** The peer's JoinDecline or Leave handling, for algorithms that need it. */
  onJoinDeclined?(t: TreeState, child: number, body: JoinDecline): void;
  onLeaveReceived?(t: TreeState, from: number, body: Leave): void;
  onJoinConfirmReceived?(t: TreeState, child: number, body: JoinConfirm): void;
}
