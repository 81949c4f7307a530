/**
 * ErrorResponse (RFC 6940 §6.3.3.1), the body of message code 0xFFFF:
 *
 *   struct { uint16 error_code; opaque error_info<0..2^16-1>; } ErrorResponse;
 *
 * error_code is an open registry (§14.9), so any uint16 but invalid(0) is kept; `ErrorCode` names them.
 */
import { CodecError, MAX16 } from './codec.ts';
import { wireCodec } from './wire-codec.ts';
import type { WireCodec } from './wire-codec.ts';

export interface ErrorResponse {
  readonly errorCode: number;
  /** Error-specific data; for Error_Exp_A, the ALM usage's ALMErrorResponse (RFC 7019 §10.3). */
  readonly errorInfo: Uint8Array;
}

export const errorResponseCodec: WireCodec<ErrorResponse> = wireCodec<ErrorResponse>(
  'ErrorResponse',
  (w, e) => {
    if (e.errorCode === 0) throw new CodecError('out-of-range', 'ErrorResponse.error_code', 'code 0 is invalid');
    w.u16(e.errorCode, 'ErrorResponse.error_code');
    w.opaque(e.errorInfo, 0, MAX16, 'ErrorResponse.error_info');
  },
  (r) => {
    const at = r.offset;
    const errorCode = r.u16('ErrorResponse.error_code');
    if (errorCode === 0) throw new CodecError('out-of-range', 'ErrorResponse.error_code', 'code 0 is invalid', at);
    return { errorCode, errorInfo: r.opaque(0, MAX16, 'ErrorResponse.error_info') };
  },
  (e) => 2 + 2 + e.errorInfo.length,
);
