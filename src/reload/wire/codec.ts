/**
 * Primitives of the TLS presentation language as RELOAD uses it (RFC 6940 §6.3.1): integers in
 * network byte order; a variable-length vector `<a..b>` is prefixed by its length in bytes, in the
 * fewest bytes that hold b (1, 2, 3 or 4); a fixed-length vector `[n]` has no prefix.
 *
 * Encoders throw {@link CodecError} on a value that does not fit its field; decoders throw it on
 * truncated, over-long or out-of-range input. No other exception escapes a decoder.
 */

export type CodecErrorKind = 'truncated' | 'overlong' | 'out-of-range' | 'invalid';

export class CodecError extends Error {
  override name = 'CodecError';
  constructor(
    readonly kind: CodecErrorKind,
    /** The field being read or written, e.g. "ForwardingHeader.ttl". */
    readonly field: string,
    detail: string,
    /** Byte offset in the input where decoding failed (decoders only). */
    readonly offset = -1,
  ) {
    super(`${field}: ${detail}${offset >= 0 ? ` (at byte ${offset})` : ''}`);
  }
}

/** The number of bytes of the length prefix of a vector whose upper bound is `max` bytes. */
export function prefixBytes(max: number): 1 | 2 | 3 | 4 {
  if (max <= 0xff) return 1;
  if (max <= 0xffff) return 2;
  if (max <= 0xffffff) return 3;
  return 4;
}

/** Upper bounds that recur in the RFCs. */
export const MAX8 = 0xff;
export const MAX16 = 0xffff;
export const MAX24 = 0xffffff;
export const MAX32 = 0xffffffff;

/**
 * Small byte arrays cut from shared slabs. V8 gives a typed array over 64 bytes its own memory
 * outside the heap, and even smaller ones cost several times their contents; a view into a slab
 * costs an object. A slab is freed when the last view into it is, so one long-lived view keeps its
 * whole slab: use a slab per kind of value, and only for values that live about as long as each
 * other. Every slab is a new ArrayBuffer, so a view starts zeroed and never shares bytes with an
 * earlier view; a view longer than the slab is a RangeError.
 */
export class ByteSlab {
  private buf: ArrayBuffer;
  private used = 0;

  constructor(private readonly slabBytes = 4096) {
    this.buf = new ArrayBuffer(slabBytes);
  }

  /** A fresh view of n bytes (n at most the slab size); the next call never overlaps it. */
  take(n: number): Uint8Array {
    if (this.used + n > this.slabBytes) {
      this.buf = new ArrayBuffer(this.slabBytes);
      this.used = 0;
    }
    const v = new Uint8Array(this.buf, this.used, n);
    this.used += n;
    return v;
  }
}

/** Writes into a buffer of known size (from `encodedLength`); grows if the size was underestimated. */
export class Writer {
  private buf: Uint8Array;
  offset = 0;

  // Multi-byte fields are written byte by byte (big-endian): no DataView to allocate per message.
  /**
   * A writer over a new buffer of `size` bytes, or over `into` (a caller's buffer, e.g. a view into
   * a shared slab: `finish` then returns it as it is if exactly filled).
   */
  constructor(size = 256, into?: Uint8Array) {
    this.buf = into ?? new Uint8Array(Math.max(1, size));
  }

  /** The bytes written so far (a view when the size was exact). */
  finish(): Uint8Array {
    return this.offset === this.buf.length ? this.buf : this.buf.slice(0, this.offset);
  }

  private ensure(n: number): void {
    const need = this.offset + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf);
    this.buf = b;
  }

  u8(v: number, field: string): void {
    checkUint(v, 0xff, field);
    this.ensure(1);
    this.buf[this.offset++] = v;
  }

  u16(v: number, field: string): void {
    checkUint(v, 0xffff, field);
    this.ensure(2);
    this.buf[this.offset] = v >>> 8;
    this.buf[this.offset + 1] = v & 0xff;
    this.offset += 2;
  }

  u24(v: number, field: string): void {
    checkUint(v, 0xffffff, field);
    this.ensure(3);
    this.buf[this.offset] = v >>> 16;
    this.buf[this.offset + 1] = (v >>> 8) & 0xff;
    this.buf[this.offset + 2] = v & 0xff;
    this.offset += 3;
  }

  u32(v: number, field: string): void {
    checkUint(v, 0xffffffff, field);
    this.ensure(4);
    this.put32(this.offset, v);
    this.offset += 4;
  }

  /** A uint64 held in a JS number (so at most 2^53 - 1). */
  u64(v: number, field: string): void {
    checkUint(v, Number.MAX_SAFE_INTEGER, field);
    this.ensure(8);
    this.put32(this.offset, Math.floor(v / 0x1_0000_0000));
    this.put32(this.offset + 4, v >>> 0);
    this.offset += 8;
  }

  private put32(o: number, v: number): void {
    const b = this.buf;
    b[o] = v >>> 24;
    b[o + 1] = (v >>> 16) & 0xff;
    b[o + 2] = (v >>> 8) & 0xff;
    b[o + 3] = v & 0xff;
  }

  /** An unsigned integer of 1..4 bytes. */
  uint(v: number, bytes: 1 | 2 | 3 | 4, field: string): void {
    if (bytes === 1) this.u8(v, field);
    else if (bytes === 2) this.u16(v, field);
    else if (bytes === 3) this.u24(v, field);
    else this.u32(v, field);
  }

  /** `opaque x[n]`: exactly n bytes, no prefix. */
  fixed(bytes: Uint8Array, n: number, field: string): void {
    if (bytes.length !== n) throw new CodecError('invalid', field, `expected exactly ${n} bytes, got ${bytes.length}`);
    this.raw(bytes);
  }

  /** Bytes with no prefix. */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.offset);
    this.offset += bytes.length;
  }

  /** `opaque x<min..max>`: the bytes with their length prefix. */
  opaque(bytes: Uint8Array, min: number, max: number, field: string): void {
    checkLength(bytes.length, min, max, field);
    this.uint(bytes.length, prefixBytes(max), field);
    this.raw(bytes);
  }

  /**
   * Starts a vector of structures: reserves the prefix and returns a mark for {@link endVector},
   * which writes the byte length once the elements are written.
   */
  beginVector(max: number): number {
    const n = prefixBytes(max);
    this.ensure(n);
    const mark = this.offset;
    this.offset += n;
    return mark;
  }

  endVector(mark: number, min: number, max: number, field: string): void {
    const n = prefixBytes(max);
    const len = this.offset - mark - n;
    checkLength(len, min, max, field);
    const end = this.offset;
    this.offset = mark;
    this.uint(len, n, field);
    this.offset = end;
  }
}

function checkUint(v: number, max: number, field: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new CodecError('out-of-range', field, `value ${v} is not an integer in [0, ${max}]`);
  }
}

function checkLength(len: number, min: number, max: number, field: string): void {
  if (len < min || len > max) {
    throw new CodecError('out-of-range', field, `length ${len} is outside <${min}..${max}>`);
  }
}

/** Reads from a byte range with bounds checks; every read names its field for the error message. */
export class Reader {
  offset: number;

  constructor(
    private readonly buf: Uint8Array,
    offset = 0,
    readonly end = buf.length,
  ) {
    this.offset = offset;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number, field: string): void {
    if (this.offset + n > this.end) {
      throw new CodecError('truncated', field, `needs ${n} more bytes, ${this.end - this.offset} left`, this.offset);
    }
  }

  /** The big-endian uint32 at o (bounds already checked). */
  private get32(o: number): number {
    const b = this.buf;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.offset++]!;
  }

  u16(field: string): number {
    this.need(2, field);
    const o = this.offset;
    this.offset += 2;
    return (this.buf[o]! << 8) | this.buf[o + 1]!;
  }

  u24(field: string): number {
    this.need(3, field);
    const b = this.buf;
    const o = this.offset;
    this.offset += 3;
    return (b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!;
  }

  u32(field: string): number {
    this.need(4, field);
    const v = this.get32(this.offset);
    this.offset += 4;
    return v;
  }

  /** A uint64; values above 2^53 - 1 cannot be held exactly and are rejected as out of range. */
  u64(field: string): number {
    this.need(8, field);
    const hi = this.get32(this.offset);
    const lo = this.get32(this.offset + 4);
    if (hi > 0x1fffff) {
      throw new CodecError('out-of-range', field, 'uint64 above 2^53 - 1 is not supported by the simulator', this.offset);
    }
    this.offset += 8;
    return hi * 0x1_0000_0000 + lo;
  }

  uint(bytes: 1 | 2 | 3 | 4, field: string): number {
    if (bytes === 1) return this.u8(field);
    if (bytes === 2) return this.u16(field);
    if (bytes === 3) return this.u24(field);
    return this.u32(field);
  }

  /** `opaque x[n]`: a copy of the next n bytes. */
  fixed(n: number, field: string): Uint8Array {
    this.need(n, field);
    // Uint8Array's slice copies; a Node Buffer's slice would return a view of the input.
    const out = Uint8Array.prototype.slice.call(this.buf, this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** `opaque x<min..max>`: a copy of the bytes after the length prefix. */
  opaque(min: number, max: number, field: string): Uint8Array {
    const len = this.length(min, max, field);
    return this.fixed(len, field);
  }

  /** Reads a vector's length prefix, checks it against <min..max> and the input, returns it. */
  length(min: number, max: number, field: string): number {
    const at = this.offset;
    const len = this.uint(prefixBytes(max), field);
    if (len < min || len > max) {
      throw new CodecError('out-of-range', field, `length ${len} is outside <${min}..${max}>`, at);
    }
    this.need(len, field);
    return len;
  }

  /** A reader over the next vector's contents (after its prefix); this reader moves past it. */
  vector(min: number, max: number, field: string): Reader {
    const len = this.length(min, max, field);
    const sub = new Reader(this.buf, this.offset, this.offset + len);
    this.offset += len;
    return sub;
  }

  /** Throws if bytes are left over (over-long input). */
  expectEnd(field: string): void {
    if (this.offset !== this.end) {
      throw new CodecError('overlong', field, `${this.end - this.offset} unexpected trailing bytes`, this.offset);
    }
  }
}

/** A codec for one message or structure type. */
export interface Codec<T> {
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array): T;
  encodedLength(value: T): number;
}

/** Builds a {@link Codec} from a writer function, a reader function and a length function. */
export function makeCodec<T>(
  name: string,
  write: (w: Writer, value: T) => void,
  read: (r: Reader) => T,
  length: (value: T) => number,
): Codec<T> {
  return {
    encodedLength: length,
    encode(value: T): Uint8Array {
      const w = new Writer(length(value));
      write(w, value);
      return w.finish();
    },
    decode(bytes: Uint8Array): T {
      const r = new Reader(bytes);
      let v: T;
      try {
        v = read(r);
      } catch (e) {
        if (e instanceof CodecError) throw e;
        throw new CodecError('invalid', name, e instanceof Error ? e.message : String(e));
      }
      r.expectEnd(name);
      return v;
    },
  };
}

/** Length of a vector prefix plus contents. */
export function vectorLength(contentLength: number, max: number): number {
  return prefixBytes(max) + contentLength;
}
