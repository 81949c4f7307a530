export {
  type Underlay,
  type UnderlayDecorator,
  type RoutedUnderlay,
  type DropReason,
  UnderlayError,
  isRouted,
  routedBase,
} from './underlay.ts';
export { ConstantUnderlay, type ConstantUnderlayInit } from './constant-underlay.ts';
export { UniformUnderlay, type UniformUnderlayComponents, type UniformUnderlayInit } from './uniform-underlay.ts';
export { CoordinateUnderlay, type CoordinateUnderlayComponents, type CoordinateUnderlayInit } from './coordinate-underlay.ts';
export { RouterGraph, RouterGraphBuilder } from './router-graph.ts';
export { AllPairsShortestPaths } from './shortest-paths.ts';
export {
  TransitStubNetwork,
  TRANSIT_STUB_PRESETS,
  LinkClass,
  type TransitStubParams,
  type TransitStubDelays,
  type TransitStubPreset,
  type Count,
} from './transit-stub-topology.ts';
export { TransitStubUnderlay, type TransitStubUnderlayComponents, type TransitStubUnderlayInit } from './transit-stub-underlay.ts';
export {
  loadLatencyMatrix,
  parseLatencyMatrix,
  LatencyMatrixError,
  type LatencyMatrix,
  type LatencyMatrixOptions,
} from './latency-matrix-file.ts';
export { MatrixUnderlay, type MatrixUnderlayInit } from './matrix-underlay.ts';
export { LossUnderlay, type LossUnderlayComponents, type LossUnderlayInit } from './loss-underlay.ts';
export { PartitionUnderlay, type Partition, type PartitionUnderlayInit } from './partition-underlay.ts';
export { fmix32, hash3 } from './hash.ts';
export {
  Transport,
  TransportError,
  type Receiver,
  type NetTraceEvent,
  type TransportComponents,
  type TransportInit,
} from './transport.ts';
