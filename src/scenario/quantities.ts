/**
 * Quantities with units in scenario files: times, byte sizes and bit rates.
 *
 * A time is a number of seconds or a string with a unit ("500 ms", "600 s", "2 min", "1.5 h") and
 * resolves to integer microseconds, the simulator's clock unit. A byte size is a number of bytes or a
 * string ("1.5 kB", "64 KiB"); a bit rate is a number of bit/s or a string ("1 Mbit/s", "512 kbps").
 * Formatting goes the other way and always gives a string that parses back to the same value.
 */
import { HOUR, MICROSECOND, MILLISECOND, MINUTE, SECOND } from '../sim/time.ts';

export type QuantityKind = 'time' | 'bytes' | 'bitrate';

/** What a scenario file may write, for error messages and docs. */
export const QUANTITY_EXPECTED: Record<QuantityKind, string> = {
  time: 'a time such as "500 ms", "600 s", "2 min" or "1.5 h" (units us, ms, s, min, h; a plain number is seconds)',
  bytes: 'a size such as 1200, "1.5 kB" or "64 KiB" (units B, kB, KiB, MB, MiB; a plain number is bytes)',
  bitrate: 'a bit rate such as "1 Mbit/s", "512 kbit/s" or 2000000 (units bit/s, kbit/s, Mbit/s, Gbit/s; a plain number is bit/s)',
};

const TIME_UNITS: Record<string, number> = {
  us: MICROSECOND,
  µs: MICROSECOND,
  ms: MILLISECOND,
  s: SECOND,
  sec: SECOND,
  min: MINUTE,
  h: HOUR,
};

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

const BITRATE_UNITS: Record<string, number> = {
  'bit/s': 1,
  bps: 1,
  'kbit/s': 1e3,
  kbps: 1e3,
  'mbit/s': 1e6,
  mbps: 1e6,
  'gbit/s': 1e9,
  gbps: 1e9,
};

const QUANTITY = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-zµ/]*)\s*$/i;

/** The value in base units (µs, bytes, bit/s), or undefined when `input` is not a quantity of `kind`. */
export function parseQuantity(kind: QuantityKind, input: unknown): number | undefined {
  const plainUnit = kind === 'time' ? SECOND : 1;
  let value: number;
  if (typeof input === 'number') {
    value = input * plainUnit;
  } else if (typeof input === 'string') {
    const m = QUANTITY.exec(input);
    if (m === null) return undefined;
    const unitText = m[2]!;
    const units = kind === 'time' ? TIME_UNITS : kind === 'bytes' ? BYTE_UNITS : BITRATE_UNITS;
    const unit = unitText === '' ? plainUnit : units[unitText.toLowerCase()];
    if (unit === undefined) return undefined;
    value = Number(m[1]) * unit;
  } else {
    return undefined;
  }
  if (!Number.isFinite(value) || value < 0) return undefined;
  const rounded = Math.round(value);
  return rounded > Number.MAX_SAFE_INTEGER ? undefined : rounded;
}

interface Unit {
  readonly name: string;
  readonly size: number;
}

const TIME_FORMAT_UNITS: readonly Unit[] = [
  { name: 'h', size: HOUR },
  { name: 'min', size: MINUTE },
  { name: 's', size: SECOND },
  { name: 'ms', size: MILLISECOND },
  { name: 'us', size: MICROSECOND },
];
const BYTE_FORMAT_UNITS: readonly Unit[] = [
  { name: 'MB', size: 1e6 },
  { name: 'kB', size: 1e3 },
  { name: 'B', size: 1 },
];
const BITRATE_FORMAT_UNITS: readonly Unit[] = [
  { name: 'Gbit/s', size: 1e9 },
  { name: 'Mbit/s', size: 1e6 },
  { name: 'kbit/s', size: 1e3 },
  { name: 'bit/s', size: 1 },
];

/**
 * A readable string for a value in base units: the largest unit that writes it with at most three
 * decimals and parses back to exactly the same integer ("10 min", "1.5 h", "250 ms").
 */
export function formatQuantity(kind: QuantityKind, value: number): string {
  const units = kind === 'time' ? TIME_FORMAT_UNITS : kind === 'bytes' ? BYTE_FORMAT_UNITS : BITRATE_FORMAT_UNITS;
  if (value === 0) return `0 ${units[kind === 'time' ? 2 : units.length - 1]!.name}`;
  for (const unit of units) {
    if (value < unit.size) continue;
    for (let decimals = 0; decimals <= 3; decimals++) {
      const text = String(Number((value / unit.size).toFixed(decimals)));
      if (Math.round(Number(text) * unit.size) === value) return `${text} ${unit.name}`;
    }
  }
  const last = units[units.length - 1]!;
  return `${value} ${last.name}`;
}
