/**
 * Skia's SVG writer names clip paths (and gradients, patterns...) from a counter shared by the whole
 * process, so the same chart gets "cl_3" or "cl_8" depending on what was drawn before it. Renumbers
 * every such id in order of first appearance, per prefix, so the bytes depend on the chart alone.
 */
export function normaliseSvgIds(svg: string): string {
  const renamed = new Map<string, string>();
  const next = new Map<string, number>();
  return svg.replace(/(id="|url\(#|href="#)([A-Za-z]+)_([0-9a-fA-F]+)(?=[")])/g, (_match, lead: string, prefix: string, num: string) => {
    const old = `${prefix}_${num}`;
    let name = renamed.get(old);
    if (name === undefined) {
      const n = next.get(prefix) ?? 0;
      next.set(prefix, n + 1);
      name = `${prefix}_${n}`;
      renamed.set(old, name);
    }
    return lead + name;
  });
}
