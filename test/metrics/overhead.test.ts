import { describe, expect, it } from 'vitest';
import { OverheadCollector } from '../../src/metrics/overhead-collector.ts';
import type { ReloadMessage } from '../../src/reload/message.ts';
import { group, makeTrace, pushMessage, sent, WINDOW } from './helpers.ts';

const msg = (code: number, body: unknown) => ({ code, body }) as unknown as ReloadMessage;
const alm = (code: number) => msg(0x23, { algorithmId: 1, code, body: {} });

describe('control overhead by category and message code', () => {
  it('splits RELOAD, ALM tree, data and measurement traffic; per peer per second of up time', () => {
    const trace = makeTrace();
    const o = new OverheadCollector({ trace }, { window: WINDOW });
    trace.emit({ type: 'reload.peerJoined', time: 0, peer: 0, how: 'warm', client: false });
    trace.emit({ type: 'reload.peerJoined', time: 0, peer: 1, how: 'warm', client: false });
    trace.emit({ type: 'reload.peerLeft', time: 5_000_000, peer: 1, how: 'crash' });
    const g = group('g');
    sent(trace, 1, 0, 1, msg(0x13, {}), 200); // update_req: overlay
    sent(trace, 2, 1, 0, msg(0x14, {}), 100); // update_ans: overlay
    sent(trace, 3, 0, 1, msg(0xffff, { errorCode: 0x04, errorInfo: new Uint8Array(0) }), 50); // RELOAD error: overlay
    sent(trace, 4, 0, 1, alm(0x03), 300); // Join: tree
    sent(trace, 5, 0, 1, alm(0x0e), 300); // Heartbeat: tree
    sent(trace, 6, 1, 0, msg(0xffff, { errorCode: 0x12, errorInfo: new Uint8Array(0) }), 60); // Error_Exp_A: tree
    sent(trace, 7, 0, 1, pushMessage(g.id, 0, 0), 1000); // Push: data
    sent(trace, 8, 1, 0, alm(0x13), 90); // PushResponse: data
    sent(trace, 9, 0, 1, alm(0x10), 80); // NodeQuery: measurement
    sent(trace, 10, 1, 0, alm(0x11), 400); // NodeQueryResponse: measurement
    sent(trace, WINDOW.end, 0, 1, msg(0x13, {}), 200); // after the window
    const r = o.finish();
    // Peer 0 up for the 10 s window, peer 1 for 5 s.
    expect(r.summary.peerSeconds).toBe(15);
    expect(r.summary.overlay).toEqual({ messages: 3, bytes: 350, messagesPerPeerSecond: 3 / 15, bytesPerPeerSecond: 350 / 15 });
    expect(r.summary.tree.messages).toBe(3);
    expect(r.summary.tree.bytes).toBe(660);
    expect(r.summary.data).toMatchObject({ messages: 2, bytes: 1090 });
    expect(r.summary.measurement).toMatchObject({ messages: 2, bytes: 480 });
    expect(r.byCode.data['message']).toEqual([
      'update_req',
      'update_ans',
      'Join',
      'Heartbeat',
      'NodeQuery',
      'NodeQueryResponse',
      'Push',
      'PushResponse',
      'ALM error (Error_Exp_A)',
      'error',
    ]);
    expect(r.byCode.data['category']).toEqual(['overlay', 'overlay', 'tree', 'tree', 'measurement', 'measurement', 'data', 'data', 'tree', 'overlay']);
    expect(o.peerTotals(0)).toEqual({ messages: [2, 2, 1, 1], bytes: [250, 600, 1000, 80] });
    expect(o.upTime(1)).toBe(5_000_000);
  });
});
