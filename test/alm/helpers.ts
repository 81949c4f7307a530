/** Small overlays with the ALM usage for tests. */
import { AlmUsage, type AlmAlgorithm, type AlmUsageInit } from '../../src/alm/index.ts';
import { Scribe } from '../../src/alm/scribe/scribe.ts';
import type { OverlayInit } from '../../src/reload/overlay.ts';
import { makeOverlay, type TestOverlay } from '../reload/helpers.ts';

export interface TestAlm extends TestOverlay {
  usage: AlmUsage;
}

export function makeAlm(
  n: number,
  opts: { seed?: number; overlay?: OverlayInit; alm?: AlmUsageInit; algorithms?: AlmAlgorithm[]; warm?: boolean } = {},
): TestAlm {
  const t = makeOverlay(n, { chord: { updateInterval: 60_000_000, pingInterval: 600_000_000 }, ...opts.overlay }, { seed: opts.seed ?? 1 });
  if (opts.warm ?? true) t.overlay.warmStart(t.peers);
  const usage = new AlmUsage({ overlay: t.overlay, scheduler: t.scheduler, streams: t.streams, trace: t.trace }, opts.algorithms ?? [new Scribe()], opts.alm ?? {});
  return { ...t, usage };
}

/** Follows parents from `peer` to the root; returns the path or undefined on a loop or an orphan. */
export function pathToRoot(usage: AlmUsage, peer: number, algorithm: number, groupKey: string, stripe = 0): number[] | undefined {
  const path = [peer];
  let cur = peer;
  for (let i = 0; i < 1000; i++) {
    const t = usage.trees.get(cur, algorithm, groupKey);
    if (t === undefined) return undefined;
    if (t.root) return path;
    cur = t.parents[stripe]!;
    if (cur < 0 || path.includes(cur)) return undefined;
    path.push(cur);
  }
  return undefined;
}
