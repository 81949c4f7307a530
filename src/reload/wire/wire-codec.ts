/**
 * A {@link Codec} that also exposes its writer and reader, so that structures nest without an
 * intermediate buffer: a StoredData inside a StoreKindData inside a StoreReq inside a message is
 * written into one Writer and read from one Reader.
 */
import { CodecError, Reader, Writer } from './codec.ts';
import type { Codec } from './codec.ts';

export interface WireCodec<T> extends Codec<T> {
  /** Writes the value at the writer's position; throws CodecError if it does not fit its fields. */
  write(w: Writer, value: T): void;
  /** Reads one value at the reader's position; the caller checks what follows. */
  read(r: Reader): T;
}

export function wireCodec<T>(
  name: string,
  write: (w: Writer, value: T) => void,
  read: (r: Reader) => T,
  encodedLength: (value: T) => number,
): WireCodec<T> {
  return {
    write,
    read,
    encodedLength,
    encode(value: T): Uint8Array {
      const w = new Writer(encodedLength(value));
      write(w, value);
      return w.finish();
    },
    decode(bytes: Uint8Array): T {
      const r = new Reader(bytes);
      const v = guard(name, () => read(r));
      r.expectEnd(name);
      return v;
    },
  };
}

/** True if the codec can write into and read from a shared Writer/Reader. */
export function isWireCodec<T>(c: Codec<T>): c is WireCodec<T> {
  return typeof (c as Partial<WireCodec<T>>).write === 'function' && typeof (c as Partial<WireCodec<T>>).read === 'function';
}

/** Runs a decoder, turning any stray exception into a CodecError so that callers see one type. */
export function guard<T>(name: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CodecError) throw e;
    throw new CodecError('invalid', name, e instanceof Error ? e.message : String(e));
  }
}

/** A message body with no fields (e.g. UpdateAns, LeaveAns in CHORD-RELOAD). */
export type EmptyBody = Readonly<Record<string, never>>;

export const EMPTY_BODY: EmptyBody = Object.freeze({});

export const emptyBodyCodec: WireCodec<EmptyBody> = wireCodec<EmptyBody>(
  'EmptyBody',
  () => {},
  () => EMPTY_BODY,
  () => 0,
);
