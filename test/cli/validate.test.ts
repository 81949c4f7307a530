import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

let out = '';
let err = '';

beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('almsim validate', () => {
  it.each(['scenarios/quickstart.yaml', 'scenarios/churn.yaml', 'scenarios/large-static.yaml', 'scenarios/trace-churn.yaml'])(
    '%s: prints "FILE: ok" and a summary, exit 0',
    async (file) => {
      expect(await main(['validate', file])).toBe(0);
      expect(err).toBe('');
      const lines = out.trimEnd().split('\n');
      expect(lines[0]).toBe(`${file}: ok`);
      for (const key of ['peers', 'underlay', 'churn', 'groups', 'algorithms', 'window']) expect(out).toMatch(new RegExp(`^  ${key} +\\S`, 'm'));
    },
  );

  it('summarises the scenario', async () => {
    expect(await main(['validate', 'scenarios/quickstart.yaml'])).toBe(0);
    expect(out).toBe(
      [
        'scenarios/quickstart.yaml: ok',
        '  name        quickstart (seed 2, 1 run)',
        '  peers       300 slots, warm bootstrap',
        '  underlay    coordinates on a plane, extent 150 ms',
        '  churn       lifetime from 40 s: session weibull median 4 min shape 0.6, off exponential median 2 min, 50% crashes, steady start (about 238 of 300 up)',
        '  groups      5 groups, 50 members each, ssm, joins 0 s .. 10 s, 2 msg/s per group of 1 kB from 40 s to 160 s',
        '  algorithms  scribe, p2pcast (direct edges)',
        '  window      40 s .. 160 s (run ends at 170 s), 2 snapshot(s)',
        '  output      results/quickstart',
        '',
      ].join('\n'),
    );
  });

  it('applies --set overrides before validating', async () => {
    expect(await main(['validate', 'scenarios/quickstart.yaml', '--set', 'workload.groups=7', '--set', 'overlay.peers=400'])).toBe(0);
    expect(out).toContain('7 groups');
    expect(out).toContain('400 slots');
  });

  it('prints one line per problem on stderr and exits 1, without a stack trace', async () => {
    expect(await main(['validate', 'test/fixtures/scenario/negative-count.yaml', '--set', 'overlay.ttl=0'])).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(
      '--set: overlay.ttl: found 0, expected an integer from 1 to 255\n' +
        'test/fixtures/scenario/negative-count.yaml: workload.groups: found -3, expected a non-negative integer\n',
    );
    expect(err).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('reports an override of an unknown path', async () => {
    expect(await main(['validate', 'scenarios/quickstart.yaml', '--set', 'alm.stripes=4'])).toBe(1);
    expect(err).toBe(
      '--set: alm.stripes: found unknown field "stripes", expected one of algorithms, joinConfirmTimeout, heartbeatInterval, ' +
        'heartbeatResponseTimeout, heartbeatMissLimit, childLimit, depthLimit, pathLengthLimit, edges, p2pcast\n',
    );
  });

  it('reports a bad trace line with its line number', async () => {
    expect(await main(['validate', 'test/fixtures/scenario/bad-trace.yaml'])).toBe(1);
    expect(err).toBe('test/fixtures/scenario/traces/bad-line.txt:4: found event "JUMP", expected JOIN, LEAVE or CRASH\n');
  });

  it('reports a missing file', async () => {
    expect(await main(['validate', 'scenarios/none.yaml'])).toBe(1);
    expect(err).toBe('scenarios/none.yaml: found no such file, expected a readable scenario file\n');
  });

  it('exits 2 on a usage error', async () => {
    expect(await main(['validate'])).toBe(2);
    expect(out).toBe('');
  });
});
