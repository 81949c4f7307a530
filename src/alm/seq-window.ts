/**
 * The sequence numbers seen of one stream (one source's Pushes in one tree): all up to `floor`, and
 * those above it. At most `limit` are kept above the floor; beyond that the floor moves up to the
 * oldest kept, so a number more than `limit` behind the newest counts as seen. A member's
 * deliveries use no limit; Scribe's forwarding uses SEQ_WINDOW.
 */
export class SeqWindow {
  floor = -1;
  private readonly above = new Set<number>();

  constructor(private readonly limit: number = SEQ_WINDOW) {}

  /** Records seq; true if it had not been seen. */
  add(seq: number): boolean {
    if (seq <= this.floor || this.above.has(seq)) return false;
    const above = this.above;
    above.add(seq);
    while (above.has(this.floor + 1)) above.delete(++this.floor);
    if (above.size > this.limit) {
      let oldest = Infinity;
      for (const x of above) if (x < oldest) oldest = x;
      above.delete(oldest);
      this.floor = oldest;
      while (above.has(this.floor + 1)) above.delete(++this.floor);
    }
    return true;
  }
}

/** Sequence numbers a SeqWindow keeps above its floor. */
export const SEQ_WINDOW = 64;
