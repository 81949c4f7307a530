/**
 * Destination (RFC 6940 §6.3.2.2), used in the via and destination lists of the forwarding header
 * and in RouteQueryReq:
 *
 *   struct { DestinationType type; uint8 length; DestinationData destination_data; } Destination;
 *   select (type) { case node: NodeId node_id; case resource: ResourceId resource_id;
 *                   case opaque_id_type: opaque opaque_id<0..255>; } DestinationData;
 *
 * or, when the first bit is 1, a bare `uint16 compressed_id` that stands for an opaque_id_type
 * destination whose opaque_id is those two bytes. `length` counts destination_data, which for a
 * resource or an opaque id includes that vector's own 1-byte prefix (hence ResourceId<0..254>).
 */
import type { Id } from '../id.ts';
import { CodecError, MAX8 } from './codec.ts';
import type { Reader, Writer } from './codec.ts';
import { DestinationType } from './codes.ts';
import { NODE_ID_LENGTH, readNodeId, readResourceId, RESOURCE_ID_WIRE_LENGTH, writeNodeId, writeResourceId } from './fields.ts';
import { wireCodec } from './wire-codec.ts';
import type { WireCodec } from './wire-codec.ts';

export type Destination =
  | { readonly type: 'node'; readonly id: Id }
  /** A CHORD-RELOAD Resource-ID (16 bytes; other lengths are rejected, see `readResourceId`). */
  | { readonly type: 'resource'; readonly id: Id }
  /** opaque_id_type in its long form: `opaque_id<0..254>` (254: the uint8 length must hold 1 + it). */
  | { readonly type: 'opaque'; readonly opaqueId: Uint8Array }
  /** The 2-byte compressed form: a uint16 with its top bit set (0x8000..0xFFFF). */
  | { readonly type: 'compressed'; readonly value: number };

/** The node variant of Destination. */
export type NodeDestination = Extract<Destination, { type: 'node' }>;

/** Longest opaque_id in the long form: the Destination's uint8 length holds 1 + this. */
export const OPAQUE_ID_MAX = MAX8 - 1;

const NODE_WIRE = 2 + NODE_ID_LENGTH;
const RESOURCE_WIRE = 2 + RESOURCE_ID_WIRE_LENGTH;

export function nodeDestination(id: Id): Destination {
  return { type: 'node', id };
}

export function resourceDestination(id: Id): Destination {
  return { type: 'resource', id };
}

export function writeDestination(w: Writer, d: Destination, field: string): void {
  switch (d.type) {
    case 'node':
      w.u8(DestinationType.node, field);
      w.u8(NODE_ID_LENGTH, field);
      writeNodeId(w, d.id, field);
      return;
    case 'resource':
      w.u8(DestinationType.resource, field);
      w.u8(RESOURCE_ID_WIRE_LENGTH, field);
      writeResourceId(w, d.id, field);
      return;
    case 'opaque':
      if (d.opaqueId.length > OPAQUE_ID_MAX) {
        throw new CodecError('out-of-range', field, `opaque_id of ${d.opaqueId.length} bytes does not fit a Destination (max ${OPAQUE_ID_MAX})`);
      }
      w.u8(DestinationType.opaqueIdType, field);
      w.u8(1 + d.opaqueId.length, field);
      w.opaque(d.opaqueId, 0, MAX8, field);
      return;
    case 'compressed':
      if (!Number.isInteger(d.value) || d.value < 0x8000 || d.value > 0xffff) {
        throw new CodecError('out-of-range', field, `a compressed destination is a uint16 with its top bit set, got ${d.value}`);
      }
      w.u16(d.value, field);
      return;
  }
}

export function readDestination(r: Reader, field: string): Destination {
  const at = r.offset;
  const first = r.u8(field);
  if (first & 0x80) {
    const second = r.u8(field);
    return { type: 'compressed', value: (first << 8) | second };
  }
  const len = r.u8(field);
  if (r.remaining < len) {
    throw new CodecError('truncated', field, `destination_data needs ${len} bytes, ${r.remaining} left`, r.offset);
  }
  const end = r.offset + len;
  let d: Destination;
  switch (first) {
    case DestinationType.node:
      if (len !== NODE_ID_LENGTH) throw new CodecError('invalid', field, `a node destination holds a 16-byte NodeId, length is ${len}`, at);
      return { type: 'node', id: readNodeId(r, field) };
    case DestinationType.resource:
      d = { type: 'resource', id: readResourceId(r, field) };
      break;
    case DestinationType.opaqueIdType:
      d = { type: 'opaque', opaqueId: r.opaque(0, MAX8, field) };
      break;
    default:
      throw new CodecError('out-of-range', field, `unknown DestinationType ${first}`, at);
  }
  if (r.offset !== end) {
    throw new CodecError(r.offset < end ? 'overlong' : 'truncated', field, `destination_data length ${len} does not match its contents`, at);
  }
  return d;
}

export function destinationLength(d: Destination): number {
  switch (d.type) {
    case 'node':
      return NODE_WIRE;
    case 'resource':
      return RESOURCE_WIRE;
    case 'opaque':
      return 3 + d.opaqueId.length;
    case 'compressed':
      return 2;
  }
}

export const destinationCodec: WireCodec<Destination> = wireCodec<Destination>(
  'Destination',
  (w, d) => writeDestination(w, d, 'Destination'),
  (r) => readDestination(r, 'Destination'),
  destinationLength,
);
