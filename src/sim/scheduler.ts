/**
 * The discrete-event scheduler: a binary min-heap on parallel typed arrays ordered by
 * (time, sequence number). Time is an integer number of microseconds; events scheduled for the same
 * time run in the order they were scheduled (the sequence number breaks ties).
 *
 * An event is a handler function plus one argument. Components bind their handlers once and pass the
 * per-event state as the argument, so the hot path allocates no closure per event.
 */

/** Identifies a scheduled event for {@link Scheduler.cancel}. Never reused within a run in practice. */
export type EventId = number;

export type EventHandler<A> = (arg: A) => void;

/** Pending events are kept in slots; an EventId is (generation * SLOT_LIMIT + slot). */
const SLOT_BITS = 24;
const SLOT_LIMIT = 2 ** SLOT_BITS;
const GEN_LIMIT = 2 ** (53 - SLOT_BITS);

export interface SchedulerInit {
  /** Initial capacity (pending events) of the heap; it grows by doubling. @default 1024 */
  initialCapacity?: number;
}

export class SchedulerError extends Error {
  override name = 'SchedulerError';
}

export class Scheduler {
  /** Heap arrays, indexed by heap position. */
  private hTime: Float64Array;
  private hSeq: Float64Array;
  private hSlot: Uint32Array;
  /** Slot arrays, indexed by slot. */
  private sPos: Int32Array;
  private sGen: Uint32Array;
  private sFn: (EventHandler<unknown> | undefined)[];
  private sArg: unknown[];
  private freeSlots: Uint32Array;
  private freeCount = 0;
  private slotCount = 0;
  private size = 0;
  private capacity: number;
  private nextSeq = 0;
  private currentTime = 0;
  private stopped = false;
  private executedCount = 0;

  constructor(init: SchedulerInit = {}) {
    const cap = Math.max(16, init.initialCapacity ?? 1024);
    this.capacity = cap;
    this.hTime = new Float64Array(cap);
    this.hSeq = new Float64Array(cap);
    this.hSlot = new Uint32Array(cap);
    this.sPos = new Int32Array(cap);
    this.sGen = new Uint32Array(cap);
    this.sFn = new Array(cap);
    this.sArg = new Array(cap);
    this.freeSlots = new Uint32Array(cap);
  }

  /** Current simulated time in microseconds. */
  get now(): number {
    return this.currentTime;
  }

  /** Number of pending events. */
  get pending(): number {
    return this.size;
  }

  /** Number of events executed since construction. */
  get executed(): number {
    return this.executedCount;
  }

  /** Schedules `fn(arg)` after `delay` microseconds (a non-negative integer). */
  schedule<A>(delay: number, fn: EventHandler<A>, arg: A): EventId {
    if (!(delay >= 0)) throw new SchedulerError(`delay must be >= 0 us, got ${delay}`);
    return this.push(this.currentTime + Math.round(delay), fn as EventHandler<unknown>, arg);
  }

  /** Schedules `fn(arg)` at absolute time `time` (>= now). */
  scheduleAt<A>(time: number, fn: EventHandler<A>, arg: A): EventId {
    if (!(time >= this.currentTime)) {
      throw new SchedulerError(`cannot schedule at ${time} us, before now (${this.currentTime} us)`);
    }
    return this.push(Math.round(time), fn as EventHandler<unknown>, arg);
  }

  /** Cancels a pending event. Returns false if it already ran or was cancelled. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_LIMIT;
    if (slot >= this.slotCount) return false;
    const pos = this.sPos[slot]!;
    if (pos < 0 || this.sGen[slot] !== Math.floor(id / SLOT_LIMIT)) return false;
    this.removeAt(pos);
    this.releaseSlot(slot);
    return true;
  }

  /** True if the event is still pending. */
  isPending(id: EventId): boolean {
    const slot = id % SLOT_LIMIT;
    return slot < this.slotCount && this.sPos[slot]! >= 0 && this.sGen[slot] === Math.floor(id / SLOT_LIMIT);
  }

  /** Time of the next pending event, or Infinity. */
  peekTime(): number {
    return this.size > 0 ? this.hTime[0]! : Infinity;
  }

  /**
   * Runs events in order until the queue is empty, the next event is later than `until`, or
   * {@link stop} is called. When it ends because no event is due by a finite `until`, the clock
   * advances to `until`. Returns the number of events executed by this call.
   */
  run(until = Infinity): number {
    this.stopped = false;
    const start = this.executedCount;
    while (this.size > 0 && !this.stopped) {
      const t = this.hTime[0]!;
      if (t > until) break;
      const slot = this.hSlot[0]!;
      const fn = this.sFn[slot]!;
      const arg = this.sArg[slot];
      this.removeAt(0);
      this.releaseSlot(slot);
      this.currentTime = t;
      this.executedCount++;
      fn(arg);
    }
    if (!this.stopped && until !== Infinity && until > this.currentTime) this.currentTime = until;
    return this.executedCount - start;
  }

  /** Makes {@link run} return after the event being executed. */
  stop(): void {
    this.stopped = true;
  }

  private push(time: number, fn: EventHandler<unknown>, arg: unknown): EventId {
    if (this.size === this.capacity) this.grow();
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeSlots[--this.freeCount]!;
    } else {
      slot = this.slotCount++;
      if (slot >= SLOT_LIMIT) throw new SchedulerError(`more than ${SLOT_LIMIT} pending events`);
    }
    this.sFn[slot] = fn;
    this.sArg[slot] = arg;
    const seq = this.nextSeq++;
    this.siftUp(this.size++, time, seq, slot);
    return this.sGen[slot]! * SLOT_LIMIT + slot;
  }

  private releaseSlot(slot: number): void {
    this.sPos[slot] = -1;
    this.sFn[slot] = undefined;
    this.sArg[slot] = undefined;
    this.sGen[slot] = (this.sGen[slot]! + 1) % GEN_LIMIT;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Places (time, seq, slot) at a hole at position i, moving it up. */
  private siftUp(i: number, time: number, seq: number, slot: number): void {
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    const sPos = this.sPos;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = hTime[p]!;
      if (pt < time || (pt === time && hSeq[p]! < seq)) break;
      hTime[i] = pt;
      hSeq[i] = hSeq[p]!;
      const ps = hSlot[p]!;
      hSlot[i] = ps;
      sPos[ps] = i;
      i = p;
    }
    hTime[i] = time;
    hSeq[i] = seq;
    hSlot[i] = slot;
    sPos[slot] = i;
  }

  /** Places (time, seq, slot) at a hole at position i, moving it down. */
  private siftDown(i: number, time: number, seq: number, slot: number): void {
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    const sPos = this.sPos;
    const n = this.size;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = hTime[c]!;
      let cs = hSeq[c]!;
      const r = c + 1;
      if (r < n) {
        const rt = hTime[r]!;
        const rs = hSeq[r]!;
        if (rt < ct || (rt === ct && rs < cs)) {
          c = r;
          ct = rt;
          cs = rs;
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      hTime[i] = ct;
      hSeq[i] = cs;
      const csl = hSlot[c]!;
      hSlot[i] = csl;
      sPos[csl] = i;
      i = c;
    }
    hTime[i] = time;
    hSeq[i] = seq;
    hSlot[i] = slot;
    sPos[slot] = i;
  }

  private removeAt(pos: number): void {
    const last = --this.size;
    if (pos === last) return;
    const t = this.hTime[last]!;
    const s = this.hSeq[last]!;
    const sl = this.hSlot[last]!;
    // The moved element may need to go either way when removing from the middle.
    if (pos > 0) {
      const p = (pos - 1) >> 1;
      const pt = this.hTime[p]!;
      if (t < pt || (t === pt && s < this.hSeq[p]!)) {
        this.siftUp(pos, t, s, sl);
        return;
      }
    }
    this.siftDown(pos, t, s, sl);
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const grow64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.hTime = grow64(this.hTime);
    this.hSeq = grow64(this.hSeq);
    const hSlot = new Uint32Array(cap);
    hSlot.set(this.hSlot);
    this.hSlot = hSlot;
    const sPos = new Int32Array(cap);
    sPos.set(this.sPos);
    this.sPos = sPos;
    const sGen = new Uint32Array(cap);
    sGen.set(this.sGen);
    this.sGen = sGen;
    const free = new Uint32Array(cap);
    free.set(this.freeSlots);
    this.freeSlots = free;
    this.sFn.length = cap;
    this.sArg.length = cap;
    this.capacity = cap;
  }
}
