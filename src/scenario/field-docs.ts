/**
 * A reference of every scenario field (path, type, default, description) generated from the schema,
 * so the documentation cannot drift from what the loader accepts.
 */
import { formatQuantity } from './quantities.ts';
import { scenarioInputSchema } from './schema.ts';
import { optionTags, unionOptions, unwrap, type SchemaNode } from './schema-walk.ts';

export interface FieldDoc {
  /** Dotted path; `underlay.latency`. */
  readonly path: string;
  /** When the field applies, for fields of one option of a discriminated union: `underlay.model: constant`. */
  readonly when: string | undefined;
  readonly type: string;
  /** The default as a scenario file would write it; undefined when the field has none. */
  readonly default: string | undefined;
  readonly description: string;
}

export function fieldDocs(): FieldDoc[] {
  const rows: FieldDoc[] = [];
  visit(scenarioInputSchema as unknown as SchemaNode, [], undefined, rows);
  return rows;
}

/** The reference as a Markdown table. */
export function fieldDocsMarkdown(): string {
  const esc = (s: string) => s.replaceAll('|', '\\|');
  const lines = ['| field | type | default | description |', '|---|---|---|---|'];
  for (const r of fieldDocs()) {
    const when = r.when === undefined ? '' : ` (${r.when})`;
    lines.push(`| \`${r.path}\`${esc(when)} | ${esc(r.type)} | ${r.default === undefined ? '' : `\`${esc(r.default)}\``} | ${esc(r.description)} |`);
  }
  return lines.join('\n');
}

function visit(node: SchemaNode, path: string[], when: string | undefined, rows: FieldDoc[]): void {
  const u = unwrap(node);
  const def = u.core._zod.def;
  if (path.length > 0) {
    rows.push({
      path: path.join('.'),
      when,
      type: typeName(node),
      default: u.hasDefault ? showDefault(u.defaultValue, u.quantity, u.core) : u.optional ? undefined : 'required',
      description: u.description ?? '',
    });
  }
  if (u.quantity !== undefined) return;
  if (def.type === 'object' && def.shape !== undefined) {
    for (const [key, field] of Object.entries(def.shape)) visit(field, [...path, key], when, rows);
    return;
  }
  if (def.type === 'array' && def.element !== undefined) {
    const element = unwrap(def.element).core._zod.def;
    if (element.type === 'object' && element.shape !== undefined) {
      for (const [key, field] of Object.entries(element.shape)) visit(field, [...path, '<i>', key], when, rows);
    }
    return;
  }
  const union = unionOptions(u.core);
  if (union === undefined) return;
  const discPath = [...path, union.discriminator].join('.');
  const tagOf = (option: SchemaNode) => String(optionTags(option, union.discriminator).find((t) => t !== undefined));
  const defaultOption = union.options.find((o) => optionTags(o, union.discriminator).includes(undefined));
  const first = unwrap(union.options[0]!).core._zod.def.shape?.[union.discriminator];
  rows.push({
    path: discPath,
    when,
    type: union.options.map(tagOf).join(' | '),
    default: defaultOption === undefined ? 'required' : tagOf(defaultOption),
    description: (first === undefined ? undefined : unwrap(first).description) ?? '',
  });
  // Fields every option shares (the same schema object) are listed once, without a condition.
  const shapes = union.options.map((o) => unwrap(o).core._zod.def.shape ?? {});
  const shared = (key: string) => shapes.every((shape) => shape[key] === shapes[0]![key]);
  union.options.forEach((option, i) => {
    for (const [key, field] of Object.entries(shapes[i]!)) {
      if (key === union.discriminator || shared(key)) continue;
      visit(field, [...path, key], `${discPath}: ${tagOf(option)}`, rows);
    }
  });
  for (const [key, field] of Object.entries(shapes[0]!)) {
    if (key !== union.discriminator && shared(key)) visit(field, [...path, key], when, rows);
  }
}

function typeName(node: SchemaNode): string {
  const u = unwrap(node);
  const def = u.core._zod.def;
  let name: string;
  if (u.quantity === 'time') name = 'time';
  else if (u.quantity === 'bytes') name = 'bytes';
  else if (u.quantity === 'bitrate') name = 'bit rate';
  else if (def.type === 'enum') name = Object.keys(def.entries ?? {}).join(' | ');
  else if (def.type === 'literal') name = (def.values ?? []).map(String).join(' | ');
  else if (def.type === 'number') name = (u.core as { isInt?: boolean }).isInt === true ? 'integer' : 'number';
  else if (def.type === 'string') name = 'text';
  else if (def.type === 'boolean') name = 'boolean';
  else if (def.type === 'array' && def.element !== undefined) name = `list of ${typeName(def.element)}`;
  else if (def.type === 'union' && def.discriminator !== undefined) {
    const union = unionOptions(u.core)!;
    name = `mapping by ${union.discriminator}`;
  } else if (def.type === 'union') name = 'slot or range';
  else name = 'mapping';
  return u.nullable ? `${name} or null` : name;
}

function showDefault(value: unknown, quantity: ReturnType<typeof unwrap>['quantity'], core: SchemaNode): string {
  if (value === null) return 'null';
  if (quantity !== undefined) {
    // Defaults are written in the file's form: a string with a unit, or a plain number.
    return typeof value === 'string' ? value : quantity === 'time' ? formatQuantity('time', Number(value) * 1e6) : formatQuantity(quantity, Number(value));
  }
  if (typeof value === 'object') return core._zod.def.type === 'object' && JSON.stringify(value) === '{}' ? '{}' : JSON.stringify(value);
  return String(value);
}
