import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../../src/reload/wire/index.ts';
import type { Codec } from '../../../src/reload/wire/index.ts';
import { CODEC_CASES } from './codecs.ts';

/** FC_MULT=20 npx vitest run test/reload/wire runs a longer fuzz. */
const RUNS = Number(process.env.FC_MULT ?? 1);

/** Decodes; returns 'ok' or 'codec-error', and fails the test on any other exception. */
function tryDecode(codec: Codec<unknown>, bytes: Uint8Array): 'ok' | 'codec-error' {
  try {
    codec.decode(bytes);
    return 'ok';
  } catch (e) {
    if (e instanceof CodecError) return 'codec-error';
    throw new Error(`non-CodecError thrown for input ${Buffer.from(bytes).toString('hex')}: ${String(e)}`);
  }
}

describe('RELOAD wire decoders: fuzz (only CodecError escapes)', () => {
  for (const { name, codec, arb } of CODEC_CASES) {
    it(`${name}: random bytes`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
          tryDecode(codec, bytes);
        }),
        { numRuns: RUNS * 300 },
      );
    });

    it(`${name}: every strict prefix of a valid encoding is rejected`, () => {
      fc.assert(
        fc.property(arb, (m) => {
          const bytes = codec.encode(m);
          for (let n = 0; n < bytes.length; n++) {
            expect(tryDecode(codec, bytes.subarray(0, n))).toBe('codec-error');
          }
        }),
        { numRuns: RUNS * 30 },
      );
    });

    it(`${name}: a valid encoding with trailing bytes is rejected as overlong`, () => {
      fc.assert(
        fc.property(arb, fc.uint8Array({ minLength: 1, maxLength: 4 }), (m, extra) => {
          const bytes = codec.encode(m);
          const longer = new Uint8Array(bytes.length + extra.length);
          longer.set(bytes);
          longer.set(extra, bytes.length);
          expect(() => codec.decode(longer)).toThrow(CodecError);
        }),
        { numRuns: RUNS * 50 },
      );
    });

    it(`${name}: single-byte mutations of a valid encoding`, () => {
      fc.assert(
        fc.property(arb, fc.nat(), fc.integer({ min: 1, max: 255 }), (m, pos, delta) => {
          const bytes = codec.encode(m);
          if (bytes.length === 0) return;
          const mutated = bytes.slice();
          const i = pos % mutated.length;
          mutated[i] = (mutated[i]! + delta) & 0xff;
          tryDecode(codec, mutated);
        }),
        { numRuns: RUNS * 300 },
      );
    });
  }
});
