/**
 * Scale benchmarks (`npm run bench:scale [-- --only S0,S1] [-- --peers N] [-- --progress SECONDS]`).
 * Figures, not tests: each scenario prints its wall time split into build and run, simulated events,
 * message deliveries per second, peak RSS and bytes per peer. `--progress` also prints, to stderr,
 * one line per that many simulated seconds (events, wall time, cost per event, heap, RSS) for
 * S1-S3.
 *
 * S0  the PeerSim-equivalent: a converged ring of N peers (warm start), then 10,000 lookups
 *     (RouteQuery) from uniformly random peers to uniformly random peers' ids, zero latency.
 *     N = 100,000 and 1,000,000.
 * S1  Chord maintenance (the RELOAD overlay benchmark) at 100,000 peers: 1,000 s with stabilization
 *     every 20 s, finger refresh every 120 s, a lookup per peer every 10 s, answers routed back hop
 *     by hop.
 * S2  the Scribe paper setup: 100,000 peers on the 5,050-router transit-stub underlay, 1,500 groups
 *     with the Zipf-like sizes, created and joined through the protocol, one Push per group.
 * S3  S2 with P2PCast (f = 2).
 *
 * Each scenario runs in its own child process so that peak RSS is its own, with the V8 flags below
 * plus the scenario's own (S2 and S3 enlarge the young generation; see scale-scenarios.ts). A
 * scenario whose process fails (runs out of memory, is killed) is reported on stderr and the others
 * still run; the exit code is then 1.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkTargets, scaleScenarios, type ScaleResult } from './bench/scale-scenarios.ts';

/** V8 flags of the child process that runs one scenario. */
const NODE_FLAGS = ['--max-old-space-size=8192'];

interface Args {
  only: string[];
  peers: number | undefined;
  /** Simulated seconds between progress lines, if any. */
  progress: number | undefined;
  child: string | undefined;
}

function parse(argv: string[]): Args {
  const a: Args = { only: Object.keys(scaleScenarios), peers: undefined, progress: undefined, child: undefined };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    const value = (): string => {
      const v = x.includes('=') ? x.slice(x.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${x} needs a value`);
      return v;
    };
    if (x.startsWith('--only')) a.only = value().split(',');
    else if (x.startsWith('--peers')) {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 2) throw new Error(`--peers needs an integer >= 2`);
      a.peers = n;
    } else if (x.startsWith('--progress')) {
      const v = value();
      const s = Number(v);
      if (!(s > 0 && s <= 1e6)) throw new Error(`--progress needs a number of simulated seconds > 0, got '${v}'`);
      a.progress = s;
    } else if (x === '--child') a.child = argv[++i];
    else throw new Error(`unknown argument '${x}' (expected --only S0,S1,S2,S3, --peers N or --progress SECONDS)`);
  }
  for (const o of a.only) if (!(o in scaleScenarios)) throw new Error(`unknown scenario '${o}' (expected ${Object.keys(scaleScenarios).join(', ')})`);
  return a;
}

function fmt(r: ScaleResult): string {
  const lines = [
    `${r.name} ${r.label}`,
    `  build ${r.buildSeconds.toFixed(1)} s, run ${r.runSeconds.toFixed(1)} s, total ${(r.buildSeconds + r.runSeconds).toFixed(1)} s wall`,
    `  ${(r.events / 1e6).toFixed(2)} M events, ${(r.deliveries / 1e6).toFixed(2)} M message deliveries, ${(r.deliveries / Math.max(r.runSeconds, 1e-9) / 1e6).toFixed(2)} M deliveries/s`,
    `  peak RSS ${r.peakRssMb} MiB, ${Math.round((r.peakRssMb * 2 ** 20) / r.peers)} bytes/peer`,
  ];
  for (const [k, v] of Object.entries(r.extra)) lines.push(`  ${k}: ${v}`);
  for (const c of checkTargets(r)) {
    const t = c.target;
    const bound = t.below !== undefined ? `< ${figure(t.below, t.unit)}` : `>= ${figure(t.atLeast!, t.unit)}`;
    lines.push(`  target ${t.what} ${bound}: ${c.met ? 'met' : 'MISSED'} (${c.value === undefined ? 'not measured' : figure(c.value, t.unit)})`);
  }
  return lines.join('\n');
}

/** A figure in its unit: seconds with one decimal, bytes as GB or KB, rates in millions. */
function figure(v: number, unit: string): string {
  if (unit === 's') return `${v.toFixed(1)} s`;
  if (unit === '/s') return `${(v / 1e6).toFixed(2)} M/s`;
  if (unit === 'bytes') return v >= 1e8 ? `${(v / 1e9).toFixed(2)} GB` : `${Math.round(v).toLocaleString('en-US')} bytes`;
  return `${v} ${unit}`;
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parse(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench:scale: ${(e as Error).message}\n`);
    return 2;
  }
  if (args.child !== undefined) {
    const [name, peers] = args.child.split(':') as [string, string];
    const every = args.progress !== undefined ? Math.round(args.progress * 1e6) : undefined;
    const r = await scaleScenarios[name]!.run(Number(peers), every, (line) => process.stderr.write(`  ${line}\n`));
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  }
  process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}\n`);
  let failed = 0;
  for (const name of args.only) {
    const s = scaleScenarios[name]!;
    for (const peers of args.peers !== undefined ? [args.peers] : s.defaultPeers) {
      const r = runChild(name, peers, [...NODE_FLAGS, ...(s.nodeFlags ?? [])], args.progress);
      if (typeof r === 'string') {
        // One scenario failing (out of memory at a large --peers, say) does not stop the others.
        process.stderr.write(`bench:scale: ${name} at ${peers.toLocaleString('en-US')} peers failed: ${r}\n`);
        failed++;
      } else process.stdout.write(`${fmt(r)}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

/** Runs one scenario in a child process: its result, or why it has none. */
function runChild(name: string, peers: number, flags: string[], progress: number | undefined): ScaleResult | string {
  const argv = ['--import', 'tsx', ...flags, fileURLToPath(import.meta.url), '--child', `${name}:${peers}`];
  if (progress !== undefined) argv.push('--progress', String(progress));
  const child = spawnSync(process.execPath, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 });
  if (child.error !== undefined) return child.error.message;
  if (child.signal !== null) return `the child process was killed by ${child.signal}`;
  if (child.status !== 0) return `the child process exited with code ${child.status} (its messages are above)`;
  const last = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as ScaleResult;
  } catch {
    return `the child process printed no result (last line: ${JSON.stringify(last.slice(0, 200))})`;
  }
}

process.exitCode = await main();
