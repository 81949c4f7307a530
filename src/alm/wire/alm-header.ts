/**
 * ALMHeader, the first bytes of every ALM message body (RFC 7019 §10.1):
 *
 *   struct { uint32 sam_token; uint16 alm_algorithm_id; uint8 version; } ALMHeader;
 *
 * A wrong sam_token or version means the bytes are not an ALM message this simulator speaks: the
 * decoder throws CodecError('invalid'). Any alm_algorithm_id is decoded, including INVALID (0) and
 * ids no plugin implements: answering those with Error_Unknown_Algorithm is the usage's job (§10.3).
 */
import { CodecError } from '../../reload/wire/codec.ts';
import type { Reader, Writer } from '../../reload/wire/codec.ts';
import { ALM_VERSION, SAM_TOKEN } from './codes.ts';
import { codecOf } from './format.ts';
import type { Format } from './format.ts';

export interface ALMHeader {
  /** alm_algorithm_id (RFC 7019 §14.1). */
  readonly algorithmId: number;
}

export const ALM_HEADER_LENGTH = 7;

export function writeAlmHeader(w: Writer, algorithmId: number): void {
  w.u32(SAM_TOKEN, 'ALMHeader.sam_token');
  w.u16(algorithmId, 'ALMHeader.alm_algorithm_id');
  w.u8(ALM_VERSION, 'ALMHeader.version');
}

/** Reads and checks the header; returns alm_algorithm_id. */
export function readAlmHeader(r: Reader): number {
  const at = r.offset;
  const token = r.u32('ALMHeader.sam_token');
  if (token !== SAM_TOKEN) {
    throw new CodecError('invalid', 'ALMHeader.sam_token', `expected 0xD3414D42, got 0x${hex(token, 8)}`, at);
  }
  const algorithmId = r.u16('ALMHeader.alm_algorithm_id');
  const versionAt = r.offset;
  const version = r.u8('ALMHeader.version');
  if (version !== ALM_VERSION) {
    throw new CodecError('invalid', 'ALMHeader.version', `expected 0x0A (1.0), got 0x${hex(version, 2)}`, versionAt);
  }
  return algorithmId;
}

export const almHeaderFormat: Format<ALMHeader> = {
  write: (w, h) => writeAlmHeader(w, h.algorithmId),
  read: (r) => ({ algorithmId: readAlmHeader(r) }),
  length: () => ALM_HEADER_LENGTH,
};

export const almHeaderCodec = codecOf('ALMHeader', almHeaderFormat);

function hex(v: number, digits: number): string {
  return v.toString(16).toUpperCase().padStart(digits, '0');
}
