import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metricDocs } from '../../src/figures/metric-registry.ts';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('lists every metric of the registry under "Figure metrics"', () => {
    const section = readme.slice(readme.indexOf('## Figure metrics'), readme.indexOf('## Figures in your own CI'));
    for (const m of metricDocs()) expect(section, m.name).toContain(`| \`${m.name}\` | ${m.kind}`);
  });

  it('shows every shipped figure from docs/figures/', () => {
    const figures = readdirSync('scenarios/figures').filter((n) => n.endsWith('.yaml'));
    expect(figures).toHaveLength(8);
    for (const f of figures) expect(readme, f).toContain(`(docs/figures/${f.replace(/\.yaml$/, '.png')})`);
  });

  it('has a committed PNG and data CSV in docs/figures/ for every shipped figure', () => {
    for (const f of readdirSync('scenarios/figures').filter((n) => n.endsWith('.yaml'))) {
      for (const ext of ['.png', '.csv']) expect(statSync(`docs/figures/${f.replace(/\.yaml$/, ext)}`).size, f + ext).toBeGreaterThan(100);
    }
  });
});
