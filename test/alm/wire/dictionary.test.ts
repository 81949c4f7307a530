import { describe, expect, it } from 'vitest';
import { CodecError } from '../../../src/reload/wire/codec.ts';
import {
  EMPTY_DICTIONARY,
  dictionaryCodec,
  dictionaryEntry,
  dictionaryGet,
  dictionaryGetUint32,
  dictionaryOf,
  dictionaryPut,
} from '../../../src/alm/wire/index.ts';
import type { Dictionary } from '../../../src/alm/wire/index.ts';

function thrown(f: () => unknown): CodecError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  throw new Error('expected a CodecError');
}

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

describe('Dictionary (RFC 7019 §7.1, RFC 6940 §7.2)', () => {
  it('an empty dictionary is a 2-byte zero prefix', () => {
    expect(hexOf(dictionaryCodec.encode(EMPTY_DICTIONARY))).toBe('0000');
    expect(dictionaryCodec.decode(bytes('0000'))).toEqual([]);
  });

  it('keeps entry order and absent values', () => {
    const d: Dictionary = [
      { key: bytes('62'), value: { exists: false, value: new Uint8Array(0) } },
      { key: bytes('61'), value: { exists: true, value: bytes('ff') } },
    ];
    // elements<0..2^16-1> = 8 + 9 = 17 bytes; key<0..2^16-1>; exists; value<0..2^32-1>
    expect(hexOf(dictionaryCodec.encode(d))).toBe('0011' + '000162' + '00' + '00000000' + '000161' + '01' + '00000001ff');
    expect(dictionaryCodec.decode(dictionaryCodec.encode(d))).toEqual(d);
  });

  it('rejects a Boolean other than 0 or 1', () => {
    const e = thrown(() => dictionaryCodec.decode(bytes('0008' + '000161' + '02' + '00000000')));
    expect([e.kind, e.field, e.offset]).toEqual(['out-of-range', 'DataValue.exists', 5]);
  });

  it('rejects an entry running past the elements vector', () => {
    expect(thrown(() => dictionaryCodec.decode(bytes('0007' + '000161' + '01' + '00000000'))).kind).toBe('truncated');
  });

  it('rejects a repeated key on encode and decode (one value for each key)', () => {
    const d = [dictionaryEntry('a', 1), dictionaryEntry('a', 2)];
    expect(thrown(() => dictionaryCodec.encode(d)).field).toBe('Dictionary.elements');
    const b = '0018' + ('000161' + '01' + '00000004' + '00000001').repeat(2);
    expect(thrown(() => dictionaryCodec.decode(bytes(b))).field).toBe('Dictionary.elements');
  });

  it('holds at most 2^16-1 bytes of entries', () => {
    const fits = [dictionaryEntry('k', new Uint8Array(0xffff - 7 - 1))];
    expect(dictionaryCodec.encode(fits).length).toBe(2 + 0xffff);
    const over = [dictionaryEntry('k', new Uint8Array(0xffff - 7))];
    expect(thrown(() => dictionaryCodec.encode(over)).field).toBe('Dictionary.elements');
  });

  it('helpers put and get uint32 and raw values by UTF-8 key', () => {
    let d = dictionaryOf({ fanout: 16, 'ключ': bytes('0102') });
    expect(dictionaryGetUint32(d, 'fanout')).toBe(16);
    expect(dictionaryGet(d, 'ключ')).toEqual(bytes('0102'));
    expect(dictionaryGet(d, 'missing')).toBeUndefined();
    d = dictionaryPut(d, 'fanout', 0xffffffff);
    d = dictionaryPut(d, 'depth', 3);
    expect(d.map((e) => new TextDecoder().decode(e.key))).toEqual(['fanout', 'ключ', 'depth']);
    expect(dictionaryGetUint32(d, 'fanout')).toBe(0xffffffff);
    expect(dictionaryCodec.decode(dictionaryCodec.encode(d))).toEqual(d);
    expect(thrown(() => dictionaryGetUint32(d, 'ключ')).kind).toBe('invalid');
    expect(thrown(() => dictionaryEntry('x', -1)).kind).toBe('out-of-range');
    const absent: Dictionary = [{ key: new TextEncoder().encode('gone'), value: { exists: false, value: bytes('00') } }];
    expect(dictionaryGet(absent, 'gone')).toBeUndefined();
  });
});
