/**
 * StoreReq / StoreAns (RFC 6940 §7.4.1):
 *
 *   struct { KindId kind; uint64 generation_counter; StoredData values<0..2^32-1>; } StoreKindData;
 *   struct { ResourceId resource; uint8 replica_number; StoreKindData kind_data<0..2^32-1>; } StoreReq;
 *   struct { KindId kind; uint64 generation_counter; NodeId replicas<0..2^16-1>; } StoreKindResponse;
 *   struct { StoreKindResponse kind_responses<0..2^16-1>; } StoreAns;
 *
 * KindId is a uint32 (§7.1); resource is a 16-byte CHORD-RELOAD ResourceId, decoded to an Id.
 */
import type { Id } from '../../id.ts';
import { MAX16, MAX32 } from '../codec.ts';
import type { Reader, Writer } from '../codec.ts';
import {
  nodeIdListLength,
  readNodeIdList,
  readResourceId,
  readVector,
  RESOURCE_ID_WIRE_LENGTH,
  vectorLength,
  writeNodeIdList,
  writeResourceId,
  writeVector,
} from '../fields.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';
import { modelOf, readStoredData, storedDataLength, writeStoredData } from './stored-data.ts';
import type { DataModelLookup, StoredData } from './stored-data.ts';

export interface StoreKindData {
  readonly kind: number;
  /** uint64 on the wire; at most 2^53 - 1 here. */
  readonly generationCounter: number;
  readonly values: readonly StoredData[];
}

export interface StoreReq {
  readonly resource: Id;
  /** 0 for the responsible peer's own copy, 1.. for replicas (§10.4). */
  readonly replicaNumber: number;
  readonly kindData: readonly StoreKindData[];
}

export interface StoreKindResponse {
  readonly kind: number;
  readonly generationCounter: number;
  readonly replicas: readonly Id[];
}

export interface StoreAns {
  readonly kindResponses: readonly StoreKindResponse[];
}

export interface StorageCodecInit {
  /** The data model of each Kind-ID, from the overlay configuration. */
  readonly dataModelOf: DataModelLookup;
}

export function storeKindDataLength(k: StoreKindData): number {
  return 4 + 8 + vectorLength(k.values, MAX32, storedDataLength);
}

export function writeStoreKindData(w: Writer, k: StoreKindData, lookup: DataModelLookup): void {
  const model = modelOf(lookup, k.kind, 'StoreKindData.kind');
  w.u32(k.kind, 'StoreKindData.kind');
  w.u64(k.generationCounter, 'StoreKindData.generation_counter');
  const mark = w.beginVector(MAX32);
  const values = k.values;
  for (let i = 0; i < values.length; i++) writeStoredData(w, values[i]!, model);
  w.endVector(mark, 0, MAX32, 'StoreKindData.values');
}

export function readStoreKindData(r: Reader, lookup: DataModelLookup): StoreKindData {
  const at = r.offset;
  const kind = r.u32('StoreKindData.kind');
  const model = modelOf(lookup, kind, 'StoreKindData.kind', at);
  const generationCounter = r.u64('StoreKindData.generation_counter');
  const values = readVector(r, 0, MAX32, 'StoreKindData.values', (r2) => readStoredData(r2, model));
  return { kind, generationCounter, values };
}

export function createStoreReqCodec(init: StorageCodecInit): WireCodec<StoreReq> {
  const lookup = init.dataModelOf;
  const writeKind = (w: Writer, k: StoreKindData): void => writeStoreKindData(w, k, lookup);
  const readKind = (r: Reader): StoreKindData => readStoreKindData(r, lookup);
  return wireCodec<StoreReq>(
    'StoreReq',
    (w, m) => {
      writeResourceId(w, m.resource, 'StoreReq.resource');
      w.u8(m.replicaNumber, 'StoreReq.replica_number');
      writeVector(w, m.kindData, 0, MAX32, 'StoreReq.kind_data', writeKind);
    },
    (r) => ({
      resource: readResourceId(r, 'StoreReq.resource'),
      replicaNumber: r.u8('StoreReq.replica_number'),
      kindData: readVector(r, 0, MAX32, 'StoreReq.kind_data', readKind),
    }),
    (m) => RESOURCE_ID_WIRE_LENGTH + 1 + vectorLength(m.kindData, MAX32, storeKindDataLength),
  );
}

function kindResponseLength(k: StoreKindResponse): number {
  return 4 + 8 + nodeIdListLength(k.replicas, MAX16);
}

function writeKindResponse(w: Writer, k: StoreKindResponse): void {
  w.u32(k.kind, 'StoreKindResponse.kind');
  w.u64(k.generationCounter, 'StoreKindResponse.generation_counter');
  writeNodeIdList(w, k.replicas, MAX16, 'StoreKindResponse.replicas');
}

function readKindResponse(r: Reader): StoreKindResponse {
  return {
    kind: r.u32('StoreKindResponse.kind'),
    generationCounter: r.u64('StoreKindResponse.generation_counter'),
    replicas: readNodeIdList(r, MAX16, 'StoreKindResponse.replicas'),
  };
}

export const storeAnsCodec: WireCodec<StoreAns> = wireCodec<StoreAns>(
  'StoreAns',
  (w, m) => writeVector(w, m.kindResponses, 0, MAX16, 'StoreAns.kind_responses', writeKindResponse),
  (r) => ({ kindResponses: readVector(r, 0, MAX16, 'StoreAns.kind_responses', readKindResponse) }),
  (m) => vectorLength(m.kindResponses, MAX16, kindResponseLength),
);
