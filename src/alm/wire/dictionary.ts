/**
 * Dictionary, the options of most ALM bodies (RFC 7019 §7.1), built from RELOAD's DictionaryEntry
 * and DataValue (RFC 6940 §7.2):
 *
 *   struct { Boolean exists; opaque value<0..2^32-1>; }            DataValue;
 *   struct { opaque key<0..2^16-1>; DataValue value; }             DictionaryEntry;
 *   struct { DictionaryEntry elements<0..2^16-1>; }                Dictionary;
 *
 * A Dictionary is held as the ordered array of its entries so that it round-trips byte for byte.
 * RFC 7019 §7.1 says a dictionary has "one value for each key": encoder and decoder reject a repeated
 * key, so handlers may look entries up without caring which duplicate wins. A DataValue with
 * exists = false may still carry bytes (RFC 6940 does not forbid it); they are kept as they came.
 */
import { ByteSlab, CodecError, MAX16, MAX32 } from '../../reload/wire/codec.ts';
import type { Reader, Writer } from '../../reload/wire/codec.ts';
import { codecOf } from './format.ts';
import type { Format } from './format.ts';

export interface DataValue {
  readonly exists: boolean;
  readonly value: Uint8Array;
}

export interface DictionaryEntry {
  readonly key: Uint8Array;
  readonly value: DataValue;
}

export type Dictionary = readonly DictionaryEntry[];

export const EMPTY_DICTIONARY: Dictionary = Object.freeze([]);

/** Fixed bytes of one entry: key prefix (2), exists (1), value prefix (4). */
const ENTRY_OVERHEAD = 7;

function entriesLength(d: Dictionary): number {
  let n = 0;
  for (let i = 0; i < d.length; i++) {
    const e = d[i]!;
    n += ENTRY_OVERHEAD + e.key.length + e.value.value.length;
  }
  return n;
}

function checkUniqueKeys(d: Dictionary, field: string, offset?: number): void {
  if (d.length < 2) return;
  const seen = new Set<string>();
  for (const e of d) {
    const k = Buffer.from(e.key.buffer, e.key.byteOffset, e.key.length).toString('latin1');
    if (seen.has(k)) {
      throw new CodecError('invalid', field, `key ${JSON.stringify(k)} appears more than once`, offset);
    }
    seen.add(k);
  }
}

export const dictionaryFormat: Format<Dictionary> = {
  write(w: Writer, d: Dictionary): void {
    if (d.length === 0) {
      w.u16(0, 'Dictionary.elements');
      return;
    }
    checkUniqueKeys(d, 'Dictionary.elements');
    const mark = w.beginVector(MAX16);
    for (const e of d) {
      w.opaque(e.key, 0, MAX16, 'DictionaryEntry.key');
      w.u8(e.value.exists ? 1 : 0, 'DataValue.exists');
      w.opaque(e.value.value, 0, MAX32, 'DataValue.value');
    }
    w.endVector(mark, 0, MAX16, 'Dictionary.elements');
  },

  read(r: Reader): Dictionary {
    const at = r.offset;
    const v = r.vector(0, MAX16, 'Dictionary.elements');
    if (v.remaining === 0) return EMPTY_DICTIONARY;
    const out: DictionaryEntry[] = [];
    while (v.remaining > 0) {
      const key = v.opaque(0, MAX16, 'DictionaryEntry.key');
      const existsAt = v.offset;
      const b = v.u8('DataValue.exists');
      if (b > 1) throw new CodecError('out-of-range', 'DataValue.exists', `Boolean must be 0 or 1, got ${b}`, existsAt);
      const value = v.opaque(0, MAX32, 'DataValue.value');
      out.push({ key, value: { exists: b === 1, value } });
    }
    checkUniqueKeys(out, 'Dictionary.elements', at);
    return out;
  },

  length(d: Dictionary): number {
    return 2 + entriesLength(d);
  },
};

export const dictionaryCodec = codecOf('Dictionary', dictionaryFormat);

// Helpers for options keyed by strings. Keys are UTF-8; values are raw bytes or a uint32 in network
// byte order, which is what the algorithms put in their options.

const utf8 = new TextEncoder();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function indexOfKey(d: Dictionary, key: Uint8Array): number {
  for (let i = 0; i < d.length; i++) if (sameBytes(d[i]!.key, key)) return i;
  return -1;
}

// Keys are a handful of option names used over and over: encode each once. Entries share these
// arrays, which nobody writes to. Bounded, so that arbitrary keys cannot grow it without limit.
const keyCache = new Map<string, Uint8Array>();
const KEY_CACHE_LIMIT = 1024;

function keyBytes(key: string): Uint8Array {
  let b = keyCache.get(key);
  if (b === undefined) {
    b = utf8.encode(key);
    if (keyCache.size < KEY_CACHE_LIMIT) keyCache.set(key, b);
  }
  return b;
}

// Four-byte values are cut from a shared slab: a separate ArrayBuffer per option value costs
// several times the value itself, and the simulator keeps many of them alive at once.
const uint32Slab = new ByteSlab();

function uint32Bytes(v: number, field: string): Uint8Array {
  if (!Number.isInteger(v) || v < 0 || v > MAX32) {
    throw new CodecError('out-of-range', field, `value ${v} is not an integer in [0, ${MAX32}]`);
  }
  const b = uint32Slab.take(4);
  b[0] = v >>> 24;
  b[1] = (v >>> 16) & 0xff;
  b[2] = (v >>> 8) & 0xff;
  b[3] = v & 0xff;
  return b;
}

/** An entry with a UTF-8 key and a present value. */
export function dictionaryEntry(key: string, value: Uint8Array | number): DictionaryEntry {
  const bytes = typeof value === 'number' ? uint32Bytes(value, `Dictionary["${key}"]`) : value;
  return { key: keyBytes(key), value: { exists: true, value: bytes } };
}

/** Builds a dictionary from string keys, in insertion order. */
export function dictionaryOf(entries: Readonly<Record<string, Uint8Array | number>>): Dictionary {
  const out: DictionaryEntry[] = [];
  for (const k in entries) out.push(dictionaryEntry(k, entries[k]!));
  return out;
}

/** A copy of `d` with `key` set to `value` (replacing the entry in place, else appended). */
export function dictionaryPut(d: Dictionary, key: string, value: Uint8Array | number): Dictionary {
  const entry = dictionaryEntry(key, value);
  const i = indexOfKey(d, entry.key);
  if (i < 0) return [...d, entry];
  const out = d.slice();
  out[i] = entry;
  return out;
}

/** The value under `key` if the entry is present and exists. */
export function dictionaryGet(d: Dictionary, key: string): Uint8Array | undefined {
  if (d.length === 0) return undefined;
  const e = d[indexOfKey(d, keyBytes(key))];
  return e !== undefined && e.value.exists ? e.value.value : undefined;
}

/** The uint32 under `key`; throws CodecError if the value is not exactly 4 bytes. */
export function dictionaryGetUint32(d: Dictionary, key: string): number | undefined {
  const v = dictionaryGet(d, key);
  if (v === undefined) return undefined;
  if (v.length !== 4) throw new CodecError('invalid', `Dictionary["${key}"]`, `expected a 4-byte uint32, got ${v.length} bytes`);
  return ((v[0]! << 24) | (v[1]! << 16) | (v[2]! << 8) | v[3]!) >>> 0;
}
