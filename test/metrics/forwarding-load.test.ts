import { describe, expect, it } from 'vitest';
import { DeliveryCollector } from '../../src/metrics/delivery-collector.ts';
import { ForwardingLoadCollector, weightedSummary } from '../../src/metrics/forwarding-load-collector.ts';
import { GroupIndex } from '../../src/metrics/group-index.ts';
import { MembershipTracker } from '../../src/metrics/membership.ts';
import { group, lineUnderlay, makeTrace, peerTable, SCRIBE, WINDOW } from './helpers.ts';

const P2PCAST = 2;

/** Five peers, all members of one group; peer 0 is the source. */
function setup(algorithm: number, stripes: number) {
  const trace = makeTrace();
  const g = group('load');
  const groups = new GroupIndex([g.id]);
  const peers = peerTable([0, 1, 2, 3, 4]);
  const underlay = lineUnderlay(5, [0, 1, 2, 3, 4]);
  const membership = new MembershipTracker({ trace, groups }, { algorithm });
  const deliveries = new DeliveryCollector({ trace, groups, membership, underlay, peers }, { algorithm, window: WINDOW });
  const load = new ForwardingLoadCollector({ trace, groups, membership, deliveries }, { algorithm, window: WINDOW, stripes });
  for (const peer of [0, 1, 2, 3, 4]) trace.emit({ type: 'alm.membership', time: 0, peer, group: g.key, algorithm, member: true });
  const send = (seq: number, time = 1_000_000) => trace.emit({ type: 'alm.multicastSent', time, source: 0, group: g.key, algorithm, seq, bytes: 100 });
  const push = (peer: number, to: number, seq: number, stripe = 0, alg = algorithm) =>
    trace.emit({ type: 'alm.pushForwarded', time: 1_000_000, peer, to, group: g.key, algorithm: alg, stripe, source: 0, seq, bytes: 50 });
  return { load, send, push };
}

describe('forwarding load per (peer, message), hand-computed', () => {
  it('Scribe: the source sends the whole message to the rendezvous point (1 unit), which has 3 children (3 units)', () => {
    const { load, send, push } = setup(SCRIBE, 1);
    send(0);
    push(0, -1, 0); // source -> rendezvous point (peer 1), routed: one unit
    push(1, 2, 0);
    push(1, 3, 0);
    push(1, 4, 0);
    const r = load.finish();
    // Pairs: the source 0 (1 unit, not an expected receiver), peer 1 (3 units), peers 2, 3, 4 (0).
    expect(Array.from(r.distribution.values)).toEqual([0, 1, 3]);
    expect(Array.from(r.distribution.counts)).toEqual([3, 1, 1]);
    expect(r.summary.count).toBe(5);
    expect(r.summary.mean).toBeCloseTo(4 / 5, 12);
    expect(r.summary.max).toBe(3);
    expect(r.summary.p50).toBe(0);
    expect(r.summary.maxOverMean).toBeCloseTo(3 / (4 / 5), 12);
  });

  it('P2PCast with f = 2: a stripe Push is half a unit; the root sends 2 stripes to 2 children each (2 units)', () => {
    const { load, send, push } = setup(P2PCAST, 2);
    send(0);
    push(0, -1, 0); // source (not the root) -> rendezvous point 1: the whole message, 1 unit
    push(1, 2, 0, 0);
    push(1, 3, 0, 0);
    push(1, 3, 0, 1);
    push(1, 4, 0, 1);
    push(2, 4, 0, 0); // 2 forwards stripe 0 to 4: half a unit
    push(3, 2, 0, 1);
    const r = load.finish();
    // 0: 1 (not expected), 1: 2, 2: 0.5, 3: 0.5, 4: 0.
    expect(Array.from(r.distribution.values)).toEqual([0, 0.5, 1, 2]);
    expect(Array.from(r.distribution.counts)).toEqual([1, 2, 1, 1]);
    expect(r.summary.max).toBe(2);
    expect(r.summary.mean).toBeCloseTo(4 / 5, 12);
  });

  it('counts only messages sent in the window and the measured algorithm; two messages give two pairs per peer', () => {
    const { load, send, push } = setup(SCRIBE, 1);
    send(0);
    send(1, 2_000_000);
    send(2, WINDOW.end + 5);
    push(1, 2, 0);
    push(1, 2, 1);
    push(1, 3, 1);
    push(1, 2, 2); // message 2 was sent after the window
    push(1, 4, 0, 0, P2PCAST); // another algorithm
    const r = load.finish();
    // Message 0: peer 1 has 1 unit, 2, 3, 4 zero; message 1: peer 1 has 2 units, the rest zero.
    expect(Array.from(r.distribution.values)).toEqual([0, 1, 2]);
    expect(Array.from(r.distribution.counts)).toEqual([6, 1, 1]);
  });

  it('weightedSummary takes nearest-rank percentiles over the counts', () => {
    const s = weightedSummary({ values: Float64Array.of(0, 1, 10), counts: Float64Array.of(90, 9, 1) });
    expect(s).toMatchObject({ count: 100, p50: 0, p95: 1, max: 10 });
    expect(s.mean).toBeCloseTo(0.19, 12);
    expect(weightedSummary({ values: new Float64Array(0), counts: new Float64Array(0) })).toMatchObject({ count: 0, mean: null, maxOverMean: null });
  });
});
