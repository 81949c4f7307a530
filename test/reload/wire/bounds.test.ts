import { describe, expect, it } from 'vitest';
import { Id } from '../../../src/reload/id.ts';
import {
  attachReqAnsCodec,
  chordUpdateCodec,
  CodecError,
  createStoreReqCodec,
  destinationCodec,
  FRAGMENT_UNFRAGMENTED,
  forwardingHeaderCodec,
  pingAnsCodec,
  pingReqCodec,
  probeReqCodec,
  rawResourceIdCodec,
  signatureCodec,
  storedDataCodec,
  UnknownKindError,
} from '../../../src/reload/wire/index.ts';
import type { CodecErrorKind, ForwardingHeaderWithLength, StoreReq } from '../../../src/reload/wire/index.ts';
import { testDataModelOf } from './arbitraries.ts';
import { testMessageCodec } from './codecs.ts';

function kindOf(f: () => unknown): CodecErrorKind | 'no error' {
  try {
    f();
    return 'no error';
  } catch (e) {
    if (e instanceof CodecError) return e.kind;
    throw e;
  }
}

const ID = new Id(1, 2, 3, 4);
const header: ForwardingHeaderWithLength = {
  overlay: 1,
  configurationSequence: 1,
  ttl: 100,
  fragment: FRAGMENT_UNFRAGMENTED,
  length: 38,
  transactionId: 1,
  maxResponseLength: 0,
  viaList: [],
  destinationList: [],
  options: [],
};

describe('bounds: encoders reject vectors longer than their bound', () => {
  it('NodeId fingers<0..2^16-1>: 4095 ids fit, 4096 do not', () => {
    const ok = { uptime: 0, type: 'full' as const, predecessors: [], successors: [], fingers: new Array<Id>(4095).fill(ID) };
    expect(chordUpdateCodec.encode(ok).length).toBe(5 + 2 + 2 + 2 + 4095 * 16);
    expect(kindOf(() => chordUpdateCodec.encode({ ...ok, fingers: new Array<Id>(4096).fill(ID) }))).toBe('out-of-range');
  });

  it('ProbeReq requested_info<0..2^8-1>', () => {
    expect(kindOf(() => probeReqCodec.encode({ requestedInfo: new Array(255).fill('uptime') }))).toBe('no error');
    expect(kindOf(() => probeReqCodec.encode({ requestedInfo: new Array(256).fill('uptime') }))).toBe('out-of-range');
  });

  it('opaque<0..2^16-1>, opaque<0..2^8-1>, ResourceId<0..254>', () => {
    expect(kindOf(() => pingReqCodec.encode({ padding: new Uint8Array(0x10000) }))).toBe('out-of-range');
    const a = { ufrag: new Uint8Array(256), password: new Uint8Array(0), role: new Uint8Array(0), candidates: [], sendUpdate: false };
    expect(kindOf(() => attachReqAnsCodec.encode(a))).toBe('out-of-range');
    expect(kindOf(() => rawResourceIdCodec.encode(new Uint8Array(254)))).toBe('no error');
    expect(kindOf(() => rawResourceIdCodec.encode(new Uint8Array(255)))).toBe('out-of-range');
    expect(kindOf(() => destinationCodec.encode({ type: 'opaque', opaqueId: new Uint8Array(255) }))).toBe('out-of-range');
  });

  it('via_list_length is a uint16 byte count', () => {
    const via = new Array(3641).fill({ type: 'node', id: ID }); // 3641 * 18 = 65538 bytes
    expect(kindOf(() => forwardingHeaderCodec.encode({ ...header, viaList: via }))).toBe('out-of-range');
  });

  it('integers out of their range, and a fragment without its high bit', () => {
    expect(kindOf(() => pingAnsCodec.encode({ responseId: 2 ** 53, time: 0 }))).toBe('out-of-range');
    expect(kindOf(() => forwardingHeaderCodec.encode({ ...header, ttl: 256 }))).toBe('out-of-range');
    expect(kindOf(() => forwardingHeaderCodec.encode({ ...header, fragment: 0x40000000 }))).toBe('invalid');
    expect(kindOf(() => destinationCodec.encode({ type: 'compressed', value: 0x7fff }))).toBe('out-of-range');
  });
});

describe('bounds: decoders', () => {
  it('a length prefix pointing past the end is truncated', () => {
    expect(kindOf(() => pingReqCodec.decode(Uint8Array.from([0x00, 0x05, 1, 2])))).toBe('truncated');
    expect(kindOf(() => chordUpdateCodec.decode(Uint8Array.from([0, 0, 0, 0, 2, 0x00, 0x20, ...new Array(16).fill(0)])))).toBe('truncated');
    const m = testMessageCodec.encode({
      header,
      contents: { messageCode: 0x17, body: { padding: new Uint8Array(0) }, extensions: [] },
      security: { certificates: [], signature: { algorithm: { hash: 4, signature: 1 }, identity: { type: 'none' }, value: new Uint8Array(0) } },
    });
    const bad = m.slice();
    bad[38 + 2 + 3] = 0xff; // message_body length low byte: 0x000000ff > what is left
    expect(kindOf(() => testMessageCodec.decode(bad))).toBe('truncated');
  });

  it('a NodeId list that is not a whole number of ids is truncated', () => {
    expect(kindOf(() => chordUpdateCodec.decode(Uint8Array.from([0, 0, 0, 0, 2, 0x00, 0x03, 1, 2, 3, 0, 0])))).toBe('truncated');
  });

  it('the header length field is checked against the message', () => {
    const m = testMessageCodec.encode({
      header,
      contents: { messageCode: 0x18, body: { responseId: 1, time: 2 }, extensions: [] },
      security: { certificates: [], signature: { algorithm: { hash: 4, signature: 1 }, identity: { type: 'none' }, value: new Uint8Array(0) } },
    });
    const view = new DataView(m.buffer, m.byteOffset);
    const n = m.length;
    view.setUint32(16, n + 1);
    expect(kindOf(() => testMessageCodec.decode(m))).toBe('truncated');
    view.setUint32(16, n - 1);
    expect(kindOf(() => testMessageCodec.decode(m))).toBe('overlong');
    view.setUint32(16, n);
    expect(kindOf(() => testMessageCodec.decode(m))).toBe('no error');
  });

  it('bad relo_token, version, fragment, Boolean, enum values', () => {
    const h = forwardingHeaderCodec.encode(header);
    const badToken = h.slice();
    badToken[0] = 0x52;
    expect(kindOf(() => forwardingHeaderCodec.decode(badToken))).toBe('invalid');
    const badVersion = h.slice();
    badVersion[10] = 0x0b;
    expect(kindOf(() => forwardingHeaderCodec.decode(badVersion))).toBe('out-of-range');
    const badFragment = h.slice();
    badFragment[12] = 0x40;
    expect(kindOf(() => forwardingHeaderCodec.decode(badFragment))).toBe('invalid');
    // RouteQueryReq.send_update = 2
    expect(kindOf(() => attachReqAnsCodec.decode(Uint8Array.from([0, 0, 0, 0, 0, 2])))).toBe('out-of-range');
    expect(kindOf(() => chordUpdateCodec.decode(Uint8Array.from([0, 0, 0, 0, 4])))).toBe('out-of-range');
    expect(kindOf(() => destinationCodec.decode(Uint8Array.from([0x04, 0x00])))).toBe('out-of-range');
    expect(kindOf(() => probeReqCodec.decode(Uint8Array.from([1, 0])))).toBe('out-of-range');
  });

  it('inner lengths must match their contents', () => {
    // node destination whose length says 17
    expect(kindOf(() => destinationCodec.decode(Uint8Array.from([0x01, 17, ...new Array(17).fill(0)])))).toBe('invalid');
    // resource destination whose length (18) exceeds its ResourceId (17)
    expect(kindOf(() => destinationCodec.decode(Uint8Array.from([0x02, 18, 16, ...new Array(17).fill(0)])))).toBe('overlong');
    // SignerIdentity none with length 1
    expect(kindOf(() => signatureCodec.decode(Uint8Array.from([4, 1, 3, 0, 1, 0, 0, 0])))).toBe('overlong');
    // StoredData whose length claims one byte more than its contents
    const sd = storedDataCodec('single');
    const ok = sd.encode({
      storageTime: 1,
      lifetime: 2,
      value: { model: 'single', value: { exists: true, value: Uint8Array.from([9]) } },
      signature: { algorithm: { hash: 4, signature: 1 }, identity: { type: 'none' }, value: new Uint8Array(0) },
    });
    const longer = new Uint8Array(ok.length + 1);
    longer.set(ok);
    new DataView(longer.buffer).setUint32(0, ok.length - 4 + 1);
    expect(kindOf(() => sd.decode(longer))).toBe('overlong');
  });

  it('a CHORD-RELOAD ResourceId must be 16 bytes', () => {
    expect(kindOf(() => destinationCodec.decode(Uint8Array.from([0x02, 4, 3, 0x46, 0x4f, 0x4f])))).toBe('invalid');
  });

  it('a uint64 above 2^53 - 1 is out of range', () => {
    expect(kindOf(() => pingAnsCodec.decode(Uint8Array.from([0, 0x20, 0, 0, 0, 0, 0, 0, ...new Array(8).fill(0)])))).toBe('out-of-range');
  });

  it('a kind without a configured data model fails with UnknownKindError, on encode and decode', () => {
    const codec = createStoreReqCodec({ dataModelOf: testDataModelOf });
    const req: StoreReq = { resource: ID, replicaNumber: 0, kindData: [{ kind: 99, generationCounter: 0, values: [] }] };
    expect(() => codec.encode(req)).toThrow(UnknownKindError);
    const other = createStoreReqCodec({ dataModelOf: (k) => (k === 99 ? 'single' : undefined) });
    const bytes = other.encode(req);
    try {
      codec.decode(bytes);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownKindError);
      expect((e as UnknownKindError).kindId).toBe(99);
    }
  });

  it('a value whose model differs from the kind is rejected on encode', () => {
    const codec = createStoreReqCodec({ dataModelOf: testDataModelOf });
    const req: StoreReq = {
      resource: ID,
      replicaNumber: 0,
      kindData: [
        {
          kind: 1,
          generationCounter: 0,
          values: [
            {
              storageTime: 0,
              lifetime: 0,
              value: { model: 'array', index: 0, value: { exists: true, value: new Uint8Array(0) } },
              signature: { algorithm: { hash: 4, signature: 1 }, identity: { type: 'none' }, value: new Uint8Array(0) },
            },
          ],
        },
      ],
    };
    expect(kindOf(() => codec.encode(req))).toBe('invalid');
  });
});
