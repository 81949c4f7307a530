/**
 * Latency matrix files, as the King and p2psim data sets ship them: a square matrix of whitespace-
 * separated numbers in milliseconds, row i holding the latencies from node i; blank lines and lines
 * starting with '#' are ignored. Entry (i, j) becomes the one-way latency from node i to node j; the
 * diagonal is ignored (a node's latency to itself is 0). King measured round-trip times: pass
 * `scale: 0.5` to use half of each as the one-way latency.
 *
 * King marks failed measurements with -1. By default any negative entry is an error; with
 * `missing: 'mirror'` a negative (i, j) takes the value of (j, i), and it is an error only when both
 * directions are missing.
 */
import { readFileSync } from 'node:fs';

export class LatencyMatrixError extends Error {
  override name = 'LatencyMatrixError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(line === undefined ? `${file}: ${detail}` : `${file}:${line}: ${detail}`);
  }
}

export interface LatencyMatrixOptions {
  /** Multiplier applied to every value (0.5 turns round-trip times into one-way latencies). @default 1 */
  scale?: number;
  /** What a negative entry means: an error, or a missing measurement filled from (j, i). @default 'reject' */
  missing?: 'reject' | 'mirror';
}

/** A parsed matrix: n x n one-way latencies in integer microseconds, row-major. */
export interface LatencyMatrix {
  readonly file: string;
  readonly size: number;
  readonly us: Uint32Array;
}

/** Reads and parses a latency matrix file; all errors are {@link LatencyMatrixError}s naming the file. */
export function loadLatencyMatrix(path: string, options: LatencyMatrixOptions = {}): LatencyMatrix {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LatencyMatrixError(path, undefined, `cannot read the latency matrix file (${code ?? String(e)})`);
  }
  return parseLatencyMatrix(text, path, options);
}

const MAX_US = 0xffffffff;

/** Parses the text of a latency matrix file; `file` names it in error messages. */
export function parseLatencyMatrix(text: string, file: string, options: LatencyMatrixOptions = {}): LatencyMatrix {
  const scale = options.scale ?? 1;
  const missing = options.missing ?? 'reject';
  if (!(scale > 0 && Number.isFinite(scale))) throw new LatencyMatrixError(file, undefined, `scale must be a number > 0, got ${scale}`);
  const lines = text.split(/\r?\n/);
  let n = -1;
  let values: Float64Array = new Float64Array(0);
  /** Source line of each row, for messages about entries found missing after parsing. */
  const rowLine: number[] = [];
  let row = 0;
  let lastLine = 0;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const lineNo = li + 1;
    lastLine = lineNo;
    const tokens = line.split(/\s+/);
    if (n < 0) {
      n = tokens.length;
      values = new Float64Array(n * n);
    } else if (tokens.length !== n) {
      throw new LatencyMatrixError(file, lineNo, `expected ${n} values (as in the first row), found ${tokens.length}`);
    }
    if (row >= n) {
      throw new LatencyMatrixError(file, lineNo, `expected ${n} rows for a ${n} x ${n} matrix, found more (the matrix must be square)`);
    }
    const base = row * n;
    for (let j = 0; j < n; j++) {
      const tok = tokens[j]!;
      const v = Number(tok);
      if (!Number.isFinite(v)) {
        throw new LatencyMatrixError(file, lineNo, `column ${j + 1}: expected a latency in ms, found '${tok}'`);
      }
      if (v < 0 && j !== row && missing === 'reject') {
        throw new LatencyMatrixError(
          file,
          lineNo,
          `column ${j + 1}: negative latency ${tok} (King marks missing measurements with -1; use missing: 'mirror' to take the reverse direction)`,
        );
      }
      values[base + j] = v;
    }
    rowLine.push(lineNo);
    row++;
  }
  if (n < 0) throw new LatencyMatrixError(file, undefined, 'no matrix rows found (only blank or comment lines)');
  if (row !== n) {
    throw new LatencyMatrixError(file, lastLine, `expected ${n} rows for a ${n} x ${n} matrix, found ${row} (the matrix must be square)`);
  }
  const us = new Uint32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let v = values[i * n + j]!;
      if (v < 0) {
        v = values[j * n + i]!;
        if (v < 0) {
          throw new LatencyMatrixError(file, rowLine[i], `column ${j + 1}: no measurement between nodes ${i} and ${j} in either direction`);
        }
      }
      const x = Math.round(v * 1000 * scale);
      if (x > MAX_US) throw new LatencyMatrixError(file, rowLine[i], `column ${j + 1}: latency ${v} ms is too large`);
      us[i * n + j] = x;
    }
  }
  return { file, size: n, us };
}
