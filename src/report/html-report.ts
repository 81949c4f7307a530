import { imageInfo } from './image-info.ts';

export type ReportValue = string | number | boolean | null;

/** A generic table: for a comparison run, one column per algorithm side by side. */
export interface ReportTable {
  columns: readonly string[];
  /** Each row has one cell per column. Numbers are formatted for reading (4 significant digits). */
  rows: readonly (readonly ReportValue[])[];
  caption?: string;
}

export interface ReportChart {
  title: string;
  /** One sentence saying what the chart shows. */
  caption: string;
  /** PNG bytes (or SVG), embedded in the page as a data: URI. */
  image: Uint8Array;
  /** @default the title */
  alt?: string;
  /** The image's device pixels per CSS pixel, so a 2x PNG shows at its chart size. @default 1 */
  devicePixelRatio?: number;
}

export interface HtmlReportInput {
  title: string;
  /** Run facts (name, seed, algorithm, version...), shown in the order given. */
  metadata: readonly (readonly [string, ReportValue])[] | Readonly<Record<string, ReportValue>>;
  /** The resolved scenario as YAML, shown verbatim. */
  scenarioYaml: string;
  summary?: ReportTable;
  charts: readonly ReportChart[];
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222;
  background: #fff; margin: 0 auto; max-width: 1100px; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; border-bottom: 1px solid #ddd; padding-bottom: 0.25rem; }
h3 { font-size: 1.05rem; margin: 0 0 0.5rem; }
nav ol { margin: 0; padding-left: 1.5rem; columns: 2; }
table { border-collapse: collapse; font-size: 0.92rem; }
th, td { border: 1px solid #d5d5d5; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: #f2f4f7; }
tbody tr:nth-child(even) { background: #fafafa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.meta th { background: #f2f4f7; font-weight: 600; }
caption { caption-side: bottom; text-align: left; color: #555; padding-top: 0.4rem; font-size: 0.88rem; }
figure { margin: 0 0 2rem; }
figure img { max-width: 100%; height: auto; border: 1px solid #e3e3e3; }
figcaption { color: #444; margin-top: 0.35rem; }
pre { background: #f6f8fa; border: 1px solid #e1e4e8; padding: 0.75rem; overflow: auto; font-size: 0.85rem; }
.empty { color: #777; font-style: italic; }
`;

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function formatValue(value: ReportValue): string {
  if (value === null) return '—';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    return Number.isInteger(value) ? integerFormat.format(value) : numberFormat.format(value);
  }
  return String(value);
}

function cell(tag: 'td' | 'th', value: ReportValue, attributes = ''): string {
  const numeric = typeof value === 'number' ? ' class="num"' : '';
  return `<${tag}${attributes}${numeric}>${escapeHtml(formatValue(value))}</${tag}>`;
}

function metadataSection(metadata: HtmlReportInput['metadata']): string {
  const entries: readonly (readonly [string, ReportValue])[] = Array.isArray(metadata)
    ? (metadata as readonly (readonly [string, ReportValue])[])
    : Object.entries(metadata as Readonly<Record<string, ReportValue>>);
  const rows = entries.map(([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th>${cell('td', value)}</tr>`);
  const body = rows.length > 0 ? `<table class="meta"><tbody>\n${rows.join('\n')}\n</tbody></table>` : '<p class="empty">No run metadata.</p>';
  return `<section id="run">\n<h2>Run</h2>\n${body}\n</section>`;
}

function summarySection(table: ReportTable): string {
  table.rows.forEach((row, i) => {
    if (row.length !== table.columns.length) {
      throw new Error(`summary table row ${i + 1} has ${row.length} cells for ${table.columns.length} columns`);
    }
  });
  const head = `<thead><tr>${table.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  // The first column names the row (a metric), so it is a row header.
  const rows = table.rows.map(
    (row) => `<tr>${row.map((value, i) => (i === 0 ? cell('th', value, ' scope="row"') : cell('td', value))).join('')}</tr>`,
  );
  const caption = table.caption !== undefined ? `<caption>${escapeHtml(table.caption)}</caption>` : '';
  return `<section id="summary">\n<h2>Summary</h2>\n<table>${caption}${head}<tbody>\n${rows.join('\n')}\n</tbody></table>\n</section>`;
}

function chartFigure(chart: ReportChart, index: number): string {
  const info = imageInfo(chart.image);
  if (info === null) throw new Error(`chart "${chart.title}": the image is neither a PNG nor an SVG`);
  const ratio = chart.devicePixelRatio ?? 1;
  const width = Math.round(info.width / ratio);
  const height = Math.round(info.height / ratio);
  const data = Buffer.from(chart.image.buffer, chart.image.byteOffset, chart.image.byteLength).toString('base64');
  return [
    `<figure id="chart-${index + 1}">`,
    `<h3>${escapeHtml(chart.title)}</h3>`,
    `<img src="data:${info.mime};base64,${data}" width="${width}" height="${height}" alt="${escapeHtml(chart.alt ?? chart.title)}">`,
    `<figcaption>${escapeHtml(chart.caption)}</figcaption>`,
    `</figure>`,
  ].join('\n');
}

function chartsSection(charts: readonly ReportChart[]): string {
  if (charts.length === 0) return `<section id="charts">\n<h2>Charts</h2>\n<p class="empty">No charts.</p>\n</section>`;
  const toc = charts.map((c, i) => `<li><a href="#chart-${i + 1}">${escapeHtml(c.title)}</a></li>`).join('\n');
  return `<section id="charts">\n<h2>Charts</h2>\n<nav><ol>\n${toc}\n</ol></nav>\n${charts.map(chartFigure).join('\n')}\n</section>`;
}

/**
 * One self-contained page: images as data: URIs, inline CSS, no scripts and no external resource,
 * so it opens from a results folder, a CI artefact or an e-mail. The same input gives the same
 * bytes: nothing here reads the clock or the host. The scenario comes last as it is long and only
 * needed to check what was run.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(input.title)}</h1>`,
    metadataSection(input.metadata),
    ...(input.summary !== undefined ? [summarySection(input.summary)] : []),
    chartsSection(input.charts),
    `<section id="scenario">\n<h2>Resolved scenario</h2>\n<pre><code>${escapeHtml(input.scenarioYaml)}</code></pre>\n</section>`,
    '</body>',
    '</html>',
    '',
  ];
  return parts.join('\n');
}
