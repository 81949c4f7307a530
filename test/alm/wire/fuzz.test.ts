/**
 * Hostile input into every decoder: random bytes, truncations, trailing bytes and single-byte
 * mutations of valid encodings. A decoder either returns a value or throws CodecError, and
 * whatever it accepts re-encodes to the very same bytes (the encodings are canonical).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../../src/reload/wire/codec.ts';
import type { Codec } from '../../../src/reload/wire/codec.ts';
import { ALM_VERSION, SAM_TOKEN, almMessageCodec } from '../../../src/alm/wire/index.ts';
import { ALL_CASES } from './cases.ts';

/** Decodes; on success checks the canonical re-encoding, on failure that it is a CodecError. */
function decodeOrCodecError(codec: Codec<unknown>, bytes: Uint8Array): 'ok' | CodecError {
  let value: unknown;
  try {
    value = codec.decode(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  expect(Buffer.from(codec.encode(value)).equals(Buffer.from(bytes))).toBe(true);
  return 'ok';
}

describe('fuzz: decoders throw only CodecError', () => {
  for (const { name, codec, arb } of ALL_CASES) {
    describe(name, () => {
      it('random bytes', () => {
        fc.assert(
          fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
            decodeOrCodecError(codec, bytes);
          }),
          { numRuns: 500 },
        );
      });

      it('every proper prefix of a valid encoding is rejected', () => {
        fc.assert(
          fc.property(arb, (m) => {
            const bytes = codec.encode(m);
            for (let n = 0; n < bytes.length; n++) {
              const r = decodeOrCodecError(codec, bytes.subarray(0, n));
              expect(r).not.toBe('ok');
            }
          }),
          { numRuns: 40 },
        );
      });

      it('a trailing byte is rejected as over-long', () => {
        fc.assert(
          fc.property(arb, fc.integer({ min: 0, max: 255 }), (m, extra) => {
            const bytes = codec.encode(m);
            const longer = new Uint8Array(bytes.length + 1);
            longer.set(bytes);
            longer[bytes.length] = extra;
            const r = decodeOrCodecError(codec, longer);
            expect(r).toBeInstanceOf(CodecError);
            expect((r as CodecError).kind).toBe('overlong');
          }),
          { numRuns: 100 },
        );
      });

      it('single-byte mutations', () => {
        fc.assert(
          fc.property(arb, fc.nat(), fc.integer({ min: 1, max: 255 }), (m, at, delta) => {
            const bytes = codec.encode(m).slice();
            if (bytes.length === 0) return;
            const i = at % bytes.length;
            bytes[i] = (bytes[i]! + delta) & 0xff;
            decodeOrCodecError(codec, bytes);
          }),
          { numRuns: 1000 },
        );
      });
    });
  }

  it('AlmMessage: a valid header, any code and a random body of the declared length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x15 }), fc.uint8Array({ maxLength: 200 }), (code, body) => {
        const bytes = new Uint8Array(13 + body.length);
        const v = new DataView(bytes.buffer);
        v.setUint32(0, SAM_TOKEN);
        v.setUint16(4, 1);
        v.setUint8(6, ALM_VERSION);
        v.setUint16(7, code);
        v.setUint32(9, body.length);
        bytes.set(body, 13);
        decodeOrCodecError(almMessageCodec, bytes);
      }),
      { numRuns: 3000 },
    );
  });
});
