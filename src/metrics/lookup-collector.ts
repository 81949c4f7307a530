/**
 * Overlay lookups (the scenario's `workload.lookups`): RouteQuery requests to random Resource-IDs.
 * For the lookups issued in the window: how many were answered by the responsible peer (success
 * ratio = answered / issued; a lookup with no answer by the end of the run counts as not answered),
 * the overlay hops each answered request took (RELOAD hops from the sender to the responder), and
 * the round-trip time. Lookups whose slot had no running node are counted apart (`skipped`).
 */
import { f64, i32 } from './columns.ts';
import type { EventSource, MetricsEvent } from './event-source.ts';
import type { Table } from './run-result.ts';
import { describe, type Stats } from './stats.ts';
import type { MeasurementWindow } from './window.ts';

/** A lookup of the workload was due: sent by `peer`, or skipped (peer -1) when the slot had none up. */
export interface LookupSentEvent {
  readonly type: 'scenario.lookup';
  readonly time: number;
  /** Sequence number of the lookup in the run, from 0. */
  readonly id: number;
  readonly slot: number;
  readonly peer: number;
}

/** A lookup was answered (ok: by a RouteQueryAns) or failed (an error or the transaction timed out). */
export interface LookupDoneEvent {
  readonly type: 'scenario.lookupDone';
  readonly time: number;
  readonly id: number;
  /** When it was sent, us. */
  readonly issuedAt: number;
  readonly peer: number;
  readonly ok: boolean;
  readonly responder: number;
  /** Overlay hops of the request. */
  readonly hops: number;
  /** Round-trip time, us. */
  readonly rtt: number;
}

export type LookupTraceEvent = LookupSentEvent | LookupDoneEvent;

export interface LookupSummary {
  /** Lookups sent in the window. */
  readonly issued: number;
  /** Lookups due in the window whose slot had no running node. */
  readonly skipped: number;
  readonly answered: number;
  /** Failed with an error or a transaction timeout. */
  readonly failed: number;
  /** answered / issued; null without lookups. */
  readonly successRatio: number | null;
  /** Overlay hops of the answered lookups. */
  readonly hops: Stats;
  readonly rttMs: Stats;
}

export interface LookupResult {
  readonly summary: LookupSummary;
  /** One row per lookup sent in the window. */
  readonly lookups: Table;
  /** Overlay hops of each answered lookup, in send order. */
  readonly hops: Float64Array;
}

export interface LookupCollectorComponents {
  trace: EventSource<MetricsEvent>;
}

export interface LookupCollectorInit {
  window: MeasurementWindow;
}

const PENDING = 0;
const ANSWERED = 1;
const FAILED = 2;

export class LookupCollector {
  private readonly window: MeasurementWindow;
  private skipped = 0;
  /** Lookup id -> row, for lookups sent in the window. */
  private readonly rowOf = new Map<number, number>();
  private readonly rIssued = f64();
  private readonly rPeer = i32();
  private readonly rSlot = i32();
  private readonly rState = i32();
  private readonly rHops = f64();
  private readonly rRtt = f64();

  constructor(c: LookupCollectorComponents, init: LookupCollectorInit) {
    this.window = init.window;
    c.trace.on('scenario.lookup', (e) => {
      if (e.time < this.window.start || e.time >= this.window.end) return;
      if (e.peer < 0) {
        this.skipped++;
        return;
      }
      this.rowOf.set(e.id, this.rIssued.length);
      this.rIssued.push(e.time);
      this.rPeer.push(e.peer);
      this.rSlot.push(e.slot);
      this.rState.push(PENDING);
      this.rHops.push(NaN);
      this.rRtt.push(NaN);
    });
    c.trace.on('scenario.lookupDone', (e) => {
      const r = this.rowOf.get(e.id);
      if (r === undefined) return;
      this.rowOf.delete(e.id);
      this.rState.set(r, e.ok ? ANSWERED : FAILED);
      if (e.ok) {
        this.rHops.set(r, e.hops);
        this.rRtt.set(r, e.rtt);
      }
    });
  }

  finish(): LookupResult {
    const n = this.rIssued.length;
    const hops: number[] = [];
    const rtt: number[] = [];
    let answered = 0;
    let failed = 0;
    const outcome: string[] = [];
    const hopCol: (number | null)[] = [];
    const rttCol: (number | null)[] = [];
    for (let i = 0; i < n; i++) {
      const st = this.rState.get(i);
      if (st === ANSWERED) {
        answered++;
        hops.push(this.rHops.get(i));
        rtt.push(this.rRtt.get(i) / 1000);
        hopCol.push(this.rHops.get(i));
        rttCol.push(this.rRtt.get(i) / 1000);
      } else {
        if (st === FAILED) failed++;
        hopCol.push(null);
        rttCol.push(null);
      }
      outcome.push(st === ANSWERED ? 'answered' : st === FAILED ? 'failed' : 'unanswered');
    }
    const hopsArray = Float64Array.from(hops);
    return {
      summary: {
        issued: n,
        skipped: this.skipped,
        answered,
        failed,
        successRatio: n > 0 ? answered / n : null,
        hops: describe(hopsArray),
        rttMs: describe(rtt),
      },
      lookups: {
        columns: ['time_s', 'slot', 'peer', 'outcome', 'hops', 'rtt_ms'],
        length: n,
        data: {
          time_s: Array.from(this.rIssued.view(), (t) => t / 1e6),
          slot: this.rSlot.view().slice(),
          peer: this.rPeer.view().slice(),
          outcome,
          hops: hopCol,
          rtt_ms: rttCol,
        },
      },
      hops: hopsArray,
    };
  }
}
