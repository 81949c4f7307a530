/**
 * A whole RELOAD message (RFC 6940 §6.3): ForwardingHeader, MessageContents, SecurityBlock,
 * concatenated. The encoder computes the header's `length` (the whole message, §6.3.2); the
 * decoder checks it against the input before anything else. `encodedLength` is arithmetic over the
 * structures and allocates nothing: the simulator calls it on every send to count bytes.
 */
import { CodecError, MAX32, Reader, Writer } from './codec.ts';
import type { Codec } from './codec.ts';
import { forwardingHeaderLength, readMessageForwardingHeader, writeForwardingHeader } from './forwarding-header.ts';
import type { ForwardingHeader } from './forwarding-header.ts';
import { createMessageContentsCodec } from './message-contents.ts';
import type { BodyTable, MessageContents, MessageContentsCodec } from './message-contents.ts';
import { readSecurityBlock, securityBlockLength, writeSecurityBlock } from './security-block.ts';
import type { SecurityBlock } from './security-block.ts';
import { guard } from './wire-codec.ts';

export interface ReloadMessage<B = unknown> {
  readonly header: ForwardingHeader;
  readonly contents: MessageContents<B>;
  readonly security: SecurityBlock;
}

export interface ReloadMessageCodecInit {
  /** Body codecs by message code, e.g. `defaultReloadBodies(...)` plus `expACarrier(...)`. */
  readonly bodies: BodyTable;
}

export interface ReloadMessageCodec extends Codec<ReloadMessage> {
  /** The MessageContents codec built from the same body table. */
  readonly contents: MessageContentsCodec;
}

export function createMessageCodec(init: ReloadMessageCodecInit): ReloadMessageCodec {
  const contents = createMessageContentsCodec({ bodies: init.bodies });

  function encodedLength(m: ReloadMessage): number {
    return forwardingHeaderLength(m.header) + contents.encodedLength(m.contents) + securityBlockLength(m.security);
  }

  return {
    contents,
    encodedLength,
    encode(m: ReloadMessage): Uint8Array {
      const total = encodedLength(m);
      if (total > MAX32) throw new CodecError('out-of-range', 'ForwardingHeader.length', `a message of ${total} bytes does not fit a uint32`);
      const w = new Writer(total);
      writeForwardingHeader(w, m.header, total);
      contents.write(w, m.contents);
      writeSecurityBlock(w, m.security);
      if (w.offset !== total) {
        // A body codec whose encodedLength disagrees with its encoder: the length field would lie.
        throw new CodecError('invalid', 'ReloadMessage', `encodedLength said ${total} bytes, the encoders wrote ${w.offset}`);
      }
      return w.finish();
    },
    decode(bytes: Uint8Array): ReloadMessage {
      return guard('ReloadMessage', () => {
        const r = new Reader(bytes);
        const header = readMessageForwardingHeader(r, bytes.length);
        const c = contents.read(r);
        const security = readSecurityBlock(r);
        r.expectEnd('ReloadMessage');
        return { header, contents: c, security };
      });
    },
  };
}
