/**
 * ALMMessageContents as raw framing (RFC 7019 §10.2):
 *
 *   struct { uint16 alm_message_code; opaque alm_message_body<0..2^32-1>; } ALMMessageContents;
 *
 * The RFC leaves alm_message_body unbounded; PROTOCOL.md decides on a 4-byte length prefix. This
 * codec leaves the body opaque and accepts any code: for code-typed bodies use alm-message.ts.
 */
import { MAX32 } from '../../reload/wire/codec.ts';
import { codecOf } from './format.ts';
import type { Format } from './format.ts';

export interface ALMMessageContents {
  readonly code: number;
  readonly body: Uint8Array;
}

/** alm_message_code (2) and the body's length prefix (4). */
export const ALM_CONTENTS_OVERHEAD = 6;

export const almMessageContentsFormat: Format<ALMMessageContents> = {
  write(w, c) {
    w.u16(c.code, 'ALMMessageContents.alm_message_code');
    w.opaque(c.body, 0, MAX32, 'ALMMessageContents.alm_message_body');
  },
  read(r) {
    const code = r.u16('ALMMessageContents.alm_message_code');
    const body = r.opaque(0, MAX32, 'ALMMessageContents.alm_message_body');
    return { code, body };
  },
  length: (c) => ALM_CONTENTS_OVERHEAD + c.body.length,
};

export const almMessageContentsCodec = codecOf('ALMMessageContents', almMessageContentsFormat);
