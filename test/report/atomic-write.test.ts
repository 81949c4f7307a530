import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteCsv, atomicWriteFile, openAtomicFile } from '../../src/report/atomic-write.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'almsim-atomic-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('atomicWriteFile', () => {
  it('writes strings and bytes, creating parent directories, and leaves no temporary file', () => {
    const text = join(dir, 'a', 'b', 'summary.json');
    const bytes = join(dir, 'a', 'chart.png');
    atomicWriteFile(text, '{"x":1}\n');
    atomicWriteFile(bytes, new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { fsync: true });
    expect(readFileSync(text, 'utf8')).toBe('{"x":1}\n');
    expect([...readFileSync(bytes)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(['b', 'chart.png']);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['summary.json']);
  });

  it('replaces an existing file whole', () => {
    const path = join(dir, 'out.txt');
    writeFileSync(path, 'old content that is longer');
    atomicWriteFile(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('leaves a directory in place of the target untouched, and no temporary file', () => {
    const target = join(dir, 'report.html');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'keep');
    expect(() => atomicWriteFile(target, '<html>')).toThrow();
    expect(readdirSync(dir)).toEqual(['report.html']);
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('keep');
  });

  it('shows readers the old file until commit, and nothing of an aborted write', () => {
    const path = join(dir, 'trace.csv');
    writeFileSync(path, 'old\n');
    const writer = openAtomicFile(path);
    writer.write('new,');
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    writer.abort();
    writer.abort();
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['trace.csv']);
    expect(() => writer.write('more')).toThrow(/already committed or aborted/);
  });
});

describe('atomicWriteCsv', () => {
  const columns = ['time_us', { key: 'node', header: 'node_id' }, 'delivered', 'note'] as const;

  it('writes a header and one line per row, with plain value formatting', () => {
    const path = join(dir, 'results', 'deliveries.csv');
    atomicWriteCsv(
      path,
      [
        { time_us: 1500, node: 7, delivered: true, note: 'a, "quoted" note' },
        { time_us: 0.1 + 0.2, node: 12n, delivered: false, note: null },
        { time_us: -0, node: undefined, delivered: true },
      ],
      columns,
    );
    expect(readFileSync(path, 'utf8')).toBe(
      'time_us,node_id,delivered,note\n1500,7,true,"a, ""quoted"" note"\n0.30000000000000004,12,false,\n0,,true,\n',
    );
    expect(readdirSync(join(dir, 'results'))).toEqual(['deliveries.csv']);
  });

  it('writes only the header for no rows, and streams many rows from a generator', () => {
    const empty = join(dir, 'empty.csv');
    atomicWriteCsv(empty, [], ['a', 'b']);
    expect(readFileSync(empty, 'utf8')).toBe('a,b\n');
    const many = join(dir, 'many.csv');
    function* rows() {
      for (let i = 0; i < 25_001; i++) yield { i, sq: i * i };
    }
    atomicWriteCsv(many, rows(), ['i', 'sq']);
    const lines = readFileSync(many, 'utf8').split('\n');
    expect(lines).toHaveLength(25_003);
    expect(lines[0]).toBe('i,sq');
    expect(lines[25_001]).toBe('25000,625000000');
  });

  it('leaves an existing file untouched when a row cannot be written', () => {
    const path = join(dir, 'nodes.csv');
    writeFileSync(path, 'previous run\n');
    const bad = [{ a: 1 }, { a: { nested: true } }] as unknown as Record<string, number>[];
    expect(() => atomicWriteCsv(path, bad, ['a'])).toThrow(/nodes\.csv: row 2, column "a": expected a string, number, boolean or null, got an object/);
    expect(readFileSync(path, 'utf8')).toBe('previous run\n');
    expect(readdirSync(dir)).toEqual(['nodes.csv']);
  });

  it('leaves an existing file untouched when the rows fail after many were written', () => {
    const path = join(dir, 'latency.csv');
    writeFileSync(path, 'previous run\n');
    function* rows() {
      for (let i = 0; i < 30_000; i++) yield { i };
      throw new Error('collector failed');
    }
    expect(() => atomicWriteCsv(path, rows(), ['i'])).toThrow(/collector failed/);
    expect(readFileSync(path, 'utf8')).toBe('previous run\n');
    expect(readdirSync(dir)).toEqual(['latency.csv']);
  });
});
