import type { Plugin } from 'chart.js';

/**
 * Chart.js leaves the canvas transparent; a PNG viewed on a dark page or pasted in a paper needs an
 * opaque background.
 */
export function backgroundPlugin(color = '#ffffff'): Plugin {
  return {
    id: 'almsimBackground',
    beforeDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.globalCompositeOperation = 'source-over';
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };
}
