/**
 * Trace events of the RELOAD layer. Collectors subscribe to these; protocol code only emits them,
 * guarded by `trace.want.<type>` so that an unobserved event costs nothing.
 */

import type { ReloadMessage } from './message.ts';

/** A message left a peer on a link (first transmission or forwarded). */
export interface MessageSentEvent {
  readonly type: 'reload.messageSent';
  readonly time: number;
  readonly peer: number;
  readonly to: number;
  readonly code: number;
  /** Encoded size in bytes on this link. */
  readonly size: number;
  /** True if the peer is forwarding a message it did not originate. */
  readonly forwarded: boolean;
  readonly transactionId: number;
  /** The message (read-only for listeners: e.g. an exp_a body's ALM message code). */
  readonly msg: ReloadMessage;
}

/** A message reached the peer it was addressed to (the end of its route). */
export interface MessageReceivedEvent {
  readonly type: 'reload.messageReceived';
  readonly time: number;
  readonly peer: number;
  readonly code: number;
  readonly size: number;
  /** Overlay hops from the originator. */
  readonly hops: number;
  readonly transactionId: number;
  readonly origin: number;
  readonly msg: ReloadMessage;
}

export type DropReason =
  | 'ttl-exceeded'
  | 'link-failed'
  | 'no-route'
  | 'peer-down'
  | 'loss'
  | 'not-found';

export interface MessageDroppedEvent {
  readonly type: 'reload.messageDropped';
  readonly time: number;
  readonly peer: number;
  readonly code: number;
  readonly size: number;
  readonly reason: DropReason;
  readonly transactionId: number;
}

/** An end-to-end transaction ended without an answer (RFC 6940 §6.2.1). */
export interface TransactionTimeoutEvent {
  readonly type: 'reload.transactionTimeout';
  readonly time: number;
  readonly peer: number;
  readonly code: number;
  readonly transactionId: number;
  readonly sends: number;
}

/** An end-to-end retransmission of a request. */
export interface RetransmissionEvent {
  readonly type: 'reload.retransmission';
  readonly time: number;
  readonly peer: number;
  readonly code: number;
  readonly transactionId: number;
  readonly attempt: number;
}

export interface PeerJoinedEvent {
  readonly type: 'reload.peerJoined';
  readonly time: number;
  readonly peer: number;
  /** 'warm' when the routing state was built directly, 'protocol' after a RELOAD join. */
  readonly how: 'warm' | 'protocol';
  readonly client: boolean;
}

export interface PeerLeftEvent {
  readonly type: 'reload.peerLeft';
  readonly time: number;
  readonly peer: number;
  /** 'leave' for a graceful Leave, 'crash' for a silent failure. */
  readonly how: 'leave' | 'crash';
}

export type RoutingTableKind = 'successor' | 'predecessor' | 'finger';

/** A peer's routing table changed: an entry was added or removed. */
export interface RoutingChangeEvent {
  readonly type: 'reload.routingChange';
  readonly time: number;
  readonly peer: number;
  readonly table: RoutingTableKind;
  readonly added: number;
  readonly removed: number;
}

/** A peer concluded that another has failed. */
export interface NeighborFailedEvent {
  readonly type: 'reload.neighborFailed';
  readonly time: number;
  readonly peer: number;
  readonly failed: number;
}

/** The set of ids a peer is responsible for changed (a new predecessor). */
export interface ResponsibilityChangeEvent {
  readonly type: 'reload.responsibilityChange';
  readonly time: number;
  readonly peer: number;
  readonly predecessor: number;
}

export type ReloadTraceEvent =
  | MessageSentEvent
  | MessageReceivedEvent
  | MessageDroppedEvent
  | TransactionTimeoutEvent
  | RetransmissionEvent
  | PeerJoinedEvent
  | PeerLeftEvent
  | RoutingChangeEvent
  | NeighborFailedEvent
  | ResponsibilityChangeEvent;
