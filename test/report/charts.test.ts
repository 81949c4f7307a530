import { GlobalFonts } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import {
  CHART_FONT_FAMILY,
  chartConfig,
  renderChart,
  type ChartSpec,
} from '../../src/report/charts/index.ts';
import { imageInfo } from '../../src/report/image-info.ts';
import { EMPTY_SPECS, SAMPLE_SPECS } from './fixtures/sample-specs.ts';
import { countColouredPixels, decodeImage, pngChunkTypes } from './fixtures/png-pixels.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Below the title and legend, inside the axes: where only data is drawn in colour.
const PLOT_AREA = { left: 0.12, top: 0.2, right: 0.97, bottom: 0.85 };
const kinds = Object.keys(SAMPLE_SPECS) as ChartSpec['kind'][];

describe.each(kinds)('%s chart', (kind) => {
  it('renders a valid PNG of the requested size with data in the plot area', async () => {
    const png = renderChart(SAMPLE_SPECS[kind], { width: 640, height: 360 });
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(imageInfo(png)).toEqual({ mime: 'image/png', width: 640, height: 360 });
    const image = await decodeImage(png);
    expect([image.width, image.height]).toEqual([640, 360]);
    expect(countColouredPixels(image, PLOT_AREA)).toBeGreaterThan(500);
  });

  it('draws no data when it has none, but still draws axes and title', async () => {
    const empty = renderChart(EMPTY_SPECS[kind], { width: 640, height: 360 });
    const image = await decodeImage(empty);
    expect(countColouredPixels(image)).toBe(0);
    let dark = 0;
    for (let i = 0; i < image.data.length; i += 4) if (image.data[i]! < 128) dark++;
    expect(dark).toBeGreaterThan(200);
    expect(empty.equals(renderChart(SAMPLE_SPECS[kind], { width: 640, height: 360 }))).toBe(false);
  });

  it('writes no metadata chunk that could vary (text, time, physical size)', () => {
    const types = pngChunkTypes(renderChart(SAMPLE_SPECS[kind]));
    expect(types[0]).toBe('IHDR');
    expect(types.at(-1)).toBe('IEND');
    expect(types.filter((t) => !['IHDR', 'IDAT', 'IEND', 'sBIT', 'sRGB'].includes(t))).toEqual([]);
  });

  it('renders an SVG that decodes to the same size', async () => {
    const svg = renderChart(SAMPLE_SPECS[kind], { width: 640, height: 360, format: 'svg' });
    expect(svg.subarray(0, 200).toString('utf8')).toContain('<svg');
    expect(imageInfo(svg)).toEqual({ mime: 'image/svg+xml', width: 640, height: 360 });
    // Text is converted to paths: the SVG does not depend on the viewer's fonts.
    expect(svg.toString('utf8')).not.toContain('<text');
    const image = await decodeImage(svg);
    expect([image.width, image.height]).toEqual([640, 360]);
    expect(countColouredPixels(image, PLOT_AREA)).toBeGreaterThan(500);
  });
});

describe('renderChart', () => {
  it('has a default size of 800 x 450 and scales by a fixed device pixel ratio', () => {
    expect(imageInfo(renderChart(SAMPLE_SPECS.bar))).toMatchObject({ width: 800, height: 450 });
    expect(imageInfo(renderChart(SAMPLE_SPECS.bar, { width: 400, height: 300, devicePixelRatio: 2 }))).toMatchObject({
      width: 800,
      height: 600,
    });
  });

  it('does not modify the spec', () => {
    for (const spec of Object.values(SAMPLE_SPECS)) {
      const before = JSON.stringify(spec);
      renderChart(spec);
      expect(JSON.stringify(spec)).toBe(before);
    }
  });

  it('draws text with the bundled font', () => {
    renderChart(EMPTY_SPECS.line);
    expect(GlobalFonts.has(CHART_FONT_FAMILY)).toBe(true);
    const styles = GlobalFonts.families.find((f) => f.family === CHART_FONT_FAMILY)?.styles.map((s) => s.weight);
    expect(styles).toEqual(expect.arrayContaining([400, 700]));
  });

  it('rejects bad sizes, formats and kinds with a clear message', () => {
    expect(() => renderChart(SAMPLE_SPECS.bar, { width: 0 })).toThrow(/width must be an integer/);
    expect(() => renderChart(SAMPLE_SPECS.bar, { height: 1.5 })).toThrow(/height must be an integer/);
    expect(() => renderChart(SAMPLE_SPECS.bar, { format: 'jpeg' as 'png' })).toThrow(/format must be/);
    expect(() => renderChart({ kind: 'pie' } as unknown as ChartSpec)).toThrow(/unknown chart kind "pie"/);
  });
});

describe('chart builders', () => {
  it('reject a bar series whose length differs from the categories', () => {
    const spec: ChartSpec = { ...(SAMPLE_SPECS.bar as Extract<ChartSpec, { kind: 'bar' }>), series: [{ label: 'Scribe', values: [1] }] };
    expect(() => chartConfig(spec)).toThrow(/"Scribe" has 1 values for 6 categories/);
  });

  it('reject two series with one label', () => {
    const spec: ChartSpec = {
      kind: 'cdf',
      title: 't',
      xLabel: 'x',
      series: [
        { label: 'Scribe', values: [1] },
        { label: 'Scribe', values: [2] },
      ],
    };
    expect(() => chartConfig(spec)).toThrow(/two series are labelled "Scribe"/);
  });

  it('label axes and title as given', () => {
    const config = chartConfig(SAMPLE_SPECS.line);
    const scales = config.options?.scales as Record<string, { title: { text: string }; type: string }>;
    expect(scales['x']?.title.text).toBe('simulated time (s)');
    expect(scales['y']?.title.text).toBe('delivery ratio');
    expect(config.options?.plugins?.title?.text).toBe('Delivery ratio under churn');
  });

  it('draw CDFs as step lines thinned to at most maxPoints per series', () => {
    const config = chartConfig({ ...(SAMPLE_SPECS.cdf as Extract<ChartSpec, { kind: 'cdf' }>), maxPoints: 500 });
    for (const dataset of config.data.datasets) {
      expect((dataset as { stepped?: unknown }).stepped).toBe('before');
      expect(dataset.data.length).toBeLessThanOrEqual(502);
    }
    const scales = config.options?.scales as Record<string, { type: string }>;
    expect(scales['x']?.type).toBe('logarithmic');
  });

  it('bin integer data one bin per integer, shared by all series', () => {
    const config = chartConfig({
      kind: 'histogram',
      title: 'fanout',
      xLabel: 'children',
      series: [
        { label: 'Scribe', values: [0, 1, 1, 3] },
        { label: 'P2PCast', values: [2, 2] },
      ],
    });
    expect(config.data.labels).toEqual(['0', '1', '2', '3']);
    expect(config.data.datasets.map((d) => d.data)).toEqual([
      [1, 2, 0, 1],
      [0, 0, 2, 0],
    ]);
  });

  it('hide confidence bands from the legend and fill them between low and high', () => {
    const config = chartConfig(SAMPLE_SPECS.line);
    const labels = config.data.datasets.map((d) => d.label);
    expect(labels).toEqual(['Scribe (low)', 'Scribe (high)', 'Scribe', 'P2PCast']);
    expect((config.data.datasets[1] as { fill?: unknown }).fill).toBe('-1');
    const filter = config.options?.plugins?.legend?.labels?.filter;
    const shown = [0, 1, 2, 3].filter((datasetIndex) =>
      filter!({ datasetIndex, text: '' } as never, config.data as never),
    );
    expect(shown).toEqual([2, 3]);
  });
});
