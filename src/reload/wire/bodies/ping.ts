/**
 * PingReq / PingAns (RFC 6940 §6.5.3):
 *
 *   struct { opaque<0..2^16-1> padding; } PingReq;
 *   struct { uint64 response_id; uint64 time; } PingAns;
 */
import { MAX16 } from '../codec.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';

export interface PingReq {
  /** Lets a sender probe path MTU; usually empty. */
  readonly padding: Uint8Array;
}

export interface PingAns {
  /** A uint64 on the wire; here at most 2^53 - 1. */
  readonly responseId: number;
  /** The responder's time in ms since the epoch (uint64, at most 2^53 - 1 here). */
  readonly time: number;
}

export const pingReqCodec: WireCodec<PingReq> = wireCodec<PingReq>(
  'PingReq',
  (w, m) => w.opaque(m.padding, 0, MAX16, 'PingReq.padding'),
  (r) => ({ padding: r.opaque(0, MAX16, 'PingReq.padding') }),
  (m) => 2 + m.padding.length,
);

export const pingAnsCodec: WireCodec<PingAns> = wireCodec<PingAns>(
  'PingAns',
  (w, m) => {
    w.u64(m.responseId, 'PingAns.response_id');
    w.u64(m.time, 'PingAns.time');
  },
  (r) => ({ responseId: r.u64('PingAns.response_id'), time: r.u64('PingAns.time') }),
  () => 16,
);
