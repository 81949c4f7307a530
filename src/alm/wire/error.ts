/**
 * ALMErrorResponse: the error_info of a RELOAD ErrorResponse whose error_code is Error_Exp_A
 * (RFC 7019 §10.3, §14.3; RFC 6940 §6.3.3.1):
 *
 *   struct { uint16 alm_error_code; opaque alm_error_info<0..2^16-1>; } ALMErrorResponse;
 *
 * Any alm_error_code decodes, including InvalidErrorCode (0) and unassigned or private-use codes:
 * alm_error_info is opaque whatever the code, so deciding what an unknown code means is left to the
 * usage rather than turned into a decoding failure.
 */
import { CodecError, MAX16 } from '../../reload/wire/codec.ts';
import { ALM_ERROR_OTHER } from './codes.ts';
import { codecOf } from './format.ts';
import type { Format } from './format.ts';

export interface ALMErrorResponse {
  readonly almErrorCode: number;
  /** For Error_Other, a human-readable UTF-8 description (§10.3). */
  readonly almErrorInfo: Uint8Array;
}

export const almErrorResponseFormat: Format<ALMErrorResponse> = {
  write(w, e) {
    w.u16(e.almErrorCode, 'ALMErrorResponse.alm_error_code');
    w.opaque(e.almErrorInfo, 0, MAX16, 'ALMErrorResponse.alm_error_info');
  },
  read: (r) => ({
    almErrorCode: r.u16('ALMErrorResponse.alm_error_code'),
    almErrorInfo: r.opaque(0, MAX16, 'ALMErrorResponse.alm_error_info'),
  }),
  length: (e) => 4 + e.almErrorInfo.length,
};

export const almErrorResponseCodec = codecOf('ALMErrorResponse', almErrorResponseFormat);

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

/** An ALMErrorResponse with `text` as UTF-8 alm_error_info (empty when omitted). */
export function almErrorResponse(almErrorCode: number, text = ''): ALMErrorResponse {
  const almErrorInfo = utf8.encode(text);
  if (almErrorInfo.length > MAX16) {
    throw new CodecError('out-of-range', 'ALMErrorResponse.alm_error_info', `text of ${almErrorInfo.length} bytes exceeds ${MAX16}`);
  }
  return { almErrorCode, almErrorInfo };
}

/** Error_Other with its human-readable description (§10.3). */
export function almErrorOther(text: string): ALMErrorResponse {
  return almErrorResponse(ALM_ERROR_OTHER, text);
}

/** alm_error_info as text (invalid UTF-8 becomes U+FFFD), for logs and Error_Other. */
export function almErrorText(e: ALMErrorResponse): string {
  return utf8Decoder.decode(e.almErrorInfo);
}
