/** Runs the CLI in-process with captured output, and compares result folders. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => ((out += t), true) },
    stderr: { write: (t: string) => ((err += t), true), isTTY: false },
  });
  return { code, out, err };
}

const made: string[] = [];

// Registered while a test file imports this module, so it runs once that file's tests are done.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory under the system's temporary directory, removed after the test file. */
export function tempDir(prefix = 'almsim-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Every file below `dir` (relative paths, sorted) with its bytes. */
export function snapshotDir(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(path.relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

/** File names and modification times, to show that nothing was touched. */
export function listing(dir: string): string[] {
  return [...snapshotDir(dir).keys()].map((f) => `${f}@${statSync(path.join(dir, f)).mtimeMs}`);
}

export const TINY = 'test/fixtures/experiments/tiny.yaml';
export const TINY_ROUTED = 'test/fixtures/experiments/tiny-routed.yaml';
