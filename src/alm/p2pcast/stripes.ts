/**
 * Striping (RFC 7019 §9.7): the rendezvous point splits a message into f stripes, stripe s carrying
 * the s-th of f nearly equal slices of the payload behind its own stream header (stripe s of f); a
 * member hands the message to the application once it holds all f stripes.
 *
 * Decision (the RFC is silent): a message still missing stripes `window` after its first stripe
 * arrived, once a later message of the same source is complete at the member, is counted once as a
 * partial delivery (`alm.partialDelivery`, with how many stripes it had) and dropped; a stripe
 * arriving after that is ignored. The check runs when stripes arrive (no timer per message). At most
 * `maxPending` incomplete messages per source are held; the oldest beyond that is counted and dropped
 * the same way. A message none of whose stripes came before a later one completed is simply lost.
 */
import { ByteSlab } from '../../reload/wire/codec.ts';
import { STREAM_HEADER_BYTES, writeStreamHeader, type StreamHeader } from '../stream-header.ts';

/**
 * Reassembled messages of up to this many bytes are cut from a shared slab of this size (see
 * ByteSlab) instead of each getting its own buffer: every member reassembles every message, and a
 * typed array over 64 bytes has its memory allocated outside V8's heap. An application that keeps a
 * delivered message keeps its slab.
 */
const REASSEMBLED_SLAB_BYTES = 64 * 1024;
const reassembled = new ByteSlab(REASSEMBLED_SLAB_BYTES);

/** The data of stripe `s` of `f` of a message whose data is `data` (stream header included). */
export function stripeOf(data: Uint8Array, header: StreamHeader, s: number, f: number): { data: Uint8Array; header: StreamHeader } {
  const payload = data.length - STREAM_HEADER_BYTES;
  const from = Math.floor((s * payload) / f);
  const to = Math.floor(((s + 1) * payload) / f);
  const out = new Uint8Array(STREAM_HEADER_BYTES + (to - from));
  const h: StreamHeader = { source: header.source, seq: header.seq, sentAt: header.sentAt, stripe: s, stripes: f };
  writeStreamHeader(out, h);
  out.set(data.subarray(STREAM_HEADER_BYTES + from, STREAM_HEADER_BYTES + to), STREAM_HEADER_BYTES);
  return { data: out, header: h };
}

interface Pending {
  readonly parts: (Uint8Array | undefined)[];
  readonly firstAt: number;
  have: number;
  overlayHops: number;
  treeHops: number;
}

interface SourceState {
  readonly pending: Map<number, Pending>;
  /** Highest sequence number completed so far. */
  newest: number;
  /** Sequence numbers counted as partial or completed, so a late stripe does not revive them. */
  readonly done: Set<number>;
}

export interface Completed {
  readonly data: Uint8Array;
  readonly header: StreamHeader;
  readonly overlayHops: number;
  readonly treeHops: number;
}

export interface PartialCount {
  readonly source: number;
  readonly seq: number;
  readonly stripes: number;
}

/** Reassembles one member's stripes of one group. */
export class StripeAssembly {
  private readonly sources = new Map<number, SourceState>();

  constructor(
    private readonly f: number,
    private readonly window: number,
    private readonly maxPending = 64,
  ) {}

  /**
   * Adds one stripe. Returns the completed message, if this stripe completed one, and reports
   * messages that became partial through `partial`.
   */
  add(now: number, header: StreamHeader, data: Uint8Array, overlayHops: number, treeHops: number, partial: (p: PartialCount) => void): Completed | undefined {
    const f = this.f;
    if (header.stripes !== f || header.stripe >= f) return undefined;
    let src = this.sources.get(header.source);
    if (src === undefined) {
      src = { pending: new Map(), newest: -1, done: new Set() };
      this.sources.set(header.source, src);
    }
    if (src.done.has(header.seq)) return undefined;
    let p = src.pending.get(header.seq);
    if (p === undefined) {
      p = { parts: new Array<Uint8Array | undefined>(f).fill(undefined), firstAt: now, have: 0, overlayHops: 0, treeHops: 0 };
      src.pending.set(header.seq, p);
      if (src.pending.size > this.maxPending) {
        const oldest = Math.min(...src.pending.keys());
        this.drop(src, header.source, oldest, partial);
      }
    }
    if (p.parts[header.stripe] !== undefined) return undefined;
    p.parts[header.stripe] = data;
    p.have++;
    if (overlayHops > p.overlayHops) p.overlayHops = overlayHops;
    if (treeHops > p.treeHops) p.treeHops = treeHops;
    if (p.have < f) {
      if (src.pending.size > 1) for (const [seq, q] of [...src.pending]) if (seq < src.newest && now - q.firstAt >= this.window) this.drop(src, header.source, seq, partial);
      return undefined;
    }
    src.pending.delete(header.seq);
    this.remember(src, header.seq);
    if (header.seq > src.newest) src.newest = header.seq;
    for (const [seq, q] of [...src.pending]) if (seq < src.newest && now - q.firstAt >= this.window) this.drop(src, header.source, seq, partial);
    let len = STREAM_HEADER_BYTES;
    for (const part of p.parts) len += part!.length - STREAM_HEADER_BYTES;
    const out = len <= REASSEMBLED_SLAB_BYTES ? reassembled.take(len) : new Uint8Array(len);
    const h: StreamHeader = { source: header.source, seq: header.seq, sentAt: header.sentAt, stripe: 0, stripes: 1 };
    writeStreamHeader(out, h);
    let at = STREAM_HEADER_BYTES;
    for (const part of p.parts) {
      out.set(part!.subarray(STREAM_HEADER_BYTES), at);
      at += part!.length - STREAM_HEADER_BYTES;
    }
    return { data: out, header: h, overlayHops: p.overlayHops, treeHops: p.treeHops };
  }

  private drop(src: SourceState, source: number, seq: number, partial: (p: PartialCount) => void): void {
    const p = src.pending.get(seq);
    if (p === undefined) return;
    src.pending.delete(seq);
    this.remember(src, seq);
    partial({ source, seq, stripes: p.have });
  }

  private remember(src: SourceState, seq: number): void {
    src.done.add(seq);
    // Sets iterate in insertion order: forget the oldest once enough are remembered.
    if (src.done.size > 4 * this.maxPending) src.done.delete(src.done.values().next().value!);
  }
}
