/** Checks the P2PCast forest invariants of RFC 7019 §9.1 on the peers' own state (TreeState). */
import type { AlmUsage } from '../../../src/alm/usage.ts';

export const P2PCAST = 2;

export interface ForestReport {
  readonly errors: string[];
  /** Largest depth (edges from the rendezvous point) of any member in any stripe. */
  readonly maxDepth: number;
  /** ceil(log_f N) + 2. */
  readonly bound: number;
  /** Members that are a leaf in every stripe. */
  readonly special: number;
  readonly members: number;
}

/**
 * Every member is in every tree exactly once (reached from the root by children lists, with the
 * matching parent pointer); a member has children in at most one stripe, at most f of them; at most one
 * member has children in no stripe; no tree holds anything but the root and members; depth is at most
 * ceil(log_f N) + 2; the root has at most `rootFanout` children per stripe.
 */
export function checkForest(usage: AlmUsage, groupKey: string, root: number, members: readonly number[], f: number, rootFanout = f): ForestReport {
  const errors: string[] = [];
  const memberSet = new Set(members);
  const n = members.length;
  let maxDepth = 0;
  const rootTree = usage.trees.get(root, P2PCAST, groupKey);
  if (rootTree === undefined || !rootTree.root) errors.push(`peer ${root} is not the root`);
  for (let s = 0; s < f && rootTree !== undefined; s++) {
    if (rootTree.children[s]!.length > rootFanout) errors.push(`root has ${rootTree.children[s]!.length} children in stripe ${s}`);
    const seen = new Set<number>();
    let level = [root];
    let depth = 0;
    while (level.length > 0) {
      const next: number[] = [];
      for (const p of level) {
        const tp = usage.trees.get(p, P2PCAST, groupKey)!;
        for (const c of tp.children[s]!) {
          if (seen.has(c)) {
            errors.push(`stripe ${s}: ${c} reached twice`);
            continue;
          }
          seen.add(c);
          if (!memberSet.has(c)) errors.push(`stripe ${s}: non-member ${c} in the tree`);
          const tc = usage.trees.get(c, P2PCAST, groupKey);
          if (tc === undefined) errors.push(`stripe ${s}: ${c} has no tree state`);
          else {
            if (tc.parents[s] !== p) errors.push(`stripe ${s}: ${c} lists parent ${tc.parents[s]} but is a child of ${p}`);
            next.push(c);
          }
        }
      }
      if (next.length > 0) depth++;
      level = next;
    }
    if (depth > maxDepth) maxDepth = depth;
    for (const m of members) if (!seen.has(m)) errors.push(`stripe ${s}: member ${m} is missing (parent ${usage.trees.get(m, P2PCAST, groupKey)?.parents[s]})`);
  }
  let special = 0;
  for (const m of members) {
    const tm = usage.trees.get(m, P2PCAST, groupKey);
    if (tm === undefined) continue;
    let internalIn = 0;
    for (let s = 0; s < f; s++) {
      const k = tm.children[s]!.length;
      if (k > f) errors.push(`member ${m} has ${k} children in stripe ${s}`);
      if (k > 0) internalIn++;
    }
    if (internalIn > 1) errors.push(`member ${m} is internal in ${internalIn} stripes`);
    if (internalIn === 0) special++;
  }
  if (special > 1) errors.push(`${special} members are leaves in every stripe`);
  const bound = n <= 1 ? 2 : Math.ceil(Math.log(n) / Math.log(f) - 1e-9) + 2;
  if (maxDepth > bound) errors.push(`depth ${maxDepth} > ceil(log_${f} ${n}) + 2 = ${bound}`);
  return { errors, maxDepth, bound, special, members: n };
}
