/**
 * The figure file format (YAML): one figure, the scenario it runs, its panels (charts drawn side by
 * side into one PNG), the claims it checks, and its scales. Field shapes only; what needs the
 * scenario or the metric registry (metric names and kinds, series and panel references,
 * expressions, the x parameter) is checked by load-figure.ts. See scenarios/figures/ and README
 * "Figures" for examples.
 */
import { z } from 'zod';
import { ALGORITHMS, NAME_PATTERN } from '../scenario/schema.ts';

const text = (what: string) => z.string({ error: what });
const nonEmpty = (what: string) => z.string({ error: what }).min(1, { error: what });
const bool = () => z.boolean({ error: 'true or false' });
const num = () => z.number({ error: 'a number' }).refine(Number.isFinite, { error: 'a finite number' });

function int(min: number, max: number) {
  const t = `an integer from ${min} to ${max}`;
  return z.number({ error: t }).int({ error: t }).min(min, { error: t }).max(max, { error: t });
}

function obj<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.strictObject(shape, { error: 'a mapping of fields' });
}

/** `path=value` overrides, as `--set` takes them. */
const overrides = () =>
  z
    .array(nonEmpty('an override path=value, e.g. workload.groups=5').regex(/^[^=]+=/, { error: 'an override path=value, e.g. workload.groups=5' }), {
      error: 'a list of overrides path=value',
    })
    .default([]);

const xValue = z.union([z.number(), z.string()], { error: 'a number or a text value (as --set takes it)' });

export const X_UNITS = { us: 1, ms: 1e3, s: 1e6, min: 60e6, h: 3600e6 } as const;
export type XUnit = keyof typeof X_UNITS;

const xSchema = obj({
  param: nonEmpty('a scenario field path, e.g. overlay.peers').describe('The scenario field the panel varies (its x axis).'),
  values: z.array(xValue, { error: 'a list of values' }).min(1, { error: 'a non-empty list of values' }).describe('Its values, as --set takes them.'),
  /** @default none */
  unit: z
    .enum(Object.keys(X_UNITS) as [XUnit, ...XUnit[]], { error: `one of ${Object.keys(X_UNITS).join(', ')}` })
    .optional()
    .describe('Plot a time field in this unit (resolved scenario times are microseconds).'),
});

const bandSchema = z.union([z.enum(['ci95', 'none']), z.tuple([nonEmpty('a metric name'), nonEmpty('a metric name')])], {
  error: 'ci95, none, or [low metric, high metric]',
});

/** One series: a metric of one algorithm's runs, or (line panels) a reference curve `expr`. */
const seriesSchema = obj({
  label: nonEmpty('a series label').describe('Legend label; also its colour key (Scribe, P2PCast, IP multicast and Unicast have fixed colours).'),
  /** @default the scenario's first algorithm */
  algorithm: z.enum(ALGORITHMS, { error: `one of ${ALGORITHMS.join(', ')}` }).optional(),
  metric: nonEmpty('a metric name').optional().describe('A metric of the registry (src/figures/metric-registry.ts).'),
  /** @default ci95 with more than one run, else none */
  band: bandSchema.optional().describe('Line panels: the shaded band: ci95 (95% confidence interval over runs), none, or [low, high] metrics.'),
  expr: nonEmpty('an expression of x').optional().describe('Line panels: a reference curve, an expression of x, e.g. 0.5*log2(x).'),
});

const common = {
  id: z.string({ error: 'a panel id' }).regex(NAME_PATTERN, { error: 'a panel id of letters, digits, ".", "_" and "-"' }).optional(),
  title: nonEmpty('a chart title'),
  /** @default [] */
  set: overrides().describe('Overrides for this panel only (after the figure\'s).'),
  series: z.array(seriesSchema, { error: 'a list of series' }).min(1, { error: 'a non-empty list of series' }).max(12, { error: 'at most 12 series' }),
};

const panelSchema = z.discriminatedUnion(
  'chart',
  [
    obj({
      ...common,
      chart: z.literal('line'),
      x: xSchema,
      xLabel: text('an axis label').optional(),
      yLabel: nonEmpty('an axis label'),
      logX: bool().default(false),
      logY: bool().default(false),
      yMin: num().optional(),
      yMax: num().optional(),
    }),
    obj({
      ...common,
      chart: z.literal('bar'),
      x: xSchema,
      xLabel: text('an axis label').optional(),
      yLabel: nonEmpty('an axis label'),
      logY: bool().default(false),
    }),
    obj({
      ...common,
      chart: z.literal('cdf'),
      xLabel: nonEmpty('an axis label'),
      yLabel: text('an axis label').optional(),
      logX: bool().default(false),
    }),
    obj({
      ...common,
      chart: z.literal('histogram'),
      xLabel: nonEmpty('an axis label'),
      yLabel: text('an axis label').optional(),
      bins: z.union([z.literal('integer'), int(1, 200)], { error: '"integer" or a number of bins from 1 to 200' }).optional(),
      normalize: bool().default(false),
    }),
  ],
  { error: 'one of line, bar, cdf, histogram' },
);

const checkCommon = {
  name: nonEmpty('a check name').optional(),
  panel: nonEmpty('a panel id').optional(),
};

const checkSchema = z.discriminatedUnion(
  'kind',
  [
    obj({
      ...checkCommon,
      kind: z.literal('within'),
      series: nonEmpty('a series label'),
      expr: nonEmpty('an expression of x'),
      abs: z.number({ error: 'a non-negative number' }).min(0, { error: 'a non-negative number' }).optional(),
      rel: z.number({ error: 'a non-negative number' }).min(0, { error: 'a non-negative number' }).optional(),
    }),
    obj({
      ...checkCommon,
      kind: z.literal('slope'),
      series: nonEmpty('a series label'),
      against: nonEmpty('an expression of x').default('x'),
      min: num().optional(),
      max: num().optional(),
    }),
    obj({
      ...checkCommon,
      kind: z.literal('range'),
      series: nonEmpty('a series label'),
      stat: nonEmpty('a statistic'),
      min: num().optional(),
      max: num().optional(),
    }),
    obj({
      ...checkCommon,
      kind: z.literal('order'),
      series: z.array(nonEmpty('a series label'), { error: 'a list of series labels' }).min(2, { error: 'a list of at least two series labels' }),
      stat: nonEmpty('a statistic'),
      op: z.enum(['<=', '<'], { error: 'one of <=, <' }).default('<='),
    }),
  ],
  { error: 'one of within, slope, range, order' },
);

const scaleSchema = obj({
  /** @default [] */
  set: overrides().describe('Overrides added after the figure\'s own.'),
  runs: int(1, 1000).optional().describe('Runs per point (run numbers 0..runs-1).'),
  values: z
    .record(z.string(), z.array(xValue, { error: 'a list of values' }).min(1, { error: 'a non-empty list of values' }), { error: 'a mapping of x parameter to values' })
    .optional()
    .describe('x values per x parameter, replacing the panels\' own.'),
});

export const SCALES = ['ci', 'paper'] as const;
export type ScaleName = (typeof SCALES)[number];

export const figureSchema = obj({
  id: z.string({ error: 'a figure id' }).regex(NAME_PATTERN, { error: 'a figure id of letters, digits, ".", "_" and "-", e.g. F1' }),
  title: nonEmpty('a title'),
  /** @default "" */
  caption: text('a text').default('').describe('One sentence: what the figure shows.'),
  /** @default "" */
  paper: text('a text').default('').describe('What the paper reported.'),
  scenario: nonEmpty('a scenario file path, relative to the figure file'),
  /** @default [] */
  set: overrides(),
  /** @default 1 */
  runs: int(1, 1000).default(1).describe('Runs (seeds) per point: run numbers 0..runs-1.'),
  panels: z.array(panelSchema, { error: 'a list of panels' }).min(1, { error: 'a non-empty list of panels' }).max(4, { error: 'at most 4 panels' }),
  /** @default [] */
  checks: z.array(checkSchema, { error: 'a list of checks' }).default([]),
  /** @default {} */
  scales: obj({ ci: scaleSchema.optional(), paper: scaleSchema.optional() }).default({}),
});

export type FigureInput = z.output<typeof figureSchema>;
export type PanelInput = FigureInput['panels'][number];
export type SeriesInput = PanelInput['series'][number];
export type CheckInput = FigureInput['checks'][number];
export type ScaleInput = NonNullable<FigureInput['scales']['ci']>;
