export { AlmUsage, type AlmUsageComponents, type AlmUsageInit, type ReceiveCallback, ALM_APPLICATION_ID } from './usage.ts';
export type { AlmAlgorithm, AlmServices, AlmSettings, AlmAnswer, AlmAnswerHandler, PushContext } from './algorithm.ts';
export { TreeState, TreeStore } from './tree-state.ts';
export { GroupSocket, init, groupIdOf, ALGORITHM_IDS, type AlgorithmName, type GroupName } from './group-api.ts';
export { Scribe, type ScribeInit } from './scribe/scribe.ts';
export { STREAM_HEADER_BYTES, readStreamHeader, writeStreamHeader, type StreamHeader } from './stream-header.ts';
export type * from './trace-events.ts';
export { P2PCast, type P2PCastInit } from './p2pcast/p2pcast.ts';
