/**
 * The ALM Usage of RELOAD (RFC 7019): ALM messages carried in exp_a_req / exp_a_ans (§10), the
 * forward upcall on routed requests (§6), CreateALMTree with the ALMTree kind (§7.2.1, §12.1), the
 * Join handshake (§7.2.3-§7.2.9) with JoinAccept expiry, Leave (§7.2.10), Heartbeats (§7.2.14-15),
 * NodeQuery (§7.2.16-17), Push delivery (§7.2.18), and dispatch to the algorithm plugins.
 *
 * One usage object serves every peer; per-peer state lives in the TreeStore and small maps.
 */
import type { RandomStreams, Scheduler, TraceSink } from '../sim/index.ts';
import { Id } from '../reload/id.ts';
import type { ReloadMessage } from '../reload/message.ts';
import type { Overlay } from '../reload/overlay.ts';
import { ErrorCode, MessageCode } from '../reload/wire/codes.ts';
import type { Destination } from '../reload/wire/destination.ts';
import type { ErrorResponse } from '../reload/wire/error-response.ts';
import { expACarrier } from '../reload/wire/message-contents.ts';
import type { AlmAlgorithm, AlmAnswer, AlmAnswerHandler, AlmServices, AlmSettings, PushContext } from './algorithm.ts';
import { SeqWindow } from './seq-window.ts';
import { readStreamHeader, writeStreamHeader, type StreamHeader, STREAM_HEADER_BYTES } from './stream-header.ts';
import type { AlmTraceEvent } from './trace-events.ts';
import { ALGORITHM_IDS, type GroupSocket } from './group-api.ts';
import { TreeState, TreeStore } from './tree-state.ts';
import { almMessageCodec, type AlmBodyByCode, type AlmMessage } from './wire/alm-message.ts';
import type { AlmMessageCode } from './wire/codes.ts';
import type { CreateALMTree, Heartbeat, JoinAccept, JoinConfirm, JoinDecline, Leave, NodeQuery, Push } from './wire/bodies.ts';
import { EMPTY_BODY, createAlmTreeCodec } from './wire/bodies.ts';
import {
  ALMTREE_KIND_ID,
  ALM_CREATE_ALM_TREE,
  ALM_CREATE_ALM_TREE_RESPONSE,
  ALM_ERROR_CHILD_LIMIT_REACHED,
  ALM_ERROR_OTHER,
  ALM_ERROR_PATH_LIMIT_REACHED,
  ALM_ERROR_TREE_DEPTH_LIMIT_REACHED,
  ALM_ERROR_UNKNOWN_ALGORITHM,
  ALM_HEARTBEAT,
  ALM_HEARTBEAT_RESPONSE,
  ALM_JOIN,
  ALM_JOIN_ACCEPT,
  ALM_JOIN_CONFIRM,
  ALM_JOIN_CONFIRM_RESPONSE,
  ALM_JOIN_DECLINE,
  ALM_JOIN_DECLINE_RESPONSE,
  ALM_LEAVE,
  ALM_LEAVE_RESPONSE,
  ALM_NODE_QUERY,
  ALM_NODE_QUERY_RESPONSE,
  ALM_PUSH,
  ALM_PUSH_RESPONSE,
  ALM_REFORM,
} from './wire/codes.ts';
import { EMPTY_DICTIONARY, dictionaryGet, dictionaryGetUint32, dictionaryOf, type Dictionary } from './wire/dictionary.ts';
import { almErrorResponse, almErrorResponseCodec, type ALMErrorResponse } from './wire/error.ts';
import { implementationInfo, treeDataThatFit, type NodeStatistics, type TreeData } from './wire/node-statistics.ts';
import { resourceId } from '../reload/id.ts';
import type { StoredData } from '../reload/wire/bodies/stored-data.ts';

export interface AlmUsageComponents {
  overlay: Overlay;
  scheduler: Scheduler;
  streams: RandomStreams;
  trace: TraceSink<AlmTraceEvent>;
}

export interface AlmUsageInit {
  /** join_confirm_timeout (RFC 7019 §7.2.17), us. @default 5000 ms */
  joinConfirmTimeout?: number;
  /** heartbeat_interval, us. @default 2000 ms */
  heartbeatInterval?: number;
  /** heartbeat_response_timeout, us. @default 5000 ms */
  heartbeatResponseTimeout?: number;
  /** N heartbeat intervals before a silent child counts as left (§7.2.14). @default 3 */
  heartbeatMissLimit?: number;
  /** Children per tree and stripe. @default Infinity */
  childLimit?: number;
  /** Tree depth limit (edges from the root). @default Infinity */
  depthLimit?: number;
  /** Limit on overlay hops from the root. @default Infinity */
  pathLengthLimit?: number;
  /** Tree edges as direct connections or overlay paths (§3.5). @default 'direct' */
  edges?: 'direct' | 'overlay';
  /** SSM or ASM forwarding (§2.3, §2.4). @default 'ssm' */
  mode?: 'ssm' | 'asm';
  /** Run heartbeats (off only for experiments that want to exclude their cost). @default true */
  heartbeats?: boolean;
  /** Lifetime of the ALMTree value, seconds. @default 1 day */
  almTreeLifetime?: number;
}

/** Application data as the Group API hands it to a member. */
export type ReceiveCallback = (peer: number, groupId: Id, data: Uint8Array, header: StreamHeader) => void;

interface PendingAccept {
  readonly t: TreeState;
  readonly stripe: number;
  readonly child: number;
  timer: number;
  /** When the JoinAccept was sent: its JoinConfirm closes a round trip to the child. */
  readonly sentAt: number;
}

interface RequestCtx {
  readonly handler: AlmAnswerHandler<unknown>;
  readonly ctx: unknown;
  readonly start: number;
}

/**
 * The Heartbeat a tree's peer sends a parent every interval (§7.2.14): the same destination, message
 * and context each time while that parent is parent of the same stripes, so it is built once and
 * kept on the tree (TreeState.heartbeat) instead of being rebuilt per interval. Heartbeats are most
 * of a large run's messages.
 */
interface HeartbeatRequest {
  readonly t: TreeState;
  readonly parent: number;
  /** Stripes (bitmask) in which `parent` is the parent; 0 for a single-stripe tree. */
  readonly mask: number;
  readonly msg: AlmMessage;
}

/** What a Push carries along a tree path (ReloadMessage.tag; not on the wire). */
interface PushTag {
  /** Overlay hops from the source to the sender of this Push. */
  readonly overlayHops: number;
  /** Tree edges from the root (or the ASM source) to the receiver. */
  readonly treeHops: number;
  /** Overlay hops from the root to the sender, or -1. */
  readonly rootHops: number;
  /** When the root sent the data down, or -1. */
  readonly rootTime: number;
}
/** RELOAD Application-ID an ALM tree edge connection is opened for (AppAttach), private use. */
export const ALM_APPLICATION_ID = 0xf001;

export class AlmUsage {
  readonly settings: AlmSettings;
  readonly trees = new TreeStore();
  private readonly algorithms = new Map<number, AlmAlgorithm>();
  private readonly services = new Map<number, AlmServices>();
  private readonly pending = new Map<string, PendingAccept>();
  private readonly heartbeatArmed = new Set<number>();
  private readonly emptyAnswers = new Map<number, AlmMessage>();
  /** Reused by heartbeatTick for its snapshot of a peer's trees. */
  private readonly tickTrees: TreeState[] = [];
  private readonly heartbeats: boolean;
  private readonly almTreeLifetime: number;
  /** Per peer: trees ever joined (NodeStatistics.total_number_trees). */
  private readonly treesEver = new Map<number, number>();
  /** Per (source peer, group): next sequence number. */
  private readonly seqs = new Map<string, number>();
  /** Per tree: delivered sequence numbers per source (every one is kept: no window). */
  private readonly delivered = new WeakMap<TreeState, Map<number, SeqWindow>>();
  receiver: ReceiveCallback | undefined;
  /** Group API sockets by peer, for their receive callbacks. */
  private readonly sockets = new Map<number, GroupSocket[]>();

  private readonly onAnswerBound = (ctx: RequestCtx, answer: ReloadMessage): void => this.answered(ctx, answer);
  private readonly onAcceptTimer = (p: PendingAccept): void => this.acceptExpired(p);
  private readonly onHeartbeatTimer = (peer: number): void => this.heartbeatTick(peer);
  private readonly onHeartbeatAnswer = (hb: HeartbeatRequest, answer: ReloadMessage): void => {
    if (answer.code === MessageCode.ExpAAns) this.heartbeatAnswered(hb.t, hb.parent, 0, undefined);
    else this.heartbeatAnswered(hb.t, hb.parent, (answer.body as ErrorResponse).errorCode, almErrorOf(answer.body as ErrorResponse));
  };
  private readonly ignoreAnswer = (): void => {};

  constructor(
    private readonly c: AlmUsageComponents,
    algorithms: readonly AlmAlgorithm[],
    init: AlmUsageInit = {},
  ) {
    this.settings = {
      joinConfirmTimeout: init.joinConfirmTimeout ?? 5_000_000,
      heartbeatInterval: init.heartbeatInterval ?? 2_000_000,
      heartbeatResponseTimeout: init.heartbeatResponseTimeout ?? 5_000_000,
      heartbeatMissLimit: init.heartbeatMissLimit ?? 3,
      childLimit: init.childLimit ?? Infinity,
      depthLimit: init.depthLimit ?? Infinity,
      pathLengthLimit: init.pathLengthLimit ?? Infinity,
      edges: init.edges ?? 'direct',
      mode: init.mode ?? 'ssm',
    };
    this.heartbeats = init.heartbeats ?? true;
    this.almTreeLifetime = init.almTreeLifetime ?? 86_400;
    const o = c.overlay;
    if (o.kinds.get(ALMTREE_KIND_ID) === undefined) {
      // RFC 7019 §12.1; access control per PROTOCOL.md's reading of NODE-MATCH (see kinds.ts).
      o.kinds.define({ id: ALMTREE_KIND_ID, name: 'ALMTree', dataModel: 'single', accessPolicy: 'NODE-ID-MATCH' });
    }
    o.addBodyCodecs(expACarrier(almMessageCodec));
    o.handle(MessageCode.ExpAReq, (p, m) => this.onRequest(p, m));
    o.addForwardHook(MessageCode.ExpAReq, (p, m) => this.onForward(p, m));
    o.addListener({
      responsibilityChanged: (p) => {
        for (const a of this.algorithms.values()) a.onResponsibilityChange(p);
      },
      peerGone: (p) => this.peerGone(p),
    });
    for (const a of algorithms) {
      if (this.algorithms.has(a.id)) throw new Error(`ALM algorithm id ${a.id} registered twice`);
      this.algorithms.set(a.id, a);
      const s = this.servicesFor(a);
      this.services.set(a.id, s);
    }
    for (const a of algorithms) a.attach(this.services.get(a.id)!);
  }

  algorithm(id: number): AlmAlgorithm | undefined {
    return this.algorithms.get(id);
  }

  // =================================================================== Group API entry points

  /**
   * Creates the group of `sessionKey` from `peer`, its owner: the owner is issued the Node-ID equal
   * to group_id (RFC 7019 §5), and CreateALMTree goes to the peer responsible for group_id (§7.2.1),
   * which stores the owner-signed ALMTree and becomes the root. `done(ok, groupId)`.
   */
  create(peer: number, sessionKey: string, algorithmId: number, done?: (ok: boolean, groupId: Id) => void): Id {
    const o = this.c.overlay;
    const key = new TextEncoder().encode(sessionKey);
    const groupId = resourceId(key);
    if (!this.algorithms.has(algorithmId)) throw new Error(`unknown ALM algorithm id ${algorithmId}`);
    o.enrollment.issueNodeId(o.credentials[peer]!, groupId);
    const body: CreateALMTree = { peerId: o.peers.idOf[peer]!, sessionKey: key, groupId, options: EMPTY_DICTIONARY };
    this.requestAs(algorithmId, peer, { type: 'resource', id: groupId }, ALM_CREATE_ALM_TREE, body, (ctx: null, a: AlmAnswer) => {
      void ctx;
      done?.(a.errorCode === 0 && a.message?.code === ALM_CREATE_ALM_TREE_RESPONSE, groupId);
    }, null);
    return groupId;
  }

  /** The application at `peer` joins group `groupId` run by algorithm `algorithmId`. */
  join(peer: number, groupId: Id, algorithmId: number): void {
    const a = this.algorithmOrThrow(algorithmId);
    const t = this.treeOf(peer, algorithmId, groupId, true, a.stripes);
    if (t.member) return;
    t.member = true;
    this.treesEver.set(peer, (this.treesEver.get(peer) ?? 0) + 1);
    this.emitMembership(t, true);
    a.join(peer, t);
  }

  /** The application at `peer` leaves the group. */
  leave(peer: number, groupId: Id, algorithmId: number): void {
    const a = this.algorithmOrThrow(algorithmId);
    const t = this.trees.get(peer, algorithmId, groupId.toHex());
    if (t === undefined || !t.member) return;
    t.member = false;
    this.emitMembership(t, false);
    a.leave(peer, t);
  }

  /**
   * The application at `peer` sends `payloadBytes` (stream header included, at least 18) to the
   * group. Returns the message's sequence number.
   */
  send(peer: number, groupId: Id, algorithmId: number, payloadBytes: number): number {
    const a = this.algorithmOrThrow(algorithmId);
    const t = this.treeOf(peer, algorithmId, groupId, true, a.stripes);
    const k = `${peer}:${algorithmId}:${t.key}`;
    const seq = this.seqs.get(k) ?? 0;
    this.seqs.set(k, seq + 1);
    const data = new Uint8Array(Math.max(STREAM_HEADER_BYTES, payloadBytes));
    const header: StreamHeader = { source: peer, seq, sentAt: this.c.scheduler.now, stripe: 0, stripes: 1 };
    writeStreamHeader(data, header);
    const tr = this.c.trace;
    if (tr.want['alm.multicastSent']) tr.emit({ type: 'alm.multicastSent', time: this.c.scheduler.now, source: peer, group: t.key, algorithm: algorithmId, seq, bytes: data.length });
    a.multicast(peer, t, data, header);
    return seq;
  }

  /** The peer leaves the overlay gracefully: every algorithm leaves its trees first. */
  peerLeaving(peer: number): void {
    for (const a of this.algorithms.values()) a.onPeerDeparting(peer);
  }

  /** Sends a NodeQuery (§7.2.16) from `from` to `to`; `done(stats)` with its NodeStatistics, or undefined. */
  nodeQuery(from: number, to: number, done: (stats: NodeStatistics | undefined) => void): void {
    const o = this.c.overlay;
    const body: NodeQuery = { peerIdSrc: o.peers.idOf[from]!, peerIdDst: o.peers.idOf[to]! };
    const alg = this.algorithms.keys().next().value ?? 1;
    this.requestAs(alg, from, o.peers.nodeDest(to), ALM_NODE_QUERY, body, (_c: null, a: AlmAnswer) => {
      done(a.message?.code === ALM_NODE_QUERY_RESPONSE ? a.message.body : undefined);
    }, null);
  }

  /** NodeStatistics of a peer as it would answer a NodeQuery (RFC 7019 §7.2.17). */
  nodeStatistics(peer: number): NodeStatistics {
    const o = this.c.overlay;
    const now = this.c.scheduler.now;
    const trees = this.trees.ofPeer(peer).filter((t) => t.inTree);
    const data = trees.map((t) => this.treeData(t));
    let max: TreeData | undefined;
    for (const d of data) if (max === undefined || d.parent.length + d.children.length > max.parent.length + max.children.length) max = d;
    const fit = treeDataThatFit(data);
    return {
      nodeLifetime: Math.max(0, Math.floor((now - o.peers.upSince[peer]!) / 1_000_000)),
      totalNumberTrees: Math.max(this.treesEver.get(peer) ?? 0, trees.length),
      algorithmsSupported: [...this.algorithms.keys()].filter((id) => id <= 0xff).sort((a, b) => a - b),
      maxTreeData: max ?? EMPTY_TREE_DATA,
      numberActiveTrees: trees.length,
      treeData: data.slice(0, fit),
      implInfo: implementationInfo({
        joinConfirmTimeout: Math.round(this.settings.joinConfirmTimeout / 1000),
        heartbeatInterval: Math.round(this.settings.heartbeatInterval / 1000),
        heartbeatResponseTimeout: Math.round(this.settings.heartbeatResponseTimeout / 1000),
        info: new TextEncoder().encode('almsim'),
      }),
    };
  }

  /** TreeData (§7.2.17) of one tree as its peer knows it. */
  treeData(t: TreeState): TreeData {
    const o = this.c.overlay;
    const parents: Id[] = [];
    for (const p of t.parents) if (p >= 0 && !parents.some((x) => x.equals(o.peers.idOf[p]!))) parents.push(o.peers.idOf[p]!);
    const children: Id[] = [];
    const seen = new Set<number>();
    for (const list of t.children) for (const c of list) if (!seen.has(c)) {
      seen.add(c);
      children.push(o.peers.idOf[c]!);
    }
    let maxRtt = 0;
    if (t.childRtt !== undefined) for (const v of t.childRtt.values()) if (v > maxRtt) maxRtt = v;
    const pl = Math.max(...t.pathLength);
    const pd = Math.max(...t.pathDelay);
    return {
      treeId: t.groupId.w3 >>> 0,
      algorithm: t.algorithm & 0xff,
      // "node_id of tree root, or 0 if unknown" (§7.2.17): only the root knows it is the root.
      treeRoot: t.root ? o.peers.idOf[t.peer]! : Id.ZERO,
      parent: parents,
      children,
      pathLengthToRoot: t.root ? 0 : pl,
      pathDelayToRoot: t.root ? 0 : Math.round(pd / 1000),
      pathDelayToChild: Math.round(maxRtt / 1000),
    };
  }

  // =================================================================== message dispatch

  /** exp_a_req ended its route at `peer` (§10). */
  private onRequest(peer: number, req: ReloadMessage): void {
    const m = req.body as AlmMessage;
    const a = this.algorithms.get(m.algorithmId);
    if (a === undefined) {
      this.reject(peer, req, ALM_ERROR_UNKNOWN_ALGORITHM, `algorithm ${m.algorithmId} is not supported`);
      return;
    }
    switch (m.code) {
      case ALM_CREATE_ALM_TREE:
        this.onCreate(peer, req, a, m.body);
        return;
      case ALM_JOIN:
        a.onJoin(peer, req, m.body);
        return;
      case ALM_JOIN_CONFIRM:
        this.onJoinConfirm(peer, req, a, m.body);
        return;
      case ALM_JOIN_DECLINE:
        this.onJoinDecline(peer, req, a, m.body);
        return;
      case ALM_LEAVE:
        this.onLeave(peer, req, a, m.body);
        return;
      case ALM_REFORM:
        a.onReform(peer, req, m.body);
        return;
      case ALM_HEARTBEAT:
        this.onHeartbeat(peer, req, a, m.body);
        return;
      case ALM_NODE_QUERY:
        this.answer(peer, req, m.algorithmId, ALM_NODE_QUERY_RESPONSE, this.nodeStatistics(peer));
        return;
      case ALM_PUSH:
        this.onPush(peer, req, a, m.body);
        return;
      default:
        this.reject(peer, req, ALM_ERROR_OTHER, `message code ${m.code} is not a request`);
    }
  }

  /** The forward upcall (§6): algorithms see Joins the peer routes on. */
  private onForward(peer: number, req: ReloadMessage): boolean {
    const m = req.body as AlmMessage;
    if (m.code !== ALM_JOIN) return false;
    const a = this.algorithms.get(m.algorithmId);
    if (a === undefined || this.c.overlay.peers.client[peer] === 1) return false;
    return a.onForwardJoin(peer, req, m.body);
  }

  /** CreateALMTree at the peer responsible for group_id (§7.2.1, §11.1). */
  private onCreate(peer: number, req: ReloadMessage, a: AlmAlgorithm, body: CreateALMTree): void {
    const o = this.c.overlay;
    const now = this.c.scheduler.now;
    // The root performs a local StoreReq of the ALMTree signed by the owner (acting as group_id);
    // the kind's policy is checked against the owner's certificate. A failed Store fails the create.
    const value: StoredData = {
      storageTime: Math.floor(now / 1000),
      lifetime: this.almTreeLifetime,
      value: { model: 'single', value: { exists: true, value: almTreeBytes(body) } },
      signature: o.signatureAs(body.groupId),
    };
    const signerHolds = o.credentials[req.origin]?.nodeIds.some((n) => n.equals(body.groupId)) ?? false;
    const err = signerHolds ? o.storage.storeLocal(peer, body.groupId, ALMTREE_KIND_ID, [value]) : ErrorCode.Forbidden;
    const tr = this.c.trace;
    const key = body.groupId.toHex();
    if (err !== 0) {
      if (tr.want['alm.groupCreated']) tr.emit({ type: 'alm.groupCreated', time: now, group: key, algorithm: a.id, creator: req.origin, root: peer, ok: false });
      this.c.overlay.transport.answerError(peer, req, err);
      return;
    }
    const t = this.treeOf(peer, a.id, body.groupId, true, a.stripes);
    t.root = true;
    this.treesEver.set(peer, (this.treesEver.get(peer) ?? 0) + 1);
    a.onCreated(peer, t);
    this.answer(peer, req, a.id, ALM_CREATE_ALM_TREE_RESPONSE, { options: EMPTY_DICTIONARY });
    if (tr.want['alm.groupCreated']) tr.emit({ type: 'alm.groupCreated', time: now, group: key, algorithm: a.id, creator: req.origin, root: peer, ok: true });
  }

  /** JoinConfirm (§7.2.6): the parent adds the child only now. */
  private onJoinConfirm(peer: number, req: ReloadMessage, a: AlmAlgorithm, body: JoinConfirm): void {
    const child = req.origin;
    const stripe = dictionaryGetUint32(body.options, 'stripe') ?? 0;
    const key = pendingKey(peer, a.id, body.groupId.toHex(), child, stripe);
    const p = this.pending.get(key);
    const live = this.trees.get(peer, a.id, body.groupId.toHex());
    // The child joins the tree the accept was made in (if it is still this peer's tree).
    const t = p !== undefined && p.t === live ? p.t : live;
    if (p === undefined || t === undefined || p.t !== t) {
      if (t !== undefined && t.children[stripe]?.includes(child)) {
        this.answer(peer, req, a.id, ALM_JOIN_CONFIRM_RESPONSE, EMPTY_BODY);
        return;
      }
      this.reject(peer, req, ALM_ERROR_OTHER, 'no pending JoinAccept for this JoinConfirm');
      return;
    }
    this.pending.delete(key);
    this.pendingAdd(p.t, p.stripe, -1);
    this.c.scheduler.cancel(p.timer);
    a.onJoinConfirmReceived?.(t, child, body);
    this.addChild(t, stripe, child);
    // path_delay_to_child (§7.2.17): the round trip from our JoinAccept to the child's JoinConfirm.
    t.setChildRtt(child, this.c.scheduler.now - p.sentAt);
    this.answer(peer, req, a.id, ALM_JOIN_CONFIRM_RESPONSE, EMPTY_BODY);
    a.onChildConfirmed(t, stripe, child);
  }

  /** JoinDecline (§7.2.8). */
  private onJoinDecline(peer: number, req: ReloadMessage, a: AlmAlgorithm, body: JoinDecline): void {
    const child = req.origin;
    const gk = body.groupId.toHex();
    for (let s = 0; s < a.stripes; s++) {
      const key = pendingKey(peer, a.id, gk, child, s);
      const p = this.pending.get(key);
      if (p === undefined) continue;
      this.pending.delete(key);
      this.pendingAdd(p.t, p.stripe, -1);
      this.c.scheduler.cancel(p.timer);
      a.onJoinDeclined?.(p.t, child, body);
      this.dropIfEmpty(p.t);
    }
    this.answer(peer, req, a.id, ALM_JOIN_DECLINE_RESPONSE, EMPTY_BODY);
  }

  /** Leave (§7.2.10): from a child, drop it; from a parent, repair; from anyone else, ignore. */
  private onLeave(peer: number, req: ReloadMessage, a: AlmAlgorithm, body: Leave): void {
    this.answer(peer, req, a.id, ALM_LEAVE_RESPONSE, EMPTY_BODY);
    const t = this.trees.get(peer, a.id, body.groupId.toHex());
    if (t === undefined) return;
    const from = req.origin;
    a.onLeaveReceived?.(t, from, body);
    for (let s = 0; s < t.stripes; s++) {
      if (this.removeChild(t, s, from, 'leave')) a.onChildRemoved(t, s, from, 'leave');
    }
    for (let s = 0; s < t.stripes; s++) {
      if (t.parents[s] === from) {
        this.setParentRaw(t, s, -1);
        this.repairStarted(t, s, 'leave', from);
        a.onParentLost(t, s, from, 'leave');
      }
    }
  }

  /** Heartbeat (§7.2.14): a child is alive; answer, or tell a non-child it is not one. */
  private onHeartbeat(peer: number, req: ReloadMessage, a: AlmAlgorithm, body: Heartbeat): void {
    const t = this.trees.get(peer, a.id, body.groupId.toHex());
    const child = req.origin;
    if (t === undefined || t.isChild(child) < 0) {
      this.reject(peer, req, ALM_ERROR_OTHER, 'not a child in this tree');
      return;
    }
    t.heard(child, this.c.scheduler.now);
    const claimed = t.stripes > 1 ? dictionaryGet(body.options, HEARTBEAT_STRIPES) : undefined;
    if (claimed !== undefined && !this.checkStripes(t, a, child, claimed, peer, req)) return;
    this.answer(peer, req, a.id, ALM_HEARTBEAT_RESPONSE, EMPTY_BODY);
  }

  /**
   * A multi-stripe child's Heartbeat names the stripes it is our child in: a stripe where we list it
   * but it has not claimed us for two Heartbeats in a row is a stale entry (dropped, reason 'stale');
   * a stripe it claims but we do not list is answered with an error naming those stripes, which it
   * treats as a lost parent (cause 'link') in those stripes only. Returns false if it answered.
   */
  private checkStripes(t: TreeState, a: AlmAlgorithm, child: number, claimed: Uint8Array, peer: number, req: ReloadMessage): boolean {
    const prev = t.unclaimed?.get(child) ?? 0;
    let now = 0;
    const missing: number[] = [];
    for (let st = 0; st < t.stripes; st++) {
      const claims = ((claimed[st >> 3] ?? 0) & (1 << (st & 7))) !== 0;
      const listed = t.children[st]!.includes(child);
      if (listed && !claims) {
        if ((prev & (1 << st)) !== 0) {
          if (this.removeChild(t, st, child, 'stale')) a.onChildRemoved(t, st, child, 'stale');
        } else now |= 1 << st;
      } else if (claims && !listed) missing.push(st);
    }
    t.setUnclaimed(child, now);
    if (missing.length === 0) return true;
    this.reject(peer, req, ALM_ERROR_OTHER, `${NOT_CHILD_IN_STRIPES}${missing.join(',')}`);
    return false;
  }

  /**
   * Push (§7.2.18): answer, then let the algorithm forward and deliver. Data that came down from the
   * root also refreshes what this peer knows of its path to the root (path_length_to_root in overlay
   * hops, path_delay_to_root as twice the one-way delay, its depth), since its ancestors may have
   * moved since it joined.
   */
  private onPush(peer: number, req: ReloadMessage, a: AlmAlgorithm, body: Push): void {
    const t = this.trees.get(peer, a.id, body.groupId.toHex());
    if (a.acceptsPush !== undefined && !a.acceptsPush(peer, t, body, req.origin)) {
      this.reject(peer, req, ALM_ERROR_OTHER, 'not the rendezvous point or a tree neighbour for this group');
      return;
    }
    this.answer(peer, req, a.id, ALM_PUSH_RESPONSE, { options: EMPTY_DICTIONARY });
    const header = readStreamHeader(body.data);
    if (header === undefined) return;
    const tag = req.tag as PushTag | undefined;
    const now = this.c.scheduler.now;
    const ctx: PushContext = {
      from: req.origin,
      overlayHops: (tag?.overlayHops ?? 0) + req.hops,
      treeHops: tag?.treeHops ?? 0,
      rootHops: tag !== undefined && tag.rootHops >= 0 ? tag.rootHops + req.hops : -1,
      rootTime: tag?.rootTime ?? -1,
      header,
    };
    if (t !== undefined && ctx.rootHops >= 0 && !t.root) {
      const st = header.stripe < t.stripes ? header.stripe : 0;
      t.pathLength[st] = ctx.rootHops;
      t.pathDelay[st] = 2 * (now - ctx.rootTime);
      this.depthsOf(t)[st] = ctx.treeHops;
    }
    this.currentPush = ctx;
    try {
      a.onPush(peer, t, body, ctx);
    } finally {
      this.currentPush = undefined;
    }
  }

  /** The Push being handled, while an algorithm's onPush runs (its forwards continue its path). */
  private currentPush: PushContext | undefined;

  // =================================================================== services

  private servicesFor(a: AlmAlgorithm): AlmServices {
    const usage = this;
    const c = this.c;
    const rng = c.streams.stream(`alm.${a.name}`);
    return {
      overlay: c.overlay,
      scheduler: c.scheduler,
      rng,
      trace: c.trace,
      settings: this.settings,
      tree: ((peer: number, groupId: Id, create?: boolean) => usage.treeOf(peer, a.id, groupId, create ?? false, a.stripes)) as AlmServices['tree'],
      dropTree: (t) => usage.trees.remove(t),
      dropIfIdle: (t) => usage.dropIfEmpty(t),
      trees: (peer) => usage.trees.ofPeer(peer).filter((t) => t.algorithm === a.id),
      request: (peer, dest, code, body, handler, ctx, tag) => usage.requestAs(a.id, peer, dest, code, body, handler, ctx, tag),
      requestPeer: (peer, to, code, body, handler, ctx, tag) =>
        usage.requestAs(a.id, peer, c.overlay.peers.nodeDest(to), code, body, handler, ctx, tag),
      answer: (peer, request, code, body) => usage.answer(peer, request, a.id, code, body),
      reject: (peer, request, code, info) => usage.reject(peer, request, code, info),
      admissionError: (t, stripe, child) => usage.admissionError(t, stripe, child),
      accept: (peer, request, t, stripe, child, options) => usage.accept(peer, request, t, stripe, child, options),
      confirm: (peer, t, stripe, parent, accept, rtt, done) => usage.confirm(peer, t, stripe, parent, accept, rtt, done),
      decline: (peer, t, parent) => usage.decline(peer, t, parent),
      addChild: (t, stripe, child) => usage.addChild(t, stripe, child),
      removeChild: (t, stripe, child, reason) => usage.removeChild(t, stripe, child, reason),
      setParent: (t, stripe, parent) => usage.setParent(t, stripe, parent),
      repairStarted: (t, stripe, cause, lost) => usage.repairStarted(t, stripe, cause, lost),
      sendLeave: (peer, t, to) => usage.sendLeave(peer, t, to),
      push: (peer, to, t, stripe, data, header, hopsSoFar, treeHops) => usage.push(peer, to, t, stripe, data, header, hopsSoFar, treeHops),
      deliver: (t, data, header, overlayHops, treeHops) => usage.deliver(t, data, header, overlayHops, treeHops),
      holdsAlmTree: (peer, groupId) => usage.holdsAlmTree(peer, groupId),
      isClient: (peer) => c.overlay.peers.client[peer] === 1,
    };
  }

  private requestAs<C extends AlmMessageCode, X>(
    algorithmId: number,
    peer: number,
    dest: Destination,
    code: C,
    body: AlmBodyByCode[C],
    handler: AlmAnswerHandler<X>,
    ctx: X,
    tag?: unknown,
  ): void {
    const msg = { algorithmId, code, body } as AlmMessage;
    const rc: RequestCtx = { handler: handler as AlmAnswerHandler<unknown>, ctx, start: this.c.scheduler.now };
    this.c.overlay.transport.request(peer, [dest], MessageCode.ExpAReq, msg, this.onAnswerBound, rc, tag);
  }

  private answered(rc: RequestCtx, answer: ReloadMessage): void {
    const rtt = this.c.scheduler.now - rc.start;
    if (answer.code === MessageCode.ExpAAns) {
      rc.handler(rc.ctx, { message: answer.body as AlmMessage, reload: answer, errorCode: 0, almError: undefined, rtt });
      return;
    }
    const err = answer.body as ErrorResponse;
    rc.handler(rc.ctx, { message: undefined, reload: answer, errorCode: err.errorCode, almError: almErrorOf(err), rtt });
  }

  private answer<C extends AlmMessageCode>(peer: number, request: ReloadMessage, algorithmId: number, code: C, body: AlmBodyByCode[C]): void {
    const msg = body === EMPTY_BODY ? this.emptyAnswer(algorithmId, code) : ({ algorithmId, code, body } as AlmMessage);
    this.c.overlay.transport.answer(peer, request, MessageCode.ExpAAns, msg);
  }

  /**
   * The answers with an empty body (HeartbeatResponse, JoinConfirmResponse, ...) are the same message
   * every time: one shared, frozen object per (algorithm, code), since the transport keeps each answer
   * for its duplicate window (RFC 6940 §6.2.1) and heartbeats are most of the traffic.
   */
  private emptyAnswer(algorithmId: number, code: number): AlmMessage {
    const key = algorithmId * 0x100 + code;
    let msg = this.emptyAnswers.get(key);
    if (msg === undefined) {
      msg = Object.freeze({ algorithmId, code, body: EMPTY_BODY }) as AlmMessage;
      this.emptyAnswers.set(key, msg);
    }
    return msg;
  }

  /** Error_Exp_A with an ALMErrorResponse (§10.3). */
  reject(peer: number, request: ReloadMessage, almErrorCode: number, info?: Uint8Array | string): void {
    const e = typeof info === 'string' || info === undefined ? almErrorResponse(almErrorCode, info ?? '') : { almErrorCode, almErrorInfo: info };
    this.c.overlay.transport.answerError(peer, request, ErrorCode.ExpA, almErrorResponseCodec.encode(e));
  }

  private admissionError(t: TreeState, stripe: number, child: number): number {
    void child;
    const s = this.settings;
    if (this.c.overlay.peers.client[t.peer] === 1) return ALM_ERROR_CHILD_LIMIT_REACHED;
    // Accepts still waiting for JoinConfirm hold a place too, or concurrent joiners would overshoot.
    if (t.children[stripe]!.length + this.pendingCount(t, stripe) >= s.childLimit) return ALM_ERROR_CHILD_LIMIT_REACHED;
    const depth = t.root ? 0 : this.depthOf(t, stripe);
    if (depth + 1 > s.depthLimit) return ALM_ERROR_TREE_DEPTH_LIMIT_REACHED;
    if (!t.root && t.pathLength[stripe]! + 1 > s.pathLengthLimit) return ALM_ERROR_PATH_LIMIT_REACHED;
    return 0;
  }

  /** Tree depth of t's peer as learnt from its parent (the "depth" option of JoinAccept). */
  private readonly depths = new WeakMap<TreeState, number[]>();
  private depthOf(t: TreeState, stripe: number): number {
    return this.depths.get(t)?.[stripe] ?? 0;
  }

  private depthsOf(t: TreeState): number[] {
    let d = this.depths.get(t);
    if (d === undefined) {
      d = new Array<number>(t.stripes).fill(0);
      this.depths.set(t, d);
    }
    return d;
  }

  private accept(peer: number, request: ReloadMessage, t: TreeState, stripe: number, child: number, extra?: Dictionary): void {
    const o = this.c.overlay;
    const depth = t.root ? 0 : this.depthOf(t, stripe);
    const base: Dictionary = dictionaryOf({
      stripe,
      depth,
      'path-length': t.root ? 0 : t.pathLength[stripe]!,
      'path-delay-ms': t.root ? 0 : Math.round(t.pathDelay[stripe]! / 1000),
    });
    const options = extra === undefined || extra.length === 0 ? base : [...base, ...extra];
    const body: JoinAccept = { parentPeerId: o.peers.idOf[peer]!, childPeerId: o.peers.idOf[child]!, groupId: t.groupId, options };
    const key = pendingKey(peer, t.algorithm, t.key, child, stripe);
    const old = this.pending.get(key);
    if (old !== undefined) this.c.scheduler.cancel(old.timer);
    else this.pendingAdd(t, stripe, 1);
    const p: PendingAccept = { t, stripe, child, timer: -1, sentAt: this.c.scheduler.now };
    p.timer = this.c.scheduler.schedule(this.settings.joinConfirmTimeout, this.onAcceptTimer, p);
    this.pending.set(key, p);
    this.answer(peer, request, t.algorithm, ALM_JOIN_ACCEPT, body);
  }

  private acceptExpired(p: PendingAccept): void {
    const key = pendingKey(p.t.peer, p.t.algorithm, p.t.key, p.child, p.stripe);
    if (this.pending.get(key) !== p) return;
    this.pending.delete(key);
    this.pendingAdd(p.t, p.stripe, -1);
    const tr = this.c.trace;
    if (tr.want['alm.acceptExpired']) tr.emit({ type: 'alm.acceptExpired', time: this.c.scheduler.now, peer: p.t.peer, child: p.child, group: p.t.key, algorithm: p.t.algorithm });
    this.dropIfEmpty(p.t);
  }

  /** JoinAccepts of tree t in `stripe` still waiting for JoinConfirm or JoinDecline. */
  private readonly pendingPerTree = new WeakMap<TreeState, number[]>();

  private pendingCount(t: TreeState, stripe: number): number {
    return this.pendingPerTree.get(t)?.[stripe] ?? 0;
  }

  private pendingAdd(t: TreeState, stripe: number, delta: number): void {
    let a = this.pendingPerTree.get(t);
    if (a === undefined) {
      a = new Array<number>(t.stripes).fill(0);
      this.pendingPerTree.set(t, a);
    }
    a[stripe] = Math.max(0, a[stripe]! + delta);
  }

  /** Whether `t.peer` has any JoinAccept outstanding in tree t. */
  hasPendingAccepts(t: TreeState): boolean {
    for (const p of this.pending.values()) if (p.t === t) return true;
    return false;
  }

  dropIfEmpty(t: TreeState): void {
    if (!t.inTree && !t.joining.some((j) => j) && !this.hasPendingAccepts(t)) this.trees.remove(t);
  }

  private confirm(peer: number, t: TreeState, stripe: number, parent: number, accept: JoinAccept, rtt: number, done?: (ok: boolean) => void): void {
    const o = this.c.overlay;
    const body: JoinConfirm = {
      childPeerId: o.peers.idOf[peer]!,
      parentPeerId: o.peers.idOf[parent]!,
      groupId: t.groupId,
      options: stripe === 0 ? EMPTY_DICTIONARY : dictionaryOf({ stripe }),
    };
    const parentLength = dictionaryGetUint32(accept.options, 'path-length') ?? 0;
    const parentDelayMs = dictionaryGetUint32(accept.options, 'path-delay-ms') ?? 0;
    const parentDepth = dictionaryGetUint32(accept.options, 'depth') ?? 0;
    this.requestAs(t.algorithm, peer, o.peers.nodeDest(parent), ALM_JOIN_CONFIRM, body, (_x: null, a: AlmAnswer) => {
      const ok = a.errorCode === 0 && a.message?.code === ALM_JOIN_CONFIRM_RESPONSE;
      if (ok && o.peers.isRunning(peer)) {
        t.pathLength[stripe] = parentLength + Math.max(1, a.reload.hops);
        t.pathDelay[stripe] = parentDelayMs * 1000 + rtt;
        this.depthsOf(t)[stripe] = parentDepth + 1;
        this.setParent(t, stripe, parent);
      }
      done?.(ok);
    }, null);
  }

  private decline(peer: number, t: TreeState, parent: number): void {
    const o = this.c.overlay;
    const body: JoinDecline = { peerId: o.peers.idOf[peer]!, parentPeerId: o.peers.idOf[parent]!, groupId: t.groupId };
    this.requestAs(t.algorithm, peer, o.peers.nodeDest(parent), ALM_JOIN_DECLINE, body, this.ignoreAnswer, null);
  }

  addChild(t: TreeState, stripe: number, child: number): void {
    const list = t.children[stripe]!;
    if (list.includes(child)) return;
    list.push(child);
    t.heard(child, this.c.scheduler.now);
    this.emitEdge(t, stripe, t.peer, child, true, 'join');
    this.armHeartbeat(t.peer);
  }

  removeChild(t: TreeState, stripe: number, child: number, reason: string): boolean {
    const list = t.children[stripe]!;
    const i = list.indexOf(child);
    if (i < 0) return false;
    list.splice(i, 1);
    if (t.isChild(child) < 0) t.forgetChild(child);
    this.emitEdge(t, stripe, t.peer, child, false, reason);
    return true;
  }

  /** Sets the parent and ends a repair; opens the direct connection when edges are direct. */
  setParent(t: TreeState, stripe: number, parent: number): void {
    const old = t.parents[stripe]!;
    this.setParentRaw(t, stripe, parent);
    if (parent < 0) return;
    t.parentHeardAt[stripe] = this.c.scheduler.now;
    const tr = this.c.trace;
    const now = this.c.scheduler.now;
    if (t.repairSince[stripe]! >= 0) {
      if (tr.want['alm.repaired']) {
        tr.emit({ type: 'alm.repaired', time: now, peer: t.peer, group: t.key, algorithm: t.algorithm, stripe, startedAt: t.repairSince[stripe]!, newParent: parent });
      }
      t.repairSince[stripe] = -1;
    }
    if (tr.want['alm.parentChange'] && old !== parent) {
      tr.emit({ type: 'alm.parentChange', time: now, peer: t.peer, group: t.key, algorithm: t.algorithm, stripe, oldParent: old, newParent: parent });
    }
    if (this.settings.edges === 'direct' && !this.c.overlay.chord.isConnected(t.peer, parent)) {
      this.c.overlay.appAttach(t.peer, parent, ALM_APPLICATION_ID, this.ignoreAnswer);
    }
    this.armHeartbeat(t.peer);
  }

  private setParentRaw(t: TreeState, stripe: number, parent: number): void {
    t.parents[stripe] = parent;
  }

  repairStarted(t: TreeState, stripe: number, cause: string, lostParent: number): void {
    if (t.repairSince[stripe]! >= 0) return;
    t.repairSince[stripe] = this.c.scheduler.now;
    const tr = this.c.trace;
    if (tr.want['alm.repairStart']) {
      tr.emit({ type: 'alm.repairStart', time: this.c.scheduler.now, peer: t.peer, group: t.key, algorithm: t.algorithm, stripe, cause, lostParent });
    }
  }

  sendLeave(peer: number, t: TreeState, to: number): void {
    const o = this.c.overlay;
    const body: Leave = { peerId: o.peers.idOf[peer]!, groupId: t.groupId, options: EMPTY_DICTIONARY };
    this.requestAs(t.algorithm, peer, o.peers.nodeDest(to), ALM_LEAVE, body, this.ignoreAnswer, null);
  }

  push(peer: number, to: number, t: TreeState, stripe: number, data: Uint8Array, header: StreamHeader, hopsSoFar: number, treeHops: number): void {
    const body: Push = { groupId: t.groupId, priority: 0, data };
    const tr = this.c.trace;
    if (tr.want['alm.pushForwarded']) {
      tr.emit({ type: 'alm.pushForwarded', time: this.c.scheduler.now, peer, to, group: t.key, algorithm: t.algorithm, stripe, source: header.source, seq: header.seq, bytes: data.length });
    }
    const cur = this.currentPush;
    const fromRoot = t.root;
    const tag: PushTag = {
      overlayHops: hopsSoFar,
      treeHops: fromRoot ? 1 : treeHops + 1,
      rootHops: fromRoot ? 0 : cur !== undefined ? cur.rootHops : -1,
      rootTime: fromRoot ? this.c.scheduler.now : cur !== undefined ? cur.rootTime : -1,
    };
    this.requestAs(t.algorithm, peer, this.c.overlay.peers.nodeDest(to), ALM_PUSH, body, this.ignoreAnswer, null, tag);
  }

  deliver(t: TreeState, data: Uint8Array, header: StreamHeader, overlayHops: number, treeHops: number): void {
    if (!t.member) return;
    let bySource = this.delivered.get(t);
    if (bySource === undefined) {
      bySource = new Map();
      this.delivered.set(t, bySource);
    }
    let d = bySource.get(header.source);
    if (d === undefined) {
      d = new SeqWindow(Infinity);
      bySource.set(header.source, d);
    }
    if (!d.add(header.seq)) return;
    const now = this.c.scheduler.now;
    const tr = this.c.trace;
    if (tr.want['alm.delivered']) {
      tr.emit({ type: 'alm.delivered', time: now, peer: t.peer, group: t.key, algorithm: t.algorithm, source: header.source, seq: header.seq, delay: now - header.sentAt, overlayHops, treeHops });
    }
    this.receiver?.(t.peer, t.groupId, data, header);
    const socks = this.sockets.get(t.peer);
    if (socks !== undefined) {
      for (const sk of socks) if (ALGORITHM_IDS[sk.algorithm] === t.algorithm) sk.receive?.(t.groupId, data, header);
    }
  }

  /** Registers a Group API socket (see group-api.ts init). */
  addSocket(socket: GroupSocket): void {
    const list = this.sockets.get(socket.peer) ?? [];
    list.push(socket);
    this.sockets.set(socket.peer, list);
  }

  holdsAlmTree(peer: number, groupId: Id): boolean {
    const o = this.c.overlay;
    return o.chord.isResponsible(peer, groupId) && o.storage.held(peer, groupId, ALMTREE_KIND_ID).length > 0;
  }

  // =================================================================== heartbeats (§7.2.14-15)

  private armHeartbeat(peer: number): void {
    if (!this.heartbeats || this.heartbeatArmed.has(peer)) return;
    this.heartbeatArmed.add(peer);
    // A random phase, so that peers' heartbeats do not all fire together.
    const first = 1 + this.services.values().next().value!.rng.int(this.settings.heartbeatInterval);
    this.c.scheduler.schedule(first, this.onHeartbeatTimer, peer);
  }

  /** Every heartbeat_interval: send each parent a Heartbeat, and check both directions for silence. */
  private heartbeatTick(peer: number): void {
    const o = this.c.overlay;
    if (!o.peers.isRunning(peer)) {
      this.heartbeatArmed.delete(peer);
      return;
    }
    const now = this.c.scheduler.now;
    const s = this.settings;
    let active = false;
    // A snapshot (algorithms may drop trees while we go), in a reused array.
    const trees = this.trees.ofPeerInto(peer, this.tickTrees);
    for (let ti = 0; ti < trees.length; ti++) {
      const t = trees[ti]!;
      const a = this.algorithms.get(t.algorithm)!;
      // Parent side: a child silent for N intervals is treated as having sent Leave. (Deleting the
      // entry being visited is safe while iterating a Map.)
      const lastHeard = t.lastHeard;
      if (lastHeard !== undefined && lastHeard.size > 0) {
        active = true;
        const deadline = now - s.heartbeatMissLimit * s.heartbeatInterval;
        for (const [child, heard] of lastHeard) {
          if (heard >= deadline) continue;
          this.emitMiss(t, child, 'parent');
          lastHeard.delete(child);
          for (let st = 0; st < t.stripes; st++) if (this.removeChild(t, st, child, 'timeout')) a.onChildRemoved(t, st, child, 'timeout');
        }
      }
      // Child side: no HeartbeatResponse within heartbeat_response_timeout means the parent is gone.
      for (let st = 0; st < t.stripes; st++) {
        const parent = t.parents[st]!;
        if (parent < 0) continue;
        active = true;
        if (now - t.parentHeardAt[st]! > s.heartbeatResponseTimeout) {
          this.emitMiss(t, parent, 'child');
          this.setParentRaw(t, st, -1);
          this.repairStarted(t, st, 'heartbeat', parent);
          a.onParentLost(t, st, parent, 'heartbeat');
          continue;
        }
        // One Heartbeat per distinct parent of the tree.
        let dup = false;
        for (let q = 0; q < st; q++) if (t.parents[q] === parent) dup = true;
        if (dup) continue;
        const hb = this.heartbeatRequest(t, st, parent);
        o.transport.request(peer, o.peers.nodeDestList(parent), MessageCode.ExpAReq, hb.msg, this.onHeartbeatAnswer, hb);
      }
    }
    trees.length = 0;
    if (active) this.c.scheduler.schedule(s.heartbeatInterval, this.onHeartbeatTimer, peer);
    else this.heartbeatArmed.delete(peer);
  }

  /**
   * The Heartbeat to `parent`, the parent of stripe `st` and of no lower stripe. A multi-stripe tree
   * names in its options the stripes where `parent` is its parent; the request is reused while
   * those stay the same (kept per first stripe, in TreeState.heartbeat), else built anew.
   */
  private heartbeatRequest(t: TreeState, st: number, parent: number): HeartbeatRequest {
    let mask = 0;
    const cacheable = t.stripes <= 31;
    if (t.stripes > 1 && cacheable) for (let q = st; q < t.stripes; q++) if (t.parents[q] === parent) mask |= 1 << q;
    let cache: HeartbeatRequest | undefined;
    if (t.stripes === 1) cache = t.heartbeat as HeartbeatRequest | undefined;
    else if (cacheable) cache = (t.heartbeat as (HeartbeatRequest | undefined)[] | undefined)?.[st];
    if (cache !== undefined && cache.parent === parent && cache.mask === mask) return cache;
    const ids = this.c.overlay.peers.idOf;
    const body: Heartbeat = { peerIdSrc: ids[t.peer]!, peerIdDst: ids[parent]!, groupId: t.groupId, options: t.stripes > 1 ? stripeClaim(t, parent) : EMPTY_DICTIONARY };
    const hb: HeartbeatRequest = { t, parent, mask, msg: { algorithmId: t.algorithm, code: ALM_HEARTBEAT, body } as AlmMessage };
    if (t.stripes === 1) t.heartbeat = hb;
    else if (cacheable) ((t.heartbeat ??= new Array<HeartbeatRequest | undefined>(t.stripes).fill(undefined)) as (HeartbeatRequest | undefined)[])[st] = hb;
    return hb;
  }

  private heartbeatAnswered(t: TreeState, parent: number, errorCode: number, almError: ALMErrorResponse | undefined): void {
    if (errorCode === 0) {
      for (let st = 0; st < t.stripes; st++) if (t.parents[st] === parent) t.parentHeardAt[st] = this.c.scheduler.now;
      return;
    }
    if (almError === undefined) return; // a timeout: the response deadline decides
    // The parent says we are not its child (in some stripes, or at all): we must rejoin there.
    const alg = this.algorithms.get(t.algorithm)!;
    const only = stripesNotChild(almError.almErrorInfo);
    for (let st = 0; st < t.stripes; st++) {
      if (t.parents[st] !== parent) continue;
      if (only !== undefined && !only.includes(st)) {
        t.parentHeardAt[st] = this.c.scheduler.now;
        continue;
      }
      this.setParentRaw(t, st, -1);
      this.repairStarted(t, st, 'link', parent);
      alg.onParentLost(t, st, parent, 'link');
    }
  }

  // =================================================================== bookkeeping

  private treeOf(peer: number, algorithmId: number, groupId: Id, create: boolean, stripes: number): TreeState {
    const key = groupId.toHex();
    let t = this.trees.get(peer, algorithmId, key);
    if (t === undefined && create) t = this.trees.add(new TreeState(peer, groupId, key, algorithmId, stripes, this.c.scheduler.now));
    return t!;
  }

  private algorithmOrThrow(id: number): AlmAlgorithm {
    const a = this.algorithms.get(id);
    if (a === undefined) throw new Error(`unknown ALM algorithm id ${id}`);
    return a;
  }

  private peerGone(peer: number): void {
    for (const t of this.trees.ofPeer(peer)) {
      for (const [k, p] of this.pending) if (p.t === t) {
        this.c.scheduler.cancel(p.timer);
        this.pending.delete(k);
      }
    }
    this.trees.dropPeer(peer);
    this.heartbeatArmed.delete(peer);
    this.sockets.delete(peer);
  }

  private emitMembership(t: TreeState, member: boolean): void {
    const tr = this.c.trace;
    if (tr.want['alm.membership']) tr.emit({ type: 'alm.membership', time: this.c.scheduler.now, peer: t.peer, group: t.key, algorithm: t.algorithm, member });
  }

  private emitEdge(t: TreeState, stripe: number, parent: number, child: number, added: boolean, reason: string): void {
    const tr = this.c.trace;
    if (tr.want['alm.treeEdge']) tr.emit({ type: 'alm.treeEdge', time: this.c.scheduler.now, group: t.key, algorithm: t.algorithm, stripe, parent, child, added, reason });
  }

  private emitMiss(t: TreeState, other: number, role: 'parent' | 'child'): void {
    const tr = this.c.trace;
    if (tr.want['alm.heartbeatMiss']) tr.emit({ type: 'alm.heartbeatMiss', time: this.c.scheduler.now, peer: t.peer, other, group: t.key, algorithm: t.algorithm, role });
  }
}

const EMPTY_TREE_DATA: TreeData = {
  treeId: 0,
  algorithm: 0,
  treeRoot: Id.ZERO,
  parent: [],
  children: [],
  pathLengthToRoot: 0,
  pathDelayToRoot: 0,
  pathDelayToChild: 0,
};

/** Heartbeat option of a multi-stripe tree: a bitmask of the stripes the receiver is the sender's parent in. */
const HEARTBEAT_STRIPES = 'stripes';
/** alm_error_info prefix of a Heartbeat answer naming the stripes the sender is not a child in. */
const NOT_CHILD_IN_STRIPES = 'not a child in stripes ';

/** The ALMErrorResponse an Error_Exp_A answer carries (§10.3); undefined for other errors or bad bytes. */
function almErrorOf(err: ErrorResponse): ALMErrorResponse | undefined {
  if (err.errorCode !== ErrorCode.ExpA) return undefined;
  try {
    return almErrorResponseCodec.decode(err.errorInfo);
  } catch {
    return undefined;
  }
}

function stripeClaim(t: TreeState, parent: number): Dictionary {
  const mask = new Uint8Array((t.stripes + 7) >> 3);
  for (let st = 0; st < t.stripes; st++) if (t.parents[st] === parent) mask[st >> 3]! |= 1 << (st & 7);
  return dictionaryOf({ [HEARTBEAT_STRIPES]: mask });
}

function stripesNotChild(info: Uint8Array): number[] | undefined {
  const text = new TextDecoder().decode(info);
  if (!text.startsWith(NOT_CHILD_IN_STRIPES)) return undefined;
  return text.slice(NOT_CHILD_IN_STRIPES.length).split(',').map(Number);
}

function pendingKey(peer: number, alg: number, group: string, child: number, stripe: number): string {
  return `${peer}:${alg}:${group}:${child}:${stripe}`;
}

function almTreeBytes(t: CreateALMTree): Uint8Array {
  // The ALMTree kind's value is the ALMTree structure (§12.1), the same as CreateALMTree's body.
  return createAlmTreeCodec.encode(t);
}
