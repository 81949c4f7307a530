import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity } from '../../src/scenario/quantities.ts';

describe('quantities', () => {
  it('parse times to integer microseconds', () => {
    expect(parseQuantity('time', '600 s')).toBe(600_000_000);
    expect(parseQuantity('time', '2 min')).toBe(120_000_000);
    expect(parseQuantity('time', '1.5 h')).toBe(5_400_000_000);
    expect(parseQuantity('time', '500ms')).toBe(500_000);
    expect(parseQuantity('time', '3 us')).toBe(3);
    expect(parseQuantity('time', '3 µs')).toBe(3);
    expect(parseQuantity('time', 0.25)).toBe(250_000);
    expect(parseQuantity('time', '1e3 ms')).toBe(1_000_000);
  });

  it('reject bad units, negatives and non-numbers', () => {
    for (const bad of ['10 parsecs', '5 m', '-1 s', 'soon', '', 's', true, null, [], Infinity, -3]) {
      expect(parseQuantity('time', bad)).toBeUndefined();
    }
    expect(parseQuantity('bytes', '3 bits')).toBeUndefined();
    expect(parseQuantity('bitrate', '3 MB')).toBeUndefined();
  });

  it('parse sizes and rates', () => {
    expect(parseQuantity('bytes', '1.5 kB')).toBe(1500);
    expect(parseQuantity('bytes', '2 MiB')).toBe(2 * 1024 * 1024);
    expect(parseQuantity('bytes', 40)).toBe(40);
    expect(parseQuantity('bitrate', '1 Mbit/s')).toBe(1e6);
    expect(parseQuantity('bitrate', '10 Gbps')).toBe(1e10);
  });

  it('format in the largest unit that reads back exactly', () => {
    expect(formatQuantity('time', 600_000_000)).toBe('10 min');
    expect(formatQuantity('time', 5_400_000_000)).toBe('1.5 h');
    expect(formatQuantity('time', 340_000_000)).toBe('340 s');
    expect(formatQuantity('time', 1_500)).toBe('1.5 ms');
    expect(formatQuantity('time', 0)).toBe('0 s');
    expect(formatQuantity('time', 7)).toBe('7 us');
    expect(formatQuantity('bytes', 1000)).toBe('1 kB');
    expect(formatQuantity('bytes', 1023)).toBe('1.023 kB');
    expect(formatQuantity('bitrate', 2_500_000)).toBe('2.5 Mbit/s');
  });

  it('format then parse is the identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (v) => {
        expect(parseQuantity('time', formatQuantity('time', v))).toBe(v);
        expect(parseQuantity('bytes', formatQuantity('bytes', v))).toBe(v);
        expect(parseQuantity('bitrate', formatQuantity('bitrate', v))).toBe(v);
      }),
    );
  });
});
