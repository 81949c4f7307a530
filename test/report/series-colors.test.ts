import { describe, expect, it } from 'vitest';
import {
  assignSeriesColors,
  chartConfig,
  renderChart,
  RESERVED_SERIES_COLORS,
  seriesColor,
  type ChartSpec,
} from '../../src/report/charts/index.ts';
import { countColour, decodeImage } from './fixtures/png-pixels.ts';
import { SAMPLE_SPECS } from './fixtures/sample-specs.ts';

function colourOf(spec: ChartSpec, label: string): unknown {
  const dataset = chartConfig(spec).data.datasets.find((d) => d.label === label);
  return dataset?.backgroundColor;
}

describe('series colours', () => {
  it('give the reserved series their fixed colours, whatever the spelling', () => {
    expect(seriesColor('Scribe')).toBe('#1f77b4');
    expect(seriesColor('P2PCast')).toBe('#ff7f0e');
    expect(seriesColor('IP multicast')).toBe('#2ca02c');
    expect(seriesColor('ip-multicast')).toBe('#2ca02c');
    expect(seriesColor('Unicast')).toBe('#7f7f7f');
  });

  it('use the same colour for "Scribe" in a CDF, a histogram, a line and a bar chart', () => {
    for (const spec of Object.values(SAMPLE_SPECS)) expect(colourOf(spec, 'Scribe')).toBe(RESERVED_SERIES_COLORS['scribe']);
  });

  it('paint "Scribe" pixels in that exact colour in two different charts', async () => {
    for (const kind of ['bar', 'line'] as const) {
      const image = await decodeImage(renderChart(SAMPLE_SPECS[kind]));
      expect(countColour(image, '#1f77b4')).toBeGreaterThan(100);
      expect(countColour(image, '#ff7f0e')).toBeGreaterThan(100);
    }
  });

  it('give other labels distinct palette colours, independent of series order', () => {
    const labels = ['flooding', 'random tree', 'Scribe', 'oracle', 'k=4', 'k=8', 'k=16'];
    const colours = assignSeriesColors(labels);
    expect(new Set(colours).size).toBe(labels.length);
    expect(colours[2]).toBe('#1f77b4');
    const reversed = assignSeriesColors([...labels].reverse()).reverse();
    expect(reversed).toEqual(colours);
    for (const colour of colours) if (colour !== '#1f77b4') expect(Object.values(RESERVED_SERIES_COLORS)).not.toContain(colour);
  });

  it('give a label alone its own hashed colour in every chart', () => {
    expect(assignSeriesColors(['flooding'])).toEqual([seriesColor('flooding')]);
    expect(assignSeriesColors(['Scribe', 'flooding'])[1]).toBe(seriesColor('flooding'));
  });
});
