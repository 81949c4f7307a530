/**
 * AttachReqAns (RFC 6940 §6.5.1), the body of both AttachReq and AttachAns:
 *
 *   struct { opaque ufrag<0..2^8-1>; opaque password<0..2^8-1>; opaque role<0..2^8-1>;
 *            IceCandidate candidates<0..2^16-1>; Boolean send_update; } AttachReqAns;
 *
 * ufrag, password and role are kept as bytes (role is "active" or "passive" in ASCII).
 */
import { MAX16, MAX8 } from '../codec.ts';
import { readBoolean, readVector, vectorLength, writeBoolean, writeVector } from '../fields.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';
import { iceCandidateLength, readIceCandidate, writeIceCandidate } from './ice-candidate.ts';
import type { IceCandidate } from './ice-candidate.ts';

export interface AttachReqAns {
  readonly ufrag: Uint8Array;
  readonly password: Uint8Array;
  readonly role: Uint8Array;
  readonly candidates: readonly IceCandidate[];
  readonly sendUpdate: boolean;
}

export const attachReqAnsCodec: WireCodec<AttachReqAns> = wireCodec<AttachReqAns>(
  'AttachReqAns',
  (w, m) => {
    w.opaque(m.ufrag, 0, MAX8, 'AttachReqAns.ufrag');
    w.opaque(m.password, 0, MAX8, 'AttachReqAns.password');
    w.opaque(m.role, 0, MAX8, 'AttachReqAns.role');
    writeVector(w, m.candidates, 0, MAX16, 'AttachReqAns.candidates', writeIceCandidate);
    writeBoolean(w, m.sendUpdate, 'AttachReqAns.send_update');
  },
  (r) => ({
    ufrag: r.opaque(0, MAX8, 'AttachReqAns.ufrag'),
    password: r.opaque(0, MAX8, 'AttachReqAns.password'),
    role: r.opaque(0, MAX8, 'AttachReqAns.role'),
    candidates: readVector(r, 0, MAX16, 'AttachReqAns.candidates', readIceCandidate),
    sendUpdate: readBoolean(r, 'AttachReqAns.send_update'),
  }),
  (m) => 3 + m.ufrag.length + m.password.length + m.role.length + vectorLength(m.candidates, MAX16, iceCandidateLength) + 1,
);
