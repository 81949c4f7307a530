// Opens a report.html in headless Chromium and checks that every <img> decoded (naturalWidth > 0)
// and that the page asked for nothing but itself. Uses the system Chromium (Debian: /usr/bin/chromium)
// through playwright-core, which downloads no browser; with no Chromium it says so and exits 0.
//
//   node --import tsx scripts/check-report-chromium.ts results/<run>/report.html [--chromium PATH] [--screenshot OUT.png]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ImageState {
  index: number;
  alt: string;
  complete: boolean;
  naturalWidth: number;
  naturalHeight: number;
}

// playwright-core adds --user-data-dir itself, from the fresh profile given to launchPersistentContext.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function parseArgs(argv: readonly string[]): { report: string; chromium: string; screenshot?: string } {
  let report: string | undefined;
  let chromium = '/usr/bin/chromium';
  let screenshot: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--chromium' || arg === '--screenshot') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      if (arg === '--chromium') chromium = value;
      else screenshot = resolve(value);
    } else if (report === undefined && !arg.startsWith('--')) {
      report = resolve(arg);
    } else {
      throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
    }
  }
  if (report === undefined) throw new Error('usage: check-report-chromium.ts REPORT.html [--chromium PATH] [--screenshot OUT.png]');
  return { report, chromium, ...(screenshot !== undefined ? { screenshot } : {}) };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (!existsSync(args.chromium)) {
    console.log(`skipped: no Chromium at ${args.chromium} (Debian package "chromium"), report not checked`);
    return 0;
  }
  if (!existsSync(args.report)) {
    console.error(`${args.report}: no such file`);
    return 2;
  }

  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'almsim-chromium-'));
  const outside: string[] = [];
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: args.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      // A self-contained page needs no network: record and refuse anything that would go out.
      await context.route(
        (url) => url.protocol !== 'file:' && url.protocol !== 'data:',
        async (route) => {
          outside.push(route.request().url());
          await route.abort();
        },
      );
      const page = await context.newPage();
      await page.goto(pathToFileURL(args.report).href, { waitUntil: 'load', timeout: 60_000 });
      // A string, not a function: this file is type-checked without the DOM library.
      const images = (await page.evaluate(
        `[...document.images].map((img, index) => ({ index, alt: img.alt, complete: img.complete,
          naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight }))`,
      )) as ImageState[];
      if (args.screenshot !== undefined) await page.screenshot({ path: args.screenshot, fullPage: true });

      const broken = images.filter((img) => !img.complete || img.naturalWidth <= 0 || img.naturalHeight <= 0);
      for (const img of broken) console.error(`image ${img.index + 1} ("${img.alt}") did not decode`);
      for (const url of outside) console.error(`the page requested an outside resource: ${url}`);
      if (images.length === 0) console.error('the page has no images');
      if (broken.length > 0 || outside.length > 0 || images.length === 0) return 1;
      console.log(`ok: ${images.length} images decoded in Chromium, no outside requests (${args.report})`);
      return 0;
    } finally {
      await context.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

process.exitCode = await main();
