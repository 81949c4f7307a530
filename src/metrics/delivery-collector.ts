/**
 * Delivery, latency and relative delay penalty of the multicast messages sent in the window.
 *
 * - A message is one Group API send (alm.multicastSent); it counts if it was sent in [start, end).
 * - Expected receivers: the group's members at the moment of the send (application joined and node
 *   up), except the source itself. Received: expected receivers that delivered it (alm.delivered)
 *   before the end of the run (end + drain). Deliveries to peers that joined after the send are
 *   counted apart as `unexpected`. Delivery ratio = received / expected, over all messages, per
 *   group, and per bin of send time.
 * - Latency: delivery time - send time (the stream header's timestamp), per received copy.
 * - RDP of a delivery: latency / one-way underlay latency from the source's host to the member's
 *   host (direct unicast; on the transit-stub underlay also the IP-multicast delay, as IP
 *   multicast follows the shortest paths). Undefined when that latency is 0.
 * - RAD and RMD (Castro et al., JSAC 2002): per message, the average (maximum) delay over its
 *   receivers divided by the average (maximum) direct delay to the same receivers; per group the
 *   mean over its messages; overall the mean over groups.
 */
import type { Underlay } from '../net/index.ts';
import type { PeerTable } from '../reload/peer-table.ts';
import { f64, i32, u16 } from './columns.ts';
import type { EventSource, MetricsEvent } from './event-source.ts';
import type { GroupIndex } from './group-index.ts';
import type { MembershipTracker } from './membership.ts';
import type { Table } from './run-result.ts';
import { describe, mean, type Stats } from './stats.ts';
import type { MeasurementWindow } from './window.ts';

export interface DeliveryCollectorComponents {
  trace: EventSource<MetricsEvent>;
  groups: GroupIndex;
  membership: MembershipTracker;
  underlay: Underlay;
  peers: Pick<PeerTable, 'host'>;
}

export interface DeliveryCollectorInit {
  algorithm: number;
  window: MeasurementWindow;
  /** Width of the delivery-ratio-over-time bins, us. @default duration / 100 rounded up to 1, 2 or 5 x 10^k s, at least 1 s */
  binWidth?: number;
}

export interface DeliverySummary {
  /** Group API sends of the whole run. */
  readonly sent: number;
  /** Sends in the measurement window (the counted messages). */
  readonly messages: number;
  readonly expected: number;
  readonly received: number;
  /** received / expected, null without expected receivers. */
  readonly ratio: number | null;
  /** Deliveries of counted messages to peers that were not members when it was sent. */
  readonly unexpected: number;
  readonly latencyMs: Stats;
  readonly overlayHops: Stats;
  readonly treeHops: Stats;
  readonly rdp: Stats;
  readonly rad: number | null;
  readonly rmd: number | null;
}

export interface DeliveryResult {
  readonly summary: DeliverySummary;
  /** One row per received copy. */
  readonly deliveries: Table;
  /** One row per group. */
  readonly groups: Table;
  /** Delivery ratio by send time. */
  readonly overTime: Table;
}

const TWO32 = 0x1_0000_0000;

/** duration / 100, rounded up to 1, 2 or 5 x 10^k seconds, at least 1 s (us). */
export function defaultBinWidth(duration: number): number {
  const target = Math.max(1, duration / 1e6 / 100);
  const p = 10 ** Math.floor(Math.log10(target));
  for (const m of [1, 2, 5, 10]) if (m * p >= target - 1e-9) return Math.round(m * p * 1e6);
  return Math.round(10 * p * 1e6);
}

export class DeliveryCollector {
  private readonly algorithm: number;
  private readonly window: MeasurementWindow;
  private readonly binWidth: number;
  private sent = 0;
  private unexpected = 0;
  /** Per group: (source x 2^32 + seq) -> message index. */
  private readonly index: Map<number, number>[];
  // Messages sent in the window.
  private readonly mGroup = i32();
  private readonly mSource = i32();
  private readonly mSrcHost = i32();
  private readonly mSeq = f64();
  private readonly mSentAt = f64();
  private readonly mMark = f64();
  private readonly mExpected = i32();
  private readonly mReceived = i32();
  private readonly mSumDelay = f64();
  private readonly mMaxDelay = f64();
  private readonly mSumLat = f64();
  private readonly mMaxLat = f64();
  // Received copies.
  private readonly dMsg = i32(4096);
  private readonly dPeer = i32(4096);
  private readonly dDelay = f64(4096);
  private readonly dLat = f64(4096);
  private readonly dOverlayHops = u16(4096);
  private readonly dTreeHops = u16(4096);

  constructor(
    private readonly c: DeliveryCollectorComponents,
    init: DeliveryCollectorInit,
  ) {
    this.algorithm = init.algorithm;
    this.window = init.window;
    this.binWidth = init.binWidth ?? defaultBinWidth(init.window.end - init.window.start);
    this.index = Array.from({ length: c.groups.count }, () => new Map());
    c.trace.on('alm.multicastSent', (e) => {
      if (e.algorithm !== this.algorithm) return;
      this.sent++;
      if (e.time < this.window.start || e.time >= this.window.end) return;
      const g = c.groups.byKey(e.group);
      if (g >= 0) this.onSent(g, e.source, e.seq, e.time);
    });
    c.trace.on('alm.delivered', (e) => {
      if (e.algorithm !== this.algorithm) return;
      const g = c.groups.byKey(e.group);
      if (g < 0) return;
      const m = this.index[g]!.get(e.source * TWO32 + e.seq);
      if (m !== undefined) this.onDelivered(m, g, e.peer, e.delay, e.overlayHops, e.treeHops);
    });
  }

  /** The index of a counted message, or -1 (for collectors that follow the same messages). */
  lookup(g: number, source: number, seq: number): number {
    return this.index[g]?.get(source * TWO32 + seq) ?? -1;
  }

  /** Number of counted messages so far; message i's group and source. */
  get messageCount(): number {
    return this.mGroup.length;
  }
  messageGroup(m: number): number {
    return this.mGroup.get(m);
  }
  messageSource(m: number): number {
    return this.mSource.get(m);
  }

  private onSent(g: number, source: number, seq: number, time: number): void {
    const m = this.mGroup.length;
    this.index[g]!.set(source * TWO32 + seq, m);
    const members = this.c.membership;
    const expected = members.of(g).length - (members.since(g, source) >= 0 ? 1 : 0);
    this.mGroup.push(g);
    this.mSource.push(source);
    this.mSrcHost.push(this.c.peers.host[source]!);
    this.mSeq.push(seq);
    this.mSentAt.push(time);
    this.mMark.push(members.mark());
    this.mExpected.push(expected);
    this.mReceived.push(0);
    this.mSumDelay.push(0);
    this.mMaxDelay.push(0);
    this.mSumLat.push(0);
    this.mMaxLat.push(0);
  }

  private onDelivered(m: number, g: number, peer: number, delay: number, overlayHops: number, treeHops: number): void {
    if (peer === this.mSource.get(m)) return;
    const since = this.c.membership.since(g, peer);
    if (since < 0 || since > this.mMark.get(m)) {
      this.unexpected++;
      return;
    }
    const lat = this.c.underlay.latency(this.mSrcHost.get(m), this.c.peers.host[peer]!);
    this.mReceived.add(m, 1);
    this.mSumDelay.add(m, delay);
    if (delay > this.mMaxDelay.get(m)) this.mMaxDelay.set(m, delay);
    this.mSumLat.add(m, lat);
    if (lat > this.mMaxLat.get(m)) this.mMaxLat.set(m, lat);
    this.dMsg.push(m);
    this.dPeer.push(peer);
    this.dDelay.push(delay);
    this.dLat.push(lat);
    this.dOverlayHops.push(Math.min(overlayHops, 0xffff));
    this.dTreeHops.push(Math.min(treeHops, 0xffff));
  }

  finish(): DeliveryResult {
    const n = this.dMsg.length;
    const msg = this.dMsg.view();
    const peerCol = this.dPeer.view();
    const delay = this.dDelay.view();
    const lat = this.dLat.view();
    const host = this.c.peers.host;
    const delayMs = new Float64Array(n);
    const latMs = new Float64Array(n);
    const rdp = new Float64Array(n);
    const time = new Float64Array(n);
    const group = new Int32Array(n);
    const sourceSlot = new Int32Array(n);
    const seq = new Float64Array(n);
    const memberSlot = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const m = msg[i]!;
      delayMs[i] = delay[i]! / 1000;
      latMs[i] = lat[i]! / 1000;
      rdp[i] = lat[i]! > 0 ? delay[i]! / lat[i]! : NaN;
      time[i] = (this.mSentAt.get(m) + delay[i]!) / 1e6;
      group[i] = this.mGroup.get(m);
      sourceSlot[i] = this.mSrcHost.get(m);
      seq[i] = this.mSeq.get(m);
      memberSlot[i] = host[peerCol[i]!]!;
    }
    const deliveries: Table = {
      columns: ['time_s', 'group', 'source_slot', 'seq', 'member_slot', 'member_peer', 'delay_ms', 'unicast_ms', 'rdp', 'overlay_hops', 'tree_hops'],
      length: n,
      data: {
        time_s: time,
        group,
        source_slot: sourceSlot,
        seq,
        member_slot: memberSlot,
        member_peer: peerCol.slice(),
        delay_ms: delayMs,
        unicast_ms: latMs,
        rdp,
        overlay_hops: this.dOverlayHops.view().slice(),
        tree_hops: this.dTreeHops.view().slice(),
      },
    };

    // Per message, then per group.
    const mCount = this.mGroup.length;
    const G = this.c.groups.count;
    const gMessages = new Float64Array(G);
    const gExpected = new Float64Array(G);
    const gReceived = new Float64Array(G);
    const gSumDelay = new Float64Array(G);
    const gRadSum = new Float64Array(G);
    const gRmdSum = new Float64Array(G);
    const gRatioN = new Float64Array(G);
    let expected = 0;
    let received = 0;
    const bins = Math.max(1, Math.ceil((this.window.end - this.window.start) / this.binWidth));
    const bExpected = new Float64Array(bins);
    const bReceived = new Float64Array(bins);
    for (let m = 0; m < mCount; m++) {
      const g = this.mGroup.get(m);
      const e = this.mExpected.get(m);
      const r = this.mReceived.get(m);
      expected += e;
      received += r;
      gMessages[g]!++;
      gExpected[g]! += e;
      gReceived[g]! += r;
      gSumDelay[g]! += this.mSumDelay.get(m);
      const b = Math.min(bins - 1, Math.floor((this.mSentAt.get(m) - this.window.start) / this.binWidth));
      bExpected[b]! += e;
      bReceived[b]! += r;
      if (r > 0 && this.mSumLat.get(m) > 0 && this.mMaxLat.get(m) > 0) {
        gRadSum[g]! += this.mSumDelay.get(m) / this.mSumLat.get(m);
        gRmdSum[g]! += this.mMaxDelay.get(m) / this.mMaxLat.get(m);
        gRatioN[g]!++;
      }
    }
    const rad: number[] = [];
    const rmd: number[] = [];
    const gRad: (number | null)[] = [];
    const gRmd: (number | null)[] = [];
    for (let g = 0; g < G; g++) {
      const k = gRatioN[g]!;
      gRad.push(k > 0 ? gRadSum[g]! / k : null);
      gRmd.push(k > 0 ? gRmdSum[g]! / k : null);
      if (k > 0) {
        rad.push(gRadSum[g]! / k);
        rmd.push(gRmdSum[g]! / k);
      }
    }
    const groups: Table = {
      columns: ['group', 'messages', 'expected', 'received', 'delivery_ratio', 'mean_delay_ms', 'rad', 'rmd'],
      length: G,
      data: {
        group: Array.from({ length: G }, (_, g) => g),
        messages: Array.from(gMessages),
        expected: Array.from(gExpected),
        received: Array.from(gReceived),
        delivery_ratio: Array.from({ length: G }, (_, g) => (gExpected[g]! > 0 ? gReceived[g]! / gExpected[g]! : null)),
        mean_delay_ms: Array.from({ length: G }, (_, g) => (gReceived[g]! > 0 ? gSumDelay[g]! / gReceived[g]! / 1000 : null)),
        rad: gRad,
        rmd: gRmd,
      },
    };
    const overTime: Table = {
      columns: ['bin_start_s', 'bin_end_s', 'expected', 'received', 'delivery_ratio'],
      length: bins,
      data: {
        bin_start_s: Array.from({ length: bins }, (_, b) => (this.window.start + b * this.binWidth) / 1e6),
        bin_end_s: Array.from({ length: bins }, (_, b) => Math.min(this.window.end, this.window.start + (b + 1) * this.binWidth) / 1e6),
        expected: Array.from(bExpected),
        received: Array.from(bReceived),
        delivery_ratio: Array.from({ length: bins }, (_, b) => (bExpected[b]! > 0 ? bReceived[b]! / bExpected[b]! : null)),
      },
    };
    const summary: DeliverySummary = {
      sent: this.sent,
      messages: mCount,
      expected,
      received,
      ratio: expected > 0 ? received / expected : null,
      unexpected: this.unexpected,
      latencyMs: describe(delayMs),
      overlayHops: describe(this.dOverlayHops.view()),
      treeHops: describe(this.dTreeHops.view()),
      rdp: describe(rdp),
      rad: mean(rad),
      rmd: mean(rmd),
    };
    return { summary, deliveries, groups, overTime };
  }
}
