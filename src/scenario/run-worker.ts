/**
 * Worker thread entry of a run with several jobs: simulates one algorithm of the scenario it is
 * sent, reports its progress, and replies with that algorithm's RunResult.
 */
import { parentPort } from 'node:worker_threads';
import { runScenario, type AlgorithmTask, type RunProgress } from './run-scenario.ts';
import { errorReply, type WorkerReply } from './sweep-workers.ts';
import type { RunResult } from '../metrics/run-result.ts';

const port = parentPort;
if (port === null) throw new Error('run-worker.ts must run in a worker thread');
port.on('message', (task: AlgorithmTask) => {
  const onProgress = task.progress ? (progress: RunProgress) => port.postMessage({ index: task.index, progress } satisfies WorkerReply<RunResult, RunProgress>) : undefined;
  runScenario(task.scenario, { algorithms: [task.algorithm], run: task.run, wire: task.wire, outDir: task.outDir, crawl: task.crawl, ...(onProgress === undefined ? {} : { onProgress }) }).then(
    (row) => port.postMessage({ index: task.index, row } satisfies WorkerReply<RunResult, RunProgress>),
    (err: unknown) => port.postMessage(errorReply(task.index, err)),
  );
});
