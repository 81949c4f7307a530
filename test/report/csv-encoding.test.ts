/**
 * The CSV encoder against csv-stringify, which wrote every CSV file before it (with a header,
 * columns, booleans as true/false and bigints as digits): the bytes must not change, since results
 * folders of earlier runs are compared byte for byte. And the column-wise table writer against the
 * row writer over the same tables.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteCsv, atomicWriteTableCsv, csvCell, type CsvColumnTable, type CsvValue } from '../../src/report/atomic-write.ts';
import { tableRows } from '../../src/report/run-files.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'almsim-csv-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** What atomicWriteCsv wrote through csv-stringify until 2026-11-23. */
function csvStringify(rows: readonly Record<string, CsvValue>[], columns: readonly { key: string; header: string }[]): string {
  return stringify(rows as Record<string, CsvValue>[], {
    header: true,
    columns: columns.map((c) => ({ key: c.key, header: c.header })),
    cast: { boolean: (value: boolean) => (value ? 'true' : 'false'), bigint: (value: bigint) => value.toString() },
  });
}

/** Strings that exercise quoting: delimiters, quotes, both line breaks, spaces, non-ASCII. */
const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r', ' ', ';', "'", 'é', '→', '\t'), maxLength: 8 });
const value: fc.Arbitrary<CsvValue> = fc.oneof(
  text,
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, 123456789012345680000, 0.1 + 0.2),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
);
/** Column keys are plain names (csv-stringify reads dotted keys as paths); headers are any text. */
const columns = fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_', '1'), minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }).chain((keys) =>
  fc.tuple(fc.constant(keys), fc.array(fc.option(text, { nil: undefined }), { minLength: keys.length, maxLength: keys.length })),
);

describe('csvCell and atomicWriteCsv', () => {
  it('write the same bytes as csv-stringify did, for any values and headers', () => {
    fc.assert(
      fc.property(
        columns.chain(([keys, headers]) =>
          fc.tuple(fc.constant(keys.map((key, i) => ({ key, header: headers[i] ?? key }))), fc.array(fc.tuple(...keys.map(() => value)), { maxLength: 12 })),
        ),
        ([cols, tuples]) => {
          const rows = tuples.map((t) => Object.fromEntries(cols.map((c, i) => [c.key, t[i]])));
          const path = join(dir, 'out.csv');
          atomicWriteCsv(path, rows, cols);
          expect(readFileSync(path, 'utf8')).toBe(csvStringify(rows, cols));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('encodes single cells as specified', () => {
    expect(['', 'plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', ' padded '].map((s) => csvCell(s))).toEqual([
      '',
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '"cr\r"',
      ' padded ',
    ]);
    expect([0, -0, 1.5, NaN, -Infinity, 1e21, 12n, true, false, null, undefined].map((v) => csvCell(v))).toEqual([
      '0',
      '0',
      '1.5',
      'NaN',
      '-Infinity',
      '1e+21',
      '12',
      'true',
      'false',
      '',
      '',
    ]);
  });
});

/** A column: numbers in a typed array (NaN for a missing value) or cells in a plain array. */
const column = (length: number): fc.Arbitrary<ArrayLike<unknown>> =>
  fc.oneof(
    fc.array(fc.oneof(fc.double(), fc.constant(NaN)), { minLength: length, maxLength: length }).map((xs) => Float64Array.from(xs)),
    fc.array(fc.oneof(text, fc.double(), fc.boolean(), fc.constant(null)), { minLength: length, maxLength: length }),
  );
const table = (keys: readonly string[]): fc.Arbitrary<CsvColumnTable> =>
  fc.nat({ max: 30 }).chain((length) =>
    fc.subarray([...keys]).chain((own) =>
      fc.tuple(...own.map(() => column(length))).map((cols) => ({ columns: own, length, data: Object.fromEntries(own.map((k, i) => [k, cols[i]!])) })),
    ),
  );

describe('atomicWriteTableCsv', () => {
  it('writes what atomicWriteCsv writes over the same tables as rows', () => {
    const keys = ['algorithm', 'time_s', 'group', 'note'];
    fc.assert(
      fc.property(fc.array(fc.tuple(table(keys), fc.option(text, { nil: undefined })), { maxLength: 4 }), (parts) => {
        const a = join(dir, 'rows.csv');
        const b = join(dir, 'columns.csv');
        atomicWriteCsv(
          a,
          parts.flatMap(([t, alg]) => [...tableRows(t as never, { algorithm: alg })]),
          keys,
        );
        atomicWriteTableCsv(
          b,
          keys,
          parts.map(([t, alg]) => ({ table: t, leading: { algorithm: alg } })),
        );
        expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
      }),
      { numRuns: 300 },
    );
  });

  it("takes a table's own column over the part's leading value, and writes NaN as an empty cell", () => {
    const path = join(dir, 'groups.csv');
    const t = { columns: ['algorithm', 'x'], length: 2, data: { algorithm: ['own', 'own'], x: Float64Array.of(NaN, 2) } };
    atomicWriteTableCsv(path, ['algorithm', 'x', 'absent'], [{ table: t, leading: { algorithm: 'scribe' } }, { table: { columns: ['x'], length: 1, data: { x: [7] } }, leading: { algorithm: 'p2pcast' } }]);
    expect(readFileSync(path, 'utf8')).toBe('algorithm,x,absent\nown,,\nown,2,\np2pcast,7,\n');
  });

  it('names the file, row and column of a bad cell, counting rows across tables, and leaves the old file', () => {
    const path = join(dir, 'deliveries.csv');
    writeFileSync(path, 'previous run\n');
    const good = { columns: ['x'], length: 3, data: { x: Float64Array.of(1, 2, 3) } };
    const bad = { columns: ['x'], length: 2, data: { x: [4, { nested: true }] } };
    expect(() => atomicWriteTableCsv(path, ['x'], [{ table: good }, { table: bad }])).toThrow(
      /deliveries\.csv: row 5, column "x": expected a string, number, boolean or null, got an object/,
    );
    expect(readFileSync(path, 'utf8')).toBe('previous run\n');
    expect(readdirSync(dir)).toEqual(['deliveries.csv']);
  });

  it('streams a large table in chunks: 25,001 rows, header first', () => {
    const path = join(dir, 'many.csv');
    const n = 25_001;
    const i = Float64Array.from({ length: n }, (_, k) => k);
    atomicWriteTableCsv(path, ['algorithm', 'i'], [{ table: { columns: ['i'], length: n, data: { i } }, leading: { algorithm: 'scribe' } }]);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines).toHaveLength(n + 2);
    expect(lines[0]).toBe('algorithm,i');
    expect(lines[n]).toBe('scribe,25000');
    expect(lines[n + 1]).toBe('');
  });
});
