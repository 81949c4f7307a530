import { describe, expect, it } from 'vitest';
import { Id } from '../../../src/reload/id.ts';
import { CodecError } from '../../../src/reload/wire/codec.ts';
import {
  ALM_ALG_INVALID,
  ALM_HEARTBEAT_RESPONSE,
  ALM_JOIN,
  ALM_JOIN_REJECT,
  ALM_MESSAGE_CODE_FIELD,
  EMPTY_BODY,
  EMPTY_DICTIONARY,
  almAlgorithmName,
  almHeaderCodec,
  almMessage,
  almMessageCodec,
  almMessageEncodedLength,
  decodeAlmMessage,
  encodeAlmMessage,
} from '../../../src/alm/wire/index.ts';
import type { AlmMessage } from '../../../src/alm/wire/index.ts';

function thrown(f: () => unknown): CodecError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  throw new Error('expected a CodecError');
}

const join = almMessage(1, ALM_JOIN, { peerId: Id.fromHex('1'), groupId: Id.fromHex('2'), options: EMPTY_DICTIONARY });

describe('ALMHeader (RFC 7019 §10.1)', () => {
  it('rejects a bad sam_token', () => {
    const bytes = encodeAlmMessage(join);
    bytes[3] = 0x43; // "SAMC"
    const e = thrown(() => decodeAlmMessage(bytes));
    expect(e.kind).toBe('invalid');
    expect(e.field).toBe('ALMHeader.sam_token');
    expect(e.offset).toBe(0);
    expect(thrown(() => almHeaderCodec.decode(bytes.subarray(0, 7))).field).toBe('ALMHeader.sam_token');
  });

  it('rejects a version other than 0x0A', () => {
    const bytes = encodeAlmMessage(join);
    bytes[6] = 0x0b;
    const e = thrown(() => decodeAlmMessage(bytes));
    expect(e.kind).toBe('invalid');
    expect(e.field).toBe('ALMHeader.version');
    expect(e.offset).toBe(6);
  });

  it('decodes and reports an unknown algorithm id (the usage answers Error_Unknown_Algorithm)', () => {
    for (const algorithmId of [ALM_ALG_INVALID, 0x0003, 0x7fff, 0x8001, 0xffff]) {
      const m = { ...join, algorithmId };
      expect(decodeAlmMessage(encodeAlmMessage(m))).toEqual(m);
    }
    expect(almAlgorithmName(0x1234)).toBe('unassigned(0x1234)');
    expect(almAlgorithmName(0x8001)).toBe('private-use(0x8001)');
    expect(almAlgorithmName(1)).toBe('SCRIBE-SAM');
  });

  it('encoder throws on an algorithm id outside uint16', () => {
    expect(thrown(() => encodeAlmMessage({ ...join, algorithmId: 0x10000 })).field).toBe('ALMHeader.alm_algorithm_id');
  });
});

describe('ALMMessageContents (RFC 7019 §10.2)', () => {
  it('rejects InvalidMessageCode, unassigned and private-use codes with a typed error', () => {
    for (const code of [0x0000, 0x0014, 0x7fff, 0x8000, 0xffff]) {
      const bytes = encodeAlmMessage(join);
      new DataView(bytes.buffer).setUint16(7, code);
      const e = thrown(() => decodeAlmMessage(bytes));
      expect(e.kind).toBe('invalid');
      expect(e.field).toBe(ALM_MESSAGE_CODE_FIELD);
      expect(e.offset).toBe(7);
    }
    const bad = { ...join, code: 0x14 } as unknown as AlmMessage;
    expect(thrown(() => encodeAlmMessage(bad)).field).toBe(ALM_MESSAGE_CODE_FIELD);
    expect(thrown(() => almMessageEncodedLength(bad)).field).toBe(ALM_MESSAGE_CODE_FIELD);
  });

  it('alm_message_body has a 4-byte length prefix (PROTOCOL.md Decision)', () => {
    const m = almMessage(2, ALM_HEARTBEAT_RESPONSE, EMPTY_BODY);
    expect(Buffer.from(encodeAlmMessage(m)).toString('hex')).toBe('d3414d42' + '0002' + '0a' + '000f' + '00000000');
  });

  it('rejects a body with bytes its code does not consume, even when the message length is right', () => {
    // JoinReject has an empty body: a 1-byte body is over-long inside the vector.
    const bytes = Uint8Array.from(Buffer.from('d3414d42' + '0001' + '0a' + '0005' + '00000001' + '00', 'hex'));
    const e = thrown(() => decodeAlmMessage(bytes));
    expect(e.kind).toBe('overlong');
    const plain = Uint8Array.from(Buffer.from('d3414d42' + '0001' + '0a' + '0005' + '00000000', 'hex'));
    expect(decodeAlmMessage(plain)).toEqual(almMessage(1, ALM_JOIN_REJECT, EMPTY_BODY));
  });

  it('rejects a body length that runs past the end', () => {
    const bytes = encodeAlmMessage(join);
    new DataView(bytes.buffer).setUint32(9, bytes.length);
    expect(thrown(() => decodeAlmMessage(bytes)).kind).toBe('truncated');
  });

  it('the codec object plugs into the RELOAD layer', () => {
    expect(almMessageCodec.decode(almMessageCodec.encode(join))).toEqual(join);
    expect(almMessageCodec.encodedLength(join)).toBe(7 + 2 + 4 + 16 + 16 + 2);
  });
});
