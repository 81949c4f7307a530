import { describe, expect, it } from 'vitest';
import {
  ALM_ERROR_CHILD_LIMIT_REACHED,
  ALM_ERROR_OTHER,
  almErrorOther,
  almErrorResponse,
  almErrorResponseCodec,
  almErrorText,
} from '../../../src/alm/wire/index.ts';
import { CodecError } from '../../../src/reload/wire/codec.ts';

describe('ALMErrorResponse (RFC 7019 §10.3)', () => {
  it('is alm_error_code then alm_error_info<0..2^16-1>', () => {
    const e = almErrorOther('no room');
    expect(e.almErrorCode).toBe(ALM_ERROR_OTHER);
    expect(Buffer.from(almErrorResponseCodec.encode(e)).toString('hex')).toBe('000c' + '0007' + Buffer.from('no room').toString('hex'));
    expect(almErrorText(almErrorResponseCodec.decode(almErrorResponseCodec.encode(e)))).toBe('no room');
  });

  it('a reason code with no text has an empty alm_error_info', () => {
    expect(Buffer.from(almErrorResponseCodec.encode(almErrorResponse(ALM_ERROR_CHILD_LIMIT_REACHED))).toString('hex')).toBe('00020000');
  });

  it('decodes unassigned and private-use codes (left to the usage)', () => {
    expect(almErrorResponseCodec.decode(Uint8Array.of(0x80, 0x01, 0, 0)).almErrorCode).toBe(0x8001);
  });

  it('throws when the text does not fit', () => {
    expect(() => almErrorOther('x'.repeat(0x10000))).toThrow(CodecError);
    expect(() => almErrorResponseCodec.encode({ almErrorCode: 0x10000, almErrorInfo: new Uint8Array(0) })).toThrow(CodecError);
  });
});
