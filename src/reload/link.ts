/**
 * Link management: carries a message over one overlay link, from a peer to a directly connected
 * peer, through the underlay transport.
 *
 * Reliability per RFC 6940 §6.6.3.1: a lost transmission is resent after a retransmission timeout
 * that starts at 500 ms and doubles, at most 5 sends in all; after that the link is declared failed
 * and the sender is told (it then repairs its routing table and reroutes). A message that reaches a
 * peer that is no longer running is treated as unacknowledged in the same way, which is how
 * neighbours detect a crashed peer. Acknowledgements themselves are not simulated as messages
 * (the link is taken to piggyback them), and a retransmission is sent only when the original was
 * really lost (no spurious retransmissions on slow links).
 */
import type { Scheduler, TraceSink } from '../sim/index.ts';
import type { ReloadMessage } from './message.ts';
import type { PeerTable } from './peer-table.ts';
import type { ReloadTraceEvent } from './trace-events.ts';

/** What the link layer needs from the underlay transport. */
export interface PacketTransport<M> {
  /**
   * Sends `msg` from host a to host b. Returns false if the underlay drops it at once (loss or
   * partition); otherwise the receiver attached at b gets it after the underlay's delay.
   */
  send(fromHost: number, toHost: number, msg: M, sizeBytes: number): boolean | void;
  attach(host: number, receiver: PacketReceiver<M>): void;
}

export interface PacketReceiver<M> {
  receive(msg: M, fromHost: number): void;
}

/** Where the link layer hands messages and failures. */
export interface LinkUpcalls {
  /** A message arrived at peer msg.linkTo from msg.linkFrom. */
  onLinkReceive(msg: ReloadMessage): void;
  /** The link msg.linkFrom -> msg.linkTo failed while carrying msg; msg is back with its sender. */
  onLinkFailure(msg: ReloadMessage): void;
  /** A transmission on the link from -> to went unacknowledged: `to` may have failed. */
  onLinkSuspect(from: number, to: number): void;
}

export interface LinkComponents {
  scheduler: Scheduler;
  transport: PacketTransport<ReloadMessage>;
  peers: PeerTable;
  trace: TraceSink<ReloadTraceEvent>;
  /**
   * When set (the `wire` run option), every message is encoded to bytes and decoded back as it
   * leaves a peer; results must not change.
   */
  wire?: { roundTrip(m: ReloadMessage): ReloadMessage } | undefined;
}

export interface LinkInit {
  /** Initial hop-by-hop retransmission timeout, microseconds (RFC 6940 §6.6.3.1). @default 500000 */
  rto?: number;
  /** Most transmissions of one message on one link (RFC 6940 §6.6.3.1). @default 5 */
  maxSends?: number;
}

export class Link implements PacketReceiver<ReloadMessage> {
  private readonly rto: number;
  private readonly maxSends: number;
  private upcalls: LinkUpcalls | undefined;
  private readonly onRetransmitTimer = (msg: ReloadMessage): void => this.retransmit(msg);

  constructor(
    private readonly c: LinkComponents,
    init: LinkInit = {},
  ) {
    this.rto = init.rto ?? 500_000;
    this.maxSends = init.maxSends ?? 5;
  }

  bind(upcalls: LinkUpcalls): void {
    this.upcalls = upcalls;
  }

  /** Attaches this link layer as the receiver at a host (once per host that runs peers). */
  attachHost(host: number): void {
    this.c.transport.attach(host, this);
  }

  /** Sends msg from peer `from` to the connected peer `to`. */
  send(msg: ReloadMessage, from: number, to: number, forwarded: boolean): void {
    msg.linkFrom = from;
    msg.linkTo = to;
    msg.linkSends = 0;
    if (this.c.wire !== undefined) msg = this.c.wire.roundTrip(msg);
    if (this.c.trace.want['reload.messageSent']) {
      this.c.trace.emit({
        type: 'reload.messageSent',
        time: this.c.scheduler.now,
        peer: from,
        to,
        code: msg.code,
        size: msg.size,
        forwarded,
        transactionId: msg.transactionId,
        msg,
      });
    }
    this.transmit(msg);
  }

  private transmit(msg: ReloadMessage): void {
    msg.linkSends++;
    const peers = this.c.peers;
    const sent = this.c.transport.send(peers.host[msg.linkFrom]!, peers.host[msg.linkTo]!, msg, msg.size);
    if (sent === false) this.scheduleRetransmit(msg, 'loss');
  }

  /** Transport upcall: msg arrived at the host of msg.linkTo. */
  receive(msg: ReloadMessage): void {
    if (!this.c.peers.isRunning(msg.linkTo)) {
      this.scheduleRetransmit(msg, 'peer-down');
      return;
    }
    this.upcalls!.onLinkReceive(msg);
  }

  private scheduleRetransmit(msg: ReloadMessage, reason: 'loss' | 'peer-down'): void {
    const trace = this.c.trace;
    if (trace.want['reload.messageDropped']) {
      trace.emit({
        type: 'reload.messageDropped',
        time: this.c.scheduler.now,
        peer: msg.linkTo,
        code: msg.code,
        size: msg.size,
        reason,
        transactionId: msg.transactionId,
      });
    }
    // The sender's timer for this transmission runs rto * 2^(sends-1) from when it was sent; the
    // drop is learnt at or after the send, so the delay is measured from now (an upper bound off
    // by at most the one-way latency).
    this.c.scheduler.schedule(this.rto * 2 ** (msg.linkSends - 1), this.onRetransmitTimer, msg);
  }

  private retransmit(msg: ReloadMessage): void {
    if (!this.c.peers.isRunning(msg.linkFrom)) return;
    if (msg.linkSends === 1) this.upcalls!.onLinkSuspect(msg.linkFrom, msg.linkTo);
    if (msg.linkSends >= this.maxSends) {
      this.upcalls!.onLinkFailure(msg);
      return;
    }
    if (this.c.trace.want['reload.messageSent']) {
      this.c.trace.emit({
        type: 'reload.messageSent',
        time: this.c.scheduler.now,
        peer: msg.linkFrom,
        to: msg.linkTo,
        code: msg.code,
        size: msg.size,
        forwarded: msg.origin !== msg.linkFrom,
        transactionId: msg.transactionId,
        msg,
      });
    }
    this.transmit(msg);
  }
}
