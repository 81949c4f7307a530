/**
 * 128-bit RELOAD identifiers (Node-ID and, for CHORD-RELOAD, Resource-ID; RFC 6940 §10.2) and ring
 * arithmetic modulo 2^128.
 *
 * Two representations, one per use:
 * - {@link Id}: an immutable value of four 32-bit words, most significant first, each held as a signed
 *   int32 so that V8 keeps it a small integer. Messages, keys and settings carry Ids.
 * - {@link IdTable}: the ids of all peers as words in one shared Int32Array indexed by peer index, for
 *   the routing state (16 bytes a peer, no object per peer).
 * Words are compared unsigned: `(a ^ SIGN) < (b ^ SIGN)` orders int32-held words as uint32.
 */
import { createHash } from 'node:crypto';

const SIGN = -0x80000000;

export class IdError extends Error {
  override name = 'IdError';
}

export class Id {
  /** Words as int32 (use `>>> 0` for their unsigned value), w0 most significant. */
  readonly w0: number;
  readonly w1: number;
  readonly w2: number;
  readonly w3: number;
  /** The hex form, computed on first use (ids are immutable; maps key by it). */
  private hex: string | undefined;

  constructor(w0: number, w1: number, w2: number, w3: number) {
    this.w0 = w0 | 0;
    this.w1 = w1 | 0;
    this.w2 = w2 | 0;
    this.w3 = w3 | 0;
    this.hex = undefined;
  }

  static readonly ZERO = new Id(0, 0, 0, 0);

  /** 16 bytes, network byte order. */
  static fromBytes(bytes: Uint8Array, offset = 0): Id {
    if (bytes.length - offset < 16) throw new IdError(`an id needs 16 bytes, got ${bytes.length - offset}`);
    const w = (i: number) =>
      (bytes[offset + i]! << 24) | (bytes[offset + i + 1]! << 16) | (bytes[offset + i + 2]! << 8) | bytes[offset + i + 3]!;
    return new Id(w(0), w(4), w(8), w(12));
  }

  /** 32 hexadecimal digits (shorter input is left-padded with zeros). */
  static fromHex(hex: string): Id {
    if (!/^[0-9a-fA-F]{1,32}$/.test(hex)) throw new IdError(`not a 128-bit hex id: "${hex}"`);
    const h = hex.padStart(32, '0');
    return new Id(
      parseInt(h.slice(0, 8), 16),
      parseInt(h.slice(8, 16), 16),
      parseInt(h.slice(16, 24), 16),
      parseInt(h.slice(24, 32), 16),
    );
  }

  /** From a bigint in [0, 2^128). */
  static fromBigInt(v: bigint): Id {
    const m = (1n << 128n) - 1n;
    const x = ((v % (m + 1n)) + (m + 1n)) % (m + 1n);
    return new Id(Number((x >> 96n) & 0xffffffffn), Number((x >> 64n) & 0xffffffffn), Number((x >> 32n) & 0xffffffffn), Number(x & 0xffffffffn));
  }

  toBigInt(): bigint {
    return (
      (BigInt(this.w0 >>> 0) << 96n) |
      (BigInt(this.w1 >>> 0) << 64n) |
      (BigInt(this.w2 >>> 0) << 32n) |
      BigInt(this.w3 >>> 0)
    );
  }

  toBytes(out = new Uint8Array(16), offset = 0): Uint8Array {
    const put = (i: number, v: number) => {
      out[offset + i] = v >>> 24;
      out[offset + i + 1] = (v >>> 16) & 0xff;
      out[offset + i + 2] = (v >>> 8) & 0xff;
      out[offset + i + 3] = v & 0xff;
    };
    put(0, this.w0);
    put(4, this.w1);
    put(8, this.w2);
    put(12, this.w3);
    return out;
  }

  toHex(): string {
    if (this.hex === undefined) this.hex = hex8(this.w0) + hex8(this.w1) + hex8(this.w2) + hex8(this.w3);
    return this.hex;
  }

  /** The first 8 hex digits, for logs. */
  toShortHex(): string {
    return (this.w0 >>> 0).toString(16).padStart(8, '0');
  }

  toString(): string {
    return this.toHex();
  }

  equals(o: Id): boolean {
    return this.w0 === o.w0 && this.w1 === o.w1 && this.w2 === o.w2 && this.w3 === o.w3;
  }

  isZero(): boolean {
    return (this.w0 | this.w1 | this.w2 | this.w3) === 0;
  }

  /** Unsigned comparison: negative, zero or positive. */
  compare(o: Id): number {
    return compareWords(this.w0, this.w1, this.w2, this.w3, o.w0, o.w1, o.w2, o.w3);
  }

  /** (this + 2^k) mod 2^128, for 0 <= k < 128. */
  addPow2(k: number): Id {
    if (!(k >= 0 && k < 128) || !Number.isInteger(k)) throw new IdError(`addPow2: k must be an integer in [0, 128), got ${k}`);
    const words = [this.w0 >>> 0, this.w1 >>> 0, this.w2 >>> 0, this.w3 >>> 0];
    let i = 3 - Math.floor(k / 32);
    let carry = 2 ** (k % 32);
    while (i >= 0 && carry > 0) {
      const s = words[i]! + carry;
      words[i] = s % 0x1_0000_0000;
      carry = s >= 0x1_0000_0000 ? 1 : 0;
      i--;
    }
    return new Id(words[0]!, words[1]!, words[2]!, words[3]!);
  }

  /** (this + o) mod 2^128. */
  add(o: Id): Id {
    const a = [this.w0 >>> 0, this.w1 >>> 0, this.w2 >>> 0, this.w3 >>> 0];
    const b = [o.w0 >>> 0, o.w1 >>> 0, o.w2 >>> 0, o.w3 >>> 0];
    const r = [0, 0, 0, 0];
    let carry = 0;
    for (let i = 3; i >= 0; i--) {
      const s = a[i]! + b[i]! + carry;
      r[i] = s % 0x1_0000_0000;
      carry = s >= 0x1_0000_0000 ? 1 : 0;
    }
    return new Id(r[0]!, r[1]!, r[2]!, r[3]!);
  }

  /** Clockwise distance from this to o: (o - this) mod 2^128. */
  distanceTo(o: Id): Id {
    const a = [this.w0 >>> 0, this.w1 >>> 0, this.w2 >>> 0, this.w3 >>> 0];
    const b = [o.w0 >>> 0, o.w1 >>> 0, o.w2 >>> 0, o.w3 >>> 0];
    const r = [0, 0, 0, 0];
    let borrow = 0;
    for (let i = 3; i >= 0; i--) {
      let d = b[i]! - a[i]! - borrow;
      borrow = d < 0 ? 1 : 0;
      if (d < 0) d += 0x1_0000_0000;
      r[i] = d;
    }
    return new Id(r[0]!, r[1]!, r[2]!, r[3]!);
  }

  /** The id as a fraction of the ring in [0, 1), for plots and approximate distances. */
  toFraction(): number {
    return ((this.w0 >>> 0) + (this.w1 >>> 0) / 0x1_0000_0000) / 0x1_0000_0000;
  }
}

function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

/** Unsigned comparison of two ids given as int32 words. */
export function compareWords(
  a0: number, a1: number, a2: number, a3: number,
  b0: number, b1: number, b2: number, b3: number,
): number {
  if (a0 !== b0) return (a0 ^ SIGN) < (b0 ^ SIGN) ? -1 : 1;
  if (a1 !== b1) return (a1 ^ SIGN) < (b1 ^ SIGN) ? -1 : 1;
  if (a2 !== b2) return (a2 ^ SIGN) < (b2 ^ SIGN) ? -1 : 1;
  if (a3 !== b3) return (a3 ^ SIGN) < (b3 ^ SIGN) ? -1 : 1;
  return 0;
}

/**
 * True if k lies in the half-open ring interval (a, b]: clockwise from a (exclusive) to b
 * (inclusive). When a == b the interval is the whole ring. This is CHORD-RELOAD's responsibility
 * test: peer b is responsible for k when k is in (predecessor(b), b] (RFC 6940 §10.1).
 */
export function inHalfOpen(a: Id, k: Id, b: Id): boolean {
  const ab = a.compare(b);
  if (ab === 0) return true;
  const ak = a.compare(k);
  const kb = k.compare(b);
  if (ab < 0) return ak < 0 && kb <= 0;
  return ak < 0 || kb <= 0;
}

/** True if k lies in the open ring interval (a, b). When a == b it is the ring without a. */
export function inOpen(a: Id, k: Id, b: Id): boolean {
  const ab = a.compare(b);
  const ak = a.compare(k);
  const kb = k.compare(b);
  if (ab === 0) return ak !== 0;
  if (ab < 0) return ak < 0 && kb < 0;
  return ak < 0 || kb < 0;
}

/**
 * CHORD-RELOAD Resource-ID of a resource name: the top 128 bits of SHA-1 (RFC 6940 §10.2). Also
 * the ALM group_id = H(session_key) (RFC 7019 §5).
 */
export function resourceId(name: string | Uint8Array): Id {
  const digest = createHash('sha1').update(name).digest();
  return Id.fromBytes(new Uint8Array(digest.buffer, digest.byteOffset, 16));
}

/**
 * The ForwardingHeader's overlay field: the lower 32 bits of the SHA-1 hash of the overlay name
 * (RFC 6940 §6.3.2), i.e. the last four bytes of the digest, as an unsigned integer.
 */
export function overlayHash(name: string): number {
  const digest = createHash('sha1').update(name).digest();
  return digest.readUInt32BE(16);
}

/**
 * The ids of peers, indexed by peer index, as words in one Int32Array (16 bytes a peer). Grows by
 * doubling. Comparisons against an {@link Id} read the words in place, allocating nothing.
 */
export class IdTable {
  words: Int32Array;
  private cap: number;
  /** Number of indices in use (the highest set index + 1). */
  size = 0;

  constructor(initialCapacity = 1024) {
    this.cap = Math.max(1, initialCapacity);
    this.words = new Int32Array(this.cap * 4);
  }

  set(p: number, id: Id): void {
    if (p >= this.cap) this.grow(p + 1);
    const o = p * 4;
    const w = this.words;
    w[o] = id.w0;
    w[o + 1] = id.w1;
    w[o + 2] = id.w2;
    w[o + 3] = id.w3;
    if (p >= this.size) this.size = p + 1;
  }

  /** The id of peer p as an Id value (allocates). */
  get(p: number): Id {
    const o = p * 4;
    const w = this.words;
    return new Id(w[o]!, w[o + 1]!, w[o + 2]!, w[o + 3]!);
  }

  /** Unsigned comparison of peer p's id with k. */
  compareTo(p: number, k: Id): number {
    const o = p * 4;
    const w = this.words;
    return compareWords(w[o]!, w[o + 1]!, w[o + 2]!, w[o + 3]!, k.w0, k.w1, k.w2, k.w3);
  }

  /** Unsigned comparison of the ids of peers p and q. */
  comparePeers(p: number, q: number): number {
    const w = this.words;
    const o = p * 4;
    const r = q * 4;
    return compareWords(w[o]!, w[o + 1]!, w[o + 2]!, w[o + 3]!, w[r]!, w[r + 1]!, w[r + 2]!, w[r + 3]!);
  }

  /** True if peer p's id equals k. */
  equals(p: number, k: Id): boolean {
    const o = p * 4;
    const w = this.words;
    return w[o] === k.w0 && w[o + 1] === k.w1 && w[o + 2] === k.w2 && w[o + 3] === k.w3;
  }

  /** True if k is in the ring interval (id(a), id(b)]. */
  inHalfOpen(a: number, k: Id, b: number): boolean {
    const ab = this.comparePeers(a, b);
    if (ab === 0) return true;
    const ak = this.compareTo(a, k);
    const bk = this.compareTo(b, k);
    if (ab < 0) return ak < 0 && bk >= 0;
    return ak < 0 || bk >= 0;
  }

  /** True if id(q) is in the open ring interval (id(a), k). */
  peerInOpen(a: number, q: number, k: Id): boolean {
    const ak = this.compareTo(a, k);
    const aq = this.comparePeers(a, q);
    const qk = this.compareTo(q, k);
    if (ak === 0) return aq !== 0;
    if (ak < 0) return aq < 0 && qk < 0;
    return aq < 0 || qk < 0;
  }

  /**
   * Clockwise distance from peer p's id to k, as a float (top 64 bits, exact enough to order
   * distances for routing and to measure them).
   */
  distanceToKey(p: number, k: Id): number {
    const o = p * 4;
    const w = this.words;
    let hi = (k.w0 >>> 0) - (w[o]! >>> 0);
    let lo = (k.w1 >>> 0) - (w[o + 1]! >>> 0);
    if (lo < 0) {
      lo += 0x1_0000_0000;
      hi -= 1;
    }
    if (hi < 0) hi += 0x1_0000_0000;
    return hi * 0x1_0000_0000 + lo;
  }

  private grow(min: number): void {
    let cap = this.cap * 2;
    while (cap < min) cap *= 2;
    const w = new Int32Array(cap * 4);
    w.set(this.words);
    this.words = w;
    this.cap = cap;
  }
}
