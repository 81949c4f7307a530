/**
 * ForwardingHeader (RFC 6940 §6.3.2) and ForwardingOption (§6.3.2.3):
 *
 *   struct { uint32 relo_token; uint32 overlay; uint16 configuration_sequence; uint8 version;
 *            uint8 ttl; uint32 fragment; uint32 length; uint64 transaction_id;
 *            uint32 max_response_length; uint16 via_list_length; uint16 destination_list_length;
 *            uint16 options_length; Destination via_list[via_list_length];
 *            Destination destination_list[destination_list_length];
 *            ForwardingOption options[options_length]; } ForwardingHeader;
 *   struct { ForwardingOptionType type; uint8 flags; uint16 length; select (type) {} option; } ForwardingOption;
 *
 * The three list lengths are byte counts placed ahead of the lists (the RFC departs from the usual
 * prefix so that hardware can find the end of the header early). relo_token and version are
 * constants, so they are not fields of the decoded object; `length` is the length of the whole
 * message, so the message codec fills it in and checks it (see message.ts).
 */
import { CodecError, MAX16, Reader, Writer } from './codec.ts';
import { FORWARDING_OPTION_INVALID, FRAGMENT_HIGH_BIT, RELO_TOKEN, RELOAD_VERSION } from './codes.ts';
import { destinationLength, readDestination, writeDestination } from './destination.ts';
import type { Destination } from './destination.ts';
import { guard } from './wire-codec.ts';
import type { WireCodec } from './wire-codec.ts';

export interface ForwardingOption {
  /** ForwardingOptionType; RFC 6940 defines none but invalid(0), so others are kept as numbers. */
  readonly type: number;
  /** FORWARD_CRITICAL 0x01, DESTINATION_CRITICAL 0x02, RESPONSE_COPY 0x04 (see `ForwardingFlag`). */
  readonly flags: number;
  /** The option's contents, `length` bytes. */
  readonly option: Uint8Array;
}

export interface ForwardingHeader {
  /** Low 32 bits of SHA-1 of the overlay name (§6.3.2). */
  readonly overlay: number;
  readonly configurationSequence: number;
  readonly ttl: number;
  /** Always has the high bit set; `FRAGMENT_UNFRAGMENTED` for a whole message. */
  readonly fragment: number;
  /** A uint64 on the wire; here at most 2^53 - 1. */
  readonly transactionId: number;
  /** 0 means no limit (§6.3.2). */
  readonly maxResponseLength: number;
  readonly viaList: readonly Destination[];
  readonly destinationList: readonly Destination[];
  readonly options: readonly ForwardingOption[];
}

/** The header with its `length` field, as it stands on its own (standalone codec, peeking). */
export interface ForwardingHeaderWithLength extends ForwardingHeader {
  /** The length of the whole message the header starts, in bytes (§6.3.2). */
  readonly length: number;
}

/** Bytes from relo_token to options_length inclusive. */
export const FORWARDING_HEADER_FIXED_LENGTH = 38;
/** Offset of the `length` field. */
export const FORWARDING_HEADER_LENGTH_OFFSET = 16;

export function forwardingOptionLength(o: ForwardingOption): number {
  return 4 + o.option.length;
}

function listBytes(list: readonly Destination[]): number {
  let n = 0;
  for (let i = 0; i < list.length; i++) n += destinationLength(list[i]!);
  return n;
}

function optionBytes(list: readonly ForwardingOption[]): number {
  let n = 0;
  for (let i = 0; i < list.length; i++) n += 4 + list[i]!.option.length;
  return n;
}

export function forwardingHeaderLength(h: ForwardingHeader): number {
  return FORWARDING_HEADER_FIXED_LENGTH + listBytes(h.viaList) + listBytes(h.destinationList) + optionBytes(h.options);
}

function checkFragment(v: number, field: string, at = -1): void {
  if (!(v >= FRAGMENT_HIGH_BIT)) throw new CodecError('invalid', field, 'the high bit (0x80000000) must be set', at);
}

/** Writes the header with `messageLength` in its length field. */
export function writeForwardingHeader(w: Writer, h: ForwardingHeader, messageLength: number): void {
  w.u32(RELO_TOKEN, 'ForwardingHeader.relo_token');
  w.u32(h.overlay, 'ForwardingHeader.overlay');
  w.u16(h.configurationSequence, 'ForwardingHeader.configuration_sequence');
  w.u8(RELOAD_VERSION, 'ForwardingHeader.version');
  w.u8(h.ttl, 'ForwardingHeader.ttl');
  checkFragment(h.fragment, 'ForwardingHeader.fragment');
  w.u32(h.fragment, 'ForwardingHeader.fragment');
  w.u32(messageLength, 'ForwardingHeader.length');
  w.u64(h.transactionId, 'ForwardingHeader.transaction_id');
  w.u32(h.maxResponseLength, 'ForwardingHeader.max_response_length');
  w.u16(listBytes(h.viaList), 'ForwardingHeader.via_list_length');
  w.u16(listBytes(h.destinationList), 'ForwardingHeader.destination_list_length');
  w.u16(optionBytes(h.options), 'ForwardingHeader.options_length');
  for (let i = 0; i < h.viaList.length; i++) writeDestination(w, h.viaList[i]!, 'ForwardingHeader.via_list');
  for (let i = 0; i < h.destinationList.length; i++) writeDestination(w, h.destinationList[i]!, 'ForwardingHeader.destination_list');
  for (let i = 0; i < h.options.length; i++) writeForwardingOption(w, h.options[i]!);
}

function writeForwardingOption(w: Writer, o: ForwardingOption): void {
  if (o.type === FORWARDING_OPTION_INVALID) throw new CodecError('out-of-range', 'ForwardingOption.type', 'type 0 is invalid');
  w.u8(o.type, 'ForwardingOption.type');
  w.u8(o.flags, 'ForwardingOption.flags');
  w.opaque(o.option, 0, MAX16, 'ForwardingOption.option');
}

function readForwardingOption(r: Reader): ForwardingOption {
  const at = r.offset;
  const type = r.u8('ForwardingOption.type');
  if (type === FORWARDING_OPTION_INVALID) throw new CodecError('out-of-range', 'ForwardingOption.type', 'type 0 is invalid', at);
  const flags = r.u8('ForwardingOption.flags');
  return { type, flags, option: r.opaque(0, MAX16, 'ForwardingOption.option') };
}

/** Reads the destinations of a list whose byte length is `len`. */
function readDestinations(r: Reader, len: number, field: string): Destination[] {
  const end = r.offset + len;
  const out: Destination[] = [];
  while (r.offset < end) out.push(readDestination(r, field));
  if (r.offset !== end) throw new CodecError('truncated', field, `a Destination runs past the ${len}-byte list`, end);
  return out;
}

/**
 * Reads a header. With `messageLength`, the `length` field must equal it: a larger value means the
 * message was cut short (`truncated`), a smaller one that bytes follow the message (`overlong`).
 */
export function readForwardingHeader(r: Reader, messageLength?: number): ForwardingHeaderWithLength {
  return readHeader(r, messageLength, true) as ForwardingHeaderWithLength;
}

/** Reads a header as a message part: `length` is checked against the message and not kept. */
export function readMessageForwardingHeader(r: Reader, messageLength: number): ForwardingHeader {
  return readHeader(r, messageLength, false);
}

function readHeader(r: Reader, messageLength: number | undefined, keepLength: boolean): ForwardingHeader {
  let at = r.offset;
  const token = r.u32('ForwardingHeader.relo_token');
  if (token !== RELO_TOKEN) {
    throw new CodecError('invalid', 'ForwardingHeader.relo_token', `expected 0xd2454c4f, got 0x${token.toString(16)}`, at);
  }
  const overlay = r.u32('ForwardingHeader.overlay');
  const configurationSequence = r.u16('ForwardingHeader.configuration_sequence');
  at = r.offset;
  const version = r.u8('ForwardingHeader.version');
  if (version !== RELOAD_VERSION) {
    throw new CodecError('out-of-range', 'ForwardingHeader.version', `expected 0x0a (RELOAD 1.0), got 0x${version.toString(16)}`, at);
  }
  const ttl = r.u8('ForwardingHeader.ttl');
  at = r.offset;
  const fragment = r.u32('ForwardingHeader.fragment');
  checkFragment(fragment, 'ForwardingHeader.fragment', at);
  at = r.offset;
  const length = r.u32('ForwardingHeader.length');
  if (messageLength !== undefined && length !== messageLength) {
    throw new CodecError(
      length > messageLength ? 'truncated' : 'overlong',
      'ForwardingHeader.length',
      `the header says ${length} bytes, the message has ${messageLength}`,
      at,
    );
  }
  const transactionId = r.u64('ForwardingHeader.transaction_id');
  const maxResponseLength = r.u32('ForwardingHeader.max_response_length');
  const viaLen = r.u16('ForwardingHeader.via_list_length');
  const destLen = r.u16('ForwardingHeader.destination_list_length');
  const optLen = r.u16('ForwardingHeader.options_length');
  if (r.remaining < viaLen + destLen + optLen) {
    throw new CodecError('truncated', 'ForwardingHeader', `the lists need ${viaLen + destLen + optLen} bytes, ${r.remaining} left`, r.offset);
  }
  const viaList = readDestinations(r, viaLen, 'ForwardingHeader.via_list');
  const destinationList = readDestinations(r, destLen, 'ForwardingHeader.destination_list');
  const optEnd = r.offset + optLen;
  const options: ForwardingOption[] = [];
  while (r.offset < optEnd) options.push(readForwardingOption(r));
  if (r.offset !== optEnd) throw new CodecError('truncated', 'ForwardingHeader.options', 'an option runs past options_length', optEnd);
  if (keepLength) {
    const withLength: ForwardingHeaderWithLength = { overlay, configurationSequence, ttl, fragment, length, transactionId, maxResponseLength, viaList, destinationList, options };
    return withLength;
  }
  return { overlay, configurationSequence, ttl, fragment, transactionId, maxResponseLength, viaList, destinationList, options };
}

/**
 * The header on its own, with its `length` field as given (it is not checked against anything):
 * for tests and tools. Messages use the codec of message.ts, which computes and checks `length`.
 */
export const forwardingHeaderCodec: WireCodec<ForwardingHeaderWithLength> = {
  write: (w, h) => writeForwardingHeader(w, h, h.length),
  read: (r) => readForwardingHeader(r),
  encodedLength: forwardingHeaderLength,
  encode(h) {
    const w = new Writer(forwardingHeaderLength(h));
    writeForwardingHeader(w, h, h.length);
    return w.finish();
  },
  decode(bytes) {
    const r = new Reader(bytes);
    const h = guard('ForwardingHeader', () => readForwardingHeader(r));
    r.expectEnd('ForwardingHeader');
    return h;
  },
};

/**
 * Reads the header at the start of a whole message without decoding the rest, as an intermediate
 * peer does (§6.3: the header is all a forwarding peer needs); checks `length` against the input.
 */
export function peekForwardingHeader(message: Uint8Array): ForwardingHeaderWithLength {
  return guard('ForwardingHeader', () => readForwardingHeader(new Reader(message), message.length));
}
