/**
 * The parts of a codec before it becomes a {@link Codec}: structures nest (a Dictionary inside a
 * Join, a Join inside an ALMMessageContents), so each one exposes its writer, reader and length
 * function to the structures that contain it.
 */
import { makeCodec } from '../../reload/wire/codec.ts';
import type { Codec, Reader, Writer } from '../../reload/wire/codec.ts';

export interface Format<T> {
  /** Writes the value; throws CodecError if it does not fit its fields. */
  write(w: Writer, value: T): void;
  /** Reads one value; the caller checks for trailing bytes. */
  read(r: Reader): T;
  /** The encoded size in bytes, without allocating. */
  length(value: T): number;
}

export function codecOf<T>(name: string, f: Format<T>): Codec<T> {
  return makeCodec<T>(name, f.write, f.read, f.length);
}
