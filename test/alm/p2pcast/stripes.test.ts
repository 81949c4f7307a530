/** Splitting a message into stripes and putting it back together (RFC 7019 §9.7). */
import { describe, expect, it } from 'vitest';
import { StripeAssembly, stripeOf } from '../../../src/alm/p2pcast/stripes.ts';
import { STREAM_HEADER_BYTES, readStreamHeader, writeStreamHeader, type StreamHeader } from '../../../src/alm/stream-header.ts';

function message(seq: number, payload: number): { data: Uint8Array; header: StreamHeader } {
  const header: StreamHeader = { source: 7, seq, sentAt: 1_000_000 + seq, stripe: 0, stripes: 1 };
  const data = new Uint8Array(STREAM_HEADER_BYTES + payload);
  writeStreamHeader(data, header);
  for (let i = 0; i < payload; i++) data[STREAM_HEADER_BYTES + i] = (i * 31 + seq) & 0xff;
  return { data, header };
}

describe('stripes (RFC 7019 §9.7)', () => {
  it('f slices cover the payload once, each behind a header naming its stripe; all f give the message back', () => {
    for (const f of [2, 3, 4, 7]) {
      for (const payload of [0, 1, 5, 1000]) {
        const { data, header } = message(3, payload);
        const parts = Array.from({ length: f }, (_, s) => stripeOf(data, header, s, f));
        expect(parts.reduce((n, p) => n + p.data.length - STREAM_HEADER_BYTES, 0)).toBe(payload);
        for (const [s, p] of parts.entries()) expect(readStreamHeader(p.data)).toEqual({ ...header, stripe: s, stripes: f });
        const asm = new StripeAssembly(f, 2_000_000);
        const partial: unknown[] = [];
        let done;
        for (const s of [...Array(f).keys()].reverse()) done = asm.add(0, parts[s]!.header, parts[s]!.data, s, 2 * s, (x) => partial.push(x));
        expect(partial).toEqual([]);
        expect(done!.data).toEqual(data);
        expect(done!.header).toEqual(header);
        expect(done!.overlayHops).toBe(f - 1);
        expect(done!.treeHops).toBe(2 * (f - 1));
        // A stripe seen again after delivery is ignored.
        expect(asm.add(1, parts[0]!.header, parts[0]!.data, 0, 0, (x) => partial.push(x))).toBeUndefined();
        expect(partial).toEqual([]);
      }
    }
  });

  it('a message missing a stripe counts once as partial when a later one completes after the window', () => {
    const f = 2;
    const asm = new StripeAssembly(f, 2_000_000);
    const partial: { source: number; seq: number; stripes: number }[] = [];
    const add = (now: number, seq: number, s: number) => {
      const m = message(seq, 10);
      const p = stripeOf(m.data, m.header, s, f);
      return asm.add(now, p.header, p.data, 0, 0, (x) => partial.push(x));
    };
    expect(add(0, 0, 0)).toBeUndefined(); // seq 0 loses stripe 1
    expect(add(100, 1, 0)).toBeUndefined();
    expect(add(200, 1, 1)).toBeDefined(); // seq 1 complete, but seq 0 is within the window
    expect(partial).toEqual([]);
    expect(add(3_000_000, 2, 0)).toBeUndefined();
    expect(add(3_000_100, 2, 1)).toBeDefined();
    expect(partial).toEqual([{ source: 7, seq: 0, stripes: 1 }]);
    // The late stripe of seq 0 does not bring it back.
    expect(add(3_000_200, 0, 1)).toBeUndefined();
    expect(partial).toHaveLength(1);
  });
});
