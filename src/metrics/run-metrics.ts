/**
 * Every collector of one run, wired to its trace in the order they depend on each other
 * (membership, then deliveries, then link stress), and their results put together. Collectors only
 * listen; the NodeQuery crawl is the one active measurement (see node-query-crawl.ts).
 */
import type { AlmUsage } from '../alm/index.ts';
import { routedBase, type Underlay } from '../net/index.ts';
import type { Id } from '../reload/id.ts';
import type { Overlay } from '../reload/overlay.ts';
import type { Scheduler } from '../sim/index.ts';
import { DeliveryCollector, type DeliveryResult } from './delivery-collector.ts';
import type { EventSource, MetricsEvent } from './event-source.ts';
import { ForwardingLoadCollector, type ForwardingLoadResult } from './forwarding-load-collector.ts';
import { GroupIndex } from './group-index.ts';
import { LINK_STRESS_NOT_APPLICABLE, LinkStressCollector, type LinkStressSummary } from './link-stress-collector.ts';
import { LookupCollector, type LookupResult } from './lookup-collector.ts';
import { MembershipTracker } from './membership.ts';
import { NodeQueryCrawl, type CrawlResult } from './node-query-crawl.ts';
import { OVERHEAD_CATEGORIES, OverheadCollector, type OverheadResult } from './overhead-collector.ts';
import { RepairCollector, type RepairResult } from './repair-collector.ts';
import type { Table } from './run-result.ts';
import { TreeSnapshotCollector, type TreeShapeResult } from './tree-snapshot-collector.ts';
import type { MeasurementWindow } from './window.ts';

export interface RunMetricsComponents {
  trace: EventSource<MetricsEvent>;
  scheduler: Scheduler;
  overlay: Overlay;
  usage: AlmUsage;
  underlay: Underlay;
}

export interface RunMetricsInit {
  /** ALM algorithm id measured. */
  algorithm: number;
  window: MeasurementWindow;
  /** group_id of each workload group, in workload order. */
  groupIds: readonly Id[];
  /** Snapshot (and crawl) times, us. */
  snapshots: readonly number[];
  /** The crawler peer at a snapshot (-1: no crawl then). */
  crawler: () => number;
  /** Run the NodeQuery crawl at the snapshots. @default true */
  crawl?: boolean;
  /** Stripes per message of the algorithm, for the forwarding load. @default 1 */
  stripes?: number;
}

export interface RunMetricsResult {
  readonly delivery: DeliveryResult;
  readonly overhead: OverheadResult;
  readonly linkStress: LinkStressSummary;
  readonly repairs: RepairResult;
  readonly trees: TreeShapeResult;
  readonly crawl: CrawlResult;
  readonly nodes: Table;
  readonly lookups: LookupResult;
  readonly forwardingLoad: ForwardingLoadResult;
}

export class RunMetrics {
  readonly groups: GroupIndex;
  readonly membership: MembershipTracker;
  readonly deliveries: DeliveryCollector;
  readonly linkStress: LinkStressCollector | undefined;
  readonly overhead: OverheadCollector;
  readonly repairs: RepairCollector;
  readonly snapshots: TreeSnapshotCollector;
  readonly crawl: NodeQueryCrawl | undefined;
  readonly lookups: LookupCollector;
  readonly forwardingLoad: ForwardingLoadCollector;

  constructor(
    private readonly c: RunMetricsComponents,
    init: RunMetricsInit,
  ) {
    const { trace, scheduler, overlay, usage, underlay } = c;
    const peers = overlay.peers;
    const algorithm = init.algorithm;
    const window = init.window;
    this.groups = new GroupIndex(init.groupIds);
    const groups = this.groups;
    this.membership = new MembershipTracker({ trace, groups }, { algorithm });
    const membership = this.membership;
    this.deliveries = new DeliveryCollector({ trace, groups, membership, underlay, peers }, { algorithm, window });
    const routed = routedBase(underlay);
    this.linkStress =
      routed === undefined ? undefined : new LinkStressCollector({ trace, underlay: routed, peers, groups, membership, deliveries: this.deliveries }, { algorithm, window });
    this.forwardingLoad = new ForwardingLoadCollector({ trace, groups, membership, deliveries: this.deliveries }, { algorithm, window, stripes: init.stripes ?? 1 });
    this.overhead = new OverheadCollector({ trace }, { window });
    this.lookups = new LookupCollector({ trace }, { window });
    this.repairs = new RepairCollector({ trace, groups, peers, trees: usage.trees }, { algorithm, window });
    this.snapshots = new TreeSnapshotCollector({ scheduler, trees: usage.trees, peers, groups }, { algorithm, times: init.snapshots });
    this.crawl =
      (init.crawl ?? true) ? new NodeQueryCrawl({ scheduler, usage, peers, groups, membership }, { algorithm, times: init.snapshots, crawler: init.crawler }) : undefined;
  }

  finish(): RunMetricsResult {
    const overhead = this.overhead.finish();
    return {
      delivery: this.deliveries.finish(),
      overhead,
      linkStress: this.linkStress?.finish() ?? LINK_STRESS_NOT_APPLICABLE,
      repairs: this.repairs.finish(),
      trees: this.snapshots.finish(),
      crawl: this.crawl?.finish() ?? { summary: { snapshots: 0, queried: 0, answered: 0, failed: 0, unfinished: 0, treeData: 0, truncated: 0 }, rows: EMPTY_CRAWL },
      nodes: this.nodesTable(),
      lookups: this.lookups.finish(),
      forwardingLoad: this.forwardingLoad.finish(),
    };
  }

  /** Per node up in the window: its traffic by category and its node stress at the last snapshot. */
  private nodesTable(): Table {
    const peers = this.c.overlay.peers;
    const o = this.overhead;
    const cols = {
      slot: [] as number[],
      peer: [] as number[],
      client: [] as boolean[],
      up_s: [] as number[],
      ...Object.fromEntries(OVERHEAD_CATEGORIES.flatMap((c) => [[`${c}_msgs`, [] as number[]], [`${c}_bytes`, [] as number[]]])),
      control_msgs_per_s: [] as number[],
      control_bytes_per_s: [] as number[],
      trees: [] as (number | null)[],
      children_tables: [] as (number | null)[],
      children_entries: [] as (number | null)[],
    } as Record<string, (number | boolean | null)[]>;
    for (let p = 0; p < o.peerLimit; p++) {
      const up = o.upTime(p) / 1e6;
      if (up <= 0) continue;
      const t = o.peerTotals(p);
      cols['slot']!.push(peers.host[p]!);
      cols['peer']!.push(p);
      cols['client']!.push(peers.client[p] === 1);
      cols['up_s']!.push(up);
      OVERHEAD_CATEGORIES.forEach((c, i) => {
        cols[`${c}_msgs`]!.push(t.messages[i]!);
        cols[`${c}_bytes`]!.push(t.bytes[i]!);
      });
      cols['control_msgs_per_s']!.push((t.messages[0]! + t.messages[1]!) / up);
      cols['control_bytes_per_s']!.push((t.bytes[0]! + t.bytes[1]!) / up);
      const s = this.snapshots.stressOf(p);
      cols['trees']!.push(s?.trees ?? null);
      cols['children_tables']!.push(s?.tables ?? null);
      cols['children_entries']!.push(s?.entries ?? null);
    }
    return { columns: Object.keys(cols), length: cols['slot']!.length, data: cols };
  }
}

const EMPTY_CRAWL: Table = { columns: ['snapshot'], length: 0, data: { snapshot: [] } };
