import { describe, expect, it } from 'vitest';
import type { Underlay, DropReason } from '../../src/net/index.ts';
import { Id } from '../../src/reload/id.ts';
import type { ReloadMessage } from '../../src/reload/message.ts';
import { ErrorCode, MessageCode } from '../../src/reload/wire/codes.ts';
import type { ErrorResponse } from '../../src/reload/wire/error-response.ts';
import { makeOverlay } from './helpers.ts';

/** A constant-latency underlay that drops what `rule` says. */
function lossy(hosts: number, rule: (a: number, b: number, now: number) => boolean): Underlay {
  return {
    kind: 'test',
    hostCount: hosts,
    latency: (a, b) => (a === b ? 0 : 10_000),
    drops: (a, b, now): DropReason | null => (rule(a, b, now) ? 'loss' : null),
  };
}

const PING = { padding: new Uint8Array(0) };

describe('RELOAD transactions (RFC 6940 §6.2.1)', () => {
  it('retransmits every 3 s with the same transaction id and fails locally with Error_Request_Timeout after 5 sends', () => {
    const t = makeOverlay(2, {}, { underlay: lossy(2, () => true) });
    t.overlay.warmStart(t.peers);
    const sends: number[] = [];
    const ids = new Set<number>();
    t.trace.on('reload.messageSent', (e) => {
      if (e.code === MessageCode.PingReq && !e.forwarded) {
        sends.push(e.time);
        ids.add(e.transactionId);
      }
    });
    let answer: ReloadMessage | undefined;
    let at = 0;
    t.overlay.transport.request(t.peers[0]!, [{ type: 'node', id: t.overlay.peers.idOf[t.peers[1]!]! }], MessageCode.PingReq, PING, (_c, a) => {
      answer = a;
      at = t.scheduler.now;
    }, 0);
    t.scheduler.run(60_000_000);
    expect(answer?.code).toBe(MessageCode.Error);
    expect((answer!.body as ErrorResponse).errorCode).toBe(ErrorCode.RequestTimeout);
    expect(at).toBe(15_000_000);
    // End-to-end sends at 0, 3, 6, 9 and 12 s; each lost send is also retried hop by hop.
    expect(sends.filter((s) => s % 3_000_000 === 0)).toEqual([0, 3_000_000, 6_000_000, 9_000_000, 12_000_000]);
    expect(ids.size).toBe(1);
  });

  it('answers a duplicate request from its cache without running the handler again', () => {
    // Drop everything peer 1 sends during the first 2.5 s: the first answer is lost.
    const t = makeOverlay(2, {}, { underlay: lossy(2, (a, _b, now) => a === 1 && now < 2_500_000), latencyUs: 10_000 });
    t.overlay.warmStart(t.peers);
    let handled = 0;
    t.overlay.handle(MessageCode.ExpBReq, (peer, req) => {
      handled++;
      t.overlay.transport.answer(peer, req, MessageCode.ExpBAns, new Uint8Array([handled]));
    });
    let got: Uint8Array | undefined;
    t.overlay.transport.request(t.peers[0]!, [{ type: 'node', id: t.overlay.peers.idOf[t.peers[1]!]! }], MessageCode.ExpBReq, new Uint8Array(0), (_c, a) => {
      got = a.body as Uint8Array;
    }, 0);
    t.scheduler.run(30_000_000);
    expect(handled).toBe(1);
    expect(got).toEqual(new Uint8Array([1]));
  });

  it('a request whose TTL runs out is answered with Error_TTL_Exceeded (RFC 6940 §6.3.2)', () => {
    // TTL 2: a message may be forwarded twice, so it reaches at most 3 hops; answers fit too.
    const t = makeOverlay(1024, { transactions: { initialTtl: 2 } });
    t.overlay.warmStart(t.peers);
    const rng = t.streams.stream('test');
    const outcomes: string[] = [];
    for (let i = 0; i < 200; i++) {
      const key = new Id(rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32());
      t.overlay.transport.request(t.peers[rng.int(1024)]!, [{ type: 'resource', id: key }], MessageCode.PingReq, PING, (_c, a) => {
        if (a.code === MessageCode.PingAns) outcomes.push(a.hops <= 3 ? 'ok' : 'too-far');
        else outcomes.push((a.body as ErrorResponse).errorCode === ErrorCode.TtlExceeded ? 'ttl' : 'other');
      }, 0);
    }
    t.scheduler.run(60_000_000);
    expect(outcomes.length).toBe(200);
    expect(outcomes.filter((o) => o === 'too-far' || o === 'other')).toEqual([]);
    // Mean path length at N = 1024 is about 5 hops: both outcomes occur.
    expect(outcomes.filter((o) => o === 'ttl').length).toBeGreaterThan(20);
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(20);
  });
});
