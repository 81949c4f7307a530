/**
 * JoinReq / JoinAns (RFC 6940 §6.4.2.1):
 *
 *   struct { NodeId joining_peer_id; opaque overlay_specific_data<0..2^16-1>; } JoinReq;
 *   struct { opaque overlay_specific_data<0..2^16-1>; } JoinAns;
 *
 * CHORD-RELOAD puts nothing in overlay_specific_data (§10.5); it is kept as bytes.
 */
import type { Id } from '../../id.ts';
import { MAX16 } from '../codec.ts';
import { NODE_ID_LENGTH, readNodeId, writeNodeId } from '../fields.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';

export interface JoinReq {
  readonly joiningPeerId: Id;
  readonly overlaySpecificData: Uint8Array;
}

export interface JoinAns {
  readonly overlaySpecificData: Uint8Array;
}

export const joinReqCodec: WireCodec<JoinReq> = wireCodec<JoinReq>(
  'JoinReq',
  (w, m) => {
    writeNodeId(w, m.joiningPeerId, 'JoinReq.joining_peer_id');
    w.opaque(m.overlaySpecificData, 0, MAX16, 'JoinReq.overlay_specific_data');
  },
  (r) => ({
    joiningPeerId: readNodeId(r, 'JoinReq.joining_peer_id'),
    overlaySpecificData: r.opaque(0, MAX16, 'JoinReq.overlay_specific_data'),
  }),
  (m) => NODE_ID_LENGTH + 2 + m.overlaySpecificData.length,
);

export const joinAnsCodec: WireCodec<JoinAns> = wireCodec<JoinAns>(
  'JoinAns',
  (w, m) => w.opaque(m.overlaySpecificData, 0, MAX16, 'JoinAns.overlay_specific_data'),
  (r) => ({ overlaySpecificData: r.opaque(0, MAX16, 'JoinAns.overlay_specific_data') }),
  (m) => 2 + m.overlaySpecificData.length,
);
