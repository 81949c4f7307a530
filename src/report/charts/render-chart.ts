import { createCanvas, SvgExportFlag } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { backgroundPlugin } from './background-plugin.ts';
import { barChart } from './bar-chart.ts';
import { cdfChart } from './cdf-chart.ts';
import { CHART_FONT_FAMILY, ensureChartFont } from './chart-font.ts';
import type { ChartSpec } from './chart-spec.ts';
import { TEXT_COLOR } from './chart-theme.ts';
import { histogramChart } from './histogram-chart.ts';
import { lineChart } from './line-chart.ts';
import { normaliseSvgIds } from './svg-ids.ts';

export type ChartFormat = 'png' | 'svg';

export interface RenderOptions {
  /** Chart width in CSS pixels. @default 800 */
  width?: number;
  /** Chart height in CSS pixels. @default 450 */
  height?: number;
  /** @default "png" */
  format?: ChartFormat;
  /**
   * Device pixels per CSS pixel of a PNG: 2 gives a 1600 x 900 image of an 800 x 450 chart for
   * print. Fixed, never read from the host. Ignored for SVG. @default 1
   */
  devicePixelRatio?: number;
}

const MAX_SIDE = 10_000;

let runtimeReady = false;

// Chart.js keeps its registry and defaults in module state: set them once, the same way everywhere.
function ensureChartRuntime(): void {
  if (runtimeReady) return;
  ensureChartFont();
  Chart.register(...registerables);
  Chart.defaults.font.family = CHART_FONT_FAMILY;
  Chart.defaults.color = TEXT_COLOR;
  runtimeReady = true;
}

/** The Chart.js configuration a spec stands for. */
export function chartConfig(spec: ChartSpec): ChartConfiguration {
  switch (spec.kind) {
    case 'cdf':
      return cdfChart(spec) as ChartConfiguration;
    case 'histogram':
      return histogramChart(spec) as ChartConfiguration;
    case 'line':
      return lineChart(spec) as ChartConfiguration;
    case 'bar':
      return barChart(spec) as ChartConfiguration;
    default: {
      const kind: unknown = (spec as { kind?: unknown }).kind;
      throw new Error(`unknown chart kind ${JSON.stringify(kind)}: expected cdf, histogram, line or bar`);
    }
  }
}

/** Renders a chart spec to PNG or SVG bytes. The same spec and options give the same bytes. */
export function renderChart(spec: ChartSpec, options: RenderOptions = {}): Buffer {
  return renderChartConfig(chartConfig(spec), options);
}

/**
 * Renders any Chart.js configuration server-side, with no DOM: Chart.js falls back to its basic
 * platform when there is no `window`, and needs only a canvas with `getContext('2d')`, `width` and
 * `height`, which @napi-rs/canvas provides. Animation and responsiveness are forced off, so the
 * chart is drawn completely and synchronously inside the constructor.
 */
export function renderChartConfig(config: ChartConfiguration, options: RenderOptions = {}): Buffer {
  const width = options.width ?? 800;
  const height = options.height ?? 450;
  const format = options.format ?? 'png';
  const ratio = format === 'svg' ? 1 : (options.devicePixelRatio ?? 1);
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 1 && value <= MAX_SIDE)) {
      throw new Error(`chart ${name} must be an integer from 1 to ${MAX_SIDE}, got ${value}`);
    }
  }
  if (!(Number.isFinite(ratio) && ratio > 0 && width * ratio <= MAX_SIDE && height * ratio <= MAX_SIDE)) {
    throw new Error(`devicePixelRatio must be positive and keep each side within ${MAX_SIDE} pixels, got ${ratio}`);
  }
  if (format !== 'png' && format !== 'svg') {
    throw new Error(`chart format must be "png" or "svg", got ${JSON.stringify(format)}`);
  }
  ensureChartRuntime();

  const canvas =
    format === 'svg' ? createCanvas(width, height, SvgExportFlag.ConvertTextToPaths) : createCanvas(width, height);
  const chart = new Chart(canvas, {
    ...config,
    options: { ...config.options, animation: false, responsive: false, devicePixelRatio: ratio },
    plugins: [backgroundPlugin(), ...(config.plugins ?? [])],
  } as ChartConfiguration);
  try {
    // SVG text is converted to paths, so a viewer without our font shows the same glyphs.
    // PNG: no metadata argument, so no text or time chunks, only pixels.
    if ('getContent' in canvas) return Buffer.from(normaliseSvgIds(canvas.getContent().toString('utf8')), 'utf8');
    return canvas.encodeSync('png');
  } finally {
    chart.destroy();
  }
}
