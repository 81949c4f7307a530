import type { Plugin } from 'chart.js';
import type { ChartMarker } from './chart-spec.ts';

const LINE_COLOR = '#555555';
const LABEL_ROWS = 3;
const LABEL_GAP = 4;

/**
 * Draws each marker as a dashed vertical line over the data, with its label near the top of the
 * plot. Chart.js has no such element without the annotation plugin. Labels go in the first of a few
 * rows where they do not overlap an earlier label; a label that fits nowhere is left out (the line
 * stays), so dense churn timelines stay legible.
 */
export function markerPlugin(markers: readonly ChartMarker[], fontFamily: string): Plugin {
  const sorted = [...markers].filter((m) => Number.isFinite(m.x)).sort((a, b) => a.x - b.x);
  return {
    id: 'almsimMarkers',
    afterDatasetsDraw(chart) {
      const scale = chart.scales['x'];
      if (scale === undefined || sorted.length === 0) return;
      const { ctx, chartArea } = chart;
      const rowEnds = new Array<number>(LABEL_ROWS).fill(-Infinity);
      const fontSize = 10;
      ctx.save();
      ctx.font = `${fontSize}px ${fontFamily}`;
      ctx.textBaseline = 'top';
      for (const marker of sorted) {
        if (scale.type === 'logarithmic' && marker.x <= 0) continue;
        const px = scale.getPixelForValue(marker.x);
        if (!(px >= chartArea.left && px <= chartArea.right)) continue;
        ctx.strokeStyle = LINE_COLOR;
        ctx.lineWidth = 1;
        ctx.setLineDash([5, 4]);
        ctx.beginPath();
        ctx.moveTo(Math.round(px) + 0.5, chartArea.top);
        ctx.lineTo(Math.round(px) + 0.5, chartArea.bottom);
        ctx.stroke();
        if (marker.label === undefined || marker.label === '') continue;
        const width = ctx.measureText(marker.label).width;
        const flip = px + 3 + width > chartArea.right;
        const left = flip ? px - 3 - width : px + 3;
        const row = rowEnds.findIndex((end) => left >= end + LABEL_GAP);
        if (row < 0 || left < chartArea.left) continue;
        rowEnds[row] = left + width;
        const top = chartArea.top + 2 + row * (fontSize + 3);
        ctx.fillStyle = 'rgba(255, 255, 255, 0.8)';
        ctx.fillRect(left - 1, top - 1, width + 2, fontSize + 2);
        ctx.fillStyle = LINE_COLOR;
        ctx.textAlign = 'left';
        ctx.fillText(marker.label, left, top);
      }
      ctx.restore();
    },
  };
}
