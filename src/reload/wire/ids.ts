/**
 * Standalone codecs for the identifier types: NodeId (`opaque NodeId[16]`, RFC 6940 §6.3.1 with
 * node-id-length 128 bits, §10.2) and ResourceId (`opaque ResourceId<0..254>`, §6.3.2.2).
 */
import type { Id } from '../id.ts';
import { NODE_ID_LENGTH, readNodeId, readResourceId, RESOURCE_ID_MAX, RESOURCE_ID_WIRE_LENGTH, writeNodeId, writeResourceId } from './fields.ts';
import { wireCodec } from './wire-codec.ts';
import type { WireCodec } from './wire-codec.ts';

/**
 * A generic RELOAD ResourceId, `opaque resource_id<0..254>` (§6.3.2.2), as raw bytes: for overlays
 * whose ids are not 16 bytes and for the §6.3.1 encoding example. CHORD-RELOAD code uses
 * {@link resourceIdCodec}, which yields an Id.
 */
export const rawResourceIdCodec: WireCodec<Uint8Array> = wireCodec<Uint8Array>(
  'ResourceId',
  (w, v) => w.opaque(v, 0, RESOURCE_ID_MAX, 'ResourceId'),
  (r) => r.opaque(0, RESOURCE_ID_MAX, 'ResourceId'),
  (v) => 1 + v.length,
);

/** A CHORD-RELOAD ResourceId (16 bytes) as an Id. */
export const resourceIdCodec: WireCodec<Id> = wireCodec<Id>(
  'ResourceId',
  (w, id) => writeResourceId(w, id, 'ResourceId'),
  (r) => readResourceId(r, 'ResourceId'),
  () => RESOURCE_ID_WIRE_LENGTH,
);

/** A NodeId (16 bytes, no prefix) as an Id. */
export const nodeIdCodec: WireCodec<Id> = wireCodec<Id>(
  'NodeId',
  (w, id) => writeNodeId(w, id, 'NodeId'),
  (r) => readNodeId(r, 'NodeId'),
  () => NODE_ID_LENGTH,
);
