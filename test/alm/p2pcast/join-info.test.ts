import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeReject, encodeReject } from '../../../src/alm/p2pcast/join-info.ts';
import { almErrorResponse } from '../../../src/alm/wire/error.ts';
import { dictionaryCodec, dictionaryOf } from '../../../src/alm/wire/dictionary.ts';
import { resourceId } from '../../../src/reload/id.ts';

describe('decodeReject: the reason a P2PCast Join was turned away (the alm_error_info Dictionary)', () => {
  it('reads back what encodeReject wrote', () => {
    const target = resourceId('peer-7');
    const contact = Uint8Array.of(1, 2, 3);
    const r = decodeReject(encodeReject('redirect', target, contact))!;
    expect(r.type).toBe('redirect');
    expect(r.target!.equals(target)).toBe(true);
    expect([...r.contact!]).toEqual([1, 2, 3]);
    expect(decodeReject(encodeReject('full'))).toEqual({ type: 'full', target: undefined, contact: undefined });
  });

  it('answers undefined for the text of other errors, empty info, and a Dictionary without a type', () => {
    for (const text of ['', 'x', 'child limit reached', 'depth limit 12 reached', '\u0000\u0001']) {
      expect(decodeReject(almErrorResponse(0x10, text).almErrorInfo), JSON.stringify(text)).toBeUndefined();
    }
    expect(decodeReject(dictionaryCodec.encode(dictionaryOf({ target: resourceId('a').toBytes() })))).toBeUndefined();
  });

  it('answers undefined when a Dictionary has bytes after it or is cut short', () => {
    const ok = encodeReject('full');
    expect(decodeReject(Uint8Array.of(...ok, 0))).toBeUndefined();
    expect(decodeReject(ok.subarray(0, ok.length - 1))).toBeUndefined();
  });

  it('never throws on arbitrary bytes, and decodes exactly the byte strings the Dictionary codec accepts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 40 }),
          // The right length prefix over arbitrary entries: passes the first check, may still fail to decode.
          fc.uint8Array({ maxLength: 40 }).map((b) => Uint8Array.of(b.length >> 8, b.length & 0xff, ...b)),
          fc.string().map((s) => encodeReject(s)),
        ),
        (bytes) => {
        let accepted: boolean;
        try {
          dictionaryCodec.decode(bytes);
          accepted = true;
        } catch {
          accepted = false;
        }
        const r = decodeReject(bytes);
        if (!accepted) expect(r).toBeUndefined();
        else expect(r === undefined).toBe(dictionaryCodec.decode(bytes).every((e) => !(new TextDecoder().decode(e.key) === 'type' && e.value.exists)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
