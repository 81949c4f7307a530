/**
 * FetchReq / FetchAns (RFC 6940 §7.4.2):
 *
 *   struct { uint32 first; uint32 last; } ArrayRange;
 *   struct { KindId kind; uint64 generation; uint16 length;
 *            select (model) { case single_value: ;
 *                             case array: ArrayRange indices<0..2^16-1>;
 *                             case dictionary: DictionaryKey keys<0..2^16-1>; } model_specific;
 *          } StoredDataSpecifier;
 *   struct { ResourceId resource; StoredDataSpecifier specifiers<0..2^16-1>; } FetchReq;
 *   struct { KindId kind; uint64 generation; StoredData values<0..2^32-1>; } FetchKindResponse;
 *   struct { FetchKindResponse kind_responses<0..2^32-1>; } FetchAns;
 *
 * `length` counts model_specific. As with StoredData, the model comes from the kind's definition.
 */
import type { Id } from '../../id.ts';
import { CodecError, MAX16, MAX32 } from '../codec.ts';
import type { Reader, Writer } from '../codec.ts';
import { readResourceId, readVector, RESOURCE_ID_WIRE_LENGTH, vectorLength, writeResourceId, writeVector } from '../fields.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';
import type { StorageCodecInit } from './store.ts';
import { modelOf, readStoredData, storedDataLength, writeStoredData } from './stored-data.ts';
import type { DataModelLookup, StoredData } from './stored-data.ts';

export interface ArrayRange {
  readonly first: number;
  /** 0xFFFFFFFF means the end of the array. */
  readonly last: number;
}

interface SpecifierCommon {
  readonly kind: number;
  /** The generation the requester has, 0 for none (uint64, at most 2^53 - 1 here). */
  readonly generation: number;
}

export type StoredDataSpecifier = SpecifierCommon &
  (
    | { readonly model: 'single' }
    | { readonly model: 'array'; readonly indices: readonly ArrayRange[] }
    | { readonly model: 'dictionary'; readonly keys: readonly Uint8Array[] }
  );

export interface FetchReq {
  readonly resource: Id;
  readonly specifiers: readonly StoredDataSpecifier[];
}

export interface FetchKindResponse {
  readonly kind: number;
  readonly generation: number;
  readonly values: readonly StoredData[];
}

export interface FetchAns {
  readonly kindResponses: readonly FetchKindResponse[];
}

function keyLength(k: Uint8Array): number {
  return 2 + k.length;
}

function modelSpecificLength(s: StoredDataSpecifier): number {
  switch (s.model) {
    case 'single':
      return 0;
    case 'array':
      return 2 + 8 * s.indices.length;
    case 'dictionary':
      return vectorLength(s.keys, MAX16, keyLength);
  }
}

function specifierLength(s: StoredDataSpecifier): number {
  return 4 + 8 + 2 + modelSpecificLength(s);
}

function writeSpecifier(w: Writer, s: StoredDataSpecifier, lookup: DataModelLookup): void {
  const model = modelOf(lookup, s.kind, 'StoredDataSpecifier.kind');
  if (s.model !== model) {
    throw new CodecError('invalid', 'StoredDataSpecifier', `the kind's data model is ${model}, the specifier is for ${String(s.model)}`);
  }
  w.u32(s.kind, 'StoredDataSpecifier.kind');
  w.u64(s.generation, 'StoredDataSpecifier.generation');
  w.u16(modelSpecificLength(s), 'StoredDataSpecifier.length');
  if (s.model === 'array') {
    writeVector(w, s.indices, 0, MAX16, 'StoredDataSpecifier.indices', (w2, a) => {
      w2.u32(a.first, 'ArrayRange.first');
      w2.u32(a.last, 'ArrayRange.last');
    });
  } else if (s.model === 'dictionary') {
    writeVector(w, s.keys, 0, MAX16, 'StoredDataSpecifier.keys', (w2, k) => w2.opaque(k, 0, MAX16, 'DictionaryKey'));
  }
}

function readSpecifier(r: Reader, lookup: DataModelLookup): StoredDataSpecifier {
  const at = r.offset;
  const kind = r.u32('StoredDataSpecifier.kind');
  const model = modelOf(lookup, kind, 'StoredDataSpecifier.kind', at);
  const generation = r.u64('StoredDataSpecifier.generation');
  const lenAt = r.offset;
  const len = r.u16('StoredDataSpecifier.length');
  if (r.remaining < len) throw new CodecError('truncated', 'StoredDataSpecifier', `model_specific needs ${len} bytes, ${r.remaining} left`, r.offset);
  const end = r.offset + len;
  let s: StoredDataSpecifier;
  switch (model) {
    case 'single':
      s = { kind, generation, model };
      break;
    case 'array':
      s = {
        kind,
        generation,
        model,
        indices: readVector(r, 0, MAX16, 'StoredDataSpecifier.indices', (r2) => ({ first: r2.u32('ArrayRange.first'), last: r2.u32('ArrayRange.last') })),
      };
      break;
    case 'dictionary':
      s = { kind, generation, model, keys: readVector(r, 0, MAX16, 'StoredDataSpecifier.keys', (r2) => r2.opaque(0, MAX16, 'DictionaryKey')) };
      break;
  }
  if (r.offset !== end) {
    throw new CodecError(r.offset < end ? 'overlong' : 'truncated', 'StoredDataSpecifier.length', `length ${len} does not match model_specific`, lenAt);
  }
  return s;
}

export function createFetchReqCodec(init: StorageCodecInit): WireCodec<FetchReq> {
  const lookup = init.dataModelOf;
  return wireCodec<FetchReq>(
    'FetchReq',
    (w, m) => {
      writeResourceId(w, m.resource, 'FetchReq.resource');
      writeVector(w, m.specifiers, 0, MAX16, 'FetchReq.specifiers', (w2, s) => writeSpecifier(w2, s, lookup));
    },
    (r) => ({
      resource: readResourceId(r, 'FetchReq.resource'),
      specifiers: readVector(r, 0, MAX16, 'FetchReq.specifiers', (r2) => readSpecifier(r2, lookup)),
    }),
    (m) => RESOURCE_ID_WIRE_LENGTH + vectorLength(m.specifiers, MAX16, specifierLength),
  );
}

function kindResponseLength(k: FetchKindResponse): number {
  return 4 + 8 + vectorLength(k.values, MAX32, storedDataLength);
}

export function createFetchAnsCodec(init: StorageCodecInit): WireCodec<FetchAns> {
  const lookup = init.dataModelOf;
  const writeKind = (w: Writer, k: FetchKindResponse): void => {
    const model = modelOf(lookup, k.kind, 'FetchKindResponse.kind');
    w.u32(k.kind, 'FetchKindResponse.kind');
    w.u64(k.generation, 'FetchKindResponse.generation');
    writeVector(w, k.values, 0, MAX32, 'FetchKindResponse.values', (w2, d) => writeStoredData(w2, d, model));
  };
  const readKind = (r: Reader): FetchKindResponse => {
    const at = r.offset;
    const kind = r.u32('FetchKindResponse.kind');
    const model = modelOf(lookup, kind, 'FetchKindResponse.kind', at);
    const generation = r.u64('FetchKindResponse.generation');
    return { kind, generation, values: readVector(r, 0, MAX32, 'FetchKindResponse.values', (r2) => readStoredData(r2, model)) };
  };
  return wireCodec<FetchAns>(
    'FetchAns',
    (w, m) => writeVector(w, m.kindResponses, 0, MAX32, 'FetchAns.kind_responses', writeKind),
    (r) => ({ kindResponses: readVector(r, 0, MAX32, 'FetchAns.kind_responses', readKind) }),
    (m) => vectorLength(m.kindResponses, MAX32, kindResponseLength),
  );
}
