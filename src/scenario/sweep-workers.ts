/**
 * A pool of worker threads for sweeps and figures. Each worker runs an entry module (sweep-worker.ts
 * for sweeps) through tsx's loader, so TypeScript sources run without a build, as bin/almsim.js
 * does, and simulates the tasks it is sent one at a time; results are stored by task, so their
 * order never depends on timing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ScenarioError, type Problem } from './errors.ts';
import type { SweepRow, SweepTask } from './sweep.ts';

/**
 * What a worker sends back for task `index`: its result, or the error it threw; before either, it
 * may send any number of progress reports (P) for the task.
 */
export type WorkerReply<R = SweepRow, P = never> =
  | { readonly index: number; readonly row: R }
  | { readonly index: number; readonly error: { readonly name: string; readonly message: string; readonly problems?: readonly Problem[] } }
  | { readonly index: number; readonly progress: P };

/** The reply for a task that threw `err` (a ScenarioError keeps its problems). */
export function errorReply(index: number, err: unknown): WorkerReply<never> {
  const e = err instanceof Error ? err : new Error(String(err));
  const problems = err instanceof ScenarioError ? err.problems : undefined;
  return { index, error: { name: e.name, message: e.message, ...(problems === undefined ? {} : { problems }) } };
}

/** The ESM entry of tsx's loader API (its CommonJS entry cannot register hooks in a worker). */
function tsxApiUrl(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: Record<string, { import?: { default?: string } | string }> };
  const entry = pkg.exports?.['./esm/api']?.import;
  const file = typeof entry === 'string' ? entry : entry?.default;
  if (file === undefined) throw new Error(`${pkgFile}: no ESM entry for tsx/esm/api`);
  return pathToFileURL(path.join(path.dirname(pkgFile), file)).href;
}

function workerSource(entry: URL): string {
  const tsx = tsxApiUrl();
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** A worker's error, rebuilt in this thread (a ScenarioError keeps its problems). */
function rebuild(error: { name: string; message: string; problems?: readonly Problem[] }): Error {
  if (error.problems !== undefined) return new ScenarioError(error.problems);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

export async function runTasksInWorkers(tasks: readonly SweepTask[], jobs: number, onDone: () => void): Promise<SweepRow[]> {
  return runWorkerTasks<SweepTask, SweepRow>(new URL('./sweep-worker.ts', import.meta.url), tasks, jobs, { onDone: () => onDone() });
}

export interface WorkerHooks<T, R, P = never> {
  /** A task was sent to a worker. */
  onStart?: (task: T) => void;
  /** A task's worker reported progress. */
  onProgress?: (task: T, progress: P) => void;
  /** A task's result came back (in completion order). */
  onDone?: (task: T, result: R) => void;
}

/**
 * Runs tasks on `jobs` worker threads, each running the module `entry` (which answers every task
 * message with a WorkerReply). Results are stored by task index, so their order never depends on
 * timing; the first error stops every worker and rejects. A worker ends as soon as no task is left
 * for it.
 */
export async function runWorkerTasks<T extends { readonly index: number }, R, P = never>(
  entry: URL,
  tasks: readonly T[],
  jobs: number,
  hooks: WorkerHooks<T, R, P> = {},
): Promise<R[]> {
  const rows = new Array<R | undefined>(tasks.length);
  const position = new Map(tasks.map((t, i) => [t.index, i]));
  const source = workerSource(entry);
  const workers: Worker[] = [];
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    let busy = 0;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (err === undefined) resolve();
      else reject(err);
    };
    const feed = (w: Worker) => {
      if (next < tasks.length) {
        const task = tasks[next++]!;
        hooks.onStart?.(task);
        w.postMessage(task);
        return;
      }
      // No task left for this worker: end it now, so that its heap (a whole simulation's, until
      // it is collected) is given back while the others still run.
      w.removeAllListeners();
      // Whatever it might still report while it stops must not reach the run (or, as an 'error'
      // event with no listener, throw).
      w.on('error', () => {});
      void w.terminate();
      if (--busy === 0) settle();
    };
    const count = Math.max(1, Math.min(jobs, tasks.length));
    if (tasks.length === 0) return settle();
    for (let j = 0; j < count; j++) {
      const w = new Worker(source, { eval: true });
      workers.push(w);
      busy++;
      w.on('message', (reply: WorkerReply<R, P>) => {
        if ('error' in reply) return settle(rebuild(reply.error));
        const at = position.get(reply.index)!;
        if ('progress' in reply) {
          try {
            hooks.onProgress?.(tasks[at]!, reply.progress);
          } catch (err) {
            settle(err instanceof Error ? err : new Error(String(err)));
          }
          return;
        }
        rows[at] = reply.row;
        try {
          hooks.onDone?.(tasks[at]!, reply.row);
        } catch (err) {
          return settle(err instanceof Error ? err : new Error(String(err)));
        }
        feed(w);
      });
      w.on('error', (err) => settle(err));
      w.on('exit', (code) => settle(new Error(`a worker thread exited early (code ${code})`)));
      feed(w);
    }
  });
  return rows.map((r, i) => {
    if (r === undefined) throw new Error(`worker task ${i} has no result`);
    return r;
  });
}
