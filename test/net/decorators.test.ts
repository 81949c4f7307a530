import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/sim/random.ts';
import { ConstantUnderlay } from '../../src/net/constant-underlay.ts';
import { LossUnderlay } from '../../src/net/loss-underlay.ts';
import { PartitionUnderlay } from '../../src/net/partition-underlay.ts';
import { routedBase, UnderlayError } from '../../src/net/underlay.ts';

const base = new ConstantUnderlay({}, { hostCount: 10, latency: 1000 });
const rng = (seed: number) => new RandomStreams(seed).stream('loss');

describe('LossUnderlay', () => {
  it('drops about p of the messages, the same ones for the same seed', () => {
    const run = (seed: number) => {
      const u = new LossUnderlay({ rng: rng(seed) }, { inner: base, probability: 0.1 });
      const pattern: boolean[] = [];
      for (let i = 0; i < 100_000; i++) pattern.push(u.drops(i % 10, (i + 1) % 10, i) === 'loss');
      return pattern;
    };
    const a = run(1);
    const dropped = a.filter(Boolean).length;
    expect(dropped).toBe(10_174); // seed 1; pinned so a change in draws is noticed
    expect(Math.abs(dropped / 100_000 - 0.1)).toBeLessThan(0.003);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
  });

  it('passes latency through and drops nothing at p = 0, everything at p = 1', () => {
    const none = new LossUnderlay({ rng: rng(1) }, { inner: base });
    const all = new LossUnderlay({ rng: rng(1) }, { inner: base, probability: 1 });
    expect(none.latency(1, 2)).toBe(1000);
    expect(none.kind).toBe('loss(constant)');
    expect(routedBase(none)).toBeUndefined();
    for (let i = 0; i < 100; i++) {
      expect(none.drops(1, 2, i)).toBeNull();
      expect(all.drops(1, 2, i)).toBe('loss');
    }
    expect(() => new LossUnderlay({ rng: rng(1) }, { inner: base, probability: 1.5 })).toThrow(UnderlayError);
  });
});

describe('PartitionUnderlay', () => {
  const u = new PartitionUnderlay(
    {},
    {
      inner: base,
      partitions: [
        { groups: [[0, 1, 2], [3, 4], [5]], start: 100, end: 200 },
        { groups: [[0], [9]], start: 150 },
      ],
    },
  );

  it('blocks only across groups, only within [start, end)', () => {
    const blocked = (a: number, b: number, t: number) => u.drops(a, b, t) === 'partition';
    // Before, at and after the window.
    expect(blocked(0, 3, 99)).toBe(false);
    expect(blocked(0, 3, 100)).toBe(true);
    expect(blocked(3, 0, 199)).toBe(true);
    expect(blocked(0, 3, 200)).toBe(false);
    // Inside a group, and hosts in no group.
    expect(blocked(0, 2, 150)).toBe(false);
    expect(blocked(3, 4, 150)).toBe(false);
    expect(blocked(0, 7, 150)).toBe(false);
    expect(blocked(7, 8, 150)).toBe(false);
    expect(blocked(5, 4, 150)).toBe(true);
    // The second partition never heals.
    expect(blocked(0, 9, 120)).toBe(false);
    expect(blocked(9, 0, 1e12)).toBe(true);
    expect(blocked(1, 9, 1e12)).toBe(false);
    expect(u.latency(0, 3)).toBe(1000);
  });

  it('checks every host pair exhaustively against the definition', () => {
    const groupOf = new Map<number, string>([0, 1, 2].map((h) => [h, 'a']));
    for (const h of [3, 4]) groupOf.set(h, 'b');
    groupOf.set(5, 'c');
    for (let a = 0; a < 10; a++) {
      for (let b = 0; b < 10; b++) {
        const ga = groupOf.get(a);
        const gb = groupOf.get(b);
        const expected = ga !== undefined && gb !== undefined && ga !== gb;
        expect(u.separated(a, b, 120)).toBe(expected);
      }
    }
  });

  it('composes with loss in either order', () => {
    const lossy = new LossUnderlay({ rng: rng(1) }, { inner: u, probability: 1 });
    expect(lossy.drops(0, 3, 150)).toBe('partition');
    expect(lossy.drops(0, 1, 150)).toBe('loss');
    const outer = new PartitionUnderlay({}, { inner: new LossUnderlay({ rng: rng(1) }, { inner: base, probability: 1 }), partitions: [] });
    expect(outer.drops(0, 1, 0)).toBe('loss');
  });

  it('refuses bad partitions with a message naming them', () => {
    const make = (p: ConstructorParameters<typeof PartitionUnderlay>[1]['partitions']) =>
      () => new PartitionUnderlay({}, { inner: base, partitions: p });
    expect(make([{ groups: [[0, 10]], start: 0 }])).toThrow('partition 0, group 0: host 10 is not in [0, 10)');
    expect(make([{ groups: [[0, 1], [1]], start: 0 }])).toThrow('partition 0: host 1 is in groups 0 and 1');
    expect(make([{ groups: [], start: 5, end: 5 }])).toThrow(/start < end/);
  });
});
