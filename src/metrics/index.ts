/** Collectors: trace subscribers with a measurement window, and the RunResult they produce. */
export type { EventSource, MetricsEvent } from './event-source.ts';
export { inWindow, overlap, type MeasurementWindow } from './window.ts';
export { describe as describeStats, mean, meanCi95, quantileSorted, EMPTY_STATS, type Stats } from './stats.ts';
export { GroupIndex } from './group-index.ts';
export { MembershipTracker } from './membership.ts';
export { DeliveryCollector, defaultBinWidth, type DeliveryResult, type DeliverySummary } from './delivery-collector.ts';
export { OverheadCollector, OVERHEAD_CATEGORIES, type OverheadCategory, type OverheadResult, type OverheadSummary, type CategoryOverhead } from './overhead-collector.ts';
export { LinkStressCollector, LINK_STRESS_NOT_APPLICABLE, type LinkStressStats, type LinkStressSummary } from './link-stress-collector.ts';
export { RepairCollector, type RepairOutcome, type RepairResult, type RepairSummary } from './repair-collector.ts';
export { TreeSnapshotCollector, type PeerStress, type TreeShapeResult, type TreeShapeSummary } from './tree-snapshot-collector.ts';
export { NodeQueryCrawl, type CrawlResult, type CrawlSummary } from './node-query-crawl.ts';
export { LookupCollector, type LookupDoneEvent, type LookupResult, type LookupSentEvent, type LookupSummary, type LookupTraceEvent } from './lookup-collector.ts';
export { ForwardingLoadCollector, weightedSummary, type ForwardingLoadResult, type ForwardingLoadSummary, type WeightedValues } from './forwarding-load-collector.ts';
export { RunMetrics, type RunMetricsComponents, type RunMetricsInit, type RunMetricsResult } from './run-metrics.ts';
export type { AlgorithmResult, AlgorithmSummary, AlgorithmTables, Cell, ColumnData, RunResult, Table } from './run-result.ts';
