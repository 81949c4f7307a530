/** Helpers for benchmark sections. Scripts may read the wall clock; src/ may not. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// `npm run bench` does not pass --expose-gc; turning the flag on at run time makes a fresh context
// expose gc(), so memory deltas are measured after a full collection.
setFlagsFromString('--expose-gc');
const fullGc = runInNewContext('gc') as () => void;

/** Wall-clock seconds taken by fn. */
export function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** A tiny seeded xorshift32, cheaper than a seedrandom stream in measurement loops. */
export function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** Runs a full garbage collection. */
export function gc(): void {
  fullGc();
}

export function mb(bytes: number): number {
  return Math.round((bytes / 1e6) * 10) / 10;
}
