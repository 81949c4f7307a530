import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, tempDir } from './helpers.ts';

// This build "lacks" P2PCast: creating it fails as it does before src/alm/p2pcast/p2pcast.ts exists.
vi.mock('../../src/scenario/algorithms.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/scenario/algorithms.ts')>();
  return {
    ...real,
    createAlgorithm: async (name: 'scribe' | 'p2pcast', scenario: Parameters<typeof real.createAlgorithm>[1]) => {
      if (name === 'p2pcast') throw new real.AlgorithmUnavailableError('p2pcast: the P2PCast algorithm is not available in this build');
      return real.createAlgorithm(name, scenario);
    },
  };
});

describe('almsim figures without an algorithm a figure needs', () => {
  it('reports that figure, runs the others, and exits 1', async () => {
    const dir = tempDir();
    const ring = path.resolve('test/fixtures/figures/setups/ring.yaml');
    writeFileSync(
      path.join(dir, 'P1.yaml'),
      `id: P1\ntitle: needs P2PCast\nscenario: ${ring}\npanels:\n  - title: t\n    chart: cdf\n    xLabel: x\n    series:\n      - { label: P2PCast, algorithm: p2pcast, metric: latency }\n`,
    );
    writeFileSync(
      path.join(dir, 'S1.yaml'),
      `id: S1\ntitle: Scribe only\nscenario: ${ring}\npanels:\n  - title: t\n    chart: cdf\n    xLabel: x\n    series:\n      - { label: Scribe, algorithm: scribe, metric: latency }\n`,
    );
    const out = path.join(dir, 'out');
    const r = await cli('figures', dir, '--out', out, '--jobs', '1', '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ERROR P1 {2}.*P1\.yaml: cannot run: p2pcast: the P2PCast algorithm is not available in this build$/m);
    expect(r.out).toMatch(/^S1 {2}Scribe only /m);
    expect(r.out).toMatch(/^figures: 1 written to .*, 1 could not run; checks: 0 passed, 0 failed;/m);
  });
});
