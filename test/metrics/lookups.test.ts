import { describe, expect, it } from 'vitest';
import { LookupCollector } from '../../src/metrics/lookup-collector.ts';
import { makeTrace, WINDOW } from './helpers.ts';

describe('lookup collector', () => {
  it('counts lookups sent in the window: answered, failed, unanswered, skipped; hops and RTT of the answered', () => {
    const trace = makeTrace();
    const c = new LookupCollector({ trace }, { window: WINDOW });
    const sentAt = (id: number, time: number, peer = 3) => trace.emit({ type: 'scenario.lookup', time, id, slot: 7, peer });
    const done = (id: number, issuedAt: number, ok: boolean, hops: number, rtt: number) =>
      trace.emit({ type: 'scenario.lookupDone', time: issuedAt + rtt, id, issuedAt, peer: 3, ok, responder: ok ? 9 : -1, hops, rtt });
    sentAt(0, 1_000_000);
    sentAt(1, 2_000_000);
    sentAt(2, 3_000_000);
    sentAt(3, 4_000_000);
    sentAt(4, 5_000_000, -1); // the slot was down: skipped
    sentAt(5, WINDOW.end); // after the window
    done(0, 1_000_000, true, 3, 300_000);
    done(1, 2_000_000, true, 5, 500_000);
    done(2, 3_000_000, false, 0, 15_000_000);
    done(5, WINDOW.end, true, 1, 100_000);
    const r = c.finish();
    expect(r.summary).toEqual({
      issued: 4,
      skipped: 1,
      answered: 2,
      failed: 1,
      successRatio: 0.5,
      hops: { count: 2, mean: 4, p50: 3, p95: 5, max: 5 },
      rttMs: { count: 2, mean: 400, p50: 300, p95: 500, max: 500 },
    });
    expect(Array.from(r.hops)).toEqual([3, 5]);
    expect(r.lookups.data['outcome']).toEqual(['answered', 'answered', 'failed', 'unanswered']);
    expect(r.lookups.data['hops']).toEqual([3, 5, null, null]);
  });
});
