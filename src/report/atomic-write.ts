import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';

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

const CSV_CHUNK_ROWS = 10_000;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Writes rows as CSV (header line first, "\n" line ends) atomically. Rows are checked and encoded
 * in chunks, so a long iterable is never held in memory as one string; a bad value anywhere
 * aborts the write and leaves any existing file as it was. null and undefined are empty cells,
 * booleans are "true"/"false", numbers are JavaScript's shortest round-trip form.
 */
export function atomicWriteCsv(
  path: string,
  rows: Iterable<Readonly<Record<string, CsvValue>>>,
  columns: readonly CsvColumn[],
  options?: AtomicWriteOptions,
): void {
  const cols = columns.map((c) => (typeof c === 'string' ? { key: c, header: c } : { key: c.key, header: c.header ?? c.key }));
  if (cols.length === 0) throw new Error(`${path}: a CSV file needs at least one column`);
  const encode = (chunk: Record<string, CsvValue>[], header: boolean): string =>
    stringify(chunk, {
      header,
      columns: cols,
      cast: { boolean: (value: boolean) => (value ? 'true' : 'false'), bigint: (value: bigint) => value.toString() },
    });

  const writer = new AtomicFileWriter(path, options);
  try {
    let chunk: Record<string, CsvValue>[] = [];
    let first = true;
    let index = 0;
    for (const row of rows) {
      index++;
      for (const { key } of cols) {
        const value: unknown = row[key];
        const t = typeof value;
        if (!(value == null || t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint')) {
          throw new Error(
            `${path}: row ${index}, column "${key}": expected a string, number, boolean or null, got ${describe(value)}`,
          );
        }
      }
      chunk.push(row);
      if (chunk.length === CSV_CHUNK_ROWS) {
        writer.write(encode(chunk, first));
        first = false;
        chunk = [];
      }
    }
    if (first || chunk.length > 0) writer.write(encode(chunk, first));
    writer.commit();
  } catch (error) {
    writer.abort();
    throw error;
  }
}
