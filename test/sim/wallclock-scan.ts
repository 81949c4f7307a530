/**
 * The scanner behind no-wallclock.test.ts: finds uses of wall-clock time, ambient randomness and real
 * timers in source text. Comments are skipped (the rule is documented in comments); string literals
 * are not, which errs on the side of reporting.
 */

export interface Offence {
  file: string;
  line: number;
  what: string;
  text: string;
}

const FORBIDDEN: readonly (readonly [RegExp, string])[] = [
  [/\bDate\s*\.\s*now\b/, 'Date.now'],
  [/\bperformance\s*\.\s*now\b/, 'performance.now'],
  [/\bnew\s+Date\s*\(/, 'new Date('],
  [/\bMath\s*\.\s*random\b/, 'Math.random'],
  [/\bsetTimeout\b/, 'setTimeout'],
  [/\bsetInterval\b/, 'setInterval'],
  [/\bsetImmediate\b/, 'setImmediate'],
  [/\bprocess\s*\.\s*hrtime\b/, 'process.hrtime'],
];

/** Replaces comments by spaces, keeping line breaks so line numbers stay right. */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  let quote: string | null = null;
  while (i < n) {
    const c = src[i]!;
    const d = src[i + 1];
    if (quote !== null) {
      out += c;
      if (c === '\\' && i + 1 < n) {
        out += src[i + 1];
        i += 2;
        continue;
      }
      if (c === quote || (c === '\n' && quote !== '`')) quote = null;
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
      i++;
    } else if (c === '/' && d === '/') {
      while (i < n && src[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && d === '*') {
      out += '  ';
      i += 2;
      while (i < n && !(src[i] === '*' && src[i + 1] === '/')) {
        out += src[i] === '\n' ? '\n' : ' ';
        i++;
      }
      if (i < n) {
        out += '  ';
        i += 2;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Offences in one file's text. */
export function scanSource(file: string, src: string): Offence[] {
  const found: Offence[] = [];
  const original = src.split('\n');
  stripComments(src)
    .split('\n')
    .forEach((line, i) => {
      for (const [re, what] of FORBIDDEN) {
        if (re.test(line)) found.push({ file, line: i + 1, what, text: original[i]!.trim() });
      }
    });
  return found;
}

/** Files exempt from the rule: the CLI's progress display, which shows wall-clock elapsed time. */
export function isExempt(relPath: string): boolean {
  const p = relPath.split('\\').join('/');
  const base = p.slice(p.lastIndexOf('/') + 1);
  return p.startsWith('src/cli/') && base.includes('progress');
}

export function formatOffences(offences: readonly Offence[]): string {
  return offences.map((o) => `${o.file}:${o.line}: ${o.what}: ${o.text}`).join('\n');
}
