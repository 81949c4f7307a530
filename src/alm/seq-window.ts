/**
 * The sequence numbers seen of one stream (one source's Pushes in one stripe of one tree): all up
 * to `floor`, and those above it. At most SEQ_WINDOW are kept above the floor; beyond that the
 * floor moves up to the oldest kept, so a number more than SEQ_WINDOW behind the newest counts as
 * seen.
 */
export class SeqWindow {
  floor = -1;
  private readonly above = new Set<number>();

  /** Records seq; true if it had not been seen. */
  add(seq: number): boolean {
    if (seq <= this.floor || this.above.has(seq)) return false;
    const above = this.above;
    above.add(seq);
    while (above.has(this.floor + 1)) above.delete(++this.floor);
    if (above.size > SEQ_WINDOW) {
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
