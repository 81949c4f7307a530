/**
 * LeaveReq (RFC 6940 §6.4.2.2) and CHORD-RELOAD's ChordLeaveData (§10.9), the overlay-specific
 * data a leaving peer sends its neighbours:
 *
 *   struct { NodeId leaving_peer_id; opaque overlay_specific_data<0..2^16-1>; } LeaveReq;
 *   enum { invalid(0), from_succ(1), from_pred(2), (255) } ChordLeaveType;
 *   struct { ChordLeaveType type; select (type) {
 *              case from_succ: NodeId successors<0..2^16-1>;
 *              case from_pred: NodeId predecessors<0..2^16-1>; }; } ChordLeaveData;
 *
 * LeaveAns has no body. overlay_specific_data stays bytes in LeaveReq (the RFC types it opaque);
 * encode a ChordLeaveData into it with {@link chordLeaveDataCodec}.
 */
import type { Id } from '../../id.ts';
import { CodecError, MAX16 } from '../codec.ts';
import { NODE_ID_LENGTH, nodeIdListLength, readNodeId, readNodeIdList, writeNodeId, writeNodeIdList } from '../fields.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';

export interface LeaveReq {
  readonly leavingPeerId: Id;
  readonly overlaySpecificData: Uint8Array;
}

/** Sent to predecessors by their successor (`from_succ`, with its successors) and vice versa. */
export type ChordLeaveData =
  | { readonly type: 'from_succ'; readonly successors: readonly Id[] }
  | { readonly type: 'from_pred'; readonly predecessors: readonly Id[] };

export const leaveReqCodec: WireCodec<LeaveReq> = wireCodec<LeaveReq>(
  'LeaveReq',
  (w, m) => {
    writeNodeId(w, m.leavingPeerId, 'LeaveReq.leaving_peer_id');
    w.opaque(m.overlaySpecificData, 0, MAX16, 'LeaveReq.overlay_specific_data');
  },
  (r) => ({
    leavingPeerId: readNodeId(r, 'LeaveReq.leaving_peer_id'),
    overlaySpecificData: r.opaque(0, MAX16, 'LeaveReq.overlay_specific_data'),
  }),
  (m) => NODE_ID_LENGTH + 2 + m.overlaySpecificData.length,
);

const FROM_SUCC = 1;
const FROM_PRED = 2;

export const chordLeaveDataCodec: WireCodec<ChordLeaveData> = wireCodec<ChordLeaveData>(
  'ChordLeaveData',
  (w, d) => {
    if (d.type === 'from_succ') {
      w.u8(FROM_SUCC, 'ChordLeaveData.type');
      writeNodeIdList(w, d.successors, MAX16, 'ChordLeaveData.successors');
    } else {
      w.u8(FROM_PRED, 'ChordLeaveData.type');
      writeNodeIdList(w, d.predecessors, MAX16, 'ChordLeaveData.predecessors');
    }
  },
  (r) => {
    const at = r.offset;
    const type = r.u8('ChordLeaveData.type');
    if (type === FROM_SUCC) return { type: 'from_succ', successors: readNodeIdList(r, MAX16, 'ChordLeaveData.successors') };
    if (type === FROM_PRED) return { type: 'from_pred', predecessors: readNodeIdList(r, MAX16, 'ChordLeaveData.predecessors') };
    throw new CodecError('out-of-range', 'ChordLeaveData.type', `unknown ChordLeaveType ${type}`, at);
  },
  (d) => 1 + nodeIdListLength(d.type === 'from_succ' ? d.successors : d.predecessors, MAX16),
);
