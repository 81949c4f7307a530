/**
 * The composition root of a RELOAD overlay: every peer of one simulation, on one underlay, with the
 * CHORD-RELOAD topology plugin, message transport, storage and enrollment. Usages (the ALM usage)
 * register their message handlers, forward hooks and body codecs here.
 */
import type { RandomStream, RandomStreams, Scheduler, TraceSink } from '../sim/index.ts';
import { Transport, type NetTraceEvent, type Underlay } from '../net/index.ts';
import { EnrollmentServer, type Credentials } from './enrollment.ts';
import { Forwarding, type ForwardHook } from './forwarding.ts';
import type { Id } from './id.ts';
import { Link, type LinkInit, type PacketTransport } from './link.ts';
import type { ReloadMessage } from './message.ts';
import { MessageTransport, type AnswerCallback, type MessageTransportInit, type Transaction } from './message-transport.ts';
import { PeerTable } from './peer-table.ts';
import { KindRegistry, type KindDefinition } from './storage/kinds.ts';
import { Storage } from './storage/storage.ts';
import { ChordTable, type ChordTableInit } from './topology/chord/chord-table.ts';
import { ChordTopology, type ChordInit } from './topology/chord/chord.ts';
import type { ReloadTraceEvent } from './trace-events.ts';
import { WireAdapter, type WireAdapterInit } from './wire-adapter.ts';
import { MessageCode } from './wire/codes.ts';
import type { Codec } from './wire/codec.ts';
import { defaultReloadBodies } from './wire/default-bodies.ts';
import type { ChordRouteQueryAns, RouteQueryReq } from './wire/bodies/route-query.ts';
import { modelSignature, type Signature } from './wire/security-block.ts';
import type { AppAttach } from './wire/bodies/app-attach.ts';

export type OverlayTraceEvent = ReloadTraceEvent | NetTraceEvent<ReloadMessage>;

/** What other layers (the ALM usage) may hear from the overlay about its peers. */
export interface OverlayListener {
  /** The range of ids `peer` is responsible for changed. */
  responsibilityChanged?(peer: number): void;
  /** `peer` left (gracefully) or crashed. */
  peerGone?(peer: number, how: 'leave' | 'crash'): void;
}

export interface OverlayComponents {
  scheduler: Scheduler;
  streams: RandomStreams;
  underlay: Underlay;
  trace: TraceSink<OverlayTraceEvent>;
}

export interface OverlayInit {
  chord?: ChordInit & ChordTableInit;
  transactions?: MessageTransportInit;
  link?: LinkInit;
  /** Modelled certificate and signature sizes, overlay name. */
  wire?: WireAdapterInit;
  /** Encode and decode every message as it leaves a peer (results must be identical). @default false */
  wireMode?: boolean;
  /** Kinds of the overlay configuration. @default [] */
  kinds?: readonly KindDefinition[];
  /** Per-host upload bandwidth in bit/s for serialization delay. @default Infinity */
  uploadBps?: number;
}

/** The answer to a lookup: the peer that answered, and the overlay hops the request took. */
export interface LookupResult {
  readonly ok: boolean;
  readonly responder: number;
  readonly hops: number;
  /** Round-trip time in microseconds. */
  readonly rtt: number;
}

export class Overlay {
  readonly peers = new PeerTable();
  readonly table: ChordTable;
  readonly net: Transport<ReloadMessage>;
  readonly link: Link;
  readonly forwarding: Forwarding;
  readonly transport: MessageTransport;
  readonly chord: ChordTopology;
  readonly storage: Storage;
  readonly enrollment: EnrollmentServer;
  readonly kinds: KindRegistry;
  readonly wire: WireAdapter;
  /** Credentials of each peer. */
  readonly credentials: Credentials[] = [];
  private readonly bodies: Map<number, Codec<unknown>>;
  private readonly bootstrapRng: RandomStream;
  private readonly attachedHosts = new Set<number>();
  /** Running non-client peers, for picking bootstrap peers (swap-remove list + position index). */
  private readonly upList: number[] = [];
  private upPos: Int32Array = new Int32Array(1024).fill(-1);
  private readonly listeners: OverlayListener[] = [];
  private readonly signatureBytes: number | undefined;

  constructor(
    private readonly c: OverlayComponents,
    init: OverlayInit = {},
  ) {
    const { scheduler, streams, trace } = c;
    this.kinds = new KindRegistry(init.kinds ?? []);
    this.bodies = defaultReloadBodies({ dataModelOf: this.kinds.dataModelOf });
    this.wire = new WireAdapter({ peers: this.peers, bodies: this.bodies }, init.wire ?? {});
    this.table = new ChordTable(this.peers, init.chord ?? {});
    this.net = new Transport<ReloadMessage>({ scheduler, underlay: c.underlay, trace }, { uploadBps: init.uploadBps ?? Infinity });
    this.link = new Link(
      { scheduler, transport: this.net as unknown as PacketTransport<ReloadMessage>, peers: this.peers, trace, wire: init.wireMode ? this.wire : undefined },
      init.link ?? {},
    );
    this.enrollment = new EnrollmentServer({ rng: streams.stream('reload.enrollment') });
    this.bootstrapRng = streams.stream('reload.bootstrap');
    // The topology is needed by forwarding and needs the transport: build it in two steps.
    let chord: ChordTopology | undefined;
    this.forwarding = new Forwarding({
      scheduler,
      link: this.link,
      peers: this.peers,
      trace,
      topology: {
        isResponsible: (p, k) => chord!.isResponsible(p, k),
        nextHop: (p, k) => chord!.nextHop(p, k),
        nextHopToNode: (p, d) => chord!.nextHopToNode(p, d),
        nextHopToOwnId: (p, sender, k) => chord!.nextHopToOwnId(p, sender, k),
        onNeighborFailure: (p, q) => chord!.onNeighborFailure(p, q),
        onNeighborSuspect: (p, q) => chord!.onNeighborSuspect(p, q),
        onNeighborHeard: (p, q) => chord!.onNeighborHeard(p, q),
      },
      clients: {
        attachedClient: (p, id) => chord!.attachedClient(p, id),
        attachmentOf: (cl) => chord!.attachmentOf(cl),
      },
    });
    this.transport = new MessageTransport(
      { scheduler, forwarding: this.forwarding, peers: this.peers, trace, sizer: this.wire },
      init.transactions ?? {},
    );
    chord = new ChordTopology(
      {
        scheduler,
        rng: streams.stream('reload.chord'),
        peers: this.peers,
        table: this.table,
        transport: this.transport,
        trace,
        bootstrap: (exclude) => this.randomUpPeer(exclude),
        directRtt: (p, q) => 2 * c.underlay.latency(this.peers.host[p]!, this.peers.host[q]!),
      },
      init.chord ?? {},
    );
    this.chord = chord;
    const security = init.wire ?? {};
    this.storage = new Storage({
      scheduler,
      peers: this.peers,
      table: this.table,
      topology: chord,
      transport: this.transport,
      kinds: this.kinds,
      enrollment: this.enrollment,
      signatureOf: (p) => modelSignature({ signatureBytes: security.signatureBytes, signerNodeId: this.peers.idOf[p] }),
    });
    this.signatureBytes = security.signatureBytes;
    // Storage hears topology changes first, then the other layers' listeners.
    const storage = this.storage;
    chord.setListener({
      admitting: (ap, jp) => storage.admitting(ap, jp),
      leaving: (p) => storage.leaving(p),
      successorsChanged: (p) => storage.successorsChanged(p),
      responsibilityChanged: (p, oldPred) => {
        storage.responsibilityChanged(p, oldPred);
        for (const l of this.listeners) l.responsibilityChanged?.(p);
      },
      peerUp: (p) => {
        if (this.peers.client[p] === 0) this.addUp(p);
      },
      peerGone: (p, how) => {
        this.removeUp(p);
        for (const l of this.listeners) l.peerGone?.(p, how);
      },
    });
    this.transport.handle(MessageCode.AppAttachReq, (p, req) => {
      // AppAttach (RFC 6940 §6.5.2): an application connection between two peers; the simulated ICE
      // exchange always succeeds, so both ends are connected from here on.
      this.chord.connect(p, req.origin);
      this.transport.answer(p, req, MessageCode.AppAttachAns, this.appAttachBody(req.body as AppAttach));
    });
  }

  addListener(l: OverlayListener): void {
    this.listeners.push(l);
  }

  /** A modelled StoredData signature by a signer acting as `nodeId` (it must hold that id's certificate). */
  signatureAs(nodeId: Id): Signature {
    return modelSignature({ signatureBytes: this.signatureBytes, signerNodeId: nodeId });
  }

  /**
   * Opens an application connection from p to `to` by AppAttach (RFC 6940 §6.5.2), routed to its
   * Node-ID; `done(ok)` when it is up. RFC 7019 §3.5 uses it for direct parent-child tree edges.
   */
  appAttach(p: number, to: number, application: number, done: (ok: boolean) => void): void {
    const body: AppAttach = { ...APP_ATTACH_TEMPLATE, application };
    this.transport.request(p, this.peers.nodeDestList(to), MessageCode.AppAttachReq, body, onAppAttachAnswer, { done, overlay: this, p, to });
  }

  private appAttachBody(req: AppAttach): AppAttach {
    return { ...APP_ATTACH_TEMPLATE, application: req.application, role: PASSIVE };
  }

  get scheduler(): Scheduler {
    return this.c.scheduler;
  }

  /** Adds body codecs (e.g. the ALM usage's exp_a carrier). */
  addBodyCodecs(entries: Iterable<[number, Codec<unknown>]>): void {
    for (const [code, codec] of entries) this.bodies.set(code, codec);
  }

  /** Registers a request handler of a usage. */
  handle(code: number, handler: (peer: number, request: ReloadMessage) => void): void {
    this.transport.handle(code, handler);
  }

  addForwardHook(code: number, hook: ForwardHook): void {
    this.forwarding.addForwardHook(code, hook);
  }

  /**
   * Creates a peer on `host`, enrolled with a fresh random Node-ID (or `id`). It is not in the
   * overlay until warmStart, startFirst or join.
   */
  createPeer(host: number, opts: { client?: boolean; id?: Id; userName?: string } = {}): number {
    const p = this.peers.count;
    const userName = opts.userName ?? `user${p}@almsim.invalid`;
    const cred = opts.id !== undefined ? this.enrollment.enrollWithId(userName, opts.id) : this.enrollment.enroll(userName);
    const created = this.peers.create(cred.nodeIds[0]!, host, opts.client ?? false);
    this.credentials[created] = cred;
    this.table.ensure(created);
    if (!this.attachedHosts.has(host)) {
      this.attachedHosts.add(host);
      this.link.attachHost(host);
    }
    return created;
  }

  /** Converged routing tables for `list` (bootstrap mode b). */
  warmStart(list: readonly number[]): void {
    this.chord.warmStart(list);
  }

  /** The first peer of an overlay built by protocol joins. */
  startFirst(p: number): void {
    this.chord.startFirst(p);
  }

  /** Joins p by the RELOAD procedure through `bootstrap` (default: a random running peer). */
  join(p: number, bootstrap = this.randomUpPeer(p), done?: (ok: boolean) => void): void {
    if (bootstrap < 0) throw new Error('join: no running peer to bootstrap through');
    this.chord.join(p, bootstrap, done);
  }

  leave(p: number): void {
    this.chord.leave(p);
  }

  crash(p: number): void {
    this.chord.crash(p);
  }

  /** A uniformly random running (Up, non-client) peer other than `exclude`, or -1. */
  randomUpPeer(exclude = -1): number {
    const n = this.upList.length;
    if (n === 0 || (n === 1 && this.upList[0] === exclude)) return -1;
    for (;;) {
      const q = this.upList[this.bootstrapRng.int(n)]!;
      if (q !== exclude) return q;
    }
  }

  /** Running (Up, non-client) peers, in no particular order. */
  upPeers(): readonly number[] {
    return this.upList;
  }

  /**
   * A lookup: a RouteQuery routed to `key` (RFC 6940 §6.4.2.4); the peer responsible for it answers.
   * `done(result)` gets the responder and the hops the request took.
   */
  lookup(p: number, key: Id, done: (r: LookupResult) => void): Transaction {
    const body: RouteQueryReq = { sendUpdate: false, destination: { type: 'resource', id: key }, overlaySpecificData: EMPTY };
    return this.transport.request(p, [{ type: 'resource', id: key }], MessageCode.RouteQueryReq, body, onLookupAnswer, { done, start: this.c.scheduler.now, scheduler: this.c.scheduler });
  }

  /** The peer responsible for key according to the ground truth (sorted ring of Up peers). */
  responsibleTruth(key: Id): number {
    let best = -1;
    for (const q of this.upList) {
      if (best < 0 || closerSuccessor(this, key, q, best)) best = q;
    }
    return best;
  }

  private addUp(p: number): void {
    if (p >= this.upPos.length) {
      let cap = this.upPos.length * 2;
      while (cap <= p) cap *= 2;
      const a = new Int32Array(cap).fill(-1);
      a.set(this.upPos);
      this.upPos = a;
    }
    if (this.upPos[p]! >= 0) return;
    this.upPos[p] = this.upList.length;
    this.upList.push(p);
  }

  private removeUp(p: number): void {
    if (p >= this.upPos.length) return;
    const i = this.upPos[p]!;
    if (i < 0) return;
    const last = this.upList.pop()!;
    if (last !== p) {
      this.upList[i] = last;
      this.upPos[last] = i;
    }
    this.upPos[p] = -1;
  }
}

const EMPTY = new Uint8Array(0);
const PASSIVE = new TextEncoder().encode('passive');
const APP_ATTACH_TEMPLATE: AppAttach = {
  ufrag: new Uint8Array(8),
  password: new Uint8Array(24),
  application: 0,
  role: new TextEncoder().encode('active'),
  candidates: [
    {
      addrPort: { family: 'ipv4', address: new Uint8Array([192, 0, 2, 2]), port: 5004 },
      overlayLink: 'DTLS-UDP-SR',
      foundation: new Uint8Array(8),
      priority: 2_130_706_431,
      type: 'host',
      extensions: [],
    },
  ],
};

interface AppAttachCtx {
  readonly done: (ok: boolean) => void;
  readonly overlay: Overlay;
  readonly p: number;
  readonly to: number;
}

const onAppAttachAnswer: AnswerCallback<AppAttachCtx> = (ctx, answer) => {
  const ok = answer.code === MessageCode.AppAttachAns && answer.origin === ctx.to;
  if (ok) ctx.overlay.chord.connect(ctx.p, ctx.to);
  ctx.done(ok);
};

interface LookupCtx {
  readonly done: (r: LookupResult) => void;
  readonly start: number;
  readonly scheduler: Scheduler;
}

const onLookupAnswer: AnswerCallback<LookupCtx> = (ctx, answer) => {
  const ok = answer.code === MessageCode.RouteQueryAns;
  void (answer.body as ChordRouteQueryAns);
  ctx.done({ ok, responder: ok ? answer.origin : -1, hops: answer.hops, rtt: ctx.scheduler.now - ctx.start });
};

/** True if q is a closer successor of key than best (q in [key, best) clockwise). */
function closerSuccessor(o: Overlay, key: Id, q: number, best: number): boolean {
  const ids = o.peers.ids;
  if (ids.equals(q, key)) return true;
  if (ids.equals(best, key)) return false;
  // q before best going clockwise from key <=> q in (key, best)
  const kb = ids.compareTo(best, key); // best vs key
  const kq = ids.compareTo(q, key);
  const qb = ids.comparePeers(q, best);
  // Interval (key, best): if key < best: key < q < best; else q > key or q < best.
  if (kb > 0) return kq > 0 && qb < 0;
  return kq > 0 || qb < 0;
}
