/**
 * `node_id` fields of the ALM bodies: a 16-byte RELOAD NodeId (RFC 7019 §7.2, RFC 6940 §6.3.1),
 * written word by word so that encoding allocates nothing.
 */
import { Id } from '../../reload/id.ts';
import type { Reader, Writer } from '../../reload/wire/codec.ts';

export const NODE_ID_LENGTH = 16;

export function writeNodeId(w: Writer, id: Id, field: string): void {
  w.u32(id.w0 >>> 0, field);
  w.u32(id.w1 >>> 0, field);
  w.u32(id.w2 >>> 0, field);
  w.u32(id.w3 >>> 0, field);
}

export function readNodeId(r: Reader, field: string): Id {
  if (r.remaining < NODE_ID_LENGTH) r.fixed(NODE_ID_LENGTH, field); // throws 'truncated' for this field
  return new Id(r.u32(field), r.u32(field), r.u32(field), r.u32(field));
}
