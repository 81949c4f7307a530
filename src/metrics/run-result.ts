/**
 * What a run produces, as plain data (structured-clone safe: numbers, strings, arrays and typed
 * arrays), so that it can cross a worker thread and be written as JSON and CSV by src/report.
 * Times in tables are seconds, delays milliseconds, unless a column name says otherwise.
 */
import type { CrawlSummary } from './node-query-crawl.ts';
import type { DeliverySummary } from './delivery-collector.ts';
import type { ForwardingLoadSummary, WeightedValues } from './forwarding-load-collector.ts';
import type { LinkStressSummary } from './link-stress-collector.ts';
import type { LookupSummary } from './lookup-collector.ts';
import type { OverheadSummary } from './overhead-collector.ts';
import type { RepairSummary } from './repair-collector.ts';
import type { TreeShapeSummary } from './tree-snapshot-collector.ts';

export type Cell = number | string | boolean | null;
export type ColumnData = ArrayLike<number> | readonly Cell[];

/** A table in columns: `data[column][row]`, every column `length` long. */
export interface Table {
  readonly columns: readonly string[];
  readonly length: number;
  readonly data: Readonly<Record<string, ColumnData>>;
}

export interface AlgorithmSummary {
  /** Scenario name of the algorithm ("scribe") and its display label ("Scribe"). */
  readonly algorithm: string;
  readonly label: string;
  /** Simulation events executed. */
  readonly events: number;
  readonly groups: { readonly total: number; readonly created: number; readonly failed: number };
  /** Sends of the message schedule in the whole run: made, and skipped because the sender's slot was down. */
  readonly sends: { readonly made: number; readonly skipped: number };
  readonly delivery: DeliverySummary;
  readonly trees: TreeShapeSummary;
  readonly linkStress: LinkStressSummary;
  readonly overhead: OverheadSummary;
  readonly repairs: RepairSummary;
  readonly crawl: CrawlSummary;
  /** Overlay lookups of the workload (all zero when the scenario has none). */
  readonly lookups: LookupSummary;
  /** Message units forwarded per (peer, message) pair (see forwarding-load-collector.ts). */
  readonly forwardingLoad: ForwardingLoadSummary;
}

export interface AlgorithmTables {
  /** One row per received copy of a counted message. */
  readonly deliveries: Table;
  /** One row per group. */
  readonly groups: Table;
  /** Delivery ratio per bin of send time. */
  readonly deliveryOverTime: Table;
  /** One row per node (peer incarnation) up in the window. */
  readonly nodes: Table;
  /** TreeData rows of the NodeQuery crawl. */
  readonly treeData: Table;
  /** Ground-truth tree shape per snapshot, group and stripe. */
  readonly treeShape: Table;
  /** Messages and bytes per message code. */
  readonly overhead: Table;
  readonly repairs: Table;
  /** One row per overlay lookup sent in the window. */
  readonly lookups: Table;
}

export interface AlgorithmResult {
  readonly algorithm: string;
  readonly label: string;
  readonly summary: AlgorithmSummary;
  readonly tables: AlgorithmTables;
  /** Distributions pooled over snapshots, for the charts. */
  readonly distributions: {
    readonly fanout: ArrayLike<number>;
    readonly depth: ArrayLike<number>;
    readonly nodeStressEntries: ArrayLike<number>;
    readonly nodeStressTables: ArrayLike<number>;
    /** Overlay hops of each answered lookup. */
    readonly lookupHops: ArrayLike<number>;
    /** Forwarding load per (peer, message) pair, as distinct values with counts. */
    readonly forwardingLoad: WeightedValues;
  };
}

export interface RunResult {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly run: number;
  /** Whether messages were encoded and decoded on the way (results must not depend on it). */
  readonly wire: boolean;
  /** The resolved scenario as written to scenario.resolved.yaml. */
  readonly scenarioYaml: string;
  readonly window: { readonly startS: number; readonly endS: number; readonly runEndS: number };
  /** The churn applied (the same for every algorithm). */
  readonly churn: Table;
  readonly churnCounts: { readonly join: number; readonly leave: number; readonly crash: number };
  readonly algorithms: readonly AlgorithmResult[];
}
