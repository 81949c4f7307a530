import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { countColouredPixels, decodeImage } from '../report/fixtures/png-pixels.ts';
import { cli, snapshotDir, tempDir, type CliRun } from './helpers.ts';

const FIGURES = 'test/fixtures/figures';

describe('almsim figures', () => {
  const root = tempDir();
  const a = path.join(root, 'a');
  let first: CliRun;

  beforeAll(async () => {
    first = await cli('figures', FIGURES, '--out', a, '--jobs', '1', '--quiet');
  });

  it('writes each figure as a PNG with its data CSV beside it, and checks.csv; reports every check', () => {
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect([...snapshotDir(a).keys()].sort()).toEqual(['T1-hops.csv', 'T1-hops.png', 'T2-groups.csv', 'T2-groups.png', 'checks.csv']);
    expect(first.out).toMatch(/^T1 {2}Tiny hops vs N {2}\(4 simulations, 0 shared; [\d.]+ s of simulation, done at [\d.]+ s\) {2}-> .*T1-hops\.\{png,csv\}$/m);
    expect(first.out.match(/^ {2}PASS {2}/gm)).toHaveLength(5);
    expect(first.out).toMatch(/^figures: 2 written to .*; checks: 5 passed, 0 failed; /m);
    const csv = readFileSync(path.join(a, 'T1-hops.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('panel,series,x,x_high,y,y_low,y_high,runs');
    expect(csv.slice(3, 5)).toEqual(['hops,half log2 N,16,,2,,,0', 'hops,half log2 N,32,,2.5,,,0']);
    expect(csv[1]).toMatch(/^hops,Ring,16,,[\d.]+,[\d.]+,[\d.]+,2$/);
    expect(readFileSync(path.join(a, 'checks.csv'), 'utf8').split('\n')[1]).toMatch(/^T1,Ring within 1\.5 of 0\.5\*log2\(x\) at every x,within,pass,max /);
  });

  it('draws non-blank charts: coloured data pixels inside the plot', async () => {
    for (const name of ['T1-hops.png', 'T2-groups.png']) {
      const bytes = readFileSync(path.join(a, name));
      expect(bytes.length, name).toBeGreaterThan(5000);
      const img = await decodeImage(bytes);
      expect(img.width, name).toBe(name.startsWith('T2') ? 1600 : 800);
      expect(img.height).toBe(450);
      expect(countColouredPixels(img, { left: 0.1, top: 0.2, right: 0.95, bottom: 0.85 }), name).toBeGreaterThan(500);
    }
  });

  it('gives byte-identical CSVs when run again, and with worker threads', async () => {
    const b = path.join(root, 'b');
    const c = path.join(root, 'c');
    expect((await cli('figures', FIGURES, '--out', b, '--jobs', '1', '--quiet')).code).toBe(0);
    expect((await cli('figures', FIGURES, '--out', c, '--jobs', '2', '--quiet')).code).toBe(0);
    const csvs = (dir: string) => [...snapshotDir(dir)].filter(([f]) => f.endsWith('.csv'));
    expect(csvs(b)).toEqual(csvs(a));
    expect(csvs(c)).toEqual(csvs(a));
  });

  it('a failed check: FAIL line, exit code 3, files still written', async () => {
    const out = path.join(root, 'fail');
    const r = await cli('figures', `${FIGURES}/bad/failing-check.yaml`, '--out', out, '--jobs', '1', '--quiet');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^ {2}FAIL {2}hops never above 1 \(false\): max = \d+ \(allowed at most 1\)$/m);
    expect(r.out).toMatch(/checks: 0 passed, 1 failed/);
    expect(readFileSync(path.join(out, 'checks.csv'), 'utf8')).toContain(',fail,');
  });

  it('an invalid figure file: one line naming the file and the field, exit code 1, nothing written', async () => {
    const out = path.join(root, 'bad');
    const r = await cli('figures', `${FIGURES}/bad/unknown-metric.yaml`, `${FIGURES}/T1-hops.yaml`, '--out', out);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      `${FIGURES}/bad/unknown-metric.yaml: panels.0.series.0.metric: found "delivery.ratoi", expected a metric of the registry (README "Figure metrics"), e.g. delivery.ratio\n`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('--dry-run validates and plans without running; --list-metrics lists the registry', async () => {
    const r = await cli('figures', FIGURES, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('figures: 2 valid (scale ci), 5 simulations in all; nothing run');
    const m = await cli('figures', '--list-metrics');
    expect(m.out).toMatch(/^delivery\.ratio\tscalar\t/m);
    expect(m.out).toMatch(/^linkStress\.ipMulticast\tdistribution \(copies\)\t/m);
  });

  it('a bad --scale is a usage error', async () => {
    const r = await cli('figures', FIGURES, '--scale', 'huge');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^almsim: Invalid values:/);
  });
});
