import { describe, expect, it } from 'vitest';
import { Id } from '../../src/reload/id.ts';
import { MessageCode } from '../../src/reload/wire/codes.ts';
import { makeOverlay } from './helpers.ts';

describe('forwarding (RFC 6940 §6.1.2)', () => {
  it('shows a usage every request a peer forwards, and lets it take one over', () => {
    const t = makeOverlay(256);
    const { overlay, scheduler, peers, streams } = t;
    overlay.warmStart(peers);
    const seen: number[][] = [];
    let intercepted = 0;
    overlay.addForwardHook(MessageCode.ExpAReq, (peer, msg) => {
      seen.push([msg.transactionId, peer, msg.hops]);
      // The second peer on the path takes over and answers itself.
      if (msg.hops === 2) {
        intercepted++;
        overlay.transport.answer(peer, msg, MessageCode.ExpAAns, new Uint8Array([peer & 0xff]));
        return true;
      }
      return false;
    });
    let reachedResponsible = 0;
    overlay.handle(MessageCode.ExpAReq, (peer, req) => {
      reachedResponsible++;
      overlay.transport.answer(peer, req, MessageCode.ExpAAns, new Uint8Array([0]));
    });
    const rng = streams.stream('test');
    const answers: { hops: number; origin: number }[] = [];
    for (let i = 0; i < 100; i++) {
      overlay.transport.request(peers[rng.int(256)]!, [{ type: 'resource', id: new Id(rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32()) }], MessageCode.ExpAReq, new Uint8Array(4), (_c, a) => {
        answers.push({ hops: a.hops, origin: a.origin });
      }, 0);
    }
    scheduler.run(30_000_000);
    expect(answers.length).toBe(100);
    expect(intercepted + reachedResponsible).toBe(100);
    expect(intercepted).toBeGreaterThan(0);
    // Hooks run only at forwarding peers (hops >= 1), never at the originator or the destination.
    for (const [, , hops] of seen) expect(hops).toBeGreaterThanOrEqual(1);
    // An intercepted request was answered from where it was taken over: two hops back.
    expect(answers.filter((a) => a.hops === 2).length).toBeGreaterThanOrEqual(intercepted);
  });

  it('answers retrace the via list reversed to the originator (§6.2.2); one-hop answers share one frozen list per originator', () => {
    const t = makeOverlay(256);
    const { overlay, scheduler, peers, streams } = t;
    overlay.warmStart(peers);
    // The request's via list as the responder saw it, by transaction id.
    const viaAt = new Map<number, number[]>();
    overlay.handle(MessageCode.ExpAReq, (peer, req) => {
      viaAt.set(req.transactionId, [...req.via]);
      overlay.transport.answer(peer, req, MessageCode.ExpAAns, new Uint8Array(0));
    });
    const rng = streams.stream('test');
    const got: { origin: number; tid: number; dest: readonly { id: Id }[] }[] = [];
    for (let i = 0; i < 200; i++) {
      const from = peers[rng.int(256)]!;
      // Half to a random peer's node id (multi-hop), half to a direct successor (one hop).
      const to = i % 2 === 0 ? peers[rng.int(256)]! : overlay.table.successor(from, 0);
      overlay.transport.request(from, [overlay.peers.nodeDest(to)], MessageCode.ExpAReq, new Uint8Array(0), (_c, a, tx) => {
        got.push({ origin: from, tid: tx.id, dest: a.dest as readonly { id: Id }[] });
      }, 0);
    }
    scheduler.run(30_000_000);
    expect(got.length).toBe(200);
    let oneHop = 0;
    let multiHop = 0;
    for (const a of got) {
      const via = viaAt.get(a.tid)!;
      const expected = via.length === 0 ? [a.origin] : [...via].reverse();
      expect(a.dest.map((d) => overlay.peers.peerOf(d.id))).toEqual(expected);
      expect(expected.at(-1)).toBe(a.origin);
      if (via.length <= 1) {
        oneHop++;
        expect(a.dest).toBe(overlay.peers.nodeDestList(a.origin));
        expect(Object.isFrozen(a.dest)).toBe(true);
      } else multiHop++;
    }
    expect(oneHop).toBeGreaterThanOrEqual(100);
    expect(multiHop).toBeGreaterThan(20);
  });

  it('emits trace events for sends, receipts, drops, joins and departures with codes and sizes', () => {
    const t = makeOverlay(50, { chord: { updateInterval: 5_000_000 } });
    const { overlay, scheduler, peers, trace } = t;
    const counts = new Map<string, number>();
    const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
    trace.on('reload.messageSent', (e) => {
      expect(e.size).toBeGreaterThan(38);
      bump('sent');
    });
    trace.on('reload.messageReceived', () => bump('received'));
    trace.on('reload.messageDropped', () => bump('dropped'));
    trace.on('reload.peerJoined', () => bump('joined'));
    trace.on('reload.peerLeft', (e) => bump(`left-${e.how}`));
    trace.on('reload.neighborFailed', () => bump('failed'));
    trace.on('reload.routingChange', () => bump('routing'));
    overlay.warmStart(peers);
    scheduler.run(10_000_000);
    overlay.crash(peers[10]!);
    overlay.leave(peers[20]!);
    scheduler.run(60_000_000);
    expect(counts.get('joined')).toBe(50);
    expect(counts.get('left-crash')).toBe(1);
    expect(counts.get('left-leave')).toBe(1);
    for (const k of ['sent', 'received', 'dropped', 'failed', 'routing']) expect(counts.get(k) ?? 0).toBeGreaterThan(0);
  });
});
