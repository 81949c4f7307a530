import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, listing, snapshotDir, tempDir, TINY } from './helpers.ts';

const EXPECTED_FILES = [
  'charts/delivery-ratio.png',
  'charts/fanout.png',
  'charts/latency-cdf.png',
  'charts/node-stress.png',
  'charts/overhead.png',
  'charts/rdp-cdf.png',
  'charts/repair-time.png',
  'charts/tree-depth.png',
  'churn.csv',
  'deliveries.csv',
  'delivery-ratio.csv',
  'groups.csv',
  'nodes.csv',
  'overhead.csv',
  'repairs.csv',
  'report.html',
  'scenario.resolved.yaml',
  'summary.json',
  'tree-shape.csv',
  'trees.csv',
];

describe('almsim run', () => {
  const root = tempDir();
  const a = path.join(root, 'a');
  let first: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    first = await cli('run', TINY, '--out', a);
  });

  it('writes every result file and prints the summary table', () => {
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect([...snapshotDir(a).keys()].sort()).toEqual(EXPECTED_FILES);
    expect(first.out).toMatch(/^metric +Scribe$/m);
    expect(first.out).toMatch(/^delivery ratio +[\d.]+$/m);
    expect(first.out).toContain(`tiny: ${EXPECTED_FILES.length} files written to ${a}/, open ${a}/report.html`);
    const summary = JSON.parse(readFileSync(path.join(a, 'summary.json'), 'utf8'));
    expect(summary.name).toBe('tiny');
    expect(summary.churn).toEqual({ join: 3, leave: 2, crash: 2 });
    expect(summary.algorithms.scribe.delivery.messages).toBe(80);
    expect(readFileSync(path.join(a, 'deliveries.csv'), 'utf8').split('\n')[0]).toBe(
      'algorithm,time_s,group,source_slot,seq,member_slot,member_peer,delay_ms,unicast_ms,rdp,overlay_hops,tree_hops',
    );
    expect(readFileSync(path.join(a, 'churn.csv'), 'utf8').split('\n').slice(0, 3)).toEqual(['time_s,event,slot,peer', '15,join,35,39', '17,crash,3,3']);
    // The resolved scenario loads again from where it was written.
    expect(readFileSync(path.join(a, 'scenario.resolved.yaml'), 'utf8')).toMatch(/file: \.\.\/.*test\/fixtures\/experiments\/traces\/tiny-churn\.txt/);
  });

  it('gives byte-identical files for the same scenario and seed, and other files for another seed', async () => {
    const b = path.join(root, 'b');
    expect((await cli('run', TINY, '--out', b, '--quiet')).code).toBe(0);
    const fa = snapshotDir(a);
    const fb = snapshotDir(b);
    expect([...fb.keys()]).toEqual([...fa.keys()]);
    for (const [f, bytes] of fa) expect(fb.get(f)!.equals(bytes), f).toBe(true);

    const c = path.join(root, 'c');
    expect((await cli('run', TINY, '--out', c, '--seed', '6')).code).toBe(0);
    const fc = snapshotDir(c);
    for (const f of ['summary.json', 'deliveries.csv', 'scenario.resolved.yaml', 'charts/latency-cdf.png']) expect(fc.get(f)!.equals(fa.get(f)!), f).toBe(false);
  });

  it('gives identical files with --wire (every message encoded and decoded on the way)', async () => {
    const w = path.join(root, 'w');
    expect((await cli('run', TINY, '--out', w, '--wire')).code).toBe(0);
    const fa = snapshotDir(a);
    for (const [f, bytes] of snapshotDir(w)) expect(bytes.equals(fa.get(f)!), f).toBe(true);
  });
});

describe('invalid scenarios and flags', () => {
  const cases: [string, string[], string][] = [
    ['unknown field', ['test/fixtures/scenario/unknown-field.yaml'], 'test/fixtures/scenario/unknown-field.yaml: workload.foo: found unknown field "foo", expected one of groups, groupSize, joinWindow, mode, sources, messages, lookups'],
    ['wrong type', ['test/fixtures/scenario/wrong-type.yaml'], 'test/fixtures/scenario/wrong-type.yaml: overlay.peers: found "many", expected an integer from 1 to 10000000'],
    ['negative count', ['test/fixtures/scenario/negative-count.yaml'], 'test/fixtures/scenario/negative-count.yaml: workload.groups: found -3, expected a non-negative integer'],
    ['bad churn trace line', ['test/fixtures/scenario/bad-trace.yaml'], 'test/fixtures/scenario/traces/bad-line.txt:4: found event "JUMP", expected JOIN, LEAVE or CRASH'],
    ['bad override', [TINY, '--set', 'workload.groups=-1'], '--set: workload.groups: found -1, expected a non-negative integer'],
    ['bad seed', [TINY, '--seed', 'abc'], '--seed: found "abc", expected a non-negative integer'],
    ['unknown algorithm', [TINY, '--algorithms', 'scribe,bogus'], '--algorithms: found "bogus", expected a comma-separated list of scribe, p2pcast'],
  ];

  it.each(cases)('%s: one line on stderr, exit 1, the results folder untouched', async (_name, args, line) => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'charts'));
    writeFileSync(path.join(dir, 'summary.json'), 'old results\n');
    writeFileSync(path.join(dir, 'charts/latency-cdf.png'), 'old chart');
    const before = listing(dir);
    const r = await cli('run', ...args, '--out', dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${line}\n`);
    expect(r.out).toBe('');
    expect(listing(dir)).toEqual(before);
    expect(readFileSync(path.join(dir, 'summary.json'), 'utf8')).toBe('old results\n');
  });

  it('a usage error (unknown flag, missing scenario) exits 2 with one line and runs nothing', async () => {
    const dir = path.join(tempDir(), 'never');
    for (const args of [['run', TINY, '--out', dir, '--bogus'], ['run'], ['nonsense'], []]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(/^almsim: /);
      expect(r.out).toBe('');
    }
    expect(listing(path.dirname(dir))).toEqual([]);
  });
});

describe('almsim --help', () => {
  it('documents every command', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['almsim start', 'almsim run <scenario>', 'almsim compare <scenario>', 'almsim sweep <scenario>', 'almsim validate <file>']) expect(r.out).toContain(c);
  });

  it.each([
    ['run', ['--seed', '--set', '--out', '--run', '--algorithms', '--wire', '--quiet']],
    ['compare', ['--seed', '--set', '--out', '--run', '--algorithms', '--wire', '--quiet']],
    ['sweep', ['--grid', '--runs', '--jobs', '--seed', '--set', '--out', '--algorithms', '--quiet']],
    ['start', ['--out', '--quiet']],
    ['validate', ['--set']],
  ])('documents every flag of %s', async (command, flags) => {
    const r = await cli(command, '--help');
    expect(r.code).toBe(0);
    for (const f of flags) expect(r.out).toMatch(new RegExp(`^\\s+${f}\\b.*\\S`, 'm'));
  });
});
