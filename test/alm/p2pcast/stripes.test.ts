/** Splitting a message into stripes and putting it back together (RFC 7019 §9.7). */
import fc from 'fast-check';
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

/**
 * The reassembly rule stated plainly, as a model to compare StripeAssembly with: after each stripe,
 * every incomplete message older than the newest completed one whose first stripe came `window` ago
 * or more counts as partial, in the order first seen; beyond maxPending the oldest is dropped.
 */
class AssemblyModel {
  private readonly pending = new Map<number, { have: Set<number>; firstAt: number }>();
  private readonly done = new Set<number>();
  private newest = -1;
  readonly events: string[] = [];

  constructor(
    private readonly f: number,
    private readonly window: number,
    private readonly maxPending: number,
  ) {}

  add(now: number, seq: number, stripe: number): void {
    if (this.done.has(seq)) return;
    let p = this.pending.get(seq);
    if (p === undefined) {
      p = { have: new Set(), firstAt: now };
      this.pending.set(seq, p);
      if (this.pending.size > this.maxPending) this.drop(Math.min(...this.pending.keys()));
    }
    if (p.have.has(stripe)) return;
    p.have.add(stripe);
    const complete = p.have.size === this.f;
    if (complete) {
      this.pending.delete(seq);
      this.remember(seq);
      this.newest = Math.max(this.newest, seq);
    }
    for (const [s, q] of [...this.pending]) if (s < this.newest && now - q.firstAt >= this.window) this.drop(s);
    // The completed message is returned after the partial counts it caused were reported.
    if (complete) this.events.push(`complete ${seq}`);
  }

  private drop(seq: number): void {
    const p = this.pending.get(seq)!;
    this.pending.delete(seq);
    this.remember(seq);
    this.events.push(`partial ${seq} ${p.have.size}`);
  }

  private remember(seq: number): void {
    this.done.add(seq);
    if (this.done.size > 4 * this.maxPending) this.done.delete(this.done.values().next().value!);
  }
}

describe('StripeAssembly against the model of its rule', () => {
  it('gives the same completions and partial counts, in the same order, for random stripe arrivals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 2, max: 8 }),
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 800 }), seq: fc.integer({ min: 0, max: 40 }), stripe: fc.nat() }), { maxLength: 300 }),
        (f, maxPending, arrivals) => {
          const window = 1_000;
          const asm = new StripeAssembly(f, window, maxPending);
          const model = new AssemblyModel(f, window, maxPending);
          const got: string[] = [];
          let now = 0;
          for (const a of arrivals) {
            now += a.dt;
            const stripe = a.stripe % f;
            const m = message(a.seq, 9);
            const part = stripeOf(m.data, m.header, stripe, f);
            const done = asm.add(now, part.header, part.data, 0, 0, (x) => got.push(`partial ${x.seq} ${x.stripes}`));
            if (done !== undefined) got.push(`complete ${done.header.seq}`);
            model.add(now, a.seq, stripe);
          }
          expect(got).toEqual(model.events);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('reassembled messages', () => {
  it('stay intact while later ones are reassembled, small ones sharing slabs and large ones not', () => {
    const f = 3;
    const asm = new StripeAssembly(f, 2_000_000);
    const kept: { want: Uint8Array; got: Uint8Array }[] = [];
    // Sizes cross the 64 KB slab's boundaries many times; 70,000 bytes is beyond a slab.
    const sizes = [0, 1, 17, 1000, 4096, 30_000, 70_000];
    for (let seq = 0; seq < 140; seq++) {
      const { data, header } = message(seq, sizes[seq % sizes.length]! + (seq % 5));
      let got;
      for (let s = 0; s < f; s++) {
        const p = stripeOf(data, header, s, f);
        got = asm.add(seq, p.header, p.data, 0, 0, () => {});
      }
      kept.push({ want: data, got: got!.data });
    }
    for (const [seq, k] of kept.entries()) expect(k.got, `message ${seq}`).toEqual(k.want);
  });
});
