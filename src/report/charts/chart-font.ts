import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

/**
 * The family every chart draws its text with. It is an alias of our own, not "DejaVu Sans": a
 * machine may have a different DejaVu release installed as a system font under that name, and the
 * glyph shapes (hence the PNG bytes) must come from the file in node_modules, the same everywhere.
 */
export const CHART_FONT_FAMILY = 'AlmsimChartSans';

const FONT_FILES = ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'] as const;

let registered = false;

/** Registers the bundled DejaVu Sans (regular and bold) under {@link CHART_FONT_FAMILY}, once. */
export function ensureChartFont(): void {
  if (registered) return;
  const require = createRequire(import.meta.url);
  for (const file of FONT_FILES) {
    const path = require.resolve(file);
    if (GlobalFonts.registerFromPath(path, CHART_FONT_FAMILY) === null) {
      throw new Error(`cannot load the chart font ${path}: reinstall the dejavu-fonts-ttf package`);
    }
  }
  registered = true;
}
