/**
 * Field-level helpers shared by the RELOAD structures: Boolean (RFC 6940 §6.3.1), NodeId
 * (`opaque NodeId[16]` in an overlay with 128-bit node ids, §6.3.1, §10.2), CHORD-RELOAD
 * ResourceId (`opaque ResourceId<0..254>` holding 16 bytes, §6.3.2.2, §10.2), and vectors of
 * structures read in place (no sub-reader per vector).
 */
import { Id } from '../id.ts';
import { CodecError, prefixBytes } from './codec.ts';
import type { Reader, Writer } from './codec.ts';

export const NODE_ID_LENGTH = 16;
/** CHORD-RELOAD Resource-IDs are 128 bits (§10.2). */
export const RESOURCE_ID_LENGTH = 16;
/** `opaque ResourceId<0..254>` (§6.3.2.2): 254 so that a Destination's uint8 length still fits it. */
export const RESOURCE_ID_MAX = 254;

/** `Boolean` is `enum { false(0), true(1) } Boolean` (§6.3.1): any other byte is rejected. */
export function writeBoolean(w: Writer, v: boolean, field: string): void {
  w.u8(v ? 1 : 0, field);
}

export function readBoolean(r: Reader, field: string): boolean {
  const at = r.offset;
  const b = r.u8(field);
  if (b > 1) throw new CodecError('out-of-range', field, `Boolean must be 0 or 1, got ${b}`, at);
  return b === 1;
}

export function writeNodeId(w: Writer, id: Id, field: string): void {
  w.u32(id.w0 >>> 0, field);
  w.u32(id.w1 >>> 0, field);
  w.u32(id.w2 >>> 0, field);
  w.u32(id.w3 >>> 0, field);
}

export function readNodeId(r: Reader, field: string): Id {
  if (r.remaining < NODE_ID_LENGTH) {
    throw new CodecError('truncated', field, `a NodeId needs 16 bytes, ${r.remaining} left`, r.offset);
  }
  return new Id(r.u32(field), r.u32(field), r.u32(field), r.u32(field));
}

/** `NodeId xs<0..max>`: byte length prefix, then 16 bytes per id. */
export function writeNodeIdList(w: Writer, ids: readonly Id[], max: number, field: string): void {
  const len = ids.length * NODE_ID_LENGTH;
  if (len > max) throw new CodecError('out-of-range', field, `length ${len} is outside <0..${max}>`);
  w.uint(len, prefixBytes(max), field);
  for (let i = 0; i < ids.length; i++) writeNodeId(w, ids[i]!, field);
}

export function readNodeIdList(r: Reader, max: number, field: string): Id[] {
  const at = r.offset;
  const len = r.length(0, max, field);
  if (len % NODE_ID_LENGTH !== 0) {
    throw new CodecError('truncated', field, `${len} bytes is not a whole number of 16-byte NodeIds`, at);
  }
  const n = len / NODE_ID_LENGTH;
  const out = new Array<Id>(n);
  for (let i = 0; i < n; i++) out[i] = new Id(r.u32(field), r.u32(field), r.u32(field), r.u32(field));
  return out;
}

export function nodeIdListLength(ids: readonly Id[], max: number): number {
  return prefixBytes(max) + ids.length * NODE_ID_LENGTH;
}

/** A CHORD-RELOAD ResourceId: the 1-byte length prefix (16) and the id. */
export function writeResourceId(w: Writer, id: Id, field: string): void {
  w.u8(RESOURCE_ID_LENGTH, field);
  writeNodeId(w, id, field);
}

/**
 * Reads a ResourceId and requires 16 bytes: a CHORD-RELOAD peer cannot place any other length on
 * its ring (§10.2), so it is rejected here as `invalid` rather than carried as raw bytes.
 */
export function readResourceId(r: Reader, field: string): Id {
  const at = r.offset;
  const len = r.length(0, RESOURCE_ID_MAX, field);
  if (len !== RESOURCE_ID_LENGTH) {
    throw new CodecError('invalid', field, `CHORD-RELOAD Resource-IDs are 16 bytes, got ${len}`, at);
  }
  return new Id(r.u32(field), r.u32(field), r.u32(field), r.u32(field));
}

/** 1 + 16. */
export const RESOURCE_ID_WIRE_LENGTH = 1 + RESOURCE_ID_LENGTH;

/**
 * Reads a vector of structures in place: the prefix gives its byte length, elements are read until
 * that many bytes are consumed, and an element that runs past the end is `truncated`.
 */
export function readVector<T>(r: Reader, min: number, max: number, field: string, readItem: (r: Reader) => T): T[] {
  const len = r.length(min, max, field);
  const end = r.offset + len;
  const out: T[] = [];
  while (r.offset < end) {
    const before = r.offset;
    out.push(readItem(r));
    if (r.offset === before) throw new CodecError('invalid', field, 'an element of zero bytes cannot fill a vector', before);
  }
  if (r.offset !== end) {
    throw new CodecError('truncated', field, `an element runs ${r.offset - end} bytes past the end of its vector`, end);
  }
  return out;
}

/** Writes a vector of structures: prefix, then each element; the prefix is patched at the end. */
export function writeVector<T>(
  w: Writer,
  items: readonly T[],
  min: number,
  max: number,
  field: string,
  writeItem: (w: Writer, item: T) => void,
): void {
  const mark = w.beginVector(max);
  for (let i = 0; i < items.length; i++) writeItem(w, items[i]!);
  w.endVector(mark, min, max, field);
}

/** Prefix plus the sum of the element lengths. */
export function vectorLength<T>(items: readonly T[], max: number, itemLength: (item: T) => number): number {
  let n = prefixBytes(max);
  for (let i = 0; i < items.length; i++) n += itemLength(items[i]!);
  return n;
}

/** Length of `opaque x<..max>` holding `bytes`. */
export function opaqueLength(bytes: Uint8Array, max: number): number {
  return prefixBytes(max) + bytes.length;
}
