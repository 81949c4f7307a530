import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderChart } from '../../src/report/charts/index.ts';
import { SAMPLE_SPECS } from './fixtures/sample-specs.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('chart determinism', () => {
  it('gives identical bytes for the same spec twice in one process', () => {
    for (const spec of Object.values(SAMPLE_SPECS)) {
      expect(renderChart(spec).equals(renderChart(spec))).toBe(true);
      expect(renderChart(spec, { format: 'svg' }).equals(renderChart(spec, { format: 'svg' }))).toBe(true);
    }
  });

  it('gives identical bytes in a separate process', () => {
    const script = fileURLToPath(new URL('./fixtures/render-hashes.ts', import.meta.url));
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, encoding: 'utf8' });
    const child = JSON.parse(stdout) as Record<string, string>;
    const here: Record<string, string> = {};
    for (const [kind, spec] of Object.entries(SAMPLE_SPECS)) {
      here[kind] = sha256(renderChart(spec));
      here[`${kind}.svg`] = sha256(renderChart(spec, { format: 'svg' }));
    }
    expect(Object.keys(child).sort()).toEqual(Object.keys(here).sort());
    expect(child).toEqual(here);
  });
});

describe('normaliseSvgIds', () => {
  it('renumbers ids and their references in order of first appearance, per prefix', async () => {
    const { normaliseSvgIds } = await import('../../src/report/charts/svg-ids.ts');
    const svg = '<clipPath id="cl_8"/><g clip-path="url(#cl_8)"/><clipPath id="cl_1f"/><use href="#cl_1f"/><x id="gr_3"/>';
    expect(normaliseSvgIds(svg)).toBe(
      '<clipPath id="cl_0"/><g clip-path="url(#cl_0)"/><clipPath id="cl_1"/><use href="#cl_1"/><x id="gr_0"/>',
    );
  });
});
