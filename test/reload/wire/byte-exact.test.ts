import { describe, expect, it } from 'vitest';
import { Id } from '../../../src/reload/id.ts';
import {
  createMessageCodec,
  defaultReloadBodies,
  FRAGMENT_UNFRAGMENTED,
  forwardingHeaderCodec,
  MessageCode,
  modelSecurityBlock,
  rawResourceIdCodec,
  resourceIdCodec,
  securityBlockCodec,
  securityBlockLength,
} from '../../../src/reload/wire/index.ts';
import type { ForwardingHeaderWithLength, ReloadMessage } from '../../../src/reload/wire/index.ts';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** 16 bytes start, start+1, ... as an Id, and as hex. */
function seqId(start: number): { id: Id; hex: string } {
  const b = Uint8Array.from({ length: 16 }, (_, i) => (start + i) & 0xff);
  return { id: Id.fromBytes(b), hex: hex(b) };
}

describe('byte-exact encodings', () => {
  it('ResourceId "FOO" is 03 46 4f 4f (RFC 6940 §6.3.1 vector example: a 1-byte length for <0..254>)', () => {
    const foo = new TextEncoder().encode('FOO');
    const bytes = rawResourceIdCodec.encode(foo);
    expect(hex(bytes)).toBe('03464f4f');
    expect(rawResourceIdCodec.decode(Uint8Array.from([0x03, 0x46, 0x4f, 0x4f]))).toEqual(foo);
  });

  it('a CHORD-RELOAD ResourceId is 0x10 and its 16 bytes', () => {
    const { id, hex: h } = seqId(0xa0);
    expect(hex(resourceIdCodec.encode(id))).toBe(`10${h}`);
  });

  it('ForwardingHeader, field by field from the §6.3.2 layout', () => {
    const via = seqId(0x00);
    const dst = seqId(0x40);
    const h: ForwardingHeaderWithLength = {
      overlay: 0x01020304,
      configurationSequence: 0x0506,
      ttl: 100,
      fragment: FRAGMENT_UNFRAGMENTED,
      length: 0x00000123,
      transactionId: 0x123456789a,
      maxResponseLength: 0x00010000,
      viaList: [{ type: 'node', id: via.id }],
      destinationList: [{ type: 'resource', id: dst.id }, { type: 'compressed', value: 0x8001 }],
      options: [{ type: 0x01, flags: 0x04, option: Uint8Array.from([0xaa, 0xbb]) }],
    };
    const expected = [
      'd2454c4f', // relo_token
      '01020304', // overlay
      '0506', // configuration_sequence
      '0a', // version 1.0
      '64', // ttl 100
      'c0000000', // fragment: high bit + last fragment, offset 0
      '00000123', // length
      '000000123456789a', // transaction_id (uint64)
      '00010000', // max_response_length
      '0012', // via_list_length: 18 bytes
      '0015', // destination_list_length: 19 + 2 bytes
      '0006', // options_length: 4 + 2 bytes
      `0110${via.hex}`, // via: node(1), length 16, NodeId
      `021110${dst.hex}`, // resource(2), length 17, ResourceId<0..254> = 16 + id
      '8001', // compressed destination (top bit set)
      '01040002aabb', // option type 1, flags RESPONSE_COPY, length 2, contents
    ].join('');
    expect(hex(forwardingHeaderCodec.encode(h))).toBe(expected);
    expect(forwardingHeaderCodec.decode(Uint8Array.from(Buffer.from(expected, 'hex')))).toEqual(h);
  });

  it('a whole PingReq message, with the header length computed by the encoder', () => {
    const dst = seqId(0x10);
    const codec = createMessageCodec({ bodies: defaultReloadBodies({ dataModelOf: () => undefined }) });
    const m: ReloadMessage = {
      header: {
        overlay: 0xdeadbeef,
        configurationSequence: 1,
        ttl: 100,
        fragment: FRAGMENT_UNFRAGMENTED,
        transactionId: 7,
        maxResponseLength: 0,
        viaList: [],
        destinationList: [{ type: 'node', id: dst.id }],
        options: [],
      },
      contents: { messageCode: MessageCode.PingReq, body: { padding: new Uint8Array(0) }, extensions: [] },
      security: {
        certificates: [],
        signature: { algorithm: { hash: 4, signature: 1 }, identity: { type: 'none' }, value: new Uint8Array(0) },
      },
    };
    // 38 + 18 (header) + 12 (contents) + 9 (security) = 77 = 0x4d
    const expected = [
      'd2454c4f', 'deadbeef', '0001', '0a', '64', 'c0000000',
      '0000004d', // length: the whole message
      '0000000000000007', '00000000', '0000', '0012', '0000',
      `0110${dst.hex}`,
      '0017', // message_code ping_req
      '00000002', // message_body<0..2^32-1>: 2 bytes
      '0000', // PingReq.padding<0..2^16-1>: empty
      '00000000', // extensions: none
      '0000', // certificates: none
      '0401', // SignatureAndHashAlgorithm: sha256, rsa
      '030000', // SignerIdentity: none, length 0
      '0000', // signature_value: empty
    ].join('');
    const bytes = codec.encode(m);
    expect(hex(bytes)).toBe(expected);
    expect(codec.encodedLength(m)).toBe(77);
    expect(codec.decode(bytes)).toEqual(m);
  });

  it('modelSecurityBlock defaults: one 800-byte certificate, a 256-byte RSA signature, a SHA-256 cert hash', () => {
    const b = modelSecurityBlock();
    // certificates<0..2^16-1>: 2 + (type 1 + length 2 + 800)
    // signature: algorithm 2 + identity (type 1 + length 2 + hash_alg 1 + hash<0..255> 1 + 32) + value (2 + 256)
    expect(securityBlockLength(b)).toBe(2 + 803 + 2 + 37 + 258);
    expect(securityBlockCodec.encode(b).length).toBe(1102);
    expect(securityBlockCodec.decode(securityBlockCodec.encode(b))).toEqual(b);
    const none = modelSecurityBlock({ certificateBytes: 0, signatureBytes: 64 });
    expect(securityBlockLength(none)).toBe(2 + 2 + 37 + 66);
  });

  it('modelSecurityBlock with a signer Node-ID uses cert_hash_node_id and carries the id in the hash', () => {
    const { id, hex: h } = seqId(0x30);
    const b = modelSecurityBlock({ signerNodeId: id });
    expect(b.signature.identity.type).toBe('cert_hash_node_id');
    const bytes = securityBlockCodec.encode(b);
    expect(hex(bytes)).toContain(`020022` + `04` + `20` + h + '00'.repeat(16));
  });
});
