import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /**
   * Flush the file (and then its directory) to disk before and after the rename, so a power cut
   * leaves either the old file or the whole new one. Costs a disk round trip per file.
   * @default false
   */
  fsync?: boolean;
}

let tempCounter = 0;

/**
 * A file being written under a temporary name beside its target (same directory, so the final
 * rename cannot cross file systems and is atomic). Readers see the old file, or none, until
 * `commit`; `abort`, or any failure, removes the temporary file and leaves the target untouched.
 */
export class AtomicFileWriter {
  readonly path: string;
  readonly tempPath: string;
  readonly #fsync: boolean;
  #fd: number | null;

  constructor(path: string, options: AtomicWriteOptions = {}) {
    this.path = path;
    this.#fsync = options.fsync ?? false;
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true });
    // pid plus a per-process counter is unique among live writers, without a clock or randomness;
    // 'wx' refuses to reuse a name left behind by a crashed process that had the same pid.
    for (;;) {
      const candidate = join(dir, `.${basename(path)}.${process.pid}-${tempCounter++}.tmp`);
      try {
        this.#fd = openSync(candidate, 'wx');
        this.tempPath = candidate;
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }

  write(chunk: string | Uint8Array): void {
    const fd = this.#openFd();
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  commit(): void {
    const fd = this.#openFd();
    try {
      if (this.#fsync) fsyncSync(fd);
      closeSync(fd);
      this.#fd = null;
      renameSync(this.tempPath, this.path);
    } catch (error) {
      this.abort();
      throw error;
    }
    if (this.#fsync) syncDirectory(dirname(this.path));
  }

  /** Drops what was written; safe to call more than once. */
  abort(): void {
    if (this.#fd !== null) {
      try {
        closeSync(this.#fd);
      } catch {
        // The descriptor is gone either way; removing the file is what matters.
      }
      this.#fd = null;
    }
    try {
      unlinkSync(this.tempPath);
    } catch {
      // Already renamed or removed.
    }
  }

  #openFd(): number {
    if (this.#fd === null) throw new Error(`${this.path}: the atomic write was already committed or aborted`);
    return this.#fd;
  }
}

function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or sync a directory; the file itself is synced.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Starts an atomic write of `path`, creating its parent directories. */
export function openAtomicFile(path: string, options?: AtomicWriteOptions): AtomicFileWriter {
  return new AtomicFileWriter(path, options);
}

/** Writes `content` to `path` atomically, creating parent directories. */
export function atomicWriteFile(path: string, content: string | Uint8Array, options?: AtomicWriteOptions): void {
  const writer = new AtomicFileWriter(path, options);
  writer.write(content);
  writer.commit();
}

export type CsvValue = string | number | boolean | bigint | null | undefined;

/** A column: its key in each row, and the header written for it (the key when not given). */
export type CsvColumn = string | { key: string; header?: string };

/** Rows are encoded and written this many at a time, so no file is ever held as one string. */
const CSV_CHUNK_ROWS = 10_000;

/** A cell needs quotes when it holds the delimiter, the quote or a line break. */
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * One CSV cell: null and undefined are empty, booleans "true"/"false", numbers JavaScript's
 * shortest round-trip form (`String(x)`: "NaN", "-1e-7", "1e+21"), bigints their digits, and a
 * string is quoted ("" for a quote inside) when it holds a comma, a quote, "\n" or "\r" (RFC
 * 4180). These are exactly the bytes csv-stringify wrote with our options before this encoder
 * replaced it (test/report/csv-encoding.test.ts compares the two).
 */
export function csvCell(value: CsvValue): string {
  switch (typeof value) {
    case 'string':
      return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
    case 'number':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    default:
      return '';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isCsvValue(value: unknown): value is CsvValue {
  const t = typeof value;
  return value == null || t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint';
}

function badCell(path: string, row: number, key: string, value: unknown): Error {
  return new Error(`${path}: row ${row}, column "${key}": expected a string, number, boolean or null, got ${describe(value)}`);
}

function normalizeColumns(path: string, columns: readonly CsvColumn[]): { key: string; header: string }[] {
  const cols = columns.map((c) => (typeof c === 'string' ? { key: c, header: c } : { key: c.key, header: c.header ?? c.key }));
  if (cols.length === 0) throw new Error(`${path}: a CSV file needs at least one column`);
  return cols;
}

function headerLine(cols: readonly { header: string }[]): string {
  return `${cols.map((c) => csvCell(c.header)).join(',')}\n`;
}

/**
 * Writes a CSV file atomically: the header line, then the lines that `body` hands to `line` (each
 * ending in "\n"), written in chunks of {@link CSV_CHUNK_ROWS} so that no file is held as one
 * string. Any error thrown, by `body` or by the file system, removes the temporary file and leaves
 * an existing file as it was.
 */
function writeCsvLines(
  path: string,
  cols: readonly { header: string }[],
  options: AtomicWriteOptions | undefined,
  body: (line: (text: string) => void) => void,
): void {
  const writer = new AtomicFileWriter(path, options);
  try {
    let text = headerLine(cols);
    let pending = 0;
    body((line) => {
      text += line;
      if (++pending === CSV_CHUNK_ROWS) {
        writer.write(text);
        text = '';
        pending = 0;
      }
    });
    if (text !== '') writer.write(text);
    writer.commit();
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/**
 * Writes rows as CSV (header line first, "\n" line ends) atomically. Rows are checked and encoded
 * in chunks, so a long iterable is never held in memory as one string; a bad value anywhere
 * aborts the write and leaves any existing file as it was. Cells are encoded by {@link csvCell}.
 */
export function atomicWriteCsv(
  path: string,
  rows: Iterable<Readonly<Record<string, CsvValue>>>,
  columns: readonly CsvColumn[],
  options?: AtomicWriteOptions,
): void {
  const cols = normalizeColumns(path, columns);
  writeCsvLines(path, cols, options, (line) => {
    let index = 0;
    for (const row of rows) {
      index++;
      let text = '';
      for (let c = 0; c < cols.length; c++) {
        const key = cols[c]!.key;
        const value: unknown = row[key];
        if (!isCsvValue(value)) throw badCell(path, index, key, value);
        text += c === 0 ? csvCell(value) : `,${csvCell(value)}`;
      }
      line(`${text}\n`);
    }
  });
}

/** A table in columns, as the collectors build them: `data[column][row]` for each of `columns`. */
export interface CsvColumnTable {
  readonly columns: readonly string[];
  readonly length: number;
  readonly data: Readonly<Record<string, ArrayLike<unknown>>>;
}

/** One table of a CSV file, with the values of the file's columns that it lacks (the same in each of its rows). */
export interface CsvTablePart {
  readonly table: CsvColumnTable;
  readonly leading?: Readonly<Record<string, CsvValue>>;
}

/**
 * Writes tables one after another as one CSV file, read column by column: the same bytes as
 * {@link atomicWriteCsv} over their rows as records (a table's own column first, else the part's
 * `leading` value, else empty), except that NaN in a table is an empty cell. Builds no record per
 * row: a run's deliveries.csv has a row per received copy, millions in a large run.
 */
export function atomicWriteTableCsv(path: string, columns: readonly CsvColumn[], parts: readonly CsvTablePart[], options?: AtomicWriteOptions): void {
  const cols = normalizeColumns(path, columns);
  writeCsvLines(path, cols, options, (line) => {
    let index = 0;
    for (const { table, leading = {} } of parts) {
      // Per column: the table's data, or one encoded constant.
      const data: (ArrayLike<unknown> | undefined)[] = [];
      const fixed: string[] = [];
      for (const { key } of cols) {
        if (table.columns.includes(key)) {
          data.push(table.data[key]);
          fixed.push('');
        } else {
          const value: unknown = leading[key];
          if (!isCsvValue(value)) throw badCell(path, index + 1, key, value);
          data.push(undefined);
          fixed.push(csvCell(value));
        }
      }
      for (let i = 0; i < table.length; i++) {
        index++;
        let text = '';
        for (let c = 0; c < cols.length; c++) {
          const column = data[c];
          let cell: string;
          if (column === undefined) cell = fixed[c]!;
          else {
            const value: unknown = column[i];
            if (typeof value === 'number') cell = value !== value ? '' : String(value);
            else if (isCsvValue(value)) cell = csvCell(value);
            else throw badCell(path, index, cols[c]!.key, value);
          }
          text += c === 0 ? cell : `,${cell}`;
        }
        line(`${text}\n`);
      }
    }
  });
}
