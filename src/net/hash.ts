/**
 * A fast 32-bit integer hash (the murmur3 finaliser), for values that must be a pure function of their
 * inputs (per-pair latencies) instead of being drawn in order from a stream.
 */

/** Mixes a 32-bit integer; a bijection on uint32 with good avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of (seed, x, y) as a uint32. */
export function hash3(seed: number, x: number, y: number): number {
  let h = fmix32((seed ^ Math.imul(x, 0x9e3779b1)) >>> 0);
  h = fmix32((h ^ Math.imul(y, 0x27d4eb2f)) >>> 0);
  return h;
}
