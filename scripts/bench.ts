/**
 * almsim benchmarks: `npm run bench [-- --only engine,transport] [-- --list]`.
 * Each section lives in scripts/bench/<name>.ts and is registered in scripts/bench/sections.ts.
 */
import { sections } from './bench/sections.ts';
import type { BenchOptions, BenchRow } from './bench/types.ts';

function parseArgs(argv: string[]): { only: string[] | undefined; list: boolean; options: BenchOptions } {
  let only: string[] | undefined;
  let list = false;
  const options: BenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--list') list = true;
    else if (a === '--only') {
      const v = argv[++i];
      if (v === undefined) throw new Error('--only needs a section name (see --list)');
      only = [...(only ?? []), ...v.split(',').filter(Boolean)];
    } else if (a.startsWith('--only=')) only = [...(only ?? []), ...a.slice(7).split(',').filter(Boolean)];
    else if (a === '--peers' || a.startsWith('--peers=')) {
      const v = a === '--peers' ? argv[++i] : a.slice(8);
      const list = (v ?? '').split(',').map(Number);
      if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--peers needs positive integers, e.g. --peers 1000,10000 (got '${v ?? ''}')`);
      options.peers = list;
    } else throw new Error(`unknown argument '${a}' (expected --only <section>[,<section>], --peers N[,N], or --list)`);
  }
  return { only, list, options };
}

function table(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [r.case, r.value.toLocaleString('en-US', { maximumFractionDigits: 2 }), r.unit, r.note ?? '']);
  const width = [0, 1, 2, 3].map((c) => Math.max(...cells.map((row) => row[c]!.length)));
  return cells
    .map((row) => `  ${row[0]!.padEnd(width[0]!)}  ${row[1]!.padStart(width[1]!)} ${row[2]!.padEnd(width[2]!)}  ${row[3]}`.trimEnd())
    .join('\n');
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    return 2;
  }
  if (args.list) {
    for (const s of sections) process.stdout.write(`${s.name.padEnd(14)} ${s.description}\n`);
    return 0;
  }
  const unknown = (args.only ?? []).filter((n) => !sections.some((s) => s.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown section(s) ${unknown.join(', ')}; known: ${sections.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  const chosen = sections.filter((s) => args.only === undefined || args.only.includes(s.name));
  process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}\n`);
  for (const s of chosen) {
    process.stdout.write(`\n[${s.name}] ${s.description}\n`);
    process.stdout.write(`${table(await s.run(args.options))}\n`);
  }
  return 0;
}

process.exitCode = await main();
