/**
 * A min-heap of (time, id) on parallel typed arrays, for generators that keep one pending "next
 * event" per slot or sender: memory stays at one entry per id however long the run. Ties in time
 * pop in ascending id order, so the output order never depends on insertion order.
 */
export class SlotHeap {
  private readonly times: Float64Array;
  private readonly ids: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(Math.max(1, capacity));
    this.ids = new Int32Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.count;
  }

  push(time: number, id: number): void {
    if (this.count === this.times.length) throw new RangeError('SlotHeap: capacity exceeded');
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(time, id, this.times[parent]!, this.ids[parent]!)) break;
      this.times[i] = this.times[parent]!;
      this.ids[i] = this.ids[parent]!;
      i = parent;
    }
    this.times[i] = time;
    this.ids[i] = id;
  }

  /** Time of the minimum; undefined when empty. */
  peekTime(): number | undefined {
    return this.count === 0 ? undefined : this.times[0];
  }

  /** Id of the minimum; undefined when empty. */
  peekId(): number | undefined {
    return this.count === 0 ? undefined : this.ids[0];
  }

  /** Removes the minimum. */
  pop(): void {
    if (this.count === 0) return;
    const last = --this.count;
    const time = this.times[last]!;
    const id = this.ids[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const c = r < last && this.less(this.times[r]!, this.ids[r]!, this.times[l]!, this.ids[l]!) ? r : l;
      if (!this.less(this.times[c]!, this.ids[c]!, time, id)) break;
      this.times[i] = this.times[c]!;
      this.ids[i] = this.ids[c]!;
      i = c;
    }
    this.times[i] = time;
    this.ids[i] = id;
  }

  private less(t1: number, id1: number, t2: number, id2: number): boolean {
    return t1 < t2 || (t1 === t2 && id1 < id2);
  }
}
