import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlgorithmAvailable } from '../../src/scenario/algorithms.ts';
import { cli, tempDir } from '../cli/helpers.ts';

describe('almsim start (npm start)', () => {
  it('compares the quickstart scenario\'s algorithms, prints the summary table and writes the results', async () => {
    const dir = path.join(tempDir(), 'quickstart');
    const r = await cli('start', '--out', dir, '--quiet');
    expect(r.code).toBe(0);
    const p2pcast = await isAlgorithmAvailable('p2pcast');
    expect(r.err).toBe(p2pcast ? '' : 'almsim: note: p2pcast is not available in this build; running scribe\n');
    expect(r.out).toMatch(p2pcast ? /^metric +Scribe +P2PCast$/m : /^metric +Scribe$/m);
    expect(r.out).toMatch(/^delivery ratio +0\.9\d*/m);
    expect(existsSync(path.join(dir, 'report.html'))).toBe(true);
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.name).toBe('quickstart');
    expect(summary.churn.crash).toBeGreaterThan(10);
  });
});
