/**
 * Colours keyed by series label, so that a reader who learns "Scribe is blue" in one figure can
 * rely on it in every other figure of a run or a paper.
 */

/** Fixed colours of the series every comparison shows (matplotlib's tab10 hues). */
export const RESERVED_SERIES_COLORS: Readonly<Record<string, string>> = {
  scribe: '#1f77b4',
  p2pcast: '#ff7f0e',
  ipmulticast: '#2ca02c',
  unicast: '#7f7f7f',
};

/** Colours for other labels: none of them is close to a reserved colour. */
export const EXTRA_SERIES_COLORS: readonly string[] = [
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#7b4173',
  '#8c6d31',
  '#0b6e69',
];

/** "IP multicast", "ip-multicast" and "IPMulticast" name the same series. */
export function normaliseSeriesLabel(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

// FNV-1a: a stable hash, the same in every process and on every machine.
function hashLabel(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function preferredExtraIndex(key: string): number {
  return hashLabel(key) % EXTRA_SERIES_COLORS.length;
}

/** The colour of a series label on its own (what it gets in any chart without a colour clash). */
export function seriesColor(label: string): string {
  const key = normaliseSeriesLabel(label);
  return RESERVED_SERIES_COLORS[key] ?? (EXTRA_SERIES_COLORS[preferredExtraIndex(key)] as string);
}

/**
 * Colours for the series of one chart, in the order given. Reserved labels always get their
 * colour. Other labels get their hashed colour unless another label of the same chart already has
 * it; then the next free palette colour, so a chart never shows two series in one colour (until
 * more than ten unreserved labels share a chart). Labels are placed in sorted order, so the result
 * does not depend on the order of the series.
 */
export function assignSeriesColors(labels: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  const taken = new Set<number>();
  const unreserved: string[] = [];
  for (const label of labels) {
    const key = normaliseSeriesLabel(label);
    const reserved = RESERVED_SERIES_COLORS[key];
    if (reserved !== undefined) byKey.set(key, reserved);
    else if (!unreserved.includes(key)) unreserved.push(key);
  }
  unreserved.sort();
  for (const key of unreserved) {
    const start = preferredExtraIndex(key);
    let index = start;
    for (let step = 0; step < EXTRA_SERIES_COLORS.length; step++) {
      const candidate = (start + step) % EXTRA_SERIES_COLORS.length;
      if (!taken.has(candidate)) {
        index = candidate;
        break;
      }
    }
    taken.add(index);
    byKey.set(key, EXTRA_SERIES_COLORS[index] as string);
  }
  return labels.map((label) => byKey.get(normaliseSeriesLabel(label)) as string);
}

/** `#rrggbb` with an opacity, as a CSS rgba() string. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (m === null) throw new Error(`expected a colour as #rrggbb, got ${JSON.stringify(hex)}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((part) => parseInt(part as string, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
