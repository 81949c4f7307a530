import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODEC_CASES } from './codecs.ts';

/** FC_MULT=20 npx vitest run test/reload/wire runs a longer fuzz. */
const RUNS = Number(process.env.FC_MULT ?? 1);

describe('RELOAD wire codecs: round trip', () => {
  for (const { name, codec, arb } of CODEC_CASES) {
    it(`${name}: decode(encode(m)) equals m and encodedLength(m) is the encoded size`, () => {
      fc.assert(
        fc.property(arb, (m) => {
          const bytes = codec.encode(m);
          expect(codec.encodedLength(m)).toBe(bytes.length);
          expect(codec.decode(bytes)).toEqual(m);
        }),
        { numRuns: RUNS * 200 },
      );
    });
  }
});
