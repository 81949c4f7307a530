/**
 * UpdateReq (RFC 6940 §6.4.2.3), whose body is entirely overlay specific: in CHORD-RELOAD it is a
 * ChordUpdate (§10.7); UpdateAns has no body.
 *
 *   enum { invalid(0), peer_ready(1), neighbors(2), full(3), (255) } ChordUpdateType;
 *   struct { uint32 uptime; ChordUpdateType type; select (type) {
 *              case peer_ready: ;
 *              case neighbors: NodeId predecessors<0..2^16-1>; NodeId successors<0..2^16-1>;
 *              case full:      NodeId predecessors<0..2^16-1>; NodeId successors<0..2^16-1>;
 *                              NodeId fingers<0..2^16-1>; }; } ChordUpdate;
 */
import type { Id } from '../../id.ts';
import { CodecError, MAX16 } from '../codec.ts';
import { nodeIdListLength, readNodeIdList, writeNodeIdList } from '../fields.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';

export type ChordUpdate =
  | { readonly uptime: number; readonly type: 'peer_ready' }
  | { readonly uptime: number; readonly type: 'neighbors'; readonly predecessors: readonly Id[]; readonly successors: readonly Id[] }
  | {
      readonly uptime: number;
      readonly type: 'full';
      readonly predecessors: readonly Id[];
      readonly successors: readonly Id[];
      readonly fingers: readonly Id[];
    };

const PEER_READY = 1;
const NEIGHBORS = 2;
const FULL = 3;

export const chordUpdateCodec: WireCodec<ChordUpdate> = wireCodec<ChordUpdate>(
  'ChordUpdate',
  (w, u) => {
    w.u32(u.uptime, 'ChordUpdate.uptime');
    switch (u.type) {
      case 'peer_ready':
        w.u8(PEER_READY, 'ChordUpdate.type');
        return;
      case 'neighbors':
        w.u8(NEIGHBORS, 'ChordUpdate.type');
        writeNodeIdList(w, u.predecessors, MAX16, 'ChordUpdate.predecessors');
        writeNodeIdList(w, u.successors, MAX16, 'ChordUpdate.successors');
        return;
      case 'full':
        w.u8(FULL, 'ChordUpdate.type');
        writeNodeIdList(w, u.predecessors, MAX16, 'ChordUpdate.predecessors');
        writeNodeIdList(w, u.successors, MAX16, 'ChordUpdate.successors');
        writeNodeIdList(w, u.fingers, MAX16, 'ChordUpdate.fingers');
        return;
    }
  },
  (r) => {
    const uptime = r.u32('ChordUpdate.uptime');
    const at = r.offset;
    const type = r.u8('ChordUpdate.type');
    switch (type) {
      case PEER_READY:
        return { uptime, type: 'peer_ready' };
      case NEIGHBORS:
        return {
          uptime,
          type: 'neighbors',
          predecessors: readNodeIdList(r, MAX16, 'ChordUpdate.predecessors'),
          successors: readNodeIdList(r, MAX16, 'ChordUpdate.successors'),
        };
      case FULL:
        return {
          uptime,
          type: 'full',
          predecessors: readNodeIdList(r, MAX16, 'ChordUpdate.predecessors'),
          successors: readNodeIdList(r, MAX16, 'ChordUpdate.successors'),
          fingers: readNodeIdList(r, MAX16, 'ChordUpdate.fingers'),
        };
      default:
        throw new CodecError('out-of-range', 'ChordUpdate.type', `unknown ChordUpdateType ${type}`, at);
    }
  },
  (u) => {
    switch (u.type) {
      case 'peer_ready':
        return 5;
      case 'neighbors':
        return 5 + nodeIdListLength(u.predecessors, MAX16) + nodeIdListLength(u.successors, MAX16);
      case 'full':
        return 5 + nodeIdListLength(u.predecessors, MAX16) + nodeIdListLength(u.successors, MAX16) + nodeIdListLength(u.fingers, MAX16);
    }
  },
);
