/**
 * A resolved scenario printed back as a scenario document: every default filled in, times, sizes and
 * rates in readable units. Loading the printed YAML gives the same resolved scenario, so it is what a
 * run writes as results/<name>/scenario.resolved.yaml to record exactly what ran.
 */
import path from 'node:path';
import YAML from 'yaml';
import { formatQuantity } from './quantities.ts';
import { scenarioSchema, type Scenario } from './schema.ts';
import { isRecord, pickOption, unwrap, type SchemaNode } from './schema-walk.ts';

export interface ResolvedYamlOptions {
  /**
   * Directory the YAML will be written to: file paths (churn trace, latency matrix) are printed
   * relative to it, so the written file loads from where it is. Without it they stay absolute.
   */
  readonly dir?: string;
}

/** The scenario as a plain document (what a scenario file would contain), values in readable units. */
export function toDocument(scenario: Scenario, options: ResolvedYamlOptions = {}): Record<string, unknown> {
  const doc = render(scenarioSchema as unknown as SchemaNode, scenario) as Record<string, unknown>;
  const rel = (file: string) => (options.dir === undefined ? file : toPosix(path.relative(options.dir, file)));
  const churn = doc['churn'];
  if (scenario.churn.model === 'trace' && isRecord(churn)) churn['file'] = rel(scenario.churn.file);
  const underlay = doc['underlay'];
  if (scenario.underlay.model === 'matrix' && isRecord(underlay)) underlay['file'] = rel(scenario.underlay.file);
  return doc;
}

export function toResolvedYaml(scenario: Scenario, options: ResolvedYamlOptions = {}): string {
  const header =
    `# Scenario "${scenario.name}" with every default filled in (written by almsim; load it to rerun exactly this).\n` +
    '# Times are in readable units; a plain number would mean seconds.\n';
  return header + YAML.stringify(toDocument(scenario, options), { lineWidth: 0, aliasDuplicateObjects: false });
}

function render(node: SchemaNode, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const u = unwrap(node);
  if (u.quantity !== undefined && typeof value === 'number') return formatQuantity(u.quantity, value);
  const def = u.core._zod.def;
  if (def.type === 'array' && def.element !== undefined && Array.isArray(value)) {
    const element = def.element;
    return value.map((v) => render(element, v));
  }
  let shape = def.type === 'object' ? def.shape : undefined;
  if (shape === undefined) {
    const option = pickOption(u.core, value);
    if (option !== undefined) shape = unwrap(option).core._zod.def.shape;
  }
  if (shape !== undefined && isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      if (value[key] !== undefined) out[key] = render(field, value[key]);
    }
    return out;
  }
  return value;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
