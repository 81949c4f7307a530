import { describe, expect, it } from 'vitest';
import { ConstantUnderlay } from '../../src/net/index.ts';
import { DeliveryCollector, defaultBinWidth } from '../../src/metrics/delivery-collector.ts';
import { GroupIndex } from '../../src/metrics/group-index.ts';
import { MembershipTracker } from '../../src/metrics/membership.ts';
import { group, makeTrace, peerTable, SCRIBE, WINDOW } from './helpers.ts';

function setup(n = 6) {
  const trace = makeTrace();
  const g = group('g');
  const other = group('h');
  const groups = new GroupIndex([g.id, other.id]);
  const membership = new MembershipTracker({ trace, groups }, { algorithm: SCRIBE });
  const underlay = new ConstantUnderlay({}, { hostCount: n, latency: 20_000 });
  const c = new DeliveryCollector({ trace, groups, membership, underlay, peers: peerTable(Array.from({ length: n }, (_, i) => i)) }, { algorithm: SCRIBE, window: WINDOW, binWidth: 5_000_000 });
  const join = (peer: number, time = 0, key = g.key) => trace.emit({ type: 'alm.membership', time, peer, group: key, algorithm: SCRIBE, member: true });
  const send = (source: number, seq: number, time: number) => trace.emit({ type: 'alm.multicastSent', time, source, group: g.key, algorithm: SCRIBE, seq, bytes: 100 });
  const deliver = (peer: number, source: number, seq: number, time: number) =>
    trace.emit({ type: 'alm.delivered', time, peer, group: g.key, algorithm: SCRIBE, source, seq, delay: 40_000, overlayHops: 2, treeHops: 1 });
  return { trace, g, c, join, send, deliver };
}

describe('delivery ratio: expected = members up and joined before the send, except the source', () => {
  it('counts members joined before the send, not later joiners, not departed peers, not the source', () => {
    const { trace, c, join, send, deliver } = setup();
    join(0);
    join(1);
    join(2);
    join(3);
    trace.emit({ type: 'reload.peerLeft', time: 500_000, peer: 3, how: 'crash' });
    send(0, 0, 1_000_000); // expected: 1 and 2 (not the source 0, not the crashed 3)
    join(4, 1_000_000); // same time, but after the send: not expected
    deliver(1, 0, 0, 1_040_000);
    deliver(4, 0, 0, 1_040_000); // unexpected
    deliver(0, 0, 0, 1_000_000); // the source
    const r = c.finish();
    expect(r.summary.messages).toBe(1);
    expect(r.summary.expected).toBe(2);
    expect(r.summary.received).toBe(1);
    expect(r.summary.ratio).toBe(0.5);
    expect(r.summary.unexpected).toBe(1);
    expect(r.deliveries.length).toBe(1);
  });

  it('counts only sends in [start, end) and deliveries of those; bins by send time; per group rows', () => {
    const { c, join, send, deliver } = setup();
    join(0);
    join(1);
    join(2);
    send(0, 0, WINDOW.start + 1_000_000); // bin 0
    send(0, 1, WINDOW.start + 6_000_000); // bin 1
    send(0, 2, WINDOW.end); // outside the window
    deliver(1, 0, 0, 1_100_000);
    deliver(2, 0, 0, 1_100_000);
    deliver(1, 0, 1, 6_100_000);
    deliver(1, 0, 2, WINDOW.end + 100_000);
    const r = c.finish();
    expect(r.summary.sent).toBe(3);
    expect(r.summary.messages).toBe(2);
    expect(r.summary.expected).toBe(4);
    expect(r.summary.received).toBe(3);
    expect(r.overTime.length).toBe(2);
    expect(r.overTime.data['delivery_ratio']).toEqual([1, 0.5]);
    expect(r.overTime.data['bin_start_s']).toEqual([0, 5]);
    expect(r.groups.data['delivery_ratio']).toEqual([0.75, null]);
    expect(r.groups.data['messages']).toEqual([2, 0]);
  });

  it('picks readable bin widths', () => {
    expect(defaultBinWidth(120_000_000)).toBe(2_000_000);
    expect(defaultBinWidth(20_000_000)).toBe(1_000_000);
    expect(defaultBinWidth(600_000_000)).toBe(10_000_000);
    expect(defaultBinWidth(3_000_000_000)).toBe(50_000_000);
  });
});
