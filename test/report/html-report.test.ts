import { describe, expect, it } from 'vitest';
import { renderChart } from '../../src/report/charts/index.ts';
import { escapeHtml, renderHtmlReport, type HtmlReportInput } from '../../src/report/html-report.ts';
import { decodeImage } from './fixtures/png-pixels.ts';
import { SAMPLE_SPECS } from './fixtures/sample-specs.ts';

function sampleInput(): HtmlReportInput {
  return {
    title: 'compare <scribe> & p2pcast',
    metadata: [
      ['run', 'churn-10pct'],
      ['seed', 42],
      ['peers', 10_000],
      ['wire', false],
    ],
    scenarioYaml: 'name: churn\nnote: "<script>alert(1)</script> & a < b"\npeers: 10000\n',
    summary: {
      columns: ['metric', 'Scribe', 'P2PCast'],
      rows: [
        ['delivery ratio', 0.99312, 0.97],
        ['mean latency (ms)', 123.456, 98.1],
        ['control messages', 1234567, null],
      ],
      caption: 'Means over the measurement window.',
    },
    charts: (['cdf', 'histogram', 'line', 'bar'] as const).map((kind) => ({
      title: SAMPLE_SPECS[kind].title,
      caption: `The ${kind} chart's caption, with a <b>tag</b>.`,
      image: renderChart(SAMPLE_SPECS[kind], { width: 480, height: 270 }),
    })),
  };
}

describe('renderHtmlReport', () => {
  const input = sampleInput();
  const html = renderHtmlReport(input);

  it('is self-contained: no scripts, no links, every image a data: URI', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<script|<link|<iframe|<object|@import|url\(/i);
    const sources = [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1]);
    expect(sources).toHaveLength(4);
    for (const src of sources) expect(src).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]);
    for (const href of hrefs) expect(href).toMatch(/^#chart-\d+$/);
  });

  it('embeds images that decode back to the rendered charts', async () => {
    const sources = [...html.matchAll(/\ssrc="data:image\/png;base64,([^"]*)"/g)].map((m) => m[1] as string);
    for (const [i, src] of sources.entries()) {
      const bytes = Buffer.from(src, 'base64');
      expect(bytes.equals(Buffer.from(input.charts[i]!.image))).toBe(true);
      const image = await decodeImage(bytes);
      expect([image.width, image.height]).toEqual([480, 270]);
    }
    expect(html).toContain('width="480" height="270"');
  });

  it('escapes all text, including the scenario', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; a &lt; b');
    expect(html).toContain('<title>compare &lt;scribe&gt; &amp; p2pcast</title>');
    expect(html).not.toContain('<b>tag</b>');
    expect(escapeHtml(`a"b'c`)).toBe('a&quot;b&#39;c');
  });

  it('contains every chart title and caption, the metadata and the summary side by side', () => {
    for (const chart of input.charts) {
      expect(html).toContain(`<h3>${escapeHtml(chart.title)}</h3>`);
      expect(html).toContain(`<figcaption>${escapeHtml(chart.caption)}</figcaption>`);
    }
    expect(html).toContain('<th scope="row">seed</th><td class="num">42</td>');
    expect(html).toContain('<th scope="col">Scribe</th><th scope="col">P2PCast</th>');
    expect(html).toContain('<th scope="row">delivery ratio</th><td class="num">0.9931</td><td class="num">0.97</td>');
    expect(html).toContain('<td class="num">1,234,567</td><td>—</td>');
  });

  it('is deterministic and accepts metadata as a record', () => {
    expect(renderHtmlReport(sampleInput())).toBe(html);
    const fromRecord = renderHtmlReport({ ...input, metadata: { run: 'churn-10pct', seed: 42, peers: 10_000, wire: false } });
    expect(fromRecord).toBe(html);
  });

  it('sizes a 2x image at its chart size, and refuses bytes that are not an image', () => {
    const hi = renderChart(SAMPLE_SPECS.bar, { width: 400, height: 200, devicePixelRatio: 2 });
    const page = renderHtmlReport({ ...input, charts: [{ title: 't', caption: 'c', image: hi, devicePixelRatio: 2 }] });
    expect(page).toContain('width="400" height="200"');
    expect(() => renderHtmlReport({ ...input, charts: [{ title: 't', caption: 'c', image: Buffer.from('nope') }] })).toThrow(
      /neither a PNG nor an SVG/,
    );
  });

  it('refuses a summary row with the wrong number of cells', () => {
    expect(() =>
      renderHtmlReport({ ...input, summary: { columns: ['metric', 'Scribe'], rows: [['x', 1, 2]] } }),
    ).toThrow(/row 1 has 3 cells for 2 columns/);
  });
});
