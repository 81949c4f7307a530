/**
 * A one-hash Bloom filter of peer indices per owning peer: `has(p, q)` false means q is certainly
 * not in p's set; true means it may be, and the owner checks its exact set. Adding sets q's bit.
 * Nothing is ever cleared bit by bit: a removal marks the owner stale, and the owner rebuilds its
 * filter from the exact set before its next query. ChordTopology keeps one over each peer's Attach
 * list; ChordTable keeps the same kind of filter inside each peer's block of routing rows.
 *
 * Why: "is q connected to p" is asked at every hop of a message to a node (RFC 6940 §6.2.2 sends
 * it straight to the node when there is a connection), and most of the time the answer is no. The
 * exact check scans p's and q's successor, predecessor and finger rows, about a hundred entries and
 * several cache misses; the filter answers most noes from one line per peer.
 */
import { grownTo } from '../../../sim/index.ts';

export class PeerFilter {
  /** 32-bit words per owner: a power of two. */
  readonly words: number;
  private readonly shift: number;
  private bits: Uint32Array;
  private stale: Uint8Array;
  private cap: number;

  /** @param bitsPerPeer a power of two from 32 to 2^16. */
  constructor(bitsPerPeer: number, initialPeers = 1024) {
    const log = Math.log2(bitsPerPeer);
    if (!Number.isInteger(log) || log < 5 || log > 16) throw new RangeError(`bitsPerPeer must be a power of two in 32..65536, got ${bitsPerPeer}`);
    this.words = bitsPerPeer >>> 5;
    this.shift = 32 - log;
    this.cap = Math.max(1, initialPeers);
    this.bits = new Uint32Array(this.cap * this.words);
    this.stale = new Uint8Array(this.cap);
  }

  get byteLength(): number {
    return this.bits.byteLength + this.stale.byteLength;
  }

  /** Makes room for owner p. */
  ensure(p: number): void {
    if (p < this.cap) return;
    let cap = this.cap * 2;
    while (cap <= p) cap *= 2;
    this.bits = grownTo(this.bits, cap * this.words);
    this.stale = grownTo(this.stale, cap);
    this.cap = cap;
  }

  add(p: number, q: number): void {
    this.ensure(p);
    const i = Math.imul(q, 0x9e3779b1) >>> this.shift;
    const w = p * this.words + (i >>> 5);
    this.bits[w] = this.bits[w]! | (1 << (i & 31));
  }

  /** False if q is certainly not in p's set (p must not be stale; an owner never added to has none). */
  has(p: number, q: number): boolean {
    if (p >= this.cap) return false;
    const i = Math.imul(q, 0x9e3779b1) >>> this.shift;
    return (this.bits[p * this.words + (i >>> 5)]! & (1 << (i & 31))) !== 0;
  }

  isStale(p: number): boolean {
    return p < this.cap && this.stale[p] === 1;
  }

  /** Something left p's set: p's filter must be rebuilt (reset, then add each member). */
  markStale(p: number): void {
    this.ensure(p);
    this.stale[p] = 1;
  }

  /** Empties p's filter and clears its stale mark. */
  reset(p: number): void {
    this.ensure(p);
    this.bits.fill(0, p * this.words, (p + 1) * this.words);
    this.stale[p] = 0;
  }
}
