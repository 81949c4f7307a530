import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Id } from '../../../src/reload/id.ts';
import {
  bodyOf,
  CodecError,
  createMessageCodec,
  defaultReloadBodies,
  errorCodeName,
  expACarrier,
  FRAGMENT_UNFRAGMENTED,
  isRequestCode,
  makeCodec,
  MAX16,
  MessageCode,
  messageCodeName,
  modelSecurityBlock,
  peekForwardingHeader,
  wireCodec,
} from '../../../src/reload/wire/index.ts';
import type { ChordUpdate, Codec, ForwardingHeader, ReloadMessage } from '../../../src/reload/wire/index.ts';
import { arbForwardingHeader, arbReloadMessage, testDataModelOf } from './arbitraries.ts';
import { testMessageCodec } from './codecs.ts';

const header: ForwardingHeader = {
  overlay: 0x11223344,
  configurationSequence: 3,
  ttl: 100,
  fragment: FRAGMENT_UNFRAGMENTED,
  transactionId: 42,
  maxResponseLength: 0,
  viaList: [{ type: 'node', id: new Id(1, 1, 1, 1) }],
  destinationList: [{ type: 'resource', id: new Id(2, 2, 2, 2) }],
  options: [],
};
const security = modelSecurityBlock({ signerNodeId: new Id(1, 1, 1, 1) });

/** A stand-in for the ALM usage's body: uint16 code + opaque<0..2^16-1> text. */
interface ToyAlm {
  readonly code: number;
  readonly text: Uint8Array;
}
const toyPlain: Codec<ToyAlm> = makeCodec<ToyAlm>(
  'ToyAlm',
  (w, v) => {
    w.u16(v.code, 'ToyAlm.code');
    w.opaque(v.text, 0, MAX16, 'ToyAlm.text');
  },
  (r) => ({ code: r.u16('ToyAlm.code'), text: r.opaque(0, MAX16, 'ToyAlm.text') }),
  (v) => 4 + v.text.length,
);
const toyWire = wireCodec<ToyAlm>(
  'ToyAlm',
  (w, v) => {
    w.u16(v.code, 'ToyAlm.code');
    w.opaque(v.text, 0, MAX16, 'ToyAlm.text');
  },
  (r) => ({ code: r.u16('ToyAlm.code'), text: r.opaque(0, MAX16, 'ToyAlm.text') }),
  (v) => 4 + v.text.length,
);

describe('whole messages', () => {
  it('exp_a carries a body produced by a supplied codec (plain Codec or WireCodec)', () => {
    for (const toy of [toyPlain, toyWire]) {
      const codec = createMessageCodec({ bodies: new Map([...defaultReloadBodies({ dataModelOf: testDataModelOf }), ...expACarrier(toy)]) });
      for (const code of [MessageCode.ExpAReq, MessageCode.ExpAAns]) {
        const m: ReloadMessage = {
          header,
          contents: { messageCode: code, body: { code: 3, text: Uint8Array.from([1, 2, 3]) }, extensions: [] },
          security,
        };
        const bytes = codec.encode(m);
        expect(bytes.length).toBe(codec.encodedLength(m));
        expect(codec.decode(bytes)).toEqual(m);
      }
    }
  });

  it('without a carrier, exp_a bodies are raw bytes; a non-byte body for such a code does not encode', () => {
    const raw = Uint8Array.from([0, 3, 0, 3, 1, 2, 3]);
    const m: ReloadMessage = { header, contents: { messageCode: MessageCode.ExpAReq, body: raw, extensions: [] }, security };
    expect(testMessageCodec.decode(testMessageCodec.encode(m)).contents.body).toEqual(raw);
    const typed = { ...m, contents: { ...m.contents, body: { code: 3 } } };
    expect(() => testMessageCodec.encode(typed)).toThrow(CodecError);
    expect(() => testMessageCodec.encodedLength(typed)).toThrow(CodecError);
  });

  it('the same raw exp_a bytes decode to the typed body once the carrier is added', () => {
    const body = { code: 3, text: Uint8Array.from([1, 2, 3]) };
    const carrierCodec = createMessageCodec({ bodies: new Map([...defaultReloadBodies({ dataModelOf: testDataModelOf }), ...expACarrier(toyWire)]) });
    const m: ReloadMessage = { header, contents: { messageCode: MessageCode.ExpAReq, body, extensions: [] }, security };
    const bytes = carrierCodec.encode(m);
    expect(testMessageCodec.decode(bytes).contents.body).toEqual(toyWire.encode(body));
  });

  it('a body codec whose encodedLength disagrees with its encoder is caught', () => {
    const liar = wireCodec<number>('Liar', (w, v) => w.u32(v, 'Liar'), (r) => r.u32('Liar'), () => 2);
    const codec = createMessageCodec({ bodies: new Map([...expACarrier(liar)]) });
    const m: ReloadMessage = { header, contents: { messageCode: MessageCode.ExpAReq, body: 7, extensions: [] }, security };
    expect(() => codec.encode(m)).toThrow(CodecError);
  });

  it('peekForwardingHeader reads the header of a whole message and its length', () => {
    fc.assert(
      fc.property(arbReloadMessage, (m) => {
        const bytes = testMessageCodec.encode(m);
        const h = peekForwardingHeader(bytes);
        expect(h.length).toBe(bytes.length);
        const { length: _length, ...rest } = h;
        expect(rest).toEqual(m.header);
      }),
      { numRuns: 100 },
    );
  });

  it('bodyOf gives the typed body for its code only', () => {
    const update: ChordUpdate = { uptime: 5, type: 'neighbors', predecessors: [new Id(1, 2, 3, 4)], successors: [] };
    const m: ReloadMessage = { header, contents: { messageCode: MessageCode.UpdateReq, body: update, extensions: [] }, security };
    const decoded = testMessageCodec.decode(testMessageCodec.encode(m));
    const u = bodyOf(decoded.contents, MessageCode.UpdateReq);
    expect(u?.type).toBe('neighbors');
    expect(bodyOf(decoded.contents, MessageCode.PingReq)).toBeUndefined();
  });

  it('names message and error codes', () => {
    expect(messageCodeName(0x13)).toBe('update_req');
    expect(messageCodeName(0x24)).toBe('exp_a_ans');
    expect(messageCodeName(0xffff)).toBe('error');
    expect(messageCodeName(0x05)).toBe('unknown(0x0005)');
    expect(errorCodeName(0x12)).toBe('Error_Exp_A');
    expect(errorCodeName(0x0a)).toBe('Error_TTL_Exceeded');
    expect(isRequestCode(0x23)).toBe(true);
    expect(isRequestCode(0x24)).toBe(false);
    expect(isRequestCode(0xffff)).toBe(false);
  });

  it('fuzz: a valid header followed by random bytes (length fixed up) throws only CodecError', () => {
    fc.assert(
      fc.property(arbForwardingHeader, fc.uint8Array({ maxLength: 400 }), (h, tail) => {
        const m: ReloadMessage = { header: h, contents: { messageCode: 0x17, body: { padding: new Uint8Array(0) }, extensions: [] }, security };
        const full = testMessageCodec.encode(m);
        const headerLength = full.length - testMessageCodec.contents.encodedLength(m.contents) - 1102;
        const bytes = new Uint8Array(headerLength + tail.length);
        bytes.set(full.subarray(0, headerLength));
        bytes.set(tail, headerLength);
        new DataView(bytes.buffer).setUint32(16, bytes.length);
        try {
          testMessageCodec.decode(bytes);
        } catch (e) {
          if (!(e instanceof CodecError)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });
});
