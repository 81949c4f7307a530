/** Growable typed-array columns: collectors append one value per event without allocating per event. */

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

interface TypedArrayConstructor<T extends TypedArray> {
  new (length: number): T;
}

export class Column<T extends TypedArray> {
  private buf: T;
  length = 0;

  constructor(
    private readonly ctor: TypedArrayConstructor<T>,
    capacity = 1024,
  ) {
    this.buf = new ctor(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new this.ctor(this.buf.length * 2);
      next.set(this.buf as never);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  get(i: number): number {
    return this.buf[i]!;
  }

  set(i: number, v: number): void {
    this.buf[i] = v;
  }

  add(i: number, v: number): void {
    this.buf[i]! += v;
  }

  /** The values so far (a view: copy it before pushing more). */
  view(): T {
    return this.buf.subarray(0, this.length) as T;
  }
}

export const f64 = (capacity?: number) => new Column(Float64Array, capacity);
export const i32 = (capacity?: number) => new Column(Int32Array, capacity);
export const u32 = (capacity?: number) => new Column(Uint32Array, capacity);
export const f32 = (capacity?: number) => new Column(Float32Array, capacity);
export const u16 = (capacity?: number) => new Column(Uint16Array, capacity);

/** A per-index array that grows to fit any index written (peer indices only grow). */
export class IndexedF64 {
  private buf: Float64Array;

  constructor(capacity = 1024, private readonly fill = 0) {
    this.buf = new Float64Array(Math.max(16, capacity)).fill(fill);
  }

  get size(): number {
    return this.buf.length;
  }

  get(i: number): number {
    return i < this.buf.length ? this.buf[i]! : this.fill;
  }

  set(i: number, v: number): void {
    this.ensure(i);
    this.buf[i] = v;
  }

  add(i: number, v: number): void {
    this.ensure(i);
    this.buf[i]! += v;
  }

  private ensure(i: number): void {
    if (i < this.buf.length) return;
    let n = this.buf.length * 2;
    while (n <= i) n *= 2;
    const next = new Float64Array(n).fill(this.fill);
    next.set(this.buf);
    this.buf = next;
  }
}
