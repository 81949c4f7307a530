import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOUR, MILLISECOND, MINUTE, SECOND } from '../../src/sim/time.ts';
import { ScenarioError } from '../../src/scenario/errors.ts';
import { loadScenario, parseScenario, resolveScenario } from '../../src/scenario/load.ts';
import { toResolvedYaml } from '../../src/scenario/resolved-yaml.ts';
import { peerSlotCount, runTimes } from '../../src/scenario/schema-derive.ts';

const FIX = 'test/fixtures/scenario';
const SHIPPED = fs
  .readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `scenarios/${f}`);

/** The problem lines of a ScenarioError thrown by fn. */
function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err.lines();
    throw err;
  }
  throw new Error('expected a ScenarioError');
}

describe('shipped scenarios', () => {
  it('ships the four documented scenarios', () => {
    expect(SHIPPED).toEqual(
      expect.arrayContaining(['scenarios/quickstart.yaml', 'scenarios/churn.yaml', 'scenarios/large-static.yaml', 'scenarios/trace-churn.yaml']),
    );
  });

  it.each(SHIPPED)('%s validates', (file) => {
    const s = loadScenario(file);
    expect(s.name).toBe(path.basename(file, '.yaml'));
  });

  it.each(SHIPPED)('%s starts with a comment that says what it shows, how to run it and what to expect', (file) => {
    const head = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('#')).join('\n');
    expect(head).toMatch(/What it shows/);
    expect(head).toMatch(/validate scenarios\//);
    expect(head).toMatch(/What to expect/);
  });

  it('large-static is 100,000 peers, 1,500 zipf-scribe groups on transit-stub scribe5050, no churn', () => {
    const s = loadScenario('scenarios/large-static.yaml');
    expect(s.overlay.peers).toBe(100_000);
    expect(s.workload.groups).toBe(1500);
    expect(s.workload.groupSize.dist).toBe('zipf-scribe');
    expect(s.underlay).toMatchObject({ model: 'transit-stub', preset: 'scribe5050' });
    expect(s.churn.model).toBe('none');
  });
});

describe('defaults', () => {
  const s = parseScenario('', 'scenarios/my run.yaml');

  it('names the run after the file', () => {
    expect(s.name).toBe('my-run');
    expect(s.output.dir).toBe('results/my-run');
  });

  it('fills in the RFC 6940 overlay defaults', () => {
    expect(s.seed).toBe(1);
    expect(s.runs).toBe(1);
    expect(s.overlay).toEqual({
      peers: 1000,
      clientsFraction: 0,
      bootstrap: { mode: 'warm', joinInterval: 100 * MILLISECOND },
      chord: { successors: 3, predecessors: 3, fingers: 16, updateInterval: 600 * SECOND, pingInterval: 3600 * SECOND, reactive: true, proximity: 1 },
      transaction: {
        timer: 3000 * MILLISECOND,
        retransmissions: 4,
        duplicateWindow: 15 * SECOND,
        hopByHop: { timer: 500 * MILLISECOND, maxTransmissions: 5 },
      },
      ttl: 100,
      security: { certificateBytes: 1000, certificatesPerMessage: 1, signatureBytes: 256 },
    });
  });

  it('fills in the RFC 7019 ALM defaults', () => {
    expect(s.alm).toEqual({
      algorithms: ['scribe'],
      joinConfirmTimeout: 5000 * MILLISECOND,
      heartbeatInterval: 2000 * MILLISECOND,
      heartbeatResponseTimeout: 5000 * MILLISECOND,
      heartbeatMissLimit: 3,
      childLimit: null,
      depthLimit: null,
      pathLengthLimit: null,
      edges: 'direct',
      p2pcast: { stripes: 2 },
    });
  });

  it('fills in underlay, churn and workload defaults', () => {
    expect(s.underlay).toEqual({ model: 'constant', latency: 50 * MILLISECOND, loss: { probability: 0 }, partitions: [], bandwidth: null });
    expect(s.churn).toEqual({ model: 'none' });
    expect(s.workload).toEqual({
      groups: 1,
      groupSize: { dist: 'fixed', size: 10 },
      joinWindow: { from: 0, to: 10 * SECOND },
      mode: 'ssm',
      sources: 1,
      messages: { rate: 1, pattern: 'periodic', payloadBytes: 1000, start: 40 * SECOND, stop: 340 * SECOND },
      lookups: { start: 40 * SECOND, stop: 340 * SECOND },
    });
  });

  it('derives the warm-up, window, snapshots and churn start from other fields', () => {
    expect(s.measurement).toEqual({ warmup: 40 * SECOND, duration: 300 * SECOND, drain: 10 * SECOND, snapshots: [340 * SECOND] });
    expect(runTimes(s)).toEqual({ bootstrapEnd: 0, windowStart: 40 * SECOND, windowEnd: 340 * SECOND, end: 350 * SECOND });
    const churn = parseScenario('churn: {model: lifetime}\nmeasurement: {warmup: 2 min}', 'x.yaml').churn;
    expect(churn).toMatchObject({ model: 'lifetime', start: 2 * MINUTE, crashFraction: 0.5, initialState: 'steady' });
    expect(churn).toMatchObject({ session: { distribution: 'exponential', mean: HOUR }, offTime: { distribution: 'exponential', mean: HOUR } });
  });

  it('ends a protocol bootstrap at peers x joinInterval and starts the join window there', () => {
    const p = parseScenario('overlay: {peers: 200, bootstrap: {mode: protocol, joinInterval: 50 ms}}', 'x.yaml');
    expect(runTimes(p).bootstrapEnd).toBe(10 * SECOND);
    expect(p.workload.joinWindow).toEqual({ from: 10 * SECOND, to: 20 * SECOND });
    expect(p.measurement.warmup).toBe(50 * SECOND);
  });

  it('puts the clients in the last slots', () => {
    expect(peerSlotCount(parseScenario('overlay: {peers: 10, clientsFraction: 0.2}', 'x.yaml'))).toBe(8);
  });

  it('accepts YAML anchors and merge keys', () => {
    const text = 'churn:\n  model: lifetime\n  session: &d {distribution: weibull, median: 5 min, shape: 0.5}\n  offTime: {<<: *d, median: 1 min}';
    expect(parseScenario(text, 'x.yaml').churn).toMatchObject({
      session: { distribution: 'weibull', median: 5 * MINUTE, shape: 0.5 },
      offTime: { distribution: 'weibull', median: MINUTE, shape: 0.5 },
    });
  });

  it('reads JSON files', () => {
    const j = loadScenario(`${FIX}/minimal.json`);
    expect(j.name).toBe('minimal');
    expect(j.overlay.peers).toBe(50);
    expect(j.workload.groupSize).toEqual({ dist: 'fixed', size: 5 });
  });
});

describe('times, sizes and rates', () => {
  const duration = (text: string) => parseScenario(`measurement: {duration: ${text}}`, 'x.yaml').measurement.duration;

  it('accepts numbers with units and plain seconds, resolving to integer microseconds', () => {
    expect(duration('"600 s"')).toBe(600 * SECOND);
    expect(duration('2 min')).toBe(2 * MINUTE);
    expect(duration('500 ms')).toBe(500 * MILLISECOND);
    expect(duration('1.5 h')).toBe(1.5 * HOUR);
    expect(duration('250us')).toBe(250);
    expect(duration('600')).toBe(600 * SECOND);
    expect(duration('0.0015')).toBe(1500);
  });

  it('accepts byte sizes and bit rates with units', () => {
    const s = parseScenario('workload: {messages: {payloadBytes: 1.5 kB}}\nunderlay: {bandwidth: 2 Mbit/s}', 'x.yaml');
    expect(s.workload.messages.payloadBytes).toBe(1500);
    expect(s.underlay.bandwidth).toBe(2_000_000);
    expect(parseScenario('underlay: {bandwidth: 512 kbps}', 'x.yaml').underlay.bandwidth).toBe(512_000);
    expect(parseScenario('workload: {messages: {payloadBytes: 64 KiB}}', 'x.yaml').workload.messages.payloadBytes).toBe(65536);
  });
});

describe('resolved YAML', () => {
  it.each(SHIPPED)('%s round-trips: loading the resolved YAML gives the same scenario, and printing it again the same text', (file) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'almsim-resolved-'));
    const first = loadScenario(file);
    const yaml = toResolvedYaml(first, { dir });
    const written = path.join(dir, 'scenario.resolved.yaml');
    fs.writeFileSync(written, yaml);
    try {
      const again = loadScenario(written);
      expect(again).toEqual(first);
      expect(toResolvedYaml(again, { dir })).toBe(yaml);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints times back in readable units and fills every default in', () => {
    const yaml = toResolvedYaml(parseScenario('', 'x.yaml'));
    expect(yaml).toContain('updateInterval: 10 min');
    expect(yaml).toContain('pingInterval: 1 h');
    expect(yaml).toContain('timer: 3 s');
    expect(yaml).toContain('joinInterval: 100 ms');
    expect(yaml).toContain('heartbeatMissLimit: 3');
    expect(yaml).toContain('childLimit: null');
    expect(yaml).toMatch(/snapshots:\n\s+- 340 s/);
  });

  it('writes trace paths relative to the directory the YAML goes to', () => {
    const s = loadScenario('scenarios/trace-churn.yaml');
    expect(toResolvedYaml(s, { dir: 'results/trace-churn' })).toContain('file: ../../scenarios/traces/example-churn.txt');
  });
});

describe('errors: one line per problem naming file, path, found and expected', () => {
  it('an unknown field', () => {
    expect(problems(() => loadScenario(`${FIX}/unknown-field.yaml`))).toEqual([
      `${FIX}/unknown-field.yaml: workload.foo: found unknown field "foo", expected one of groups, groupSize, joinWindow, mode, sources, messages, lookups`,
    ]);
  });

  it('a wrong type', () => {
    expect(problems(() => loadScenario(`${FIX}/wrong-type.yaml`))).toEqual([
      `${FIX}/wrong-type.yaml: overlay.peers: found "many", expected an integer from 1 to 10000000`,
    ]);
  });

  it('a negative count', () => {
    expect(problems(() => loadScenario(`${FIX}/negative-count.yaml`))).toEqual([
      `${FIX}/negative-count.yaml: workload.groups: found -3, expected a non-negative integer`,
    ]);
  });

  it('a bad time unit', () => {
    expect(problems(() => loadScenario(`${FIX}/bad-time-unit.yaml`))).toEqual([
      `${FIX}/bad-time-unit.yaml: measurement.duration: found "10 parsecs", expected a positive time such as "500 ms", "600 s", "2 min" or "1.5 h" (units us, ms, s, min, h; a plain number is seconds)`,
    ]);
  });

  it('a churn trace with a bad line names the trace file and the line', () => {
    expect(problems(() => loadScenario(`${FIX}/bad-trace.yaml`))).toEqual([
      `${FIX}/traces/bad-line.txt:4: found event "JUMP", expected JOIN, LEAVE or CRASH`,
    ]);
  });

  it('a YAML syntax error names the line', () => {
    expect(problems(() => loadScenario(`${FIX}/syntax-error.yaml`))).toEqual([
      `${FIX}/syntax-error.yaml:4: found invalid YAML (Flow sequence in block collection must be sufficiently indented and end with a ]), expected a YAML document`,
    ]);
  });

  it('a JSON syntax error names the line', () => {
    expect(problems(() => parseScenario('{\n  "seed": 1,\n}', 'x.json'))).toEqual([
      'x.json:3: found invalid JSON (Expected double-quoted property name), expected a JSON document',
    ]);
  });

  it('a file that is missing or has an unknown extension', () => {
    expect(problems(() => loadScenario(`${FIX}/nope.yaml`))).toEqual([`${FIX}/nope.yaml: found no such file, expected a readable scenario file`]);
    expect(problems(() => parseScenario('', 'x.toml'))).toEqual(['x.toml: found extension ".toml", expected .yaml, .yml or .json']);
  });

  it('an unknown enum value, discriminator, and a field of another model', () => {
    const text = 'underlay: {model: warp}\nalm: {edges: tunnel}\nchurn: {session: {mean: 5 min}}';
    expect(problems(() => parseScenario(text, 'x.yaml'))).toEqual([
      'x.yaml: underlay.model: found "warp", expected one of constant, uniform, coordinates, transit-stub, matrix',
      'x.yaml: churn.session: found unknown field "session", expected one of model (session needs model: lifetime)',
      'x.yaml: alm.edges: found "tunnel", expected one of direct, overlay',
    ]);
  });

  it('reports every problem, not only the first', () => {
    expect(problems(() => parseScenario('seed: -1\nruns: 0\noverlay: {ttl: 300}', 'x.yaml'))).toEqual([
      'x.yaml: seed: found -1, expected a non-negative integer',
      'x.yaml: runs: found 0, expected an integer from 1 to 10000',
      'x.yaml: overlay.ttl: found 300, expected an integer from 1 to 255',
    ]);
  });

  it('cross-field problems', () => {
    const text = [
      'underlay: {model: uniform, min: 20 ms, max: 10 ms}',
      'churn: {model: lifetime, session: {distribution: pareto, mean: 10 min, shape: 0.8}, offTime: {distribution: weibull, median: 1 min}}',
      'workload: {sources: 2, messages: {rate: 1, count: 5}}',
      'alm: {algorithms: [scribe, scribe]}',
      'measurement: {warmup: 10 s, duration: 20 s, snapshots: [1 h]}',
    ].join('\n');
    expect(problems(() => parseScenario(text, 'x.yaml'))).toEqual([
      'x.yaml: underlay.max: found 10 ms, expected at least underlay.min (20 ms)',
      'x.yaml: churn.session.shape: found 0.8, expected a shape above 1 for a Pareto mean (with shape <= 1 the mean is infinite; give a median instead)',
      'x.yaml: churn.offTime.shape: found nothing, expected a positive shape (Weibull k) for the weibull distribution',
      'x.yaml: workload.sources: found 2, expected 1 in ssm mode (only the group creator sends; use mode: asm for more senders)',
      'x.yaml: workload.messages.count: found 5, expected either messages.rate or messages.count, not both',
      'x.yaml: alm.algorithms: found ["scribe","scribe"], expected each algorithm at most once',
      'x.yaml: measurement.snapshots.0: found 1 h, expected a time up to the end of the run (40 s)',
    ]);
  });

  it('the scribe5050 preset fixes the topology counts', () => {
    expect(problems(() => parseScenario('underlay: {model: transit-stub, transitDomains: 20}', 'x.yaml'))).toEqual([
      'x.yaml: underlay.transitDomains: found 20, expected 10 with preset scribe5050 (set preset: custom to change it)',
    ]);
    expect(parseScenario('underlay: {model: transit-stub, preset: custom, transitDomains: 20}', 'x.yaml').underlay).toMatchObject({
      transitDomains: 20,
    });
  });

  it('partitions: slots within overlay.peers, disjoint groups, to after from', () => {
    const text = 'overlay: {peers: 10}\nunderlay: {partitions: [{groups: [["0..4"], ["4..12"]], from: 5 s, to: 1 s}]}';
    expect(problems(() => parseScenario(text, 'x.yaml'))).toEqual([
      'x.yaml: underlay.partitions.0.to: found 1 s, expected a time after from (5 s), or null for never',
      'x.yaml: underlay.partitions.0.groups.1.0: found "4..12", expected slots from 0 to 9 (overlay.peers is 10)',
    ]);
    expect(problems(() => parseScenario('overlay: {peers: 10}\nunderlay: {partitions: [{groups: [[1, 2], [2]]}]}', 'x.yaml'))).toEqual([
      'x.yaml: underlay.partitions.0.groups.1.0: found 2, expected slots in only one group of the partition (slot 2 is also in group 0)',
    ]);
  });

  it('a steady start needs finite means', () => {
    const text = 'churn: {model: lifetime, session: {distribution: pareto, median: 10 min, shape: 0.9}}';
    expect(problems(() => parseScenario(text, 'x.yaml'))).toEqual([
      'x.yaml: churn.initialState: found "steady", expected all-up when a Pareto shape is at most 1 (no finite mean, so no steady state)',
    ]);
    expect(parseScenario(`${text.slice(0, -1)}, initialState: all-up}`, 'x.yaml').churn.model).toBe('lifetime');
  });

  it('a group larger than the overlay', () => {
    expect(problems(() => parseScenario('overlay: {peers: 10}\nworkload: {groupSize: {size: 11}}', 'x.yaml'))).toEqual([
      'x.yaml: workload.groupSize.size: found 11, expected at most overlay.peers (10)',
    ]);
  });

  it('a document that is not a mapping', () => {
    expect(problems(() => resolveScenario(42, { file: 'x.yaml' }))).toEqual(['x.yaml: found 42, expected a mapping of fields']);
  });
});
