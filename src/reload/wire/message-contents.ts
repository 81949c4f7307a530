/**
 * MessageContents (RFC 6940 §6.3.3):
 *
 *   struct { MessageExtensionType type; Boolean critical; opaque extension_contents<0..2^32-1>; } MessageExtension;
 *   struct { uint16 message_code; opaque message_body<0..2^32-1>; MessageExtension extensions<0..2^32-1>; } MessageContents;
 *
 * message_body is opaque at this level; its structure depends on message_code. The codec takes a
 * table from code to body codec (no global registry), so each layer adds its own: RELOAD's are in
 * `defaultReloadBodies()`, the ALM usage adds exp_a with {@link expACarrier}. A code missing from
 * the table decodes to the raw body bytes (a Uint8Array), and only a Uint8Array encodes for it.
 */
import { CodecError, MAX32, Reader, Writer } from './codec.ts';
import type { Codec } from './codec.ts';
import { MESSAGE_EXTENSION_INVALID, MessageCode } from './codes.ts';
import { readBoolean, readVector, writeBoolean, writeVector } from './fields.ts';
import { guard, isWireCodec } from './wire-codec.ts';
import type { WireCodec } from './wire-codec.ts';

export interface MessageExtension {
  /** MessageExtensionType; RFC 6940 defines only invalid(0), so any other uint16 is kept. */
  readonly type: number;
  readonly critical: boolean;
  readonly contents: Uint8Array;
}

export interface MessageContents<B = unknown> {
  readonly messageCode: number;
  /** The decoded body for a code in the body table, else the raw body bytes. */
  readonly body: B;
  readonly extensions: readonly MessageExtension[];
}

/** Body codecs by message code. */
export type BodyTable = ReadonlyMap<number, Codec<unknown>>;

export interface MessageContentsCodecInit {
  /** The body codec of each message code; codes not in it carry raw bytes. */
  readonly bodies: BodyTable;
}

export type MessageContentsCodec = WireCodec<MessageContents>;

/**
 * The table entries that make `code` (and, for exp_a, its answer) carry a body produced by a
 * supplied codec: exp_a_req/exp_a_ans are plain carriers at the RELOAD layer (RFC 6940 §14.8,
 * RFC 7019 §10). Spread the result into the table given to {@link createMessageContentsCodec}.
 */
export function expACarrier(request: Codec<unknown>, answer: Codec<unknown> = request): Array<[number, Codec<unknown>]> {
  return [
    [MessageCode.ExpAReq, request],
    [MessageCode.ExpAAns, answer],
  ];
}

/** One table entry: `code` carries bodies produced by `codec`. */
export function bodyEntry<T>(code: number, codec: Codec<T>): [number, Codec<unknown>] {
  return [code, codec as Codec<unknown>];
}

function extensionLength(e: MessageExtension): number {
  return 2 + 1 + 4 + e.contents.length;
}

function writeExtension(w: Writer, e: MessageExtension): void {
  if (e.type === MESSAGE_EXTENSION_INVALID) throw new CodecError('out-of-range', 'MessageExtension.type', 'type 0 is invalid');
  w.u16(e.type, 'MessageExtension.type');
  writeBoolean(w, e.critical, 'MessageExtension.critical');
  w.opaque(e.contents, 0, MAX32, 'MessageExtension.extension_contents');
}

function readExtension(r: Reader): MessageExtension {
  const at = r.offset;
  const type = r.u16('MessageExtension.type');
  if (type === MESSAGE_EXTENSION_INVALID) throw new CodecError('out-of-range', 'MessageExtension.type', 'type 0 is invalid', at);
  const critical = readBoolean(r, 'MessageExtension.critical');
  return { type, critical, contents: r.opaque(0, MAX32, 'MessageExtension.extension_contents') };
}

export function createMessageContentsCodec(init: MessageContentsCodecInit): MessageContentsCodec {
  const bodies = init.bodies;

  function bodyLength(code: number, body: unknown): number {
    const c = bodies.get(code);
    if (c !== undefined) return c.encodedLength(body);
    if (body instanceof Uint8Array) return body.length;
    throw new CodecError('invalid', 'MessageContents.message_body', `no body codec for code ${code}, so the body must be a Uint8Array`);
  }

  function encodedLength(m: MessageContents): number {
    let n = 2 + 4 + bodyLength(m.messageCode, m.body) + 4;
    const ext = m.extensions;
    for (let i = 0; i < ext.length; i++) n += extensionLength(ext[i]!);
    return n;
  }

  function write(w: Writer, m: MessageContents): void {
    if (m.messageCode === 0) throw new CodecError('out-of-range', 'MessageContents.message_code', 'code 0 is invalid');
    w.u16(m.messageCode, 'MessageContents.message_code');
    const c = bodies.get(m.messageCode);
    if (c === undefined) {
      if (!(m.body instanceof Uint8Array)) {
        throw new CodecError('invalid', 'MessageContents.message_body', `no body codec for code ${m.messageCode}, so the body must be a Uint8Array`);
      }
      w.opaque(m.body, 0, MAX32, 'MessageContents.message_body');
    } else if (isWireCodec(c)) {
      const mark = w.beginVector(MAX32);
      c.write(w, m.body);
      w.endVector(mark, 0, MAX32, 'MessageContents.message_body');
    } else {
      w.opaque(c.encode(m.body), 0, MAX32, 'MessageContents.message_body');
    }
    writeVector(w, m.extensions, 0, MAX32, 'MessageContents.extensions', writeExtension);
  }

  function read(r: Reader): MessageContents {
    const at = r.offset;
    const messageCode = r.u16('MessageContents.message_code');
    if (messageCode === 0) throw new CodecError('out-of-range', 'MessageContents.message_code', 'code 0 is invalid', at);
    const c = bodies.get(messageCode);
    let body: unknown;
    if (c === undefined) {
      body = r.opaque(0, MAX32, 'MessageContents.message_body');
    } else {
      const len = r.length(0, MAX32, 'MessageContents.message_body');
      const end = r.offset + len;
      if (isWireCodec(c)) {
        body = c.read(r);
        if (r.offset !== end) {
          throw new CodecError(
            r.offset < end ? 'overlong' : 'truncated',
            'MessageContents.message_body',
            `the body codec of code ${messageCode} read ${r.offset - (end - len)} of ${len} bytes`,
            end,
          );
        }
      } else {
        body = c.decode(r.fixed(len, 'MessageContents.message_body'));
      }
    }
    const extensions = readVector(r, 0, MAX32, 'MessageContents.extensions', readExtension);
    return { messageCode, body, extensions };
  }

  return {
    write,
    read,
    encodedLength,
    encode(m: MessageContents): Uint8Array {
      const w = new Writer(encodedLength(m));
      write(w, m);
      return w.finish();
    },
    decode(bytes: Uint8Array): MessageContents {
      const r = new Reader(bytes);
      const m = guard('MessageContents', () => read(r));
      r.expectEnd('MessageContents');
      return m;
    },
  };
}
