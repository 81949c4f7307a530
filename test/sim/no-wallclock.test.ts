import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatOffences, isExempt, scanSource, stripComments } from './wallclock-scan.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('no wall clock, ambient randomness or real timers in src/', () => {
  it('src/ (outside the CLI progress display) uses none of them', () => {
    const files = sourceFiles(join(root, 'src'));
    expect(files.length).toBeGreaterThan(0);
    const offences = files
      .map((f) => relative(root, f).split('\\').join('/'))
      .filter((rel) => !isExempt(rel))
      .flatMap((rel) => scanSource(rel, readFileSync(join(root, rel), 'utf8')));
    // The message lists file:line of every offender.
    expect(offences, `time and randomness must come from src/sim:\n${formatOffences(offences)}`).toEqual([]);
  });
});

describe('the scanner', () => {
  it('reports each forbidden use with its file and line', () => {
    const src = [
      "import x from './x.ts';",
      'const t = Date.now();',
      'const p = performance.now();',
      'const d = new Date();',
      'const r = Math.random();',
      'setTimeout(f, 1); setInterval(g, 2);',
      'setImmediate(h); process.hrtime.bigint();',
      'const ok = sim.now; // Date.now() in a comment is fine',
      '/* Math.random()',
      '   setTimeout */ const fine = 1;',
    ].join('\n');
    const found = scanSource('src/x/planted.ts', src);
    expect(found.map((o) => `${o.line}:${o.what}`)).toEqual([
      '2:Date.now',
      '3:performance.now',
      '4:new Date(',
      '5:Math.random',
      '6:setTimeout',
      '6:setInterval',
      '7:setImmediate',
      '7:process.hrtime',
    ]);
    expect(formatOffences(found)).toContain('src/x/planted.ts:2: Date.now: const t = Date.now();');
  });

  it('ignores names that merely contain a forbidden word', () => {
    expect(scanSource('f.ts', 'const updateNow = 1; myDate.now(); const setTimeoutMs = 3; MyMath.random()')).toEqual([]);
  });

  it('keeps string contents and line numbers when stripping comments', () => {
    const src = "const a = '// not a comment';\n/* x\ny */ const b = \"/* nor this */\";";
    const stripped = stripComments(src);
    expect(stripped.split('\n')).toHaveLength(3);
    expect(stripped).toContain("'// not a comment'");
    expect(stripped).toContain('"/* nor this */"');
    expect(stripped).not.toContain('x');
  });

  it('exempts only CLI files named *progress*', () => {
    expect(isExempt('src/cli/progress.ts')).toBe(true);
    expect(isExempt('src/cli/run-progress-bar.ts')).toBe(true);
    expect(isExempt('src/cli/main.ts')).toBe(false);
    expect(isExempt('src/sim/progress.ts')).toBe(false);
    expect(isExempt('src/cli/progress/clock.ts')).toBe(false);
  });
});
