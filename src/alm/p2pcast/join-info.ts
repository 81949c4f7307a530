/**
 * What P2PCast puts into the usage's Join, JoinAccept and JoinReject (RFC 7019 §7.2.3-7.2.5): the
 * RFC leaves their options to the algorithm.
 *
 * - Join options: "stripe" (uint32) for a Join into one stripe (absent: a first Join to a contact
 *   node, §9.4); "p2pcast" (uint32 flags, JOIN_*); "prefer" (stripes, one byte each, the joiner's
 *   order of preference for the stripe a special contact starts serving).
 * - JoinAccept options, besides the usage's: "p2pcast-parent" = uint8 incomplete, then the node_ids
 *   of the accepting node's path (the rendezvous point first, the accepting node last): its state in
 *   that stripe, as a downward Update would carry it; and from a contact, "contact" (below).
 * - JoinReject: alm_error_code Other whose alm_error_info is an encoded Dictionary with "type"
 *   (UTF-8: "direct", "complete", "busy", "joining", "not-member", "full"), "target" (node_id, for
 *   "direct" and "full") and "contact". A reader that does not find a Dictionary there treats the
 *   info as the RFC's human-readable text.
 * - "contact": uint8 proper stripe (0xFF: none), then per stripe node_id parent, uint16 depth: the
 *   state of a contact node, which the joiner needs to take its place (§9.4).
 */
import { Id } from '../../reload/id.ts';
import { CodecError } from '../../reload/wire/codec.ts';
import { dictionaryCodec, dictionaryGet, dictionaryOf, type Dictionary } from '../wire/dictionary.ts';

/** Join flag: the joiner takes the place of the leaf it reserved with a Substitute. */
export const JOIN_SUBSTITUTE = 1;
/** Join flag: the receiver changes its proper stripe to adopt the joiner (a conversion). */
export const JOIN_CONVERT = 2;
/** Join flag: re-attach under the rendezvous point (routed to group_id). */
export const JOIN_REATTACH = 4;
/**
 * Join flag, with JOIN_REATTACH: the joiner found no free slot for a long time; the rendezvous point
 * takes it beyond its fanout and moves it to a free slot later (a safety valve, not the normal path).
 */
export const JOIN_OVERFLOW = 8;

export interface ContactState {
  readonly proper: number;
  readonly parents: readonly Id[];
  readonly depths: readonly number[];
}

export function encodeContact(c: ContactState): Uint8Array {
  const f = c.parents.length;
  const out = new Uint8Array(1 + f * 18);
  const v = new DataView(out.buffer);
  out[0] = c.proper < 0 ? 0xff : c.proper;
  for (let s = 0; s < f; s++) {
    c.parents[s]!.toBytes(out, 1 + s * 18);
    v.setUint16(1 + s * 18 + 16, Math.max(0, Math.min(0xffff, c.depths[s]!)));
  }
  return out;
}

export function decodeContact(b: Uint8Array, f: number): ContactState | undefined {
  if (b.length !== 1 + f * 18) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  const parents: Id[] = [];
  const depths: number[] = [];
  for (let s = 0; s < f; s++) {
    parents.push(Id.fromBytes(b, 1 + s * 18));
    depths.push(v.getUint16(1 + s * 18 + 16));
  }
  return { proper: b[0] === 0xff ? -1 : b[0]!, parents, depths };
}

export interface ParentState {
  readonly path: readonly Id[];
  readonly incomplete: boolean;
}

export function encodeParentState(p: ParentState): Uint8Array {
  const out = new Uint8Array(1 + 16 * p.path.length);
  out[0] = p.incomplete ? 1 : 0;
  for (let i = 0; i < p.path.length; i++) p.path[i]!.toBytes(out, 1 + 16 * i);
  return out;
}

export function decodeParentState(b: Uint8Array | undefined): ParentState | undefined {
  if (b === undefined || b.length % 16 !== 1) return undefined;
  const path: Id[] = [];
  for (let o = 1; o < b.length; o += 16) path.push(Id.fromBytes(b, o));
  return { path, incomplete: b[0] === 1 };
}

export interface RejectInfo {
  readonly type: string;
  readonly target: Id | undefined;
  readonly contact: Uint8Array | undefined;
}

// Encoder and decoder made once: a rejected Join (several per placed member when everyone joins at
// once) built a new TextEncoder each time.
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function encodeReject(type: string, target?: Id, contact?: Uint8Array): Uint8Array {
  const d: Record<string, Uint8Array> = { type: utf8.encode(type) };
  if (target !== undefined) d.target = target.toBytes();
  if (contact !== undefined) d.contact = contact;
  return dictionaryCodec.encode(dictionaryOf(d));
}

export function decodeReject(info: Uint8Array): RejectInfo | undefined {
  // A Dictionary is a vector<0..2^16-1> and nothing after it, so its first two bytes are the
  // length of the rest. Anything else (most often the text of another error) would only make
  // the decoder throw below: answering undefined here saves building that exception.
  if (info.length < 2 || ((info[0]! << 8) | info[1]!) !== info.length - 2) return undefined;
  let d: Dictionary;
  try {
    d = dictionaryCodec.decode(info);
  } catch (e) {
    if (e instanceof CodecError) return undefined;
    throw e;
  }
  const type = dictionaryGet(d, 'type');
  if (type === undefined) return undefined;
  const target = dictionaryGet(d, 'target');
  return {
    type: utf8Decoder.decode(type),
    target: target !== undefined && target.length === 16 ? Id.fromBytes(target) : undefined,
    contact: dictionaryGet(d, 'contact'),
  };
}
