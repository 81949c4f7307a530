/**
 * The RELOAD message as it travels through the simulator: the decoded fields of ForwardingHeader,
 * MessageContents and SecurityBlock (RFC 6940 §6.3) that forwarding needs, plus bookkeeping that is
 * not on the wire. One object per transmission of a request or answer; forwarders mutate it in
 * place (TTL, via list, destination list) as a real peer rewrites the header, instead of copying.
 *
 * `wire-adapter.ts` turns it into the codec's ReloadMessage (to encode at send and decode at receive
 * in `wire` mode) and computes its exact encoded length for byte counts.
 */
import type { Destination } from './wire/destination.ts';

export type { Destination } from './wire/destination.ts';

export interface ReloadMessage {
  // ForwardingHeader (§6.3.2)
  ttl: number;
  readonly transactionId: number;
  /**
   * via_list, as peer indices: each receiver of a request appends the peer it came from
   * (§6.1.2). The wire form carries their Node-IDs.
   */
  readonly via: number[];
  /** destination_list; entries before `destStart` have been consumed. */
  readonly dest: readonly Destination[];
  destStart: number;
  // MessageContents (§6.3.3)
  readonly code: number;
  readonly body: unknown;
  // SecurityBlock (§6.3.4): modelled by the signer's credentials; its size is part of `size`.
  /** Peer index of the signer (the originator of a request, the responder of an answer). */
  readonly signer: number;

  // ---- simulation bookkeeping, not on the wire ----
  /** Encoded length as the message is now: kept in step as via and destination entries change. */
  size: number;
  /** Peer index of the originator (of a request) or of the responder (of an answer). */
  readonly origin: number;
  /** Simulated time this transmission left its originator. */
  readonly createdAt: number;
  /** Overlay hops so far. */
  hops: number;
  /** The link currently carried on: sender and receiver peer indices. */
  linkFrom: number;
  linkTo: number;
  /** Transmissions on the current link (RFC 6940 §6.6.3.1). */
  linkSends: number;
  /**
   * Bookkeeping the usage that created the message may attach (the ALM usage carries hop counts and
   * the root's forwarding time along tree paths in it). Not on the wire; carried as `hops` is.
   */
  readonly tag: unknown;
}

/**
 * Bytes of a Destination on the wire (§6.3.2.2): type (1) + length (1) + data, where a node's data
 * is its 16-byte NodeId and a resource's is `opaque resource_id<0..254>` (1 + 16 bytes here).
 */
export function destinationBytes(d: Destination): number {
  return d.type === 'node' ? 18 : d.type === 'resource' ? 19 : d.type === 'compressed' ? 2 : 3 + d.opaqueId.length;
}

/** Bytes a via-list entry adds (a node Destination). */
export const VIA_ENTRY_BYTES = 18;
