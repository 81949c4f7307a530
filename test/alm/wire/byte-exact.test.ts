/**
 * One Join and one Push written out byte by byte from RFC 7019's field lists (§10.1 ALMHeader,
 * §10.2 ALMMessageContents, §7.2.3 Join, §7.2.18 Push, §7.1 Dictionary / RFC 6940 §7.2), not
 * produced by the encoder.
 */
import { describe, expect, it } from 'vitest';
import { Id } from '../../../src/reload/id.ts';
import {
  ALM_ALG_P2PCAST_SAM,
  ALM_ALG_SCRIBE_SAM,
  ALM_JOIN,
  ALM_PUSH,
  almMessage,
  decodeAlmMessage,
  dictionaryOf,
  encodeAlmMessage,
  joinCodec,
  pushCodec,
} from '../../../src/alm/wire/index.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+|#[^\n]*/g, ''), 'hex'));

const peerId = Id.fromHex('00112233445566778899aabbccddeeff');
const groupId = Id.fromHex('f0e1d2c3b4a5968778695a4b3c2d1e0f');

describe('byte-exact encodings', () => {
  it('Join with one option, SCRIBE-SAM', () => {
    const expected = hex(`
      d3 41 4d 42                                        # ALMHeader.sam_token "SAMB" | 0x80
      00 01                                              # alm_algorithm_id SCRIBE-SAM
      0a                                                 # version 1.0
      00 03                                              # alm_message_code Join
      00 00 00 33                                        # alm_message_body<0..2^32-1>: 51 bytes
      00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff    # Join.peer_id
      f0 e1 d2 c3 b4 a5 96 87 78 69 5a 4b 3c 2d 1e 0f    # Join.group_id
      00 11                                              # Dictionary.elements<0..2^16-1>: 17 bytes
      00 06 66 61 6e 6f 75 74                            #   DictionaryEntry.key<0..2^16-1> "fanout"
      01                                                 #   DataValue.exists true
      00 00 00 04 00 00 00 08                            #   DataValue.value<0..2^32-1>: uint32 8
    `);
    const m = almMessage(ALM_ALG_SCRIBE_SAM, ALM_JOIN, { peerId, groupId, options: dictionaryOf({ fanout: 8 }) });
    expect(Buffer.from(encodeAlmMessage(m)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    expect(Buffer.from(joinCodec.encode(m.body)).toString('hex')).toBe(Buffer.from(expected.subarray(13)).toString('hex'));
    expect(decodeAlmMessage(expected)).toEqual(m);
  });

  it('Push of "abc", P2PCAST-SAM, priority 255: `length` is data\'s prefix, written once', () => {
    const expected = hex(`
      d3 41 4d 42                                        # ALMHeader.sam_token
      00 02                                              # alm_algorithm_id P2PCAST-SAM
      0a                                                 # version
      00 12                                              # alm_message_code Push
      00 00 00 18                                        # alm_message_body: 24 bytes
      f0 e1 d2 c3 b4 a5 96 87 78 69 5a 4b 3c 2d 1e 0f    # Push.group_id
      ff                                                 # Push.priority
      00 00 00 03                                        # Push.length = data<0..2^32-1> prefix
      61 62 63                                           # Push.data "abc"
    `);
    const m = almMessage(ALM_ALG_P2PCAST_SAM, ALM_PUSH, { groupId, priority: 255, data: new TextEncoder().encode('abc') });
    expect(Buffer.from(encodeAlmMessage(m)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    expect(Buffer.from(pushCodec.encode(m.body)).toString('hex')).toBe(Buffer.from(expected.subarray(13)).toString('hex'));
    expect(decodeAlmMessage(expected)).toEqual(m);
  });
});
