/**
 * The simulated application's stream header at the start of every Push's data, like RTP's: the
 * source (SSRC, here the sending peer's index), a sequence number, the send timestamp, and which
 * stripe of how many this Push carries. The application payload follows; a scenario's
 * `payloadBytes` counts header and payload together. Collectors read delay and order from it, as a
 * receiving application would.
 */

export const STREAM_HEADER_BYTES = 18;

export interface StreamHeader {
  readonly source: number;
  readonly seq: number;
  /** Send time, microseconds of simulated time. */
  readonly sentAt: number;
  readonly stripe: number;
  readonly stripes: number;
}

export class StreamHeaderError extends Error {
  override name = 'StreamHeaderError';
}

export function writeStreamHeader(data: Uint8Array, h: StreamHeader): void {
  if (data.length < STREAM_HEADER_BYTES) throw new StreamHeaderError(`Push data of ${data.length} bytes cannot hold the ${STREAM_HEADER_BYTES}-byte stream header`);
  const v = new DataView(data.buffer, data.byteOffset, STREAM_HEADER_BYTES);
  v.setUint32(0, h.source);
  v.setUint32(4, h.seq);
  v.setUint32(8, Math.floor(h.sentAt / 0x1_0000_0000));
  v.setUint32(12, h.sentAt >>> 0);
  v.setUint8(16, h.stripe);
  v.setUint8(17, h.stripes);
}

/** The header of a Push's data, or undefined if the data is too short to hold one. */
export function readStreamHeader(data: Uint8Array): StreamHeader | undefined {
  if (data.length < STREAM_HEADER_BYTES) return undefined;
  const v = new DataView(data.buffer, data.byteOffset, STREAM_HEADER_BYTES);
  return {
    source: v.getUint32(0),
    seq: v.getUint32(4),
    sentAt: v.getUint32(8) * 0x1_0000_0000 + v.getUint32(12),
    stripe: v.getUint8(16),
    stripes: v.getUint8(17),
  };
}
