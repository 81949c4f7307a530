/** Slot lists of partition groups: a slot number or an inclusive range "first..last". */

export const HOST_RANGE = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/;

/** Inclusive slot ranges of a partition group (`[3, "10..19"]` gives [[3, 3], [10, 19]]). */
export function hostRanges(group: readonly (number | string)[]): Array<[number, number]> {
  return group.map((spec) => {
    if (typeof spec === 'number') return [spec, spec];
    const m = HOST_RANGE.exec(spec);
    return m === null ? [-1, -1] : [Number(m[1]), Number(m[2])];
  });
}
