/**
 * A pool of worker threads for sweeps. Each worker runs `sweep-worker.ts` (through tsx's loader,
 * so TypeScript sources run without a build, as bin/almsim.js does) and simulates the tasks it is
 * sent one at a time; results are stored by task index, so their order never depends on timing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ScenarioError, type Problem } from './errors.ts';
import type { SweepRow, SweepTask } from './sweep.ts';

/** What a worker sends back. */
export type WorkerReply =
  | { readonly index: number; readonly row: SweepRow }
  | { readonly index: number; readonly error: { readonly name: string; readonly message: string; readonly problems?: readonly Problem[] } };

/** The ESM entry of tsx's loader API (its CommonJS entry cannot register hooks in a worker). */
function tsxApiUrl(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: Record<string, { import?: { default?: string } | string }> };
  const entry = pkg.exports?.['./esm/api']?.import;
  const file = typeof entry === 'string' ? entry : entry?.default;
  if (file === undefined) throw new Error(`${pkgFile}: no ESM entry for tsx/esm/api`);
  return pathToFileURL(path.join(path.dirname(pkgFile), file)).href;
}

function workerSource(): string {
  const tsx = tsxApiUrl();
  const entry = new URL('./sweep-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
}

/** A worker's error, rebuilt in this thread (a ScenarioError keeps its problems). */
function rebuild(error: { name: string; message: string; problems?: readonly Problem[] }): Error {
  if (error.problems !== undefined) return new ScenarioError(error.problems);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

export async function runTasksInWorkers(tasks: readonly SweepTask[], jobs: number, onDone: () => void): Promise<SweepRow[]> {
  const rows = new Array<SweepRow | undefined>(tasks.length);
  const source = workerSource();
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
      if (next < tasks.length) w.postMessage(tasks[next++]);
      else if (--busy === 0) settle();
    };
    for (let j = 0; j < jobs; j++) {
      const w = new Worker(source, { eval: true });
      workers.push(w);
      busy++;
      w.on('message', (reply: WorkerReply) => {
        if ('error' in reply) return settle(rebuild(reply.error));
        rows[reply.index] = reply.row;
        onDone();
        feed(w);
      });
      w.on('error', (err) => settle(err));
      w.on('exit', (code) => settle(new Error(`a sweep worker exited early (code ${code})`)));
      feed(w);
    }
  });
  return rows.map((r, i) => {
    if (r === undefined) throw new Error(`sweep task ${i} has no result`);
    return r;
  });
}
