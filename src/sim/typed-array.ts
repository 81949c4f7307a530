/** The typed arrays that hold the simulator's columns. */
export type Column = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** A copy of `a` with room for `length` elements, the new ones zero (how columns grow). */
export function grownTo<T extends Column>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
