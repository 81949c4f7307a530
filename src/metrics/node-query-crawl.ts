/**
 * TreeData snapshots gathered the protocol's way (RFC 7019 §7.2.16-17): at each snapshot time one
 * crawler peer sends NodeQuery to every member of every group, then to every parent and child
 * named in the TreeData it gets back, until no new peer turns up (each peer is asked once per
 * snapshot, at most `concurrency` queries in flight). Every TreeData of the run's algorithm becomes
 * a row.
 *
 * This is an active measurement: its NodeQuery/NodeQueryResponse messages are real traffic (the
 * overhead collector books them as `measurement`), sent at the same times for every algorithm of a
 * comparison. The view is partial by design of the RFC: NodeStatistics carries max_tree_data plus
 * only as many whole TreeData as fit in 255 bytes, so a peer in several trees may report only some
 * of them (`truncated`); a peer that fails or is unreachable does not answer.
 */
import type { AlmUsage } from '../alm/index.ts';
import type { NodeStatistics, TreeData } from '../alm/wire/node-statistics.ts';
import type { PeerTable } from '../reload/peer-table.ts';
import type { Scheduler } from '../sim/index.ts';
import type { GroupIndex } from './group-index.ts';
import type { MembershipTracker } from './membership.ts';
import type { Table } from './run-result.ts';

export interface CrawlSummary {
  readonly snapshots: number;
  /** NodeQueries sent, answered with NodeStatistics, and failed (error or timeout). */
  readonly queried: number;
  readonly answered: number;
  readonly failed: number;
  /** Queries still unanswered when the run ended. */
  readonly unfinished: number;
  /** TreeData rows recorded. */
  readonly treeData: number;
  /** Answers whose number_active_trees exceeded the trees they reported. */
  readonly truncated: number;
}

export interface CrawlResult {
  readonly summary: CrawlSummary;
  readonly rows: Table;
}

export interface NodeQueryCrawlComponents {
  scheduler: Scheduler;
  usage: AlmUsage;
  peers: PeerTable;
  groups: GroupIndex;
  membership: MembershipTracker;
}

export interface NodeQueryCrawlInit {
  algorithm: number;
  /** Crawl start times, us. */
  times: readonly number[];
  /** The peer that sends the queries at a snapshot, or -1 if none can. */
  crawler: () => number;
  /** NodeQueries in flight at once. @default 1024 */
  concurrency?: number;
}

interface Crawl {
  readonly snapshot: number;
  readonly crawler: number;
  readonly visited: Set<number>;
  readonly queue: number[];
  head: number;
  outstanding: number;
}

export class NodeQueryCrawl {
  private readonly algorithm: number;
  private readonly concurrency: number;
  private snapshots = 0;
  private queried = 0;
  private answered = 0;
  private failed = 0;
  private truncated = 0;
  private readonly rows = {
    snapshot: [] as number[],
    time_s: [] as number[],
    group: [] as number[],
    slot: [] as number[],
    peer: [] as number[],
    root: [] as boolean[],
    parent_slots: [] as string[],
    children: [] as number[],
    child_slots: [] as string[],
    path_length_to_root: [] as number[],
    path_delay_to_root_ms: [] as number[],
    path_delay_to_child_ms: [] as number[],
    node_lifetime_s: [] as number[],
  };

  constructor(
    private readonly c: NodeQueryCrawlComponents,
    private readonly init: NodeQueryCrawlInit,
  ) {
    this.algorithm = init.algorithm;
    this.concurrency = init.concurrency ?? 1024;
    const start = (): void => this.start();
    for (const t of init.times) c.scheduler.scheduleAt(Math.max(t, c.scheduler.now), start, null);
  }

  private start(): void {
    const snapshot = this.snapshots++;
    const crawler = this.init.crawler();
    if (crawler < 0) return;
    const crawl: Crawl = { snapshot, crawler, visited: new Set(), queue: [], head: 0, outstanding: 0 };
    for (let g = 0; g < this.c.groups.count; g++) for (const p of this.c.membership.of(g)) this.enqueue(crawl, p);
    this.pump(crawl);
  }

  private enqueue(crawl: Crawl, p: number): void {
    if (p < 0 || crawl.visited.has(p)) return;
    crawl.visited.add(p);
    crawl.queue.push(p);
  }

  private pump(crawl: Crawl): void {
    const peers = this.c.peers;
    while (crawl.outstanding < this.concurrency && crawl.head < crawl.queue.length) {
      if (!peers.isRunning(crawl.crawler)) return;
      const p = crawl.queue[crawl.head++]!;
      if (!peers.isUp(p)) continue;
      crawl.outstanding++;
      this.queried++;
      this.c.usage.nodeQuery(crawl.crawler, p, (stats) => this.answer(crawl, p, stats));
    }
  }

  private answer(crawl: Crawl, p: number, stats: NodeStatistics | undefined): void {
    crawl.outstanding--;
    if (stats === undefined) this.failed++;
    else {
      this.answered++;
      this.record(crawl, p, stats);
    }
    this.pump(crawl);
  }

  private record(crawl: Crawl, p: number, stats: NodeStatistics): void {
    const { peers, groups } = this.c;
    const now = this.c.scheduler.now;
    const seen = new Set<number>();
    const all: TreeData[] = [stats.maxTreeData, ...stats.treeData];
    let distinct = 0;
    for (const td of all) {
      const key = td.treeId * 256 + td.algorithm;
      if (td.algorithm === 0 || seen.has(key)) continue;
      seen.add(key);
      distinct++;
      if (td.algorithm !== (this.algorithm & 0xff)) continue;
      const g = groups.byTreeId(td.treeId);
      if (g < 0) continue;
      const parents = td.parent.map((id) => peers.peerOf(id));
      const children = td.children.map((id) => peers.peerOf(id));
      for (const q of parents) this.enqueue(crawl, q);
      for (const q of children) this.enqueue(crawl, q);
      const slots = (list: number[]) => list.map((q) => (q < 0 ? '?' : String(peers.host[q]!))).join(';');
      const r = this.rows;
      r.snapshot.push(crawl.snapshot);
      r.time_s.push(now / 1e6);
      r.group.push(g);
      r.slot.push(peers.host[p]!);
      r.peer.push(p);
      r.root.push(!td.treeRoot.isZero());
      r.parent_slots.push(slots(parents));
      r.children.push(children.length);
      r.child_slots.push(slots(children));
      r.path_length_to_root.push(td.pathLengthToRoot);
      r.path_delay_to_root_ms.push(td.pathDelayToRoot);
      r.path_delay_to_child_ms.push(td.pathDelayToChild);
      r.node_lifetime_s.push(stats.nodeLifetime);
    }
    if (stats.numberActiveTrees > distinct) this.truncated++;
  }

  finish(): CrawlResult {
    const r = this.rows;
    return {
      summary: {
        snapshots: this.snapshots,
        queried: this.queried,
        answered: this.answered,
        failed: this.failed,
        unfinished: this.queried - this.answered - this.failed,
        treeData: r.snapshot.length,
        truncated: this.truncated,
      },
      rows: { columns: Object.keys(r), length: r.snapshot.length, data: r },
    };
  }
}
