/** ByteSlab: small byte arrays cut from shared buffers, and a Writer writing into one of them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteSlab, Writer } from '../../../src/reload/wire/codec.ts';

describe('ByteSlab', () => {
  it('hands out views of the asked length that never overlap, across slab boundaries', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 300 }), (sizes) => {
        const slab = new ByteSlab(256);
        const views = sizes.map((n, i) => {
          const v = slab.take(n);
          expect(v.length).toBe(n);
          v.fill(i & 0xff);
          return v;
        });
        // Every view still holds its own fill: a later view written over an earlier one shows here.
        views.forEach((v, i) => expect(v.every((b) => b === (i & 0xff))).toBe(true));
        // A view that did not fit in what was left of a slab starts a new one, at offset 0.
        for (let i = 1; i < views.length; i++) {
          const a = views[i - 1]!;
          const b = views[i]!;
          if (a.buffer === b.buffer) expect(b.byteOffset).toBe(a.byteOffset + a.length);
          else expect(b.byteOffset).toBe(0);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a Writer over a taken view fills it and finish() returns that same view', () => {
    const slab = new ByteSlab(64);
    slab.take(10);
    const view = slab.take(4);
    const w = new Writer(4, view);
    w.u16(0x0102, 'a');
    w.u16(0x0304, 'b');
    const out = w.finish();
    expect(out).toBe(view);
    expect(out.byteOffset).toBe(10);
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
  });

  it('refuses a view larger than the slab', () => {
    expect(() => new ByteSlab(16).take(17)).toThrow(RangeError);
  });
});
