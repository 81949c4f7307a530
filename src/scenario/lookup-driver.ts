/**
 * Drives the overlay lookups of `workload.lookups`: RouteQuery requests (RFC 6940 §6.4.2.4) from a
 * uniformly random peer slot to a uniformly random Resource-ID, answered by the peer responsible
 * for it (Overlay.lookup). A lookup whose slot has no node in the overlay then is skipped (and
 * traced as such), as a send is.
 *
 * Times: with `count`, evenly spaced over [start, stop) from one random phase; with `rate` (per
 * peer slot per second), Poisson arrivals of total rate rate x peerSlots. Each lookup draws its
 * slot and its key from the "workload.lookups" stream whether or not it is sent, so the schedule
 * depends on the seed and run alone: every algorithm of a comparison sees the same lookups.
 */
import type { LookupTraceEvent } from '../metrics/lookup-collector.ts';
import { Id } from '../reload/id.ts';
import type { LookupResult, Overlay } from '../reload/overlay.ts';
import type { RandomStream, Scheduler, TraceSink } from '../sim/index.ts';
import { SECOND } from '../sim/time.ts';
import type { SlotTable } from './slot-table.ts';

export interface LookupDriverComponents {
  scheduler: Scheduler;
  overlay: Pick<Overlay, 'lookup' | 'peers'>;
  slots: SlotTable;
  /** The run's "workload.lookups" stream. */
  rng: RandomStream;
  trace: TraceSink<LookupTraceEvent>;
}

export interface LookupDriverInit {
  /** Lookups per peer slot per second (Poisson). @default 0 */
  rate?: number;
  /** Lookups over [start, stop), evenly spaced (instead of rate). @default none */
  count?: number;
  /** First lookup time, us. */
  start: number;
  /** No lookup at or after this time, us. */
  stop: number;
}

export class LookupDriver {
  /** Lookups due so far. */
  issued = 0;
  private readonly rate: number;
  private readonly count: number | undefined;
  private readonly from: number;
  private readonly until: number;
  private phase = 0;
  private gap = 0;
  private nextTime = 0;
  private started = false;
  private readonly onDueBound = (): void => this.due();

  constructor(
    private readonly c: LookupDriverComponents,
    init: LookupDriverInit,
  ) {
    this.rate = init.rate ?? 0;
    this.count = init.count;
    this.from = init.start;
    this.until = init.stop;
  }

  /** True if the settings ask for any lookup. */
  get enabled(): boolean {
    return this.until > this.from && (this.count !== undefined ? this.count > 0 : this.rate > 0) && this.c.slots.peerSlots > 0;
  }

  /** Schedules the first lookup. */
  start(): void {
    if (this.started) throw new Error('LookupDriver.start: already started');
    this.started = true;
    if (!this.enabled) return;
    const span = this.until - this.from;
    if (this.count !== undefined) {
      this.gap = span / this.count;
      this.phase = this.c.rng.next() * this.gap;
      this.nextTime = this.from + this.phase;
    } else {
      this.gap = SECOND / (this.rate * this.c.slots.peerSlots);
      this.nextTime = this.from + this.c.rng.exponential(this.gap);
    }
    this.scheduleNext();
  }

  private scheduleNext(): void {
    if (this.nextTime >= this.until) return;
    const sch = this.c.scheduler;
    sch.scheduleAt(Math.max(Math.floor(this.nextTime), sch.now), this.onDueBound, null);
  }

  private due(): void {
    const { rng, slots, overlay, trace, scheduler } = this.c;
    const id = this.issued++;
    const slot = rng.int(slots.peerSlots);
    const key = new Id(rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32());
    const p = slots.peerOf[slot]!;
    const peer = p >= 0 && overlay.peers.isUp(p) ? p : -1;
    const now = scheduler.now;
    if (trace.want['scenario.lookup']) trace.emit({ type: 'scenario.lookup', time: now, id, slot, peer });
    if (peer >= 0) {
      overlay.lookup(peer, key, (r: LookupResult) => {
        if (trace.want['scenario.lookupDone']) {
          trace.emit({ type: 'scenario.lookupDone', time: scheduler.now, id, issuedAt: now, peer, ok: r.ok, responder: r.responder, hops: r.hops, rtt: r.rtt });
        }
      });
    }
    this.nextTime = this.count !== undefined ? this.from + this.phase + this.issued * this.gap : this.nextTime + rng.exponential(this.gap);
    this.scheduleNext();
  }
}
