/**
 * The programmatic API of a run: simulate a scenario once per algorithm, on the same seed and run
 * number (so the same hosts, underlay, churn and workload: common random numbers), measure each
 * with the collectors of src/metrics, and return a serialisable RunResult.
 */
import path from 'node:path';
import { RunMetrics } from '../metrics/run-metrics.ts';
import type { AlgorithmResult, RunResult, Table } from '../metrics/run-result.ts';
import type { AlmAlgorithm } from '../alm/index.ts';
import { ALGORITHM_LABELS, createAlgorithm } from './algorithms.ts';
import { toResolvedYaml } from './resolved-yaml.ts';
import type { AlgorithmName, Scenario } from './schema.ts';
import { Simulation, type SimulationProgress } from './simulation.ts';
import { TopologyCache } from './underlay-factory.ts';
import { runWorkerTasks } from './sweep-workers.ts';
import { GroupState } from './workload-driver.ts';

export interface RunProgress extends SimulationProgress {
  readonly algorithm: AlgorithmName;
  /** Position of this algorithm's simulation among the run's (0-based) and their number. */
  readonly index: number;
  readonly count: number;
}

export interface RunOptions {
  /** Algorithms to simulate, in this order. @default scenario.alm.algorithms */
  algorithms?: readonly AlgorithmName[];
  /** Run number: streams are seeded from (scenario.seed, run). @default 0 */
  run?: number;
  /** Encode and decode every message at send and receive (results must be identical). @default false */
  wire?: boolean;
  /** Output directory the resolved scenario is written to (paths in it are made relative to it). @default scenario.output.dir */
  outDir?: string;
  /** Run the NodeQuery crawl at the snapshot times. @default true */
  crawl?: boolean;
  /** Called between slices of simulated time (1 s) with the progress of the current simulation. */
  onProgress?: (p: RunProgress) => void;
  /** Shares a transit-stub topology across calls (not with worker threads). @default a fresh cache shared by this call's simulations */
  topologyCache?: TopologyCache;
  /**
   * Simulations to run at once, each algorithm in its own worker thread. The result is the same
   * for any value (every simulation is seeded the same way and results are kept in algorithm
   * order); each running simulation holds its own peers, underlay and heap. With 1, or with one
   * algorithm, everything runs in this thread. @default 1
   */
  jobs?: number;
}

/** One algorithm of a run, as sent to a worker thread (run-worker.ts). */
export interface AlgorithmTask {
  readonly index: number;
  readonly scenario: Scenario;
  readonly algorithm: AlgorithmName;
  readonly run: number;
  readonly wire: boolean;
  readonly outDir: string | undefined;
  readonly crawl: boolean;
  /** Post progress reports. */
  readonly progress: boolean;
}

/** Simulates `scenario` with each algorithm and measures it. */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const algorithms = options.algorithms ?? scenario.alm.algorithms;
  const run = options.run ?? 0;
  const wire = options.wire ?? false;
  const topologyCache = options.topologyCache ?? new TopologyCache();
  // Build every plugin first, so that an unavailable algorithm fails before any simulation runs.
  const plugins = await Promise.all(algorithms.map((a) => createAlgorithm(a, scenario)));
  const jobs = options.jobs ?? 1;
  if (!(Number.isInteger(jobs) && jobs >= 1)) throw new RangeError(`runScenario: jobs must be an integer >= 1, got ${jobs}`);
  if (jobs > 1 && algorithms.length > 1) return runInWorkers(scenario, algorithms, jobs, options);
  const results: AlgorithmResult[] = [];
  let churn: Table | undefined;
  let churnCounts = { join: 0, leave: 0, crash: 0 };
  for (let i = 0; i < algorithms.length; i++) {
    const name = algorithms[i]!;
    const algorithm = plugins[i]!;
    const sim = new Simulation(scenario, { algorithm, run, wireMode: wire, topologyCache });
    const times = sim.times;
    const metrics = attachRunMetrics(sim, algorithm, scenario, options.crawl ?? true);
    sim.start();
    const onProgress = options.onProgress;
    sim.runToEnd(onProgress === undefined ? undefined : (p) => onProgress({ ...p, algorithm: name, index: i, count: algorithms.length }));
    const m = metrics.finish();
    const states = sim.workload.groupState;
    let created = 0;
    let failed = 0;
    for (const st of states) {
      if (st === GroupState.created) created++;
      else if (st === GroupState.failed) failed++;
    }
    const sum = (a: Int32Array) => a.reduce((x, y) => x + y, 0);
    const label = ALGORITHM_LABELS[name];
    results.push({
      algorithm: name,
      label,
      summary: {
        algorithm: name,
        label,
        events: sim.scheduler.executed,
        groups: { total: states.length, created, failed },
        sends: { made: sum(sim.workload.sendsMade), skipped: sum(sim.workload.sendsSkipped) },
        delivery: m.delivery.summary,
        trees: m.trees.summary,
        linkStress: m.linkStress,
        overhead: m.overhead.summary,
        repairs: m.repairs.summary,
        crawl: m.crawl.summary,
        lookups: m.lookups.summary,
        forwardingLoad: m.forwardingLoad.summary,
      },
      tables: {
        deliveries: m.delivery.deliveries,
        groups: m.delivery.groups,
        deliveryOverTime: m.delivery.overTime,
        nodes: m.nodes,
        treeData: m.crawl.rows,
        treeShape: m.trees.trees,
        overhead: m.overhead.byCode,
        repairs: m.repairs.repairs,
        lookups: m.lookups.lookups,
      },
      distributions: {
        fanout: m.trees.fanout,
        depth: m.trees.depth,
        nodeStressEntries: m.trees.nodeStressEntries,
        nodeStressTables: m.trees.nodeStressTables,
        lookupHops: m.lookups.hops,
        forwardingLoad: m.forwardingLoad.distribution,
      },
    });
    if (churn === undefined) {
      const log = sim.population.log;
      churn = {
        columns: ['time_s', 'event', 'slot', 'peer'],
        length: log.time.length,
        data: { time_s: log.time.map((t) => t / 1e6), event: log.kind, slot: log.slot, peer: log.peer },
      };
      churnCounts = { join: 0, leave: 0, crash: 0 };
      log.kind.forEach((k, j) => {
        if (log.peer[j]! >= 0) churnCounts[k]++;
      });
    }
  }
  const times = { start: scenario.measurement.warmup, end: scenario.measurement.warmup + scenario.measurement.duration };
  return {
    name: scenario.name,
    description: scenario.description,
    seed: scenario.seed,
    run,
    wire,
    scenarioYaml: toResolvedYaml(scenario, { dir: path.resolve(options.outDir ?? scenario.output.dir) }),
    window: { startS: times.start / 1e6, endS: times.end / 1e6, runEndS: (times.end + scenario.measurement.drain) / 1e6 },
    churn: churn ?? { columns: ['time_s', 'event', 'slot', 'peer'], length: 0, data: { time_s: [], event: [], slot: [], peer: [] } },
    churnCounts,
    algorithms: results,
  };
}

/**
 * runScenario with each algorithm's simulation in a worker thread, `jobs` at a time. A worker returns
 * the RunResult of its one algorithm; they are joined in algorithm order, with the churn log of the
 * first (as the sequential run takes it), so the result equals the sequential one.
 */
async function runInWorkers(scenario: Scenario, algorithms: readonly AlgorithmName[], jobs: number, options: RunOptions): Promise<RunResult> {
  const onProgress = options.onProgress;
  const tasks: AlgorithmTask[] = algorithms.map((algorithm, index) => ({
    index,
    scenario,
    algorithm,
    run: options.run ?? 0,
    wire: options.wire ?? false,
    outDir: options.outDir,
    crawl: options.crawl ?? true,
    progress: onProgress !== undefined,
  }));
  const parts = await runWorkerTasks<AlgorithmTask, RunResult, RunProgress>(new URL('./run-worker.ts', import.meta.url), tasks, jobs, {
    onProgress: (task, p) => onProgress?.({ ...p, index: task.index, count: algorithms.length }),
  });
  const first = parts[0]!;
  return { ...first, algorithms: parts.map((r) => r.algorithms[0]!) };
}

/**
 * The run's collectors, subscribed to a simulation before it starts: the measurement window and
 * snapshots of the scenario, the groups of its workload, and (if `crawl`) the NodeQuery crawl.
 */
export function attachRunMetrics(sim: Simulation, algorithm: AlmAlgorithm, scenario: Scenario, crawl: boolean): RunMetrics {
  const times = sim.times;
  return new RunMetrics(
    { trace: sim.trace, scheduler: sim.scheduler, overlay: sim.overlay, usage: sim.usage, underlay: sim.underlay },
    {
      algorithm: algorithm.id,
      window: { start: times.windowStart, end: times.windowEnd, runEnd: times.end },
      groupIds: sim.workload.groupIds,
      snapshots: scenario.measurement.snapshots,
      crawler: () => crawlerPeer(sim),
      crawl,
      stripes: algorithm.stripes,
    },
  );
}

/** The crawler of a snapshot: the node of the lowest-numbered peer slot that is up. */
function crawlerPeer(sim: Simulation): number {
  const { slots, overlay } = sim;
  for (let s = 0; s < slots.peerSlots; s++) {
    const p = slots.peerOf[s]!;
    if (p >= 0 && overlay.peers.isUp(p)) return p;
  }
  return -1;
}
