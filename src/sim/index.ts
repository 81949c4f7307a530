export { Scheduler, SchedulerError, type EventId, type EventHandler, type SchedulerInit } from './scheduler.ts';
export { RandomStreams, RandomStream, RandomError } from './random.ts';
export { Trace, type TraceEventBase, type TraceListener, type TraceSink } from './trace.ts';
export * from './time.ts';
export { grownTo, type Column } from './typed-array.ts';
