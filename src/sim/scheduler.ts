/**
 * The discrete-event scheduler: a 4-ary min-heap on parallel typed arrays ordered by
 * (time, sequence number). Time is an integer number of microseconds; events scheduled for the same
 * time run in the order they were scheduled (the sequence number breaks ties).
 *
 * An event is a handler function plus one argument. Components bind their handlers once and pass the
 * per-event state as the argument, so the hot path allocates no closure per event.
 *
 * Cancel is lazy: it marks the event's slot dead, and the heap entry is discarded when it reaches the
 * top. The heap therefore needs no position index per slot, so a heap move writes two arrays at
 * neighbouring positions instead of also a position at a random slot (at 10^6 pending events that
 * random write is a cache miss per level: 1.1M events/s eager against 1.7M/s lazy). Dead entries are
 * purged (filter and heapify) when the heap is full and at least a quarter of it is dead, so memory
 * stays within a small factor of the live events even when timers are reset all the time. The
 * sequence number lives with the slot and is read only to break equal times.
 *
 * Per slot, the generation also says whether the slot is live (odd: live, even: free or cancelled),
 * and the handler and its argument sit side by side in one array, so running an event touches two
 * random slot locations instead of four (hold model at 10^6 pending events on the 2-core reference
 * machine: median 1.31M -> 1.43M events/s over five `npm run bench -- --only engine` runs).
 *
 * The in-order lane ({@link Scheduler.scheduleAtFifo}): events whose times arrive in non-decreasing
 * order, such as message deliveries over a constant-latency underlay, go to a FIFO ring buffer
 * instead of the heap; `run` takes the earlier of the lane's head and the heap's top by
 * (time, sequence number), so the execution order is exactly the one the heap alone gives. An event
 * that would break the lane's order goes to the heap. At 100,000 peers the Chord workload keeps
 * about 400,000 timers pending, and each delivery paid a sift-down through the heap's lower levels
 * (cache misses); the lane makes a delivery's scheduling O(1) on memory already in cache. A lane
 * entry holds its time, sequence number, handler and argument itself and takes no slot, so running
 * it reads the ring where the previous one ended; a slot, freed by a timer and taken again by a
 * delivery, was a random location in arrays of ~400,000 slots by the time the delivery ran (S1 at
 * 100,000 peers, four pairs side by side: 12% less wall time). Its EventId is negative,
 * -(sequence number + 2), and cancel finds it by binary search: the lane's sequence numbers
 * increase from head to tail.
 *
 * The calendar: an event of {@link Scheduler.scheduleAtFifo} that the lane cannot take (deliveries
 * over a varying latency) and that is due less than 2^calendarBits us after now goes to a bucket per
 * microsecond instead of the heap. Times are integers, so a bucket holds the events of one time, in
 * scheduling order (a linked list through the slots), and buckets are visited in time order through
 * a bitmap of the non-empty ones. Over the transit-stub underlay every delivery went to the heap,
 * and a pop sifted through its lower levels (S3 at 10,000 peers: 23 comparisons per event, the
 * deeper ones cache misses at 100,000 peers); in the calendar an event costs an append and a visit. `run` takes the earliest of the lane's head, the
 * heap's top and the calendar's first event by (time, sequence number), so the order is unchanged.
 * Timers stay in the heap: they are spread over seconds, where a calendar is sparse (in the hold
 * model with timers up to 2 s, sending a quarter of them to the calendar made it slower).
 */

import { grownTo } from './typed-array.ts';

/** Identifies a scheduled event for {@link Scheduler.cancel}. */
export type EventId = number;

export type EventHandler<A> = (arg: A) => void;

export interface SchedulerInit {
  /** Initial capacity (pending events) of the heap; it grows by doubling. @default 1024 */
  initialCapacity?: number;
  /**
   * Events of scheduleAtFifo that miss the in-order lane and are due less than 2^calendarBits
   * microseconds ahead go to the calendar instead of the heap; 0 turns the calendar off, else 5..24.
   * The order of execution does not depend on it. @default 19 (524 ms)
   */
  calendarBits?: number;
}

export class SchedulerError extends Error {
  override name = 'SchedulerError';
}

/** Pending events are kept in slots; an EventId is (generation * SLOT_LIMIT + slot). */
const SLOT_BITS = 24;
const SLOT_LIMIT = 2 ** SLOT_BITS;
const GEN_LIMIT = 2 ** (53 - SLOT_BITS);
const GEN_MASK = GEN_LIMIT - 1;
/** Where a slot's event waits (sWhere). */
const IN_HEAP = 0;
const IN_CALENDAR = 2;

export class Scheduler {
  private hTime: Float64Array;
  private hSlot: Uint32Array;
  /** Per slot: generation, odd while the slot holds a pending event; it wraps at GEN_LIMIT. */
  private sGen: Uint32Array;
  private sSeq: Float64Array;
  /** Per slot: the handler at 2 * slot and its argument at 2 * slot + 1. */
  private sFA: unknown[];
  private freeSlots: Uint32Array;
  /** Per slot: where its event waits (IN_HEAP or IN_CALENDAR; the lane holds no slots). */
  private sWhere: Uint8Array;
  /** Per slot in the calendar: the next slot of its bucket, or -1. */
  private sNext: Int32Array;
  private freeCount = 0;
  // The in-order lane: a ring buffer of (time, sequence number, handler, argument), times
  // non-decreasing and sequence numbers increasing from head to tail.
  private lTime: Float64Array;
  private lSeq: Float64Array;
  /** Per entry: the handler at 2 * i (undefined once cancelled) and its argument at 2 * i + 1. */
  private lFA: unknown[];
  private lHead = 0;
  private lCount = 0;
  /** Cancelled entries still in the lane. */
  private lDead = 0;
  // The calendar: bucket t & calMask holds the events due at t, for t in [now, now + calSize).
  private readonly calSize: number;
  private readonly calMask: number;
  /** First and last slot of each bucket (-1: empty); allocated on first use. */
  private cHead: Int32Array | undefined;
  private cTail: Int32Array | undefined;
  /** One bit per bucket: set while the bucket has entries (live or dead). */
  private cBits: Uint32Array | undefined;
  /** One bit per word of cBits: set while the word is not zero (sparse calendars skip 1,024 us a step). */
  private cSum: Uint32Array | undefined;
  /** Entries in the calendar, live and dead, and the dead among them. */
  private cCount = 0;
  private cDead = 0;
  /** No live calendar event is due before this time. */
  private cFrom = 0;
  /** Set by calFirst: the time of the event it found. */
  private cTime = 0;
  private slotCount = 0;
  /** Heap entries, live and dead. */
  private size = 0;
  private dead = 0;
  private capacity: number;
  private nextSeq = 0;
  private currentTime = 0;
  private stopped = false;
  private executedCount = 0;

  constructor(init: SchedulerInit = {}) {
    const cap = Math.max(16, init.initialCapacity ?? 1024);
    this.capacity = cap;
    this.hTime = new Float64Array(cap);
    this.hSlot = new Uint32Array(cap);
    this.sGen = new Uint32Array(cap);
    this.sSeq = new Float64Array(cap);
    this.sFA = new Array(2 * cap).fill(undefined);
    this.freeSlots = new Uint32Array(cap);
    this.sWhere = new Uint8Array(cap);
    this.sNext = new Int32Array(cap);
    this.lTime = new Float64Array(64);
    this.lSeq = new Float64Array(64);
    this.lFA = new Array(128).fill(undefined);
    const bits = init.calendarBits ?? 19;
    // At least one bitmap word of buckets: calFirst skips a word's empty tail in one step.
    if (!(bits === 0 || (Number.isInteger(bits) && bits >= 5 && bits <= 24))) throw new SchedulerError(`calendarBits must be 0 or an integer in 5..24, got ${bits}`);
    this.calSize = bits === 0 ? 0 : 2 ** bits;
    this.calMask = this.calSize - 1;
  }

  /** Current simulated time in microseconds. */
  get now(): number {
    return this.currentTime;
  }

  /** Number of pending (not cancelled) events. */
  get pending(): number {
    return this.size - this.dead + this.lCount - this.lDead + this.cCount - this.cDead;
  }

  /** Number of events executed since construction. */
  get executed(): number {
    return this.executedCount;
  }

  /** Schedules `fn(arg)` after `delay` microseconds (a finite, non-negative number, rounded). */
  schedule<A>(delay: number, fn: EventHandler<A>, arg: A): EventId {
    if (!(delay >= 0)) throw new SchedulerError(`delay must be >= 0 us, got ${delay}`);
    return this.push(this.currentTime + Math.round(delay), fn as EventHandler<unknown>, arg);
  }

  /** Schedules `fn(arg)` at absolute time `time` (>= now). */
  scheduleAt<A>(time: number, fn: EventHandler<A>, arg: A): EventId {
    if (!(time >= this.currentTime)) throw new SchedulerError(`cannot schedule at ${time} us, before now (${this.currentTime} us)`);
    return this.push(Math.round(time), fn as EventHandler<unknown>, arg);
  }

  /**
   * As {@link scheduleAt}, for a stream of events whose times mostly come in non-decreasing order
   * (deliveries over a fixed latency): each one whose time is not before the lane's last goes to the
   * in-order lane and skips the heap; the others go to the calendar if they are due within its
   * horizon, else to the heap. Execution order is the same either way.
   */
  scheduleAtFifo<A>(time: number, fn: EventHandler<A>, arg: A): EventId {
    if (!(time >= this.currentTime)) throw new SchedulerError(`cannot schedule at ${time} us, before now (${this.currentTime} us)`);
    const t = Math.round(time);
    const n = this.lCount;
    if (n > 0 && t < this.lTime[(this.lHead + n - 1) & (this.lTime.length - 1)]!) {
      if (t - this.currentTime >= this.calSize) return this.push(t, fn as EventHandler<unknown>, arg);
      const s = this.takeSlot(fn as EventHandler<unknown>, arg);
      this.calPush(t, s);
      return this.sGen[s]! * SLOT_LIMIT + s;
    }
    if (!(t <= Number.MAX_SAFE_INTEGER)) throw new SchedulerError(`event time ${time} us is not a finite integer below 2^53`);
    if (n === this.lTime.length) this.growLane();
    const i = (this.lHead + n) & (this.lTime.length - 1);
    const seq = this.nextSeq++;
    this.lTime[i] = t;
    this.lSeq[i] = seq;
    this.lFA[2 * i] = fn;
    this.lFA[2 * i + 1] = arg;
    this.lCount = n + 1;
    return -seq - 2;
  }

  /** Cancels a pending event. Returns false if it already ran or was cancelled. O(1) (O(log n) in the lane). */
  cancel(id: EventId): boolean {
    if (id < 0) {
      const i = this.laneIndex(id);
      if (i < 0) return false;
      this.lFA[2 * i] = undefined;
      this.lFA[2 * i + 1] = undefined;
      this.lDead++;
      return true;
    }
    const slot = id % SLOT_LIMIT;
    if (slot >= this.slotCount || this.sGen[slot] !== Math.floor(id / SLOT_LIMIT) || (this.sGen[slot]! & 1) === 0) return false;
    // The heap entry stays until it surfaces (or a purge); the slot is freed then.
    this.sFA[2 * slot] = undefined;
    this.sFA[2 * slot + 1] = undefined;
    this.sGen[slot] = (this.sGen[slot]! + 1) & GEN_MASK;
    if (this.sWhere[slot] === IN_CALENDAR) this.cDead++;
    else this.dead++;
    return true;
  }

  /** The ring index of the live lane event with this (negative) id, or -1. */
  private laneIndex(id: EventId): number {
    const seq = -id - 2;
    const mask = this.lTime.length - 1;
    let lo = 0;
    let hi = this.lCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lSeq[(this.lHead + mid) & mask]! < seq) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.lCount) return -1;
    const i = (this.lHead + lo) & mask;
    return this.lSeq[i] === seq && this.lFA[2 * i] !== undefined ? i : -1;
  }

  /** True if the event is still pending. */
  isPending(id: EventId): boolean {
    if (id < 0) return this.laneIndex(id) >= 0;
    const slot = id % SLOT_LIMIT;
    return slot < this.slotCount && (this.sGen[slot]! & 1) === 1 && this.sGen[slot] === Math.floor(id / SLOT_LIMIT);
  }

  /** Time of the next pending event, or Infinity. */
  peekTime(): number {
    this.dropDeadTop();
    let t = this.size > 0 ? this.hTime[0]! : Infinity;
    if (this.lCount > 0 && this.lTime[this.lHead]! < t) t = this.lTime[this.lHead]!;
    if (this.cCount > this.cDead && this.calFirst() >= 0 && this.cTime < t) t = this.cTime;
    return t;
  }

  /**
   * Runs events in order until the queue is empty, the next event is later than `until`, or
   * {@link stop} is called. When it ends because no event is due by a finite `until`, the clock
   * advances to `until`. Returns the number of events executed by this call.
   */
  run(until = Infinity): number {
    this.stopped = false;
    const start = this.executedCount;
    while (!this.stopped) {
      // The lane's head runs first unless the heap's top is earlier (or as early and scheduled first).
      let lane = this.lCount > 0;
      if (lane && this.size > 0) {
        const lt = this.lTime[this.lHead]!;
        const ht = this.hTime[0]!;
        lane = lt < ht || (lt === ht && this.lSeq[this.lHead]! < this.sSeq[this.hSlot[0]!]!);
      }
      // Then the calendar's first live event, if it is earlier still (calFirst drops dead ones).
      const cs = this.cCount > this.cDead ? this.calFirst() : -1;
      if (cs >= 0) {
        const ct = this.cTime;
        // The other queues' first event: its time and sequence number (none: Infinity).
        let ot = Infinity;
        let os = 0;
        if (lane) {
          ot = this.lTime[this.lHead]!;
          os = this.lSeq[this.lHead]!;
        } else if (this.size > 0) {
          ot = this.hTime[0]!;
          os = this.sSeq[this.hSlot[0]!]!;
        }
        if (ct < ot || (ct === ot && this.sSeq[cs]! < os)) {
          if (ct > until) break;
          this.calPop(ct, cs);
          this.runSlot(ct, cs);
          continue;
        }
      } else if (!lane && this.size === 0) break;
      if (lane) {
        const t = this.lTime[this.lHead]!;
        if (t > until) break;
        const h = this.lHead;
        // Not cached across the call: a handler's scheduleAtFifo may grow (reallocate) the lane.
        const lFA = this.lFA;
        const fn = lFA[2 * h] as EventHandler<unknown> | undefined;
        const arg = lFA[2 * h + 1];
        lFA[2 * h] = undefined;
        lFA[2 * h + 1] = undefined;
        this.lHead = (h + 1) & (this.lTime.length - 1);
        this.lCount--;
        if (fn === undefined) {
          this.lDead--;
          continue;
        }
        this.currentTime = t;
        this.executedCount++;
        fn(arg);
        continue;
      }
      const t = this.hTime[0]!;
      if (t > until) break;
      const slot = this.hSlot[0]!;
      this.popTop();
      // Not cached in a local: a handler's push may grow (reallocate) the slot arrays.
      const gen = this.sGen[slot]!;
      if ((gen & 1) === 0) {
        this.dead--;
        this.freeSlots[this.freeCount++] = slot;
        continue;
      }
      this.runSlot(t, slot);
    }
    if (!this.stopped && until !== Infinity && until > this.currentTime) this.currentTime = until;
    return this.executedCount - start;
  }

  /** Runs the live event of `slot` at time t (taken off its queue already). */
  private runSlot(t: number, slot: number): void {
    const gen = this.sGen[slot]!;
    const sFA = this.sFA;
    const fn = sFA[2 * slot] as EventHandler<unknown>;
    const arg = sFA[2 * slot + 1];
    sFA[2 * slot] = undefined;
    sFA[2 * slot + 1] = undefined;
    this.sGen[slot] = (gen + 1) & GEN_MASK;
    this.freeSlots[this.freeCount++] = slot;
    this.currentTime = t;
    this.executedCount++;
    fn(arg);
  }

  /**
   * The slot of the calendar's first live event (its time in cTime), dropping the dead entries met on
   * the way; -1 if it has none. Call only with cCount > cDead.
   */
  private calFirst(): number {
    const head = this.cHead!;
    const bitsArr = this.cBits!;
    const sum = this.cSum!;
    const mask = this.calMask;
    const words = bitsArr.length;
    let t = this.cFrom > this.currentTime ? this.cFrom : this.currentTime;
    for (;;) {
      const b = t & mask;
      // The first non-empty bucket at or after b within b's word of the bitmap, if any.
      const word = bitsArr[b >>> 5]! >>> (b & 31);
      if (word === 0) {
        // On to the next non-empty word, through the summary (wrapping at the calendar's end).
        t += 32 - (b & 31);
        let w = (b >>> 5) + 1;
        for (;;) {
          if (w === words) w = 0;
          const sw = sum[w >>> 5]! >>> (w & 31);
          if (sw !== 0) {
            t += 32 * (31 - Math.clz32(sw & -sw));
            break;
          }
          const step = Math.min(32 - (w & 31), words - w);
          t += 32 * step;
          w += step;
        }
        continue;
      }
      const skip = 31 - Math.clz32(word & -word);
      t += skip;
      const bucket = b + skip;
      let s = head[bucket]!;
      // Dead entries at the bucket's head (possibly left from an earlier lap) go first.
      while (s >= 0 && (this.sGen[s]! & 1) === 0) {
        const next = this.sNext[s]!;
        this.cCount--;
        this.cDead--;
        this.freeSlots[this.freeCount++] = s;
        s = next;
      }
      head[bucket] = s;
      if (s < 0) {
        this.calEmptied(bucket);
        t++;
        continue;
      }
      this.cFrom = t;
      this.cTime = t;
      return s;
    }
  }

  /** Takes the live event `slot`, the head of the bucket of time t, off the calendar. */
  private calPop(t: number, slot: number): void {
    const bucket = t & this.calMask;
    const next = this.sNext[slot]!;
    this.cHead![bucket] = next;
    if (next < 0) this.calEmptied(bucket);
    this.cCount--;
    this.sWhere[slot] = IN_HEAP;
  }

  /** Clears the bits of a bucket left empty. */
  private calEmptied(bucket: number): void {
    const w = bucket >>> 5;
    const word = this.cBits![w]! & ~(1 << (bucket & 31));
    this.cBits![w] = word;
    if (word === 0) this.cSum![w >>> 5] = this.cSum![w >>> 5]! & ~(1 << (w & 31));
  }

  /** Appends `slot` (live, due at t with now <= t < now + calSize) to its bucket. */
  private calPush(t: number, slot: number): void {
    if (this.cHead === undefined) {
      this.cHead = new Int32Array(this.calSize).fill(-1);
      this.cTail = new Int32Array(this.calSize);
      this.cBits = new Uint32Array(this.calSize >>> 5);
      this.cSum = new Uint32Array(Math.max(1, this.calSize >>> 10));
    }
    const bucket = t & this.calMask;
    this.sWhere[slot] = IN_CALENDAR;
    this.sNext[slot] = -1;
    const bitsArr = this.cBits!;
    const w = bucket >>> 5;
    const bit = 1 << (bucket & 31);
    if ((bitsArr[w]! & bit) === 0) {
      if (bitsArr[w] === 0) this.cSum![w >>> 5] = this.cSum![w >>> 5]! | (1 << (w & 31));
      bitsArr[w] = bitsArr[w]! | bit;
      this.cHead[bucket] = slot;
    } else {
      this.sNext[this.cTail![bucket]!] = slot;
    }
    this.cTail![bucket] = slot;
    this.cCount++;
    if (t < this.cFrom) this.cFrom = t;
  }

  /** Makes {@link run} return after the event being executed. */
  stop(): void {
    this.stopped = true;
  }

  private dropDeadTop(): void {
    while (this.size > 0 && (this.sGen[this.hSlot[0]!]! & 1) === 0) {
      const slot = this.hSlot[0]!;
      this.popTop();
      this.dead--;
      this.freeSlots[this.freeCount++] = slot;
    }
    while (this.lCount > 0 && this.lFA[2 * this.lHead] === undefined) {
      this.lFA[2 * this.lHead + 1] = undefined;
      this.lHead = (this.lHead + 1) & (this.lTime.length - 1);
      this.lCount--;
      this.lDead--;
    }
  }

  private push(time: number, fn: EventHandler<unknown>, arg: unknown): EventId {
    if (!(time <= Number.MAX_SAFE_INTEGER)) throw new SchedulerError(`event time ${time} us is not a finite integer below 2^53`);
    if (this.size === this.capacity) {
      // Full: drop the dead entries if that frees a quarter of the heap, else grow.
      if (this.dead * 4 >= this.size) this.purge();
      else this.grow();
    }
    const slot = this.takeSlot(fn, arg);
    this.sWhere[slot] = IN_HEAP;
    this.siftUp(this.size++, time, slot);
    return this.sGen[slot]! * SLOT_LIMIT + slot;
  }

  /** A free slot holding fn(arg), live, with the next sequence number. */
  private takeSlot(fn: EventHandler<unknown>, arg: unknown): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount]!;
    else {
      slot = this.slotCount++;
      if (slot >= SLOT_LIMIT) throw new SchedulerError(`more than ${SLOT_LIMIT} pending events`);
      // Slots in use never outnumber heap and calendar entries; the calendar's may exceed the heap's capacity.
      if (slot >= this.sGen.length) this.growSlots(2 * this.sGen.length);
    }
    this.sFA[2 * slot] = fn;
    this.sFA[2 * slot + 1] = arg;
    this.sGen[slot] = (this.sGen[slot]! + 1) & GEN_MASK;
    this.sSeq[slot] = this.nextSeq++;
    return slot;
  }

  private growLane(): void {
    // Full: double, and move the entries before the head to follow those after it.
    const n = this.lTime.length;
    this.lTime = grownTo(this.lTime, 2 * n);
    this.lSeq = grownTo(this.lSeq, 2 * n);
    this.lTime.copyWithin(n, 0, this.lHead);
    this.lSeq.copyWithin(n, 0, this.lHead);
    const fa = this.lFA;
    for (let i = 0; i < 2 * n; i++) fa.push(undefined);
    for (let i = 0; i < 2 * this.lHead; i++) {
      fa[2 * n + i] = fa[i];
      fa[i] = undefined;
    }
  }

  private siftUp(i: number, time: number, slot: number): void {
    const hTime = this.hTime;
    const hSlot = this.hSlot;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = hTime[p]!;
      if (pt < time || (pt === time && this.sSeq[hSlot[p]!]! < this.sSeq[slot]!)) break;
      hTime[i] = pt;
      hSlot[i] = hSlot[p]!;
      i = p;
    }
    hTime[i] = time;
    hSlot[i] = slot;
  }

  private siftDown(i: number, time: number, slot: number, n: number): void {
    const hTime = this.hTime;
    const hSlot = this.hSlot;
    const sSeq = this.sSeq;
    for (;;) {
      // The earliest of up to four children (ties by sequence number).
      let c = 4 * i + 1;
      if (c >= n) break;
      let ct = hTime[c]!;
      const end = c + 4 < n ? c + 4 : n;
      for (let j = c + 1; j < end; j++) {
        const jt = hTime[j]!;
        if (jt < ct || (jt === ct && sSeq[hSlot[j]!]! < sSeq[hSlot[c]!]!)) {
          c = j;
          ct = jt;
        }
      }
      if (time < ct || (time === ct && sSeq[slot]! < sSeq[hSlot[c]!]!)) break;
      hTime[i] = ct;
      hSlot[i] = hSlot[c]!;
      i = c;
    }
    hTime[i] = time;
    hSlot[i] = slot;
  }

  private popTop(): void {
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.hTime[last]!, this.hSlot[last]!, last);
  }

  /** Drops every dead entry and rebuilds the heap bottom-up. */
  private purge(): void {
    const hTime = this.hTime;
    const hSlot = this.hSlot;
    let k = 0;
    for (let i = 0; i < this.size; i++) {
      const s = hSlot[i]!;
      if ((this.sGen[s]! & 1) === 1) {
        hTime[k] = hTime[i]!;
        hSlot[k] = s;
        k++;
      } else this.freeSlots[this.freeCount++] = s;
    }
    this.size = k;
    this.dead = 0;
    for (let i = (k - 2) >> 2; i >= 0; i--) this.siftDown(i, hTime[i]!, hSlot[i]!, k);
  }

  private grow(): void {
    const cap = this.capacity * 2;
    this.hTime = grownTo(this.hTime, cap);
    this.hSlot = grownTo(this.hSlot, cap);
    this.capacity = cap;
    if (this.sGen.length < cap) this.growSlots(cap);
  }

  /** Grows the per-slot arrays to `cap` slots. */
  private growSlots(cap: number): void {
    const old = this.sGen.length;
    this.sGen = grownTo(this.sGen, cap);
    this.freeSlots = grownTo(this.freeSlots, cap);
    this.sSeq = grownTo(this.sSeq, cap);
    this.sWhere = grownTo(this.sWhere, cap);
    this.sNext = grownTo(this.sNext, cap);
    for (let i = old; i < cap; i++) this.sFA.push(undefined, undefined);
  }
}
