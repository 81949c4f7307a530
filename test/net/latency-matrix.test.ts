import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatencyMatrixError, loadLatencyMatrix, parseLatencyMatrix } from '../../src/net/latency-matrix-file.ts';
import { MatrixUnderlay } from '../../src/net/matrix-underlay.ts';
import { UnderlayError } from '../../src/net/underlay.ts';

let dir: string;

function fixture(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** The error thrown by loading `path`, checked to be a LatencyMatrixError. */
function loadError(path: string, options = {}): LatencyMatrixError {
  try {
    loadLatencyMatrix(path, options);
  } catch (e) {
    expect(e).toBeInstanceOf(LatencyMatrixError);
    return e as LatencyMatrixError;
  }
  throw new Error(`${path} loaded without error`);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'almsim-matrix-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('latency matrix files', () => {
  it('loads a good file: comments, blank lines, tabs, decimals, an asymmetric entry, CRLF', () => {
    const p = fixture(
      'good.txt',
      '# King-style matrix, ms\r\n\r\n0 10.5 20\r\n  10.5\t0 30.25  \r\n# a comment between rows\r\n21 30.25 -1\r\n',
    );
    const m = loadLatencyMatrix(p);
    expect(m.size).toBe(3);
    expect(m.file).toBe(p);
    expect(Array.from(m.us)).toEqual([0, 10500, 20000, 10500, 0, 30250, 21000, 30250, 0]);
    const u = new MatrixUnderlay({}, { matrix: m });
    expect(u.hostCount).toBe(3);
    expect(u.latency(0, 2)).toBe(20000);
    expect(u.latency(2, 0)).toBe(21000); // one-way, as given
    expect(u.latency(1, 1)).toBe(0);
  });

  it('scales values (0.5 turns round-trip times into one-way latencies)', () => {
    const m = parseLatencyMatrix('0 3\n3 0\n', 'rtt.txt', { scale: 0.5 });
    expect(Array.from(m.us)).toEqual([0, 1500, 1500, 0]);
  });

  it('names file and line for a ragged row', () => {
    const p = fixture('ragged.txt', '# header\n0 1 2\n1 0\n2 1 0\n');
    const e = loadError(p);
    expect(e.message).toBe(`${p}:3: expected 3 values (as in the first row), found 2`);
    expect(e.line).toBe(3);
    expect(e.file).toBe(p);
  });

  it('names file, line and column for a non-numeric value', () => {
    const p = fixture('nan.txt', '0 1\n1 abc\n');
    expect(loadError(p).message).toBe(`${p}:2: column 2: expected a latency in ms, found 'abc'`);
  });

  it('rejects negative (missing) values by default, naming the line', () => {
    const p = fixture('neg.txt', '0 1 2\n1 0 -1\n2 1 0\n');
    const e = loadError(p);
    expect(e.message).toMatch(new RegExp(`^${p}:2: column 3: negative latency -1 \\(King marks missing`));
  });

  it("fills a missing value from the reverse direction with missing: 'mirror'", () => {
    const m = parseLatencyMatrix('0 1 2\n1 0 -1\n2 7 0\n', 'king.txt', { missing: 'mirror' });
    expect(m.us[1 * 3 + 2]).toBe(7000);
    expect(() => parseLatencyMatrix('0 -1\n-1 0\n', 'king.txt', { missing: 'mirror' })).toThrow(
      'king.txt:1: column 2: no measurement between nodes 0 and 1 in either direction',
    );
  });

  it('rejects a non-square file: too few rows and too many rows', () => {
    const few = fixture('few.txt', '0 1 2\n1 0 3\n');
    expect(loadError(few).message).toBe(`${few}:2: expected 3 rows for a 3 x 3 matrix, found 2 (the matrix must be square)`);
    const many = fixture('many.txt', '0 1\n1 0\n\n2 2\n');
    expect(loadError(many).message).toBe(`${many}:4: expected 2 rows for a 2 x 2 matrix, found more (the matrix must be square)`);
  });

  it('rejects an empty file and a missing file', () => {
    const empty = fixture('empty.txt', '# nothing\n\n');
    expect(loadError(empty).message).toBe(`${empty}: no matrix rows found (only blank or comment lines)`);
    const missing = join(dir, 'does-not-exist.txt');
    expect(loadError(missing).message).toBe(`${missing}: cannot read the latency matrix file (ENOENT)`);
  });

  it('ignores the diagonal, even when negative', () => {
    const m = parseLatencyMatrix('-1 4\n4 -1\n', 'd.txt');
    expect(Array.from(m.us)).toEqual([0, 4000, 4000, 0]);
  });
});

describe('MatrixUnderlay host mapping', () => {
  const m = parseLatencyMatrix('0 5 9\n5 0 7\n9 7 0\n', 'm.txt');

  it('refuses more hosts than nodes by default', () => {
    expect(() => new MatrixUnderlay({}, { matrix: m, hostCount: 4 })).toThrow(UnderlayError);
    expect(() => new MatrixUnderlay({}, { matrix: m, hostCount: 4 })).toThrow(/m.txt has 3 nodes/);
  });

  it("places host h at node h mod n with hostMapping: 'modulo'", () => {
    const u = new MatrixUnderlay({}, { matrix: m, hostCount: 7, hostMapping: 'modulo', colocatedLatency: 250 });
    expect(u.node(5)).toBe(2);
    expect(u.latency(5, 0)).toBe(9000);
    expect(u.latency(3, 0)).toBe(250);
    expect(u.latency(3, 3)).toBe(0);
    expect(u.latency(4, 6)).toBe(u.latency(1, 0));
  });
});
