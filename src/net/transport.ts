/**
 * The transport: the one place where underlay latency is applied. `send` schedules the delivery of a
 * message to whatever receiver is attached at the destination host when it arrives.
 *
 * Timing: a message leaves when the sender's uplink is free (per-host FIFO, size * 8 / bandwidth of
 * serialization, none by default), then takes the underlay latency. Delivery always goes through the
 * scheduler, even at zero latency. Messages between a pair of hosts arrive in the order sent (the
 * latency of a pair is fixed and equal-time events run in scheduling order).
 *
 * Loss: decorators decide at send time (see {@link Underlay.drops}); a message arriving at a host with
 * no receiver is dropped as 'no-receiver'. Every send emits `net.sent`, and each message then ends as
 * exactly one `net.delivered` or `net.dropped`.
 *
 * Hot path: in-flight messages live in slots of parallel arrays (the scheduler's argument is the slot
 * number), so a send allocates nothing; the arrival handler is bound once.
 */
import type { Scheduler } from '../sim/scheduler.ts';
import { grownTo } from '../sim/typed-array.ts';
import type { TraceSink } from '../sim/trace.ts';
import type { DropReason, Underlay } from './underlay.ts';

/** What a host's peer implements to receive messages. */
export interface Receiver<M> {
  receive(msg: M, from: number): void;
}

export type NetTraceEvent<M = unknown> =
  | { readonly type: 'net.sent'; readonly time: number; readonly from: number; readonly to: number; readonly size: number; readonly msg: M }
  | {
      readonly type: 'net.delivered';
      readonly time: number;
      readonly from: number;
      readonly to: number;
      readonly size: number;
      readonly msg: M;
      /** Time the message was sent; time - sentAt is its one-way delay. */
      readonly sentAt: number;
    }
  | {
      readonly type: 'net.dropped';
      readonly time: number;
      readonly from: number;
      readonly to: number;
      readonly size: number;
      readonly msg: M;
      readonly reason: DropReason;
    };

const NO_TRACE: TraceSink<NetTraceEvent<never>> = { want: {}, emit() {} };

export interface TransportComponents<M> {
  scheduler: Scheduler;
  underlay: Underlay;
  /** Receives the net* events; none are built when nobody listens. */
  trace?: TraceSink<NetTraceEvent<M>>;
}

export interface TransportInit {
  /**
   * Upload bandwidth in bit/s: one value for every host, or one per host. Infinity (or 0) means no
   * serialization delay. @default Infinity
   */
  uploadBps?: number | ArrayLike<number>;
  /** Initial number of in-flight message slots; grows by doubling. @default 1024 */
  initialCapacity?: number;
}

export class TransportError extends Error {
  override name = 'TransportError';
}

export class Transport<M> {
  readonly hostCount: number;
  private readonly scheduler: Scheduler;
  private readonly underlay: Underlay;
  /** The underlay when it can drop messages, else undefined (so the common case skips the call). */
  private readonly dropper: Underlay | undefined;
  private readonly trace: TraceSink<NetTraceEvent<M>>;
  private readonly receivers: (Receiver<M> | undefined)[];
  /** Microseconds per byte of each host's uplink (0: no serialization), or undefined when none has one. */
  private usPerByte: Float64Array | undefined;
  private busyUntil: Float64Array | undefined;

  // In-flight message slots.
  private sFrom: Uint32Array;
  private sTo: Uint32Array;
  private sSize: Float64Array;
  private sSent: Float64Array;
  private sMsg: (M | undefined)[];
  private free: Uint32Array;
  private freeCount = 0;
  private slotCount = 0;
  private capacity: number;

  private sent = 0;
  private delivered = 0;
  private dropped = 0;

  constructor(components: TransportComponents<M>, init: TransportInit = {}) {
    this.scheduler = components.scheduler;
    this.underlay = components.underlay;
    this.dropper = typeof components.underlay.drops === 'function' ? components.underlay : undefined;
    this.trace = components.trace ?? (NO_TRACE as TraceSink<NetTraceEvent<M>>);
    this.hostCount = components.underlay.hostCount;
    this.receivers = new Array<Receiver<M> | undefined>(this.hostCount).fill(undefined);
    const bw = init.uploadBps ?? Infinity;
    if (typeof bw === 'number') {
      if (bw !== Infinity && bw !== 0) this.setAllUploads(() => bw);
    } else {
      if (bw.length !== this.hostCount) {
        throw new TransportError(`uploadBps: expected one value per host (${this.hostCount}), got ${bw.length}`);
      }
      this.setAllUploads((h) => bw[h]!);
    }
    const cap = Math.max(16, init.initialCapacity ?? 1024);
    this.capacity = cap;
    this.sFrom = new Uint32Array(cap);
    this.sTo = new Uint32Array(cap);
    this.sSize = new Float64Array(cap);
    this.sSent = new Float64Array(cap);
    this.sMsg = new Array<M | undefined>(cap).fill(undefined);
    this.free = new Uint32Array(cap);
  }

  /** Messages sent, delivered and dropped so far. */
  get counts(): { sent: number; delivered: number; dropped: number; inFlight: number } {
    return { sent: this.sent, delivered: this.delivered, dropped: this.dropped, inFlight: this.slotCount - this.freeCount };
  }

  /** Attaches the receiver of a host. A host has at most one; detach the old one first. */
  attach(host: number, receiver: Receiver<M>): void {
    this.checkHost('attach', host);
    if (this.receivers[host] !== undefined) throw new TransportError(`attach: host ${host} already has a receiver; detach it first`);
    this.receivers[host] = receiver;
  }

  /** Detaches a host's receiver (the peer left or crashed); messages arriving later are dropped. */
  detach(host: number): void {
    this.checkHost('detach', host);
    this.receivers[host] = undefined;
  }

  receiverAt(host: number): Receiver<M> | undefined {
    return this.receivers[host];
  }

  /** Sets one host's upload bandwidth (bit/s; Infinity or 0 for none); applies to later sends. */
  setUploadBps(host: number, bps: number): void {
    this.checkHost('setUploadBps', host);
    if (!(bps >= 0)) throw new TransportError(`setUploadBps: bandwidth must be >= 0 bit/s, got ${bps}`);
    if (this.usPerByte === undefined) {
      this.usPerByte = new Float64Array(this.hostCount);
      this.busyUntil = new Float64Array(this.hostCount);
    }
    this.usPerByte[host] = bps === Infinity || bps === 0 ? 0 : 8e6 / bps;
  }

  /**
   * Sends `msg` of `sizeBytes` bytes from host `from` to host `to`. Returns false if the underlay
   * dropped it at once (loss, partition), as a link layer would learn from a missing acknowledgement;
   * true if it is on its way (it may still find no receiver on arrival).
   */
  send(from: number, to: number, msg: M, sizeBytes: number): boolean {
    if (!(from >= 0 && from < this.hostCount && to >= 0 && to < this.hostCount)) {
      throw new TransportError(`send: hosts must be in [0, ${this.hostCount}), got ${from} -> ${to}`);
    }
    const now = this.scheduler.now;
    const trace = this.trace;
    this.sent++;
    if (trace.want['net.sent']) trace.emit({ type: 'net.sent', time: now, from, to, size: sizeBytes, msg });
    let depart = now;
    const upb = this.usPerByte;
    if (upb !== undefined && upb[from]! > 0) {
      const busy = this.busyUntil!;
      const b = busy[from]!;
      const done = (b > now ? b : now) + sizeBytes * upb[from]!;
      busy[from] = done;
      // The last bit leaves at `done`; arrival times are whole microseconds, never early.
      depart = Math.ceil(done);
    }
    if (this.dropper !== undefined) {
      const reason = this.dropper.drops!(from, to, now);
      if (reason !== null) {
        this.dropped++;
        if (trace.want['net.dropped']) trace.emit({ type: 'net.dropped', time: now, from, to, size: sizeBytes, msg, reason });
        return false;
      }
    }
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount]!;
    else {
      if (this.slotCount === this.capacity) this.grow();
      slot = this.slotCount++;
    }
    this.sFrom[slot] = from;
    this.sTo[slot] = to;
    this.sSize[slot] = sizeBytes;
    this.sSent[slot] = now;
    this.sMsg[slot] = msg;
    // Over a constant latency (no uplink queue) arrival times never decrease, so deliveries take the
    // scheduler's in-order lane instead of its heap; other underlays use it as far as they keep order.
    this.scheduler.scheduleAtFifo(depart + this.underlay.latency(from, to), this.onArrival, slot);
    return true;
  }

  private readonly onArrival = (slot: number): void => {
    const from = this.sFrom[slot]!;
    const to = this.sTo[slot]!;
    const msg = this.sMsg[slot] as M;
    this.sMsg[slot] = undefined;
    this.free[this.freeCount++] = slot;
    const r = this.receivers[to];
    const trace = this.trace;
    if (r === undefined) {
      this.dropped++;
      if (trace.want['net.dropped']) {
        trace.emit({ type: 'net.dropped', time: this.scheduler.now, from, to, size: this.sSize[slot]!, msg, reason: 'no-receiver' });
      }
      return;
    }
    this.delivered++;
    if (trace.want['net.delivered']) {
      trace.emit({ type: 'net.delivered', time: this.scheduler.now, from, to, size: this.sSize[slot]!, msg, sentAt: this.sSent[slot]! });
    }
    r.receive(msg, from);
  };

  private setAllUploads(bps: (h: number) => number): void {
    for (let h = 0; h < this.hostCount; h++) this.setUploadBps(h, bps(h));
  }

  private checkHost(op: string, host: number): void {
    if (!(Number.isInteger(host) && host >= 0 && host < this.hostCount)) {
      throw new TransportError(`${op}: host must be an integer in [0, ${this.hostCount}), got ${host}`);
    }
  }

  private grow(): void {
    const cap = this.capacity * 2;
    this.sFrom = grownTo(this.sFrom, cap);
    this.sTo = grownTo(this.sTo, cap);
    this.sSize = grownTo(this.sSize, cap);
    this.sSent = grownTo(this.sSent, cap);
    this.free = grownTo(this.free, cap);
    for (let i = this.capacity; i < cap; i++) this.sMsg.push(undefined);
    this.capacity = cap;
  }
}
