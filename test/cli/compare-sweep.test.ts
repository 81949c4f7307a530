import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlgorithmAvailable } from '../../src/scenario/algorithms.ts';
import { cli, snapshotDir, tempDir, TINY } from './helpers.ts';

const p2pcast = await isAlgorithmAvailable('p2pcast');

describe('almsim compare', () => {
  it('needs at least two algorithms', async () => {
    const dir = path.join(tempDir(), 'out');
    const r = await cli('compare', TINY, '--algorithms', 'scribe', '--out', dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('--algorithms: found "scribe", expected at least two algorithms to compare, e.g. scribe,p2pcast\n');
    expect(existsSync(dir)).toBe(false);
  });

  it.skipIf(p2pcast)('without P2PCast in this build: one clear line, exit 1, nothing written', async () => {
    const dir = path.join(tempDir(), 'out');
    const r = await cli('compare', TINY, '--out', dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('p2pcast: the P2PCast algorithm is not available in this build (src/alm/p2pcast/p2pcast.ts does not export P2PCast)\n');
    expect(existsSync(dir)).toBe(false);
  });

  it.skipIf(!p2pcast)('runs Scribe and P2PCast side by side into one report', async () => {
    const dir = path.join(tempDir(), 'out');
    const r = await cli('compare', TINY, '--out', dir, '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^metric +Scribe +P2PCast$/m);
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(Object.keys(summary.algorithms)).toEqual(['scribe', 'p2pcast']);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<th scope="col">Scribe</th><th scope="col">P2PCast</th>');
    const deliveries = readFileSync(path.join(dir, 'deliveries.csv'), 'utf8');
    expect(deliveries).toMatch(/^scribe,/m);
    expect(deliveries).toMatch(/^p2pcast,/m);
    // Both simulations at once in worker threads, then one after the other here: the same bytes.
    const two = path.join(tempDir(), 'two');
    const one = path.join(tempDir(), 'one');
    expect((await cli('compare', TINY, '--out', two, '--quiet', '--jobs', '2')).code).toBe(0);
    expect((await cli('compare', TINY, '--out', one, '--quiet', '--jobs', '1')).code).toBe(0);
    const a = snapshotDir(one);
    const b = snapshotDir(two);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), f).toBe(true);
  });

  it('rejects --jobs below 1 before running anything', async () => {
    const dir = path.join(tempDir(), 'out');
    const r = await cli('compare', TINY, '--out', dir, '--jobs', '0');
    expect(r.code).toBe(1);
    expect(r.err).toBe('--jobs: found "0", expected an integer of at least 1\n');
    expect(existsSync(dir)).toBe(false);
  });
});

describe('almsim sweep', () => {
  it('gives the same rows with --jobs 2 as with --jobs 1; one row per run, means and CIs per grid point', async () => {
    const root = tempDir();
    const args = ['sweep', TINY, '--grid', 'workload.messages.rate=1,3', '--runs', '2', '--algorithms', 'scribe', '--quiet'];
    const one = await cli(...args, '--jobs', '1', '--out', path.join(root, 'one'));
    expect(one.err).toBe('');
    expect(one.code).toBe(0);
    const two = await cli(...args, '--jobs', '2', '--out', path.join(root, 'two'));
    expect(two.err).toBe('');
    expect(two.code).toBe(0);
    const a = snapshotDir(path.join(root, 'one'));
    const b = snapshotDir(path.join(root, 'two'));
    expect([...a.keys()]).toEqual(['scenario.resolved.yaml', 'sweep-summary.csv', 'sweep.csv']);
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), f).toBe(true);
    const rows = a.get('sweep.csv')!.toString('utf8').trimEnd().split('\n');
    expect(rows).toHaveLength(1 + 2 * 2);
    expect(rows[0]).toMatch(/^point,workload\.messages\.rate,run,algorithm,events,messages,delivery_ratio,/);
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 4).join(','))).toEqual(['0,1,0,scribe', '0,1,1,scribe', '1,3,0,scribe', '1,3,1,scribe']);
    // The two runs of a point differ (their own random streams), and rate 3 sends three times as much.
    const messages = rows.slice(1).map((r) => Number(r.split(',')[5]));
    expect(messages).toEqual([40, 40, 120, 120]);
    expect(rows[1]).not.toBe(rows[2]!.replace(/^0,1,1/, '0,1,0'));
    const summary = a.get('sweep-summary.csv')!.toString('utf8').trimEnd().split('\n');
    expect(summary).toHaveLength(3);
    expect(summary[0]).toMatch(/^point,workload\.messages\.rate,algorithm,runs,messages_mean,messages_ci95,delivery_ratio_mean,delivery_ratio_ci95,/);
    expect(summary[1]).toMatch(/^0,1,scribe,2,40,0,/);
    expect(one.out).toMatch(/^workload\.messages\.rate +algorithm +runs +delivery ratio/m);
  });

  it('rejects a bad grid value before running anything', async () => {
    const dir = path.join(tempDir(), 'out');
    const r = await cli('sweep', TINY, '--grid', 'workload.messages.rate=1,-2', '--runs', '1', '--out', dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`--grid: workload.messages.rate: found -2, expected a non-negative number\n`);
    expect(existsSync(dir)).toBe(false);
    const bad = await cli('sweep', TINY, '--grid', 'workload.messages.rate', '--out', dir);
    expect(bad.err).toBe('--grid: found "workload.messages.rate", expected path=v1,v2,..., e.g. churn.crashFraction=0.2,0.8\n');
  });
});
