import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_CASES, MESSAGE_CASES } from './cases.ts';
import { ALL_CODES, almMessageArbOf } from './arbitraries.ts';
import {
  almMessageCodec,
  almMessageEncodedLength,
  almMessageName,
  decodeAlmMessage,
  encodeAlmMessage,
} from '../../../src/alm/wire/index.ts';

describe('round trip: decode(encode(m)) equals m and encodedLength(m) === encode(m).length', () => {
  it('covers the 19 message bodies of RFC 7019 §7.2', () => {
    expect(MESSAGE_CASES.map((c) => c.name)).toEqual(ALL_CODES.map(almMessageName));
  });

  for (const { name, codec, arb } of ALL_CASES) {
    it(name, () => {
      fc.assert(
        fc.property(arb, (m) => {
          const bytes = codec.encode(m);
          expect(codec.encodedLength(m)).toBe(bytes.length);
          expect(codec.decode(bytes)).toEqual(m);
        }),
        { numRuns: 300 },
      );
    });
  }

  for (const code of ALL_CODES) {
    it(`AlmMessage carrying ${almMessageName(code)}`, () => {
      fc.assert(
        fc.property(almMessageArbOf(code), (m) => {
          const bytes = encodeAlmMessage(m);
          expect(almMessageEncodedLength(m)).toBe(bytes.length);
          expect(almMessageCodec.encodedLength(m)).toBe(bytes.length);
          expect(decodeAlmMessage(bytes)).toEqual(m);
        }),
        { numRuns: 100 },
      );
    });
  }
});
