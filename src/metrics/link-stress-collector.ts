/**
 * Link stress on a routed (transit-stub) underlay: how many copies of one multicast message cross
 * each router link (Castro et al., JSAC 2002, §4.3), for the algorithm and two baselines.
 *
 * - Algorithm: every transmission of one of the message's Pushes over an overlay link
 *   (reload.messageSent of an exp_a Push, so overlay-routed Pushes count on every hop, and
 *   retransmissions again) adds its weight to each router link of the shortest path between the two
 *   hosts' routers. The weight is 1 / stripes (a P2PCast stripe carries 1/f of the message), so a
 *   full copy counts 1. Access links (host to router) are not router links and are not counted.
 * - IP multicast: the union of the shortest router paths from the source's router to the routers of
 *   the message's expected receivers (each link once, stress 1).
 * - Unicast: the source sends one copy per expected receiver along the shortest path; a link's
 *   stress is the number of receivers whose path crosses it.
 * For each, per message: the links used and the total copies; pooled over the messages of the
 * window: the mean stress of a used link (total copies / links used), the maximum stress, and the
 * number of (message, link) pairs at each stress (the histogram the charts draw).
 */
import type { AlmMessage } from '../alm/wire/alm-message.ts';
import type { Push } from '../alm/wire/bodies.ts';
import { ALM_PUSH } from '../alm/wire/codes.ts';
import type { RoutedUnderlay } from '../net/index.ts';
import type { PeerTable } from '../reload/peer-table.ts';
import { MessageCode } from '../reload/wire/codes.ts';
import { f64, i32 } from './columns.ts';
import type { DeliveryCollector } from './delivery-collector.ts';
import type { EventSource, MetricsEvent } from './event-source.ts';
import type { GroupIndex } from './group-index.ts';
import type { MembershipTracker } from './membership.ts';
import type { MeasurementWindow } from './window.ts';

export interface LinkStressStats {
  /** Messages measured. */
  readonly messages: number;
  /** Mean over messages of the router links used. */
  readonly linksPerMessage: number | null;
  /** Total copies / links used, pooled over messages. */
  readonly mean: number | null;
  readonly max: number | null;
  /** [stress, number of (message, link) pairs with it], ascending stress. */
  readonly histogram: readonly (readonly [number, number])[];
}

export interface LinkStressSummary {
  readonly applicable: boolean;
  readonly algorithm: LinkStressStats | null;
  readonly ipMulticast: LinkStressStats | null;
  readonly unicast: LinkStressStats | null;
}

export const LINK_STRESS_NOT_APPLICABLE: LinkStressSummary = { applicable: false, algorithm: null, ipMulticast: null, unicast: null };

export interface LinkStressCollectorComponents {
  trace: EventSource<MetricsEvent>;
  underlay: RoutedUnderlay;
  peers: Pick<PeerTable, 'host'>;
  groups: GroupIndex;
  membership: MembershipTracker;
  /** Numbers the counted messages (subscribed before this collector). */
  deliveries: DeliveryCollector;
}

export interface LinkStressCollectorInit {
  algorithm: number;
  window: MeasurementWindow;
}

/** Accumulates per-message link loads into pooled statistics. */
class StressAccumulator {
  messages = 0;
  linksUsed = 0;
  copies = 0;
  max = 0;
  readonly histogram = new Map<number, number>();

  addMessage(links: number): void {
    this.messages++;
    this.linksUsed += links;
  }

  addLink(stress: number, pairs = 1): void {
    this.copies += stress * pairs;
    if (stress > this.max) this.max = stress;
    // Stress values are multiples of 1/stripes; rounding keeps float sums from splitting bins.
    const key = Math.round(stress * 1e6) / 1e6;
    this.histogram.set(key, (this.histogram.get(key) ?? 0) + pairs);
  }

  stats(): LinkStressStats {
    return {
      messages: this.messages,
      linksPerMessage: this.messages > 0 ? this.linksUsed / this.messages : null,
      mean: this.linksUsed > 0 ? this.copies / this.linksUsed : null,
      max: this.messages > 0 ? this.max : null,
      histogram: [...this.histogram].sort((a, b) => a[0] - b[0]),
    };
  }
}

export class LinkStressCollector {
  private readonly u: RoutedUnderlay;
  private readonly algorithm: number;
  private readonly window: MeasurementWindow;
  // Push transmissions of counted messages.
  private readonly tMsg = i32(4096);
  private readonly tFrom = i32(4096);
  private readonly tTo = i32(4096);
  private readonly tWeight = f64(4096);
  private readonly ipm = new StressAccumulator();
  private readonly unicast = new StressAccumulator();
  // Scratch, reused for every message.
  private readonly routerCount: Uint32Array;
  private readonly touchedRouters: Uint32Array;
  private readonly linkLoad: Float64Array;
  private readonly linkSeen: Uint8Array;
  private readonly touchedLinks: Uint32Array;
  private readonly path: Uint32Array;

  constructor(
    private readonly c: LinkStressCollectorComponents,
    init: LinkStressCollectorInit,
  ) {
    this.u = c.underlay;
    this.algorithm = init.algorithm;
    this.window = init.window;
    this.routerCount = new Uint32Array(this.u.routerCount);
    this.touchedRouters = new Uint32Array(this.u.routerCount);
    this.linkLoad = new Float64Array(this.u.linkCount);
    this.linkSeen = new Uint8Array(this.u.linkCount);
    this.touchedLinks = new Uint32Array(this.u.linkCount);
    this.path = new Uint32Array(Math.max(1, this.u.routerCount));
    c.trace.on('alm.multicastSent', (e) => {
      if (e.algorithm !== this.algorithm || e.time < this.window.start || e.time >= this.window.end) return;
      const g = c.groups.byKey(e.group);
      if (g < 0) return;
      if (c.deliveries.lookup(g, e.source, e.seq) >= 0) this.baselines(g, e.source);
    });
    c.trace.on('reload.messageSent', (e) => {
      if (e.code !== MessageCode.ExpAReq) return;
      const m = e.msg.body as AlmMessage;
      if (m.code !== ALM_PUSH || m.algorithmId !== this.algorithm) return;
      const push = m.body as Push;
      const data = push.data;
      if (data.length < 18) return;
      const g = c.groups.byId(push.groupId);
      if (g < 0) return;
      // The stream header (stream-header.ts): source u32 at 0, seq u32 at 4, stripes u8 at 17.
      const source = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
      const seq = ((data[4]! << 24) | (data[5]! << 16) | (data[6]! << 8) | data[7]!) >>> 0;
      const msg = c.deliveries.lookup(g, source, seq);
      if (msg < 0) return;
      const hosts = c.peers.host;
      this.tMsg.push(msg);
      this.tFrom.push(hosts[e.peer]!);
      this.tTo.push(hosts[e.to]!);
      this.tWeight.push(1 / Math.max(1, data[17]!));
    });
  }

  /** IP multicast and unicast loads of one message to the group's current members (minus the source). */
  private baselines(g: number, source: number): void {
    const u = this.u;
    const hosts = this.c.peers.host;
    const src = u.hostRouter(hosts[source]!);
    const count = this.routerCount;
    const touched = this.touchedRouters;
    let nr = 0;
    for (const p of this.c.membership.of(g)) {
      if (p === source) continue;
      const r = u.hostRouter(hosts[p]!);
      if (count[r]!++ === 0) touched[nr++] = r;
    }
    const load = this.linkLoad;
    const links = this.touchedLinks;
    let nl = 0;
    for (let i = 0; i < nr; i++) {
      const r = touched[i]!;
      const k = u.routerLinkPathInto(src, r, this.path);
      const w = count[r]!;
      for (let j = 0; j < k; j++) {
        const l = this.path[j]!;
        if (load[l] === 0) links[nl++] = l;
        load[l]! += w;
      }
      count[r] = 0;
    }
    this.ipm.addMessage(nl);
    this.unicast.addMessage(nl);
    if (nl > 0) this.ipm.addLink(1, nl);
    for (let i = 0; i < nl; i++) {
      const l = links[i]!;
      this.unicast.addLink(load[l]!);
      load[l] = 0;
    }
  }

  finish(): LinkStressSummary {
    const alg = new StressAccumulator();
    const n = this.tMsg.length;
    const messages = this.c.deliveries.messageCount;
    // Transmissions grouped by message (counting sort, stable).
    const start = new Int32Array(messages + 1);
    for (let i = 0; i < n; i++) start[this.tMsg.get(i) + 1]!++;
    for (let m = 0; m < messages; m++) start[m + 1]! += start[m]!;
    const order = new Int32Array(n);
    const fill = start.slice(0, messages);
    for (let i = 0; i < n; i++) order[fill[this.tMsg.get(i)]!++] = i;
    const u = this.u;
    const load = this.linkLoad;
    const seen = this.linkSeen;
    const links = this.touchedLinks;
    for (let m = 0; m < messages; m++) {
      let nl = 0;
      for (let k = start[m]!; k < start[m + 1]!; k++) {
        const i = order[k]!;
        const a = u.hostRouter(this.tFrom.get(i));
        const b = u.hostRouter(this.tTo.get(i));
        const w = this.tWeight.get(i);
        const len = u.routerLinkPathInto(a, b, this.path);
        for (let j = 0; j < len; j++) {
          const l = this.path[j]!;
          if (seen[l] === 0) {
            seen[l] = 1;
            links[nl++] = l;
          }
          load[l]! += w;
        }
      }
      alg.addMessage(nl);
      for (let j = 0; j < nl; j++) {
        const l = links[j]!;
        alg.addLink(load[l]!);
        load[l] = 0;
        seen[l] = 0;
      }
    }
    return { applicable: true, algorithm: alg.stats(), ipMulticast: this.ipm.stats(), unicast: this.unicast.stats() };
  }
}
