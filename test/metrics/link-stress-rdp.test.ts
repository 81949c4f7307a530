import { describe, expect, it } from 'vitest';
import { DeliveryCollector } from '../../src/metrics/delivery-collector.ts';
import { GroupIndex } from '../../src/metrics/group-index.ts';
import { LinkStressCollector } from '../../src/metrics/link-stress-collector.ts';
import { MembershipTracker } from '../../src/metrics/membership.ts';
import { group, lineUnderlay, makeTrace, peerTable, pushMessage, SCRIBE, sent, WINDOW } from './helpers.ts';

/**
 * Three peers on a line of routers A - B - C (10 ms links): the source S (peer 0) on A, member M1
 * (peer 1) on B, member M2 (peer 2) on C. Direct unicast: S-M1 10 ms, S-M2 20 ms.
 */
function setup() {
  const trace = makeTrace();
  const g = group('tiny-tree');
  const groups = new GroupIndex([g.id]);
  const peers = peerTable([0, 1, 2]);
  const underlay = lineUnderlay(3, [0, 1, 2]);
  const membership = new MembershipTracker({ trace, groups }, { algorithm: SCRIBE });
  const deliveries = new DeliveryCollector({ trace, groups, membership, underlay, peers }, { algorithm: SCRIBE, window: WINDOW });
  const links = new LinkStressCollector({ trace, underlay, peers, groups, membership, deliveries }, { algorithm: SCRIBE, window: WINDOW });
  for (const peer of [0, 1, 2]) trace.emit({ type: 'alm.membership', time: 0, peer, group: g.key, algorithm: SCRIBE, member: true });
  const send = (seq: number, time = 1_000_000) =>
    trace.emit({ type: 'alm.multicastSent', time, source: 0, group: g.key, algorithm: SCRIBE, seq, bytes: 64 });
  const deliver = (peer: number, seq: number, delayUs: number, hops: number) =>
    trace.emit({ type: 'alm.delivered', time: 1_000_000 + delayUs, peer, group: g.key, algorithm: SCRIBE, source: 0, seq, delay: delayUs, overlayHops: hops, treeHops: hops });
  return { trace, g, deliveries, links, send, deliver };
}

describe('link stress on a 3-peer tree (hand-computed)', () => {
  it('chain S -> M1 -> M2: each link once; IP multicast the same; unicast puts 2 copies on A-B', () => {
    const { trace, g, links, send, deliver } = setup();
    send(0);
    sent(trace, 1_000_000, 0, 1, pushMessage(g.id, 0, 0));
    sent(trace, 1_010_000, 1, 2, pushMessage(g.id, 0, 0));
    deliver(1, 0, 10_000, 1);
    deliver(2, 0, 30_000, 2);
    const s = links.finish();
    expect(s.applicable).toBe(true);
    expect(s.algorithm).toEqual({ messages: 1, linksPerMessage: 2, mean: 1, max: 1, histogram: [[1, 2]] });
    expect(s.ipMulticast).toEqual({ messages: 1, linksPerMessage: 2, mean: 1, max: 1, histogram: [[1, 2]] });
    expect(s.unicast).toEqual({ messages: 1, linksPerMessage: 2, mean: 1.5, max: 2, histogram: [[1, 1], [2, 1]] });
  });

  it('star S -> M1, S -> M2: the algorithm loads links like unicast', () => {
    const { trace, g, links, send } = setup();
    send(0);
    sent(trace, 1_000_000, 0, 1, pushMessage(g.id, 0, 0));
    sent(trace, 1_000_000, 0, 2, pushMessage(g.id, 0, 0));
    const s = links.finish();
    expect(s.algorithm).toEqual({ messages: 1, linksPerMessage: 2, mean: 1.5, max: 2, histogram: [[1, 1], [2, 1]] });
  });

  it('a stripe of a 2-stripe message counts half a copy; messages outside the window and other algorithms are not counted', () => {
    const { trace, g, links, send } = setup();
    send(0);
    send(1, WINDOW.end + 1);
    sent(trace, 1_000_000, 0, 1, pushMessage(g.id, 0, 0, 2));
    sent(trace, 1_000_000, 0, 1, pushMessage(g.id, 0, 0, 2));
    sent(trace, 1_000_000, 0, 2, pushMessage(g.id, 0, 0, 2, 2));
    sent(trace, WINDOW.end + 1, 0, 1, pushMessage(g.id, 0, 1));
    const s = links.finish();
    expect(s.algorithm).toEqual({ messages: 1, linksPerMessage: 1, mean: 1, max: 1, histogram: [[1, 1]] });
    expect(s.ipMulticast?.messages).toBe(1);
  });
});

describe('delay and RDP on the 3-peer tree', () => {
  it('RDP = delay / direct unicast delay per delivery; RAD and RMD per message', () => {
    const { trace, g, deliveries, send, deliver } = setup();
    send(0);
    sent(trace, 1_000_000, 0, 1, pushMessage(g.id, 0, 0));
    deliver(1, 0, 10_000, 1); // as fast as unicast: RDP 1
    deliver(2, 0, 30_000, 2); // 30 ms against 20 ms: RDP 1.5
    deliver(0, 0, 0, 0); // the source's own copy is not a delivery
    const r = deliveries.finish();
    expect(r.summary.expected).toBe(2);
    expect(r.summary.received).toBe(2);
    expect(r.summary.ratio).toBe(1);
    expect(Array.from(r.deliveries.data['rdp'] as Float64Array)).toEqual([1, 1.5]);
    expect(Array.from(r.deliveries.data['delay_ms'] as Float64Array)).toEqual([10, 30]);
    expect(Array.from(r.deliveries.data['unicast_ms'] as Float64Array)).toEqual([10, 20]);
    expect(r.summary.rad).toBeCloseTo(40 / 30, 12);
    expect(r.summary.rmd).toBeCloseTo(30 / 20, 12);
    expect(r.summary.latencyMs).toEqual({ count: 2, mean: 20, p50: 10, p95: 30, max: 30 });
    expect(r.summary.overlayHops.mean).toBe(1.5);
  });
});
