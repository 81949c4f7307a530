/**
 * AppAttachReq / AppAttachAns (RFC 6940 §6.5.2), which share one structure:
 *
 *   struct { opaque ufrag<0..2^8-1>; opaque password<0..2^8-1>; uint16 application;
 *            opaque role<0..2^8-1>; IceCandidate candidates<0..2^16-1>; } AppAttachReq;
 */
import { MAX16, MAX8 } from '../codec.ts';
import { readVector, vectorLength, writeVector } from '../fields.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';
import { iceCandidateLength, readIceCandidate, writeIceCandidate } from './ice-candidate.ts';
import type { IceCandidate } from './ice-candidate.ts';

export interface AppAttach {
  readonly ufrag: Uint8Array;
  readonly password: Uint8Array;
  /** Application-ID (§14.5), e.g. 5060 for SIP. */
  readonly application: number;
  readonly role: Uint8Array;
  readonly candidates: readonly IceCandidate[];
}

export type AppAttachReq = AppAttach;
export type AppAttachAns = AppAttach;

export const appAttachCodec: WireCodec<AppAttach> = wireCodec<AppAttach>(
  'AppAttach',
  (w, m) => {
    w.opaque(m.ufrag, 0, MAX8, 'AppAttach.ufrag');
    w.opaque(m.password, 0, MAX8, 'AppAttach.password');
    w.u16(m.application, 'AppAttach.application');
    w.opaque(m.role, 0, MAX8, 'AppAttach.role');
    writeVector(w, m.candidates, 0, MAX16, 'AppAttach.candidates', writeIceCandidate);
  },
  (r) => ({
    ufrag: r.opaque(0, MAX8, 'AppAttach.ufrag'),
    password: r.opaque(0, MAX8, 'AppAttach.password'),
    application: r.u16('AppAttach.application'),
    role: r.opaque(0, MAX8, 'AppAttach.role'),
    candidates: readVector(r, 0, MAX16, 'AppAttach.candidates', readIceCandidate),
  }),
  (m) => 3 + m.ufrag.length + m.password.length + 2 + m.role.length + vectorLength(m.candidates, MAX16, iceCandidateLength),
);
