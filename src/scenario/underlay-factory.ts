/**
 * The underlay a scenario describes: the latency model, then the partition and loss decorators.
 *
 * Conversions from the scenario's units (all times integer microseconds):
 * - coordinates, plane: a square of side `extent` with 1 us of latency per unit of distance;
 *   sphere: a propagation speed that puts antipodal points `extent` apart (pi x 6371 km / extent).
 * - transit-stub: the router topology is drawn from the "net.topology" stream and the hosts' routers
 *   and access delays from "net.underlay", so a run can reuse a topology built earlier with the same
 *   seed, run number and parameters ({@link TopologyCache}: a comparison builds the 5,050-router
 *   all-pairs paths once) and still place the hosts exactly as a fresh build would.
 * - partitions: from/to become start/end (to: null = never heals), slot ranges are expanded.
 * - bandwidth: null means unlimited (Infinity); it is applied by the transport, not here.
 */
import type { RandomStreams } from '../sim/index.ts';
import {
  ConstantUnderlay,
  CoordinateUnderlay,
  loadLatencyMatrix,
  LossUnderlay,
  MatrixUnderlay,
  PartitionUnderlay,
  TransitStubNetwork,
  TransitStubUnderlay,
  UniformUnderlay,
  type TransitStubParams,
  type Underlay,
} from '../net/index.ts';
import { hostRanges } from './host-ranges.ts';
import type { Scenario } from './schema.ts';

/** Random stream names of the underlay. */
export const UNDERLAY_STREAMS = { topology: 'net.topology', hosts: 'net.underlay', loss: 'net.loss' } as const;

const EARTH_RADIUS_KM = 6371;

/**
 * Keeps the last transit-stub topology built, keyed by (seed, run, parameters). Pass one cache to
 * the runs of a comparison so that they share the topology (it is immutable).
 */
export class TopologyCache {
  private key: string | undefined;
  private network: TransitStubNetwork | undefined;

  get(key: string, build: () => TransitStubNetwork): TransitStubNetwork {
    if (this.key !== key || this.network === undefined) {
      this.network = build();
      this.key = key;
    }
    return this.network;
  }
}

export interface UnderlayFactoryComponents {
  streams: RandomStreams;
  /** Reuses a transit-stub topology built by an earlier run. @default none (always build) */
  topologyCache?: TopologyCache | undefined;
}

/** Builds the underlay of `scenario` (hosts = slots = overlay.peers). */
export function buildUnderlay(components: UnderlayFactoryComponents, scenario: Scenario): Underlay {
  const { streams } = components;
  const u = scenario.underlay;
  const hostCount = scenario.overlay.peers;
  let underlay: Underlay;
  switch (u.model) {
    case 'constant':
      underlay = new ConstantUnderlay({}, { hostCount, latency: u.latency });
      break;
    case 'uniform':
      underlay = new UniformUnderlay({ rng: streams.stream(UNDERLAY_STREAMS.hosts) }, { hostCount, min: u.min, max: u.max });
      break;
    case 'coordinates': {
      const access: [number, number] = [u.accessDelay.min, u.accessDelay.max];
      underlay =
        u.space === 'plane'
          ? new CoordinateUnderlay({ rng: streams.stream(UNDERLAY_STREAMS.hosts) }, { hostCount, geometry: 'plane', width: u.extent, height: u.extent, usPerUnit: 1, access })
          : new CoordinateUnderlay(
              { rng: streams.stream(UNDERLAY_STREAMS.hosts) },
              { hostCount, geometry: 'sphere', radiusKm: EARTH_RADIUS_KM, speedKmPerS: (Math.PI * EARTH_RADIUS_KM) / (u.extent / 1e6), access },
            );
      break;
    }
    case 'transit-stub': {
      const params: TransitStubParams = {
        transitDomains: u.transitDomains,
        routersPerTransitDomain: u.routersPerTransitDomain,
        stubsPerTransitRouter: u.stubsPerTransitRouter,
        routersPerStubDomain: u.routersPerStubDomain,
        domainLinkProbability: u.domainLinkProbability,
        transitLinkProbability: u.transitLinkProbability,
        stubLinkProbability: u.stubLinkProbability,
        extraTransitStubLinks: u.extraTransitStubLinks,
        extraStubStubLinks: u.extraStubStubLinks,
        delays: {
          interTransit: [u.delays.interTransit.min, u.delays.interTransit.max],
          transit: [u.delays.transit.min, u.delays.transit.max],
          transitStub: [u.delays.transitStub.min, u.delays.transitStub.max],
          stub: [u.delays.stub.min, u.delays.stub.max],
        },
      };
      const build = () => TransitStubNetwork.generate(streams.stream(UNDERLAY_STREAMS.topology), params);
      const key = JSON.stringify([streams.seed, streams.run, params]);
      const network = components.topologyCache?.get(key, build) ?? build();
      underlay = new TransitStubUnderlay(
        { rng: streams.stream(UNDERLAY_STREAMS.hosts) },
        { hostCount, topology: network, access: [u.accessDelay.min, u.accessDelay.max] },
      );
      break;
    }
    case 'matrix': {
      const matrix = loadLatencyMatrix(u.file, { scale: u.scale, missing: u.missing });
      underlay = new MatrixUnderlay({}, { matrix, hostCount, hostMapping: u.hostMapping, colocatedLatency: u.colocatedLatency });
      break;
    }
  }
  if (u.partitions.length > 0) {
    const partitions = u.partitions.map((p) => ({
      groups: p.groups.map((group) => hostRanges(group).flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, i) => first + i))),
      start: p.from,
      end: p.to ?? Infinity,
    }));
    underlay = new PartitionUnderlay({}, { inner: underlay, partitions });
  }
  if (u.loss.probability > 0) {
    underlay = new LossUnderlay({ rng: streams.stream(UNDERLAY_STREAMS.loss) }, { inner: underlay, probability: u.loss.probability });
  }
  return underlay;
}

/** Upload bandwidth of every host in bit/s (Infinity: no serialization delay). */
export function uploadBps(scenario: Scenario): number {
  return scenario.underlay.bandwidth ?? Infinity;
}
