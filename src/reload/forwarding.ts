/**
 * Message forwarding (RFC 6940 §6.1.2-§6.1.3): on each peer a message reaches, consume the
 * destination-list entries that name this peer (or, for a Resource-ID, that this peer is
 * responsible for); deliver locally when the list is empty; otherwise check the TTL and hand the
 * message to the next hop the topology plugin chooses. Requests collect the via list on the way;
 * answers follow the reversed via list back (symmetric recursive routing, §6.2.2).
 */
import type { Scheduler, TraceSink } from '../sim/index.ts';
import type { Id } from './id.ts';
import type { Link, LinkUpcalls } from './link.ts';
import { VIA_ENTRY_BYTES, destinationBytes, type ReloadMessage } from './message.ts';
import type { NodeDestination } from './wire/destination.ts';
import type { PeerTable } from './peer-table.ts';
import type { ReloadTraceEvent } from './trace-events.ts';
import { ErrorCode, MessageCode, isRequestCode } from './wire/codes.ts';

/** What forwarding asks of the topology plugin. */
export interface RoutingTopology {
  isResponsible(peer: number, key: Id): boolean;
  /** Next hop from peer towards key: peer itself if responsible, -1 if it knows no route. */
  nextHop(peer: number, key: Id): number;
  /** Next hop towards a Node-ID destination: the node itself if peer is connected to it, else as nextHop. */
  nextHopToNode(peer: number, dest: NodeDestination): number;
  /**
   * Next hop towards the peer responsible for `sender`'s own id other than `sender`: where a
   * joining peer's or a client's Attach to its own Node-ID goes (RFC 6940 §10.5, §3.2.1). Peer
   * itself if it is that peer; never `sender`, even where the ring already holds it.
   */
  nextHopToOwnId(peer: number, sender: number, key: Id): number;
  /** The link from peer to neighbor failed (RFC 6940 §10.7.1-§10.7.2). */
  onNeighborFailure(peer: number, neighbor: number): void;
  /** A transmission to neighbor went unacknowledged; avoid it until it is heard from again. */
  onNeighborSuspect(peer: number, neighbor: number): void;
  /** Something arrived from neighbor: it is alive. */
  onNeighborHeard(peer: number, neighbor: number): void;
}

/** Where messages that end their route go (the message transport layer). */
export interface LocalDelivery {
  deliverLocal(peer: number, msg: ReloadMessage): void;
  /** A request could not be delivered; the transport layer answers it with this error code. */
  undeliverable(peer: number, msg: ReloadMessage, errorCode: number): void;
}

/**
 * A usage's view of requests a peer forwards (Scribe's "forward" upcall, RFC 7019 §6). Returning
 * true means the usage has taken the request over; forwarding stops here.
 */
export type ForwardHook = (peer: number, msg: ReloadMessage) => boolean;

/** Tells which RELOAD clients are attached to which peer (RFC 6940 §3.2.1). */
export interface ClientAttachments {
  /** The client attached at peer with this node id, or -1. */
  attachedClient(peer: number, id: Id): number;
  /** The peer a client routes through, or -1. */
  attachmentOf(client: number): number;
}

export interface ForwardingComponents {
  scheduler: Scheduler;
  link: Link;
  peers: PeerTable;
  topology: RoutingTopology;
  trace: TraceSink<ReloadTraceEvent>;
  clients: ClientAttachments;
}

export interface ForwardingInit {
  /**
   * Message codes whose Node-ID destination is delivered to the peer responsible for that id when
   * no peer has it, as RFC 6940 §6.5.1 and §10.5 do for Attach (a joining peer attaches to its own
   * id; finger maintenance attaches to n + 2^(128-i)). Other requests to an absent Node-ID get
   * Error_Not_Found. @default [Attach (0x03)]
   */
  routeNodeIdAsResource?: readonly number[];
}

const HOOK_SLOTS = 0x40;

export class Forwarding implements LinkUpcalls {
  private local: LocalDelivery | undefined;
  private readonly hooks = new Map<number, ForwardHook[]>();
  /** The same hooks indexed by code, for the codes RFC 6940 assigns (all below 0x40). */
  private readonly hookByCode: (ForwardHook[] | undefined)[] = new Array<ForwardHook[] | undefined>(HOOK_SLOTS).fill(undefined);
  private readonly nodeAsResource: Set<number>;

  constructor(
    private readonly c: ForwardingComponents,
    init: ForwardingInit = {},
  ) {
    this.nodeAsResource = new Set(init.routeNodeIdAsResource ?? [MessageCode.AttachReq]);
    c.link.bind(this);
  }

  bind(local: LocalDelivery): void {
    this.local = local;
  }

  /** Registers a forward hook for requests with this message code. */
  addForwardHook(code: number, hook: ForwardHook): void {
    const list = this.hooks.get(code) ?? [];
    list.push(hook);
    this.hooks.set(code, list);
    if (code < HOOK_SLOTS) this.hookByCode[code] = list;
  }

  /** Sends a message the peer created (a new request, a retransmission or an answer). */
  originate(peer: number, msg: ReloadMessage): void {
    this.route(peer, msg, false);
  }

  /**
   * Sends a message the peer created over its connection to `firstHop`, without routing it first:
   * how a joining peer or a client reaches the overlay through its bootstrap peer (§10.5, §3.2.1).
   */
  originateVia(peer: number, msg: ReloadMessage, firstHop: number): void {
    this.c.link.send(msg, peer, firstHop, false);
  }

  onLinkReceive(msg: ReloadMessage): void {
    const peer = msg.linkTo;
    msg.hops++;
    this.c.topology.onNeighborHeard(peer, msg.linkFrom);
    if (isRequestCode(msg.code)) {
      // §6.1.2: the receiver records the peer the request came from on the via list.
      msg.via.push(msg.linkFrom);
      msg.size += VIA_ENTRY_BYTES;
    }
    this.route(peer, msg, true);
  }

  onLinkSuspect(from: number, to: number): void {
    this.c.topology.onNeighborSuspect(from, to);
  }

  onLinkFailure(msg: ReloadMessage): void {
    const peer = msg.linkFrom;
    this.c.topology.onNeighborFailure(peer, msg.linkTo);
    if (isRequestCode(msg.code) && this.c.peers.isRunning(peer)) {
      // Reroute around the failed neighbour; the TTL still bounds the walk.
      this.route(peer, msg, false);
    } else {
      this.drop(peer, msg, 'link-failed');
    }
  }

  private route(peer: number, msg: ReloadMessage, received: boolean): void {
    const peers = this.c.peers;
    const topology = this.c.topology;
    const dest = msg.dest;
    const isClient = peers.client[peer] === 1;
    // Consume the entries that this peer satisfies.
    while (msg.destStart < dest.length) {
      const d = dest[msg.destStart]!;
      const mine = d.type === 'node' ? peers.destIsPeer(d, peer) : d.type === 'resource' && !isClient && topology.isResponsible(peer, d.id);
      if (!mine) break;
      msg.destStart++;
      msg.size -= destinationBytes(d);
    }
    if (msg.destStart === dest.length) {
      this.local!.deliverLocal(peer, msg);
      return;
    }
    const request = isRequestCode(msg.code);
    if (received && request) {
      const hooks = msg.code < HOOK_SLOTS ? this.hookByCode[msg.code] : this.hooks.get(msg.code);
      if (hooks !== undefined) {
        for (let i = 0; i < hooks.length; i++) if (hooks[i]!(peer, msg)) return;
      }
    }
    if (received) {
      // §6.3.2.1: a message received with TTL 0 is not forwarded.
      if (msg.ttl === 0) {
        this.fail(peer, msg, ErrorCode.TtlExceeded, 'ttl-exceeded');
        return;
      }
      msg.ttl--;
    }
    const d = dest[msg.destStart]!;
    if (d.type !== 'node' && d.type !== 'resource') {
      // Opaque (compressed) destinations name state this simulator never hands out.
      this.fail(peer, msg, ErrorCode.NotFound, 'not-found');
      return;
    }
    let next: number;
    if (isClient) {
      next = this.c.clients.attachmentOf(peer);
    } else if (!request && d.type === 'node') {
      // An answer retraces the request's path: the next entry is the peer it came from.
      next = this.answerHop(d);
    } else if (d.type === 'node' && peers.destIsPeer(d, msg.origin)) {
      // A message to its own sender's id (a joining peer's or a client's Attach) goes to the peer
      // responsible for that id, not back to the sender (RFC 6940 §10.5, §3.2.1).
      next = topology.nextHopToOwnId(peer, msg.origin, d.id);
    } else if (d.type === 'node') {
      const client = this.c.clients.attachedClient(peer, d.id);
      next = client >= 0 ? client : topology.nextHopToNode(peer, d);
    } else {
      next = topology.nextHop(peer, d.id);
    }
    if (next === peer) {
      // Responsible for a Node-ID that is not this peer's.
      if (this.nodeAsResource.has(msg.code)) {
        msg.destStart++;
        msg.size -= destinationBytes(d);
        if (msg.destStart === dest.length) {
          this.local!.deliverLocal(peer, msg);
          return;
        }
        this.route(peer, msg, false);
        return;
      }
      this.fail(peer, msg, ErrorCode.NotFound, 'not-found');
      return;
    }
    if (next < 0) {
      this.fail(peer, msg, ErrorCode.NotFound, 'no-route');
      return;
    }
    this.c.link.send(msg, peer, next, peer !== msg.origin);
  }

  /** The peer named by an answer's next destination entry (a peer on the request's path). */
  private answerHop(d: NodeDestination): number {
    const q = this.c.peers.peerOfDest(d);
    return q >= 0 && this.c.peers.isRunning(q) ? q : -1;
  }

  private fail(peer: number, msg: ReloadMessage, errorCode: number, reason: 'ttl-exceeded' | 'not-found' | 'no-route'): void {
    this.drop(peer, msg, reason);
    if (isRequestCode(msg.code)) this.local!.undeliverable(peer, msg, errorCode);
  }

  private drop(peer: number, msg: ReloadMessage, reason: 'ttl-exceeded' | 'not-found' | 'no-route' | 'link-failed'): void {
    const trace = this.c.trace;
    if (trace.want['reload.messageDropped']) {
      trace.emit({
        type: 'reload.messageDropped',
        time: this.c.scheduler.now,
        peer,
        code: msg.code,
        size: msg.size,
        reason,
        transactionId: msg.transactionId,
      });
    }
  }
}
