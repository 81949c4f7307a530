/**
 * RouteQueryReq (RFC 6940 §6.4.2.4) and CHORD-RELOAD's RouteQueryAns body, ChordRouteQueryAns
 * (§10.8):
 *
 *   struct { Boolean send_update; Destination destination; opaque overlay_specific_data<0..2^16-1>; } RouteQueryReq;
 *   struct { NodeId next_peer; } ChordRouteQueryAns;
 */
import type { Id } from '../../id.ts';
import { MAX16 } from '../codec.ts';
import { destinationLength, readDestination, writeDestination } from '../destination.ts';
import type { Destination } from '../destination.ts';
import { NODE_ID_LENGTH, readBoolean, readNodeId, writeBoolean, writeNodeId } from '../fields.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';

export interface RouteQueryReq {
  readonly sendUpdate: boolean;
  readonly destination: Destination;
  readonly overlaySpecificData: Uint8Array;
}

export interface ChordRouteQueryAns {
  readonly nextPeer: Id;
}

export const routeQueryReqCodec: WireCodec<RouteQueryReq> = wireCodec<RouteQueryReq>(
  'RouteQueryReq',
  (w, m) => {
    writeBoolean(w, m.sendUpdate, 'RouteQueryReq.send_update');
    writeDestination(w, m.destination, 'RouteQueryReq.destination');
    w.opaque(m.overlaySpecificData, 0, MAX16, 'RouteQueryReq.overlay_specific_data');
  },
  (r) => ({
    sendUpdate: readBoolean(r, 'RouteQueryReq.send_update'),
    destination: readDestination(r, 'RouteQueryReq.destination'),
    overlaySpecificData: r.opaque(0, MAX16, 'RouteQueryReq.overlay_specific_data'),
  }),
  (m) => 1 + destinationLength(m.destination) + 2 + m.overlaySpecificData.length,
);

export const chordRouteQueryAnsCodec: WireCodec<ChordRouteQueryAns> = wireCodec<ChordRouteQueryAns>(
  'ChordRouteQueryAns',
  (w, m) => writeNodeId(w, m.nextPeer, 'ChordRouteQueryAns.next_peer'),
  (r) => ({ nextPeer: readNodeId(r, 'ChordRouteQueryAns.next_peer') }),
  () => NODE_ID_LENGTH,
);
