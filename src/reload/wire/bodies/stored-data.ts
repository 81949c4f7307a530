/**
 * StoredData and the per-data-model values (RFC 6940 §7.2):
 *
 *   struct { Boolean exists; opaque value<0..2^32-1>; } DataValue;
 *   struct { uint32 index; DataValue value; } ArrayEntry;
 *   typedef opaque DictionaryKey<0..2^16-1>;
 *   struct { DictionaryKey key; DataValue value; } DictionaryEntry;
 *   select (DataModel) { case single_value: DataValue single_value_entry;
 *                        case array: ArrayEntry array_entry;
 *                        case dictionary: DictionaryEntry dictionary_entry; } StoredDataValue;
 *   struct { uint32 length; uint64 storage_time; uint32 lifetime; StoredDataValue value;
 *            Signature signature; } StoredData;
 *
 * The bytes do not say which data model a value has: the kind's definition in the overlay
 * configuration does (§7.4.1). So the storage codecs take a lookup from Kind-ID to data model, and
 * a kind it does not know fails with {@link UnknownKindError} (a CodecError, so that a Store of an
 * unknown kind can be answered with Error_Unknown_Kind, §7.4.1.2).
 */
import { CodecError, MAX16, MAX32 } from '../codec.ts';
import type { Reader, Writer } from '../codec.ts';
import { readBoolean, writeBoolean } from '../fields.ts';
import { readSignature, signatureLength, writeSignature } from '../security-block.ts';
import type { Signature } from '../security-block.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';

export type DataModel = 'single' | 'array' | 'dictionary';

/** The data model of a Kind-ID as configured, or undefined for a kind the overlay does not define. */
export type DataModelLookup = (kind: number) => DataModel | undefined;

export class UnknownKindError extends CodecError {
  override name = 'UnknownKindError';
  constructor(
    readonly kindId: number,
    field: string,
    offset = -1,
  ) {
    super('invalid', field, `Kind-ID 0x${kindId.toString(16)} is not defined in the configuration, so its data model is unknown`, offset);
  }
}

export interface DataValue {
  readonly exists: boolean;
  readonly value: Uint8Array;
}

export type StoredDataValue =
  | { readonly model: 'single'; readonly value: DataValue }
  | { readonly model: 'array'; readonly index: number; readonly value: DataValue }
  | { readonly model: 'dictionary'; readonly key: Uint8Array; readonly value: DataValue };

export interface StoredData {
  /** Milliseconds since the epoch set by the storing peer (uint64, at most 2^53 - 1 here). */
  readonly storageTime: number;
  /** Seconds. */
  readonly lifetime: number;
  readonly value: StoredDataValue;
  readonly signature: Signature;
}

/** Resolves a kind's model or throws {@link UnknownKindError}. */
export function modelOf(lookup: DataModelLookup, kind: number, field: string, offset = -1): DataModel {
  const m = lookup(kind);
  if (m === undefined) throw new UnknownKindError(kind, field, offset);
  return m;
}

function dataValueLength(v: DataValue): number {
  return 1 + 4 + v.value.length;
}

function writeDataValue(w: Writer, v: DataValue): void {
  writeBoolean(w, v.exists, 'DataValue.exists');
  w.opaque(v.value, 0, MAX32, 'DataValue.value');
}

function readDataValue(r: Reader): DataValue {
  return { exists: readBoolean(r, 'DataValue.exists'), value: r.opaque(0, MAX32, 'DataValue.value') };
}

export function storedDataValueLength(v: StoredDataValue): number {
  switch (v.model) {
    case 'single':
      return dataValueLength(v.value);
    case 'array':
      return 4 + dataValueLength(v.value);
    case 'dictionary':
      return 2 + v.key.length + dataValueLength(v.value);
  }
}

/** Bytes of a StoredData, its 4-byte length field included. */
export function storedDataLength(d: StoredData): number {
  return 4 + 8 + 4 + storedDataValueLength(d.value) + signatureLength(d.signature);
}

/** Writes a StoredData whose value must be of `model` (the kind's data model). */
export function writeStoredData(w: Writer, d: StoredData, model: DataModel): void {
  const v = d.value;
  if (v.model !== model) {
    throw new CodecError('invalid', 'StoredData.value', `the kind's data model is ${model}, the value is a ${String(v.model)} entry`);
  }
  const mark = w.beginVector(MAX32);
  w.u64(d.storageTime, 'StoredData.storage_time');
  w.u32(d.lifetime, 'StoredData.lifetime');
  switch (v.model) {
    case 'single':
      writeDataValue(w, v.value);
      break;
    case 'array':
      w.u32(v.index, 'ArrayEntry.index');
      writeDataValue(w, v.value);
      break;
    case 'dictionary':
      w.opaque(v.key, 0, MAX16, 'DictionaryEntry.key');
      writeDataValue(w, v.value);
      break;
  }
  writeSignature(w, d.signature);
  w.endVector(mark, 0, MAX32, 'StoredData.length');
}

export function readStoredData(r: Reader, model: DataModel): StoredData {
  const at = r.offset;
  const len = r.length(0, MAX32, 'StoredData.length');
  const end = r.offset + len;
  const storageTime = r.u64('StoredData.storage_time');
  const lifetime = r.u32('StoredData.lifetime');
  let value: StoredDataValue;
  switch (model) {
    case 'single':
      value = { model, value: readDataValue(r) };
      break;
    case 'array':
      value = { model, index: r.u32('ArrayEntry.index'), value: readDataValue(r) };
      break;
    case 'dictionary':
      value = { model, key: r.opaque(0, MAX16, 'DictionaryEntry.key'), value: readDataValue(r) };
      break;
  }
  const signature = readSignature(r);
  if (r.offset !== end) {
    throw new CodecError(r.offset < end ? 'overlong' : 'truncated', 'StoredData.length', `length ${len} does not match its contents`, at);
  }
  return { storageTime, lifetime, value, signature };
}

/** A standalone StoredData codec for values of one data model. */
export function storedDataCodec(model: DataModel): WireCodec<StoredData> {
  return wireCodec<StoredData>(
    'StoredData',
    (w, d) => writeStoredData(w, d, model),
    (r) => readStoredData(r, model),
    storedDataLength,
  );
}
