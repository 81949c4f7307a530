import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomicWriteFile } from '../../src/report/atomic-write.ts';
import { renderChart } from '../../src/report/charts/index.ts';
import { renderHtmlReport } from '../../src/report/html-report.ts';
import { SAMPLE_SPECS } from './fixtures/sample-specs.ts';

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const script = join(repoRoot, 'scripts', 'check-report-chromium.ts');
const dir = mkdtempSync(join(tmpdir(), 'almsim-report-'));
const report = join(dir, 'report.html');
beforeAll(() => {
  atomicWriteFile(
    report,
    renderHtmlReport({
      title: 'chromium check',
      metadata: { run: 'check' },
      scenarioYaml: 'peers: 10\n',
      charts: Object.values(SAMPLE_SPECS).map((spec) => ({ title: spec.title, caption: 'c', image: renderChart(spec) })),
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runScript(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, encoding: 'utf8' });
}

describe('scripts/check-report-chromium.ts', () => {
  it('skips cleanly, exit 0, when there is no Chromium', () => {
    const run = runScript(report, '--chromium', join(dir, 'no-such-chromium'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^skipped: no Chromium at /);
  });

  it('exits 2 with a usage message when no report is named', () => {
    const run = runScript();
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/usage:/);
  });

  it.skipIf(!existsSync(CHROMIUM))('finds every image decoded in headless Chromium', () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', script, report], { cwd: repoRoot, encoding: 'utf8' });
    expect(stdout).toMatch(/^ok: 4 images decoded/);
  });
});
