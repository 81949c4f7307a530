/**
 * Forwarding load (P2PCast paper, Nicolosi & Annapureddy 2003): how much of each message a peer
 * sends on, in units of one whole message. Every Push a peer sends down a tree (alm.pushForwarded
 * with a tree neighbour) carries one stripe of the message, 1/stripes of a unit (Scribe: a whole
 * unit); the Push a non-root source sends towards the rendezvous point carries the whole message,
 * one unit. Retransmissions are not Pushes of the algorithm and are not counted.
 *
 * The distribution is over (peer, message) pairs, for the messages counted by the delivery
 * collector (sent in the window): every peer that sent a Push of the message, with its load, and
 * every other expected receiver of the message (a member when it was sent), with load 0. A P2PCast
 * interior node with f children in its stripe forwards f x 1/f = 1 unit; its rendezvous point
 * f units; a Scribe forwarder one unit per child.
 */
import { f64, i32, u16 } from './columns.ts';
import type { DeliveryCollector } from './delivery-collector.ts';
import type { EventSource, MetricsEvent } from './event-source.ts';
import type { GroupIndex } from './group-index.ts';
import type { MembershipTracker } from './membership.ts';
import { EMPTY_STATS, type Stats } from './stats.ts';
import type { MeasurementWindow } from './window.ts';

/** Values with a count each (a weighted sample): `counts[i]` pairs have value `values[i]`. */
export interface WeightedValues {
  /** Ascending, distinct. */
  readonly values: Float64Array;
  readonly counts: Float64Array;
}

export interface ForwardingLoadSummary extends Stats {
  /** max / mean, null without load. */
  readonly maxOverMean: number | null;
}

export interface ForwardingLoadResult {
  readonly summary: ForwardingLoadSummary;
  /** Load per (peer, message) pair, as distinct values and their counts. */
  readonly distribution: WeightedValues;
}

export interface ForwardingLoadCollectorComponents {
  trace: EventSource<MetricsEvent>;
  groups: GroupIndex;
  membership: MembershipTracker;
  /** Numbers the counted messages (subscribed before this collector). */
  deliveries: DeliveryCollector;
}

export interface ForwardingLoadCollectorInit {
  algorithm: number;
  window: MeasurementWindow;
  /** Stripes per message of the algorithm (Scribe 1, P2PCast f). @default 1 */
  stripes?: number;
}

export class ForwardingLoadCollector {
  private readonly algorithm: number;
  private readonly window: MeasurementWindow;
  private readonly stripes: number;
  /** Per counted message: expected receivers, and the membership mark at its send. */
  private readonly mExpected = i32();
  private readonly mMark = f64();
  private readonly mSource = i32();
  // Pushes of counted messages.
  private readonly pMsg = i32(4096);
  private readonly pPeer = i32(4096);
  private readonly pWeight = f64(4096);
  /** 1 if the sender was an expected receiver of the message. */
  private readonly pExpected = u16(4096);

  constructor(
    private readonly c: ForwardingLoadCollectorComponents,
    init: ForwardingLoadCollectorInit,
  ) {
    this.algorithm = init.algorithm;
    this.window = init.window;
    this.stripes = Math.max(1, init.stripes ?? 1);
    c.trace.on('alm.multicastSent', (e) => {
      if (e.algorithm !== this.algorithm || e.time < this.window.start || e.time >= this.window.end) return;
      const g = c.groups.byKey(e.group);
      if (g < 0) return;
      const m = c.deliveries.lookup(g, e.source, e.seq);
      if (m < 0 || m !== this.mExpected.length) return;
      const members = c.membership;
      this.mExpected.push(members.of(g).length - (members.since(g, e.source) >= 0 ? 1 : 0));
      this.mMark.push(members.mark());
      this.mSource.push(e.source);
    });
    c.trace.on('alm.pushForwarded', (e) => {
      if (e.algorithm !== this.algorithm) return;
      const g = c.groups.byKey(e.group);
      if (g < 0) return;
      const m = c.deliveries.lookup(g, e.source, e.seq);
      if (m < 0 || m >= this.mExpected.length) return;
      const since = c.membership.since(g, e.peer);
      const expected = e.peer !== this.mSource.get(m) && since >= 0 && since <= this.mMark.get(m);
      this.pMsg.push(m);
      this.pPeer.push(e.peer);
      this.pWeight.push(e.to < 0 ? 1 : 1 / this.stripes);
      this.pExpected.push(expected ? 1 : 0);
    });
  }

  finish(): ForwardingLoadResult {
    const messages = this.mExpected.length;
    const n = this.pMsg.length;
    // Pushes grouped by message (counting sort, stable), then by peer within a message.
    const start = new Int32Array(messages + 1);
    for (let i = 0; i < n; i++) start[this.pMsg.get(i) + 1]!++;
    for (let m = 0; m < messages; m++) start[m + 1]! += start[m]!;
    const order = new Int32Array(n);
    const fill = start.slice(0, messages);
    for (let i = 0; i < n; i++) order[fill[this.pMsg.get(i)]!++] = i;
    const byValue = new Map<number, number>();
    const add = (v: number, count: number) => {
      // Loads are sums of 1/stripes: rounding keeps float sums of equal loads in one bin.
      const key = Math.round(v * 1e9) / 1e9;
      byValue.set(key, (byValue.get(key) ?? 0) + count);
    };
    for (let m = 0; m < messages; m++) {
      const ids = Array.from(order.subarray(start[m]!, start[m + 1]!)).sort((a, b) => this.pPeer.get(a) - this.pPeer.get(b) || a - b);
      let expectedForwarders = 0;
      for (let k = 0; k < ids.length; ) {
        const peer = this.pPeer.get(ids[k]!);
        let load = 0;
        let expected = false;
        for (; k < ids.length && this.pPeer.get(ids[k]!) === peer; k++) {
          load += this.pWeight.get(ids[k]!);
          if (this.pExpected.get(ids[k]!) === 1) expected = true;
        }
        add(load, 1);
        if (expected) expectedForwarders++;
      }
      const zeros = this.mExpected.get(m) - expectedForwarders;
      if (zeros > 0) add(0, zeros);
    }
    const values = Float64Array.from([...byValue.keys()].sort((a, b) => a - b));
    const counts = Float64Array.from(values, (v) => byValue.get(v)!);
    return { summary: weightedSummary({ values, counts }), distribution: { values, counts } };
  }
}

/** Stats of a weighted sample (nearest-rank percentiles over the pairs), with max / mean. */
export function weightedSummary(w: WeightedValues): ForwardingLoadSummary {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < w.values.length; i++) {
    total += w.counts[i]!;
    sum += w.values[i]! * w.counts[i]!;
  }
  if (total === 0) return { ...EMPTY_STATS, maxOverMean: null };
  const at = (q: number): number => {
    const rank = Math.min(total, Math.max(1, Math.ceil(q * total)));
    let seen = 0;
    for (let i = 0; i < w.values.length; i++) {
      seen += w.counts[i]!;
      if (seen >= rank) return w.values[i]!;
    }
    return w.values[w.values.length - 1]!;
  };
  const mean = sum / total;
  const max = w.values[w.values.length - 1]!;
  return { count: total, mean, p50: at(0.5), p95: at(0.95), max, maxOverMean: mean > 0 ? max / mean : null };
}
