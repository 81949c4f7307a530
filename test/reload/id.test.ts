import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Id, IdTable, inHalfOpen, inOpen, overlayHash, resourceId } from '../../src/reload/id.ts';

const M = 1n << 128n;
const arbBig = fc.bigInt({ min: 0n, max: M - 1n });
const mod = (x: bigint) => ((x % M) + M) % M;

describe('Id', () => {
  it('round-trips through bytes, hex and bigint', () => {
    fc.assert(
      fc.property(arbBig, (v) => {
        const id = Id.fromBigInt(v);
        expect(id.toBigInt()).toBe(v);
        expect(Id.fromHex(id.toHex()).equals(id)).toBe(true);
        expect(Id.fromBytes(id.toBytes()).equals(id)).toBe(true);
        expect(id.toHex()).toBe(v.toString(16).padStart(32, '0'));
      }),
    );
  });

  it('compares as unsigned 128-bit integers', () => {
    fc.assert(
      fc.property(arbBig, arbBig, (a, b) => {
        expect(Math.sign(Id.fromBigInt(a).compare(Id.fromBigInt(b)))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });

  it('adds powers of two, adds and subtracts modulo 2^128', () => {
    fc.assert(
      fc.property(arbBig, arbBig, fc.integer({ min: 0, max: 127 }), (a, b, k) => {
        const A = Id.fromBigInt(a);
        expect(A.addPow2(k).toBigInt()).toBe(mod(a + (1n << BigInt(k))));
        expect(A.add(Id.fromBigInt(b)).toBigInt()).toBe(mod(a + b));
        expect(A.distanceTo(Id.fromBigInt(b)).toBigInt()).toBe(mod(b - a));
      }),
    );
  });

  it('tests ring intervals like the bigint definition', () => {
    fc.assert(
      fc.property(arbBig, arbBig, arbBig, (a, k, b) => {
        const d = (x: bigint, y: bigint) => mod(y - x);
        const half = a === b ? true : d(a, k) > 0n && d(a, k) <= d(a, b);
        const open = a === b ? k !== a : d(a, k) > 0n && d(a, k) < d(a, b);
        expect(inHalfOpen(Id.fromBigInt(a), Id.fromBigInt(k), Id.fromBigInt(b))).toBe(half);
        expect(inOpen(Id.fromBigInt(a), Id.fromBigInt(k), Id.fromBigInt(b))).toBe(open);
        const t = new IdTable(4);
        t.set(0, Id.fromBigInt(a));
        t.set(1, Id.fromBigInt(b));
        t.set(2, Id.fromBigInt(k));
        expect(t.inHalfOpen(0, Id.fromBigInt(k), 1)).toBe(half);
        expect(t.peerInOpen(0, 2, Id.fromBigInt(b))).toBe(open);
      }),
    );
  });

  it('derives CHORD-RELOAD Resource-IDs as the top 128 bits of SHA-1 (RFC 6940 §10.2)', () => {
    // SHA-1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d
    expect(resourceId('abc').toHex()).toBe('a9993e364706816aba3e25717850c26c');
  });

  it('forms the ForwardingHeader overlay field from the lower 32 bits of SHA-1 (RFC 6940 §6.3.2)', () => {
    // SHA-1("abc") ends ...9cd0d89d; SHA-1("example.com") ends ...65b0781f.
    expect(overlayHash('abc')).toBe(0x9cd0d89d);
    expect(overlayHash('example.com')).toBe(0x65b0781f);
  });
});
