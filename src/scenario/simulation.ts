/**
 * One simulation of a scenario with one ALM algorithm: the scheduler, the named random streams of
 * (seed, run), the underlay, the RELOAD overlay, the ALM usage, and the drivers of the bootstrap,
 * the churn timeline and the workload. Building it schedules nothing: subscribe collectors to
 * `trace` first, then `start()` and `run()`.
 *
 * Common random numbers: the underlay, the churn timeline, the workload plan and the message
 * schedule draw only from their own streams and do not depend on the algorithm, so the runs of a
 * comparison get the same hosts, churn and workload.
 */
import { AlmUsage, type AlmAlgorithm, type AlmTraceEvent } from '../alm/index.ts';
import type { Underlay } from '../net/index.ts';
import { Overlay, type OverlayTraceEvent } from '../reload/overlay.ts';
import { RandomStreams, Scheduler, Trace } from '../sim/index.ts';
import { churnTimeline } from './churn.ts';
import { loadChurnTrace } from './churn-trace.ts';
import { LookupDriver } from './lookup-driver.ts';
import { almUsageInit, overlayInit } from './overlay-settings.ts';
import { PopulationDriver } from './population-driver.ts';
import { peerSlotCount, runTimes, type RunTimes } from './schema-derive.ts';
import type { Scenario } from './schema.ts';
import { SlotTable } from './slot-table.ts';
import type { ScenarioTraceEvent } from './trace-events.ts';
import { buildUnderlay, type TopologyCache } from './underlay-factory.ts';
import { WorkloadDriver } from './workload-driver.ts';
import { messageSchedule, planWorkload, STREAMS, type WorkloadPlan } from './workload.ts';

export type SimulationTraceEvent = OverlayTraceEvent | AlmTraceEvent | ScenarioTraceEvent;

export interface SimulationOptions {
  /** The ALM algorithm plugin (a fresh one per simulation). */
  algorithm: AlmAlgorithm;
  /** Run number: the streams are seeded from (scenario.seed, run). @default 0 */
  run?: number;
  /** Encode and decode every message on the way (DESIGN.md `wire`); results are identical. @default false */
  wireMode?: boolean;
  /** Shares a transit-stub topology between the simulations of a comparison. */
  topologyCache?: TopologyCache | undefined;
}

/** Progress of a running simulation, for a progress display. */
export interface SimulationProgress {
  /** Simulated time now and at the end of the run, us. */
  readonly now: number;
  readonly end: number;
  /** Events executed so far. */
  readonly events: number;
}

export class Simulation {
  readonly scenario: Scenario;
  readonly run: number;
  readonly scheduler = new Scheduler({ initialCapacity: 1 << 14 });
  readonly streams: RandomStreams;
  readonly trace = new Trace<SimulationTraceEvent>();
  readonly underlay: Underlay;
  readonly overlay: Overlay;
  readonly usage: AlmUsage;
  readonly algorithm: AlmAlgorithm;
  readonly slots: SlotTable;
  readonly plan: WorkloadPlan;
  readonly times: RunTimes;
  readonly population: PopulationDriver;
  readonly workload: WorkloadDriver;
  readonly lookups: LookupDriver;
  private started = false;

  constructor(scenario: Scenario, options: SimulationOptions) {
    this.scenario = scenario;
    this.run = options.run ?? 0;
    this.algorithm = options.algorithm;
    this.streams = new RandomStreams(scenario.seed, this.run);
    this.times = runTimes(scenario);
    const { scheduler, streams, trace } = this;
    this.underlay = buildUnderlay({ streams, topologyCache: options.topologyCache }, scenario);
    this.overlay = new Overlay({ scheduler, streams, underlay: this.underlay, trace }, overlayInit(scenario, { wireMode: options.wireMode ?? false }));
    this.usage = new AlmUsage({ overlay: this.overlay, scheduler, streams, trace }, [options.algorithm], almUsageInit(scenario));
    this.slots = new SlotTable(scenario.overlay.peers, peerSlotCount(scenario));
    this.plan = planWorkload(scenario, streams.stream(STREAMS.workload));
    const churnTrace = scenario.churn.model === 'trace' ? loadChurnTrace(scenario.churn.file, scenario.overlay.peers) : undefined;
    const timeline = churnTimeline(scenario, streams.stream(STREAMS.churn), churnTrace);
    this.workload = new WorkloadDriver(
      {
        scheduler,
        overlay: this.overlay,
        usage: this.usage,
        slots: this.slots,
        messages: messageSchedule(scenario, this.plan, streams.stream(STREAMS.messages)),
        trace,
      },
      { plan: this.plan, algorithmId: options.algorithm.id },
    );
    const l = scenario.workload.lookups;
    this.lookups = new LookupDriver(
      { scheduler, overlay: this.overlay, slots: this.slots, rng: streams.stream(STREAMS.lookups), trace },
      { ...(l.rate === undefined ? {} : { rate: l.rate }), ...(l.count === undefined ? {} : { count: l.count }), start: l.start, stop: l.stop },
    );
    this.population = new PopulationDriver(
      {
        scheduler,
        overlay: this.overlay,
        usage: this.usage,
        slots: this.slots,
        timeline,
        trace,
        onNodeStart: (slot, peer) => this.workload.nodeStarted(slot, peer),
        onNodeUp: (slot, peer) => this.workload.nodeUp(slot, peer),
      },
      { bootstrap: scenario.overlay.bootstrap.mode, joinInterval: scenario.overlay.bootstrap.joinInterval },
    );
  }

  /** Schedules the bootstrap, the churn, the workload and the lookups. */
  start(): void {
    if (this.started) throw new Error('Simulation.start: already started');
    this.started = true;
    this.population.start();
    this.workload.start();
    this.lookups.start();
  }

  /**
   * Runs to the end of the run (warmup + duration + drain), in slices of simulated time so that
   * `onProgress` can be called between them (slicing does not change the run).
   */
  runToEnd(onProgress?: (p: SimulationProgress) => void, slice = 1_000_000): void {
    if (!this.started) this.start();
    const end = this.times.end;
    const sch = this.scheduler;
    if (onProgress === undefined) {
      sch.run(end);
      return;
    }
    while (sch.now < end) {
      sch.run(Math.min(end, sch.now + slice));
      onProgress({ now: sch.now, end, events: sch.executed });
    }
  }
}
