/**
 * The six P2PCast reorganisation payloads (RFC 7019 §9.4) carried in Reform options: round trip,
 * encodedLength, the Reform option helpers, and hostile input into the decoder.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../../src/reload/wire/codec.ts';
import { reformCodec } from '../../../src/alm/wire/bodies.ts';
import {
  OP_DIRECT,
  OP_NAMES,
  OP_REPLACE,
  OP_SEARCH,
  OP_SUBSTITUTE,
  OP_TAKEON,
  OP_UPDATE,
  P2PCAST_OPTION,
  opBytes,
  opOf,
  opOptions,
  p2pcastOpCodec,
  type ChildEntry,
  type Direct,
  type P2PCastOp,
  type Replace,
  type Search,
  type StripeSummary,
  type Substitute,
  type Takeon,
  type Update,
} from '../../../src/alm/p2pcast/reform-ops.ts';
import { Id } from '../../../src/reload/id.ts';
import { idArb } from '../wire/arbitraries.ts';

const u8 = fc.integer({ min: 0, max: 0xff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const ids = fc.array(idArb, { maxLength: 6 });
const summaryArb: fc.Arbitrary<StripeSummary> = fc.record({ free: u32, hole: u8, holeAt: idArb, leaf: u8, leafAt: idArb, leafParent: idArb });
const childArb: fc.Arbitrary<ChildEntry> = fc.record({ child: idArb, internal: fc.boolean() });

const takeonArb: fc.Arbitrary<Takeon> = fc.record({ op: fc.constant(OP_TAKEON), stripe: u8, flags: u8, expectParent: idArb, path: ids, adopt: ids, donors: ids });
const substituteArb: fc.Arbitrary<Substitute> = fc.record({ op: fc.constant(OP_SUBSTITUTE), stripe: u8, flags: u8, child: idArb, children: fc.array(childArb, { maxLength: 6 }), donors: ids });
const searchArb: fc.Arbitrary<Search> = fc.record({ op: fc.constant(OP_SEARCH), stripe: u8, want: u8, exclude: idArb, nodes: ids });
const replaceArb: fc.Arbitrary<Replace> = fc.record({ op: fc.constant(OP_REPLACE), stripe: u8, adopt: ids, donors: ids });
const directArb: fc.Arbitrary<Direct> = fc.record({ op: fc.constant(OP_DIRECT), stripe: u8, flags: u8, target: idArb, leaf: idArb, nodes: ids, info: fc.array(summaryArb, { maxLength: 4 }) });
const updateArb: fc.Arbitrary<Update> = fc.record({ op: fc.constant(OP_UPDATE), stripe: u8, flags: u8, version: u32, summary: summaryArb, children: fc.array(childArb, { maxLength: 6 }), nodes: ids });

const CASES: readonly { name: string; arb: fc.Arbitrary<P2PCastOp> }[] = [
  { name: 'Takeon', arb: takeonArb },
  { name: 'Substitute', arb: substituteArb },
  { name: 'Search', arb: searchArb },
  { name: 'Replace', arb: replaceArb },
  { name: 'Direct', arb: directArb },
  { name: 'Update', arb: updateArb },
];

/** Decodes; on success the re-encoding is the same bytes (the encoding is canonical). */
function decodeOrCodecError(bytes: Uint8Array): 'ok' | CodecError {
  let value: P2PCastOp;
  try {
    value = p2pcastOpCodec.decode(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  expect(Buffer.from(p2pcastOpCodec.encode(value)).equals(Buffer.from(bytes))).toBe(true);
  return 'ok';
}

describe('P2PCast reorganisation payloads (RFC 7019 §9.4)', () => {
  for (const { name, arb } of CASES) {
    describe(name, () => {
      it('decode(encode(m)) equals m, and encodedLength is the encoded size', () => {
        fc.assert(
          fc.property(arb, (m) => {
            const bytes = p2pcastOpCodec.encode(m);
            expect(p2pcastOpCodec.encodedLength(m)).toBe(bytes.length);
            expect(p2pcastOpCodec.decode(bytes)).toEqual(m);
            expect(OP_NAMES[bytes[0]!]).toBe(name.toLowerCase());
          }),
          { numRuns: 300 },
        );
      });

      it('travels in a Reform: options hold exactly one "p2pcast" entry, opOf gives it back', () => {
        fc.assert(
          fc.property(arb, idArb, (m, group) => {
            const reform = { groupId: group, peerId: Id.ZERO, options: opOptions(m) };
            const back = reformCodec.decode(reformCodec.encode(reform));
            expect(back.options).toHaveLength(1);
            expect(new TextDecoder().decode(back.options[0]!.key)).toBe(P2PCAST_OPTION);
            expect(opOf(back.options)).toEqual(m);
          }),
          { numRuns: 100 },
        );
      });

      it('every proper prefix is rejected with a CodecError', () => {
        fc.assert(
          fc.property(arb, (m) => {
            const bytes = p2pcastOpCodec.encode(m);
            for (let n = 0; n < bytes.length; n++) expect(decodeOrCodecError(bytes.subarray(0, n))).not.toBe('ok');
          }),
          { numRuns: 40 },
        );
      });

      it('a trailing byte is rejected as over-long', () => {
        fc.assert(
          fc.property(arb, u8, (m, extra) => {
            const bytes = p2pcastOpCodec.encode(m);
            const longer = new Uint8Array(bytes.length + 1);
            longer.set(bytes);
            longer[bytes.length] = extra;
            const r = decodeOrCodecError(longer);
            expect(r).toBeInstanceOf(CodecError);
            expect((r as CodecError).kind).toBe('overlong');
          }),
          { numRuns: 100 },
        );
      });

      it('single-byte mutations decode canonically or throw CodecError', () => {
        fc.assert(
          fc.property(arb, fc.nat(), fc.integer({ min: 1, max: 255 }), (m, at, delta) => {
            const bytes = p2pcastOpCodec.encode(m).slice();
            const i = at % bytes.length;
            bytes[i] = (bytes[i]! + delta) & 0xff;
            decodeOrCodecError(bytes);
          }),
          { numRuns: 500 },
        );
      });
    });
  }

  it("opBytes gives the codec's bytes, and ops cut from the shared slab never overlap or change later", () => {
    const anyOp = fc.oneof(...CASES.map((c) => c.arb));
    fc.assert(
      fc.property(fc.array(anyOp, { minLength: 1, maxLength: 120 }), (ops) => {
        const made = ops.map((op) => opBytes(op));
        // Compared only after all were made: a later op written over an earlier one's bytes shows here.
        for (let i = 0; i < ops.length; i++) {
          const want = p2pcastOpCodec.encode(ops[i]!);
          expect(made[i]!.length).toBe(want.length);
          expect(Array.from(made[i]!)).toEqual(Array.from(want));
          expect(p2pcastOpCodec.decode(made[i]!)).toEqual(p2pcastOpCodec.decode(want));
        }
      }),
      { numRuns: 60 },
    );
    // Many mid-sized ops: they fill several slabs, so some start a new one.
    const big: Direct = { op: OP_DIRECT, stripe: 1, flags: 0, target: Id.ZERO, leaf: Id.ZERO, nodes: Array.from({ length: 12 }, (_, i) => new Id(i, i + 1, i + 2, i + 3)), info: [] };
    const many = Array.from({ length: 200 }, (_, i) => opBytes({ ...big, stripe: i & 0xff }));
    expect(many[0]!.length).toBeGreaterThan(64);
    for (let i = 0; i < many.length; i++) expect(p2pcastOpCodec.decode(many[i]!)).toEqual({ ...big, stripe: i & 0xff });
  });

  it("an op that fails to encode throws a CodecError and leaves earlier and later ops' bytes intact", () => {
    const before = opBytes({ op: OP_SEARCH, stripe: 0, want: 1, exclude: Id.ZERO, nodes: Array.from({ length: 5 }, (_, i) => new Id(1, 2, 3, i)) });
    const bad = { op: OP_SEARCH, stripe: 300, want: 1, exclude: Id.ZERO, nodes: Array.from({ length: 5 }, (_, i) => new Id(1, 2, 3, i)) } as Search;
    expect(() => opBytes(bad)).toThrow(CodecError);
    const after = opBytes({ op: OP_SEARCH, stripe: 2, want: 1, exclude: Id.ZERO, nodes: Array.from({ length: 5 }, (_, i) => new Id(4, 5, 6, i)) });
    expect((p2pcastOpCodec.decode(before) as Search).stripe).toBe(0);
    expect((p2pcastOpCodec.decode(after) as Search).stripe).toBe(2);
    expect((p2pcastOpCodec.decode(after) as Search).nodes[4]!.equals(new Id(4, 5, 6, 4))).toBe(true);
  });

  it('random bytes decode canonically or throw CodecError; unknown op codes are out of range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        decodeOrCodecError(bytes);
      }),
      { numRuns: 2000 },
    );
    for (const op of [0, 7, 0xff]) {
      let err: unknown;
      try {
        p2pcastOpCodec.decode(Uint8Array.from([op, 0, 0]));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CodecError);
      expect((err as CodecError).kind).toBe('out-of-range');
    }
  });

  it('opOf is undefined without the entry and for a malformed value; a ChildEntry boolean must be 0 or 1', () => {
    expect(opOf([])).toBeUndefined();
    expect(opOf([{ key: new TextEncoder().encode(P2PCAST_OPTION), value: { exists: true, value: Uint8Array.from([OP_REPLACE, 0]) } }])).toBeUndefined();
    const sub: Substitute = { op: OP_SUBSTITUTE, stripe: 1, flags: 2, child: Id.ZERO, children: [{ child: Id.ZERO, internal: true }], donors: [] };
    const bytes = p2pcastOpCodec.encode(sub).slice();
    // op, stripe, flags, child (16), children length (2), child id (16), then the Boolean.
    const at = 1 + 2 + 16 + 2 + 16;
    expect(bytes[at]).toBe(1);
    bytes[at] = 2;
    expect(() => p2pcastOpCodec.decode(bytes)).toThrow(CodecError);
  });

  it('byte layout of a Takeon: op, stripe, flags, expect_parent, then length-prefixed id vectors', () => {
    const a = Id.fromHex('0102030405060708090a0b0c0d0e0f10');
    const m: Takeon = { op: OP_TAKEON, stripe: 3, flags: 5, expectParent: a, path: [a], adopt: [], donors: [a, Id.ZERO] };
    const b = p2pcastOpCodec.encode(m);
    expect(b.length).toBe(1 + 1 + 1 + 16 + 2 + 16 + 2 + 2 + 32);
    expect(Array.from(b.subarray(0, 3))).toEqual([OP_TAKEON, 3, 5]);
    expect(Buffer.from(b.subarray(3, 19)).toString('hex')).toBe('0102030405060708090a0b0c0d0e0f10');
    expect(Array.from(b.subarray(19, 21))).toEqual([0, 16]);
    expect(Array.from(b.subarray(37, 39))).toEqual([0, 0]);
    expect(Array.from(b.subarray(39, 41))).toEqual([0, 32]);
  });
});
