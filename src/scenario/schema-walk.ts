/**
 * Navigation of the scenario schema by field path: what field a path names, which fields an object
 * allows, and the unit kind of a quantity. Used to print a resolved scenario back (resolved-yaml.ts),
 * to check --set paths (overrides.ts), to word unknown-field errors and to generate field docs.
 *
 * It reads zod 4's public `_zod.def` structure: object, union (with `discriminator` when
 * discriminated), array, default, prefault, optional, nullable and pipe.
 */
import { globalRegistry } from 'zod';
import type { QuantityKind } from './quantities.ts';
import { quantityKindOf } from './schema.ts';

export interface SchemaNode {
  readonly _zod: {
    readonly def: {
      readonly type: string;
      readonly innerType?: SchemaNode;
      readonly in?: SchemaNode;
      readonly out?: SchemaNode;
      readonly shape?: Readonly<Record<string, SchemaNode>>;
      readonly options?: readonly SchemaNode[];
      readonly discriminator?: string;
      readonly element?: SchemaNode;
      readonly defaultValue?: unknown;
      readonly values?: readonly unknown[];
      readonly entries?: Readonly<Record<string, unknown>>;
    };
    readonly propValues?: Readonly<Record<string, Set<unknown>>>;
  };
}

/** A schema with its wrappers peeled off, and what the wrappers said. */
export interface Unwrapped {
  readonly core: SchemaNode;
  readonly quantity: QuantityKind | undefined;
  readonly nullable: boolean;
  readonly optional: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  readonly description: string | undefined;
}

export function unwrap(node: SchemaNode): Unwrapped {
  let cur = node;
  let quantity: QuantityKind | undefined;
  let nullable = false;
  let optional = false;
  let hasDefault = false;
  let defaultValue: unknown;
  let description: string | undefined;
  for (;;) {
    description ??= globalRegistry.get(cur as never)?.description;
    quantity ??= quantityKindOf(cur);
    if (quantity !== undefined) break;
    const def = cur._zod.def;
    if ((def.type === 'default' || def.type === 'prefault') && def.innerType !== undefined) {
      if (!hasDefault) {
        hasDefault = true;
        defaultValue = def.defaultValue;
      }
      cur = def.innerType;
    } else if (def.type === 'optional' && def.innerType !== undefined) {
      optional = true;
      cur = def.innerType;
    } else if (def.type === 'nullable' && def.innerType !== undefined) {
      nullable = true;
      cur = def.innerType;
    } else if (def.type === 'pipe' && def.in !== undefined && def.out !== undefined) {
      cur = def.out._zod.def.type === 'transform' ? def.in : def.out;
    } else {
      break;
    }
  }
  return { core: cur, quantity, nullable, optional, hasDefault, defaultValue, description };
}

/** The options of a discriminated union, or undefined. */
export function unionOptions(core: SchemaNode): { discriminator: string; options: readonly SchemaNode[] } | undefined {
  const def = core._zod.def;
  if (def.type !== 'union' || def.discriminator === undefined || def.options === undefined) return undefined;
  return { discriminator: def.discriminator, options: def.options };
}

/** The discriminator values an option of a discriminated union claims (undefined: it is the default). */
export function optionTags(option: SchemaNode, discriminator: string): unknown[] {
  return [...(option._zod.propValues?.[discriminator] ?? [])];
}

/** The option of a discriminated union that a value picks (by its discriminator), if any. */
export function pickOption(core: SchemaNode, value: unknown): SchemaNode | undefined {
  const u = unionOptions(core);
  if (u === undefined) return undefined;
  const tag = isRecord(value) ? value[u.discriminator] : undefined;
  return u.options.find((o) => o._zod.propValues?.[u.discriminator]?.has(tag));
}

/** The object shape a value of this schema has (the picked option for a discriminated union). */
export function shapeOf(node: SchemaNode, value?: unknown): Readonly<Record<string, SchemaNode>> | undefined {
  const { core } = unwrap(node);
  const def = core._zod.def;
  if (def.type === 'object') return def.shape;
  const option = pickOption(core, value);
  return option === undefined ? undefined : unwrap(option).core._zod.def.shape;
}

export type FieldLookup =
  | { readonly ok: true; readonly node: SchemaNode }
  | { readonly ok: false; readonly allowed: readonly string[]; readonly otherOptions: readonly string[] };

/**
 * The schema of field `key` inside `node`, given the value at that place (it picks a discriminated
 * union's option). Without a matching option, any option that has the field will do.
 */
export function fieldOf(node: SchemaNode, key: string, value?: unknown): FieldLookup {
  const { core } = unwrap(node);
  const def = core._zod.def;
  if (def.type === 'array' && def.element !== undefined) {
    return /^\d+$/.test(key) ? { ok: true, node: def.element } : { ok: false, allowed: ['a list index'], otherOptions: [] };
  }
  if (def.type === 'object' && def.shape !== undefined) {
    const field = def.shape[key];
    return field !== undefined ? { ok: true, node: field } : { ok: false, allowed: Object.keys(def.shape), otherOptions: [] };
  }
  const u = unionOptions(core);
  if (u !== undefined) {
    const picked = pickOption(core, value);
    if (picked !== undefined) {
      const shape = unwrap(picked).core._zod.def.shape ?? {};
      const field = shape[key];
      if (field !== undefined) return { ok: true, node: field };
      return { ok: false, allowed: Object.keys(shape), otherOptions: optionsWith(u, key) };
    }
    for (const option of u.options) {
      const field = unwrap(option).core._zod.def.shape?.[key];
      if (field !== undefined) return { ok: true, node: field };
    }
    const all = new Set<string>();
    for (const option of u.options) for (const k of Object.keys(unwrap(option).core._zod.def.shape ?? {})) all.add(k);
    return { ok: false, allowed: [...all], otherOptions: [] };
  }
  return { ok: false, allowed: [], otherOptions: [] };
}

/** `model: lifetime`-style labels of the union options that do have field `key`. */
function optionsWith(u: { discriminator: string; options: readonly SchemaNode[] }, key: string): string[] {
  const labels: string[] = [];
  for (const option of u.options) {
    if (unwrap(option).core._zod.def.shape?.[key] === undefined) continue;
    const tag = optionTags(option, u.discriminator).find((v) => v !== undefined);
    if (tag !== undefined) labels.push(`${u.discriminator}: ${String(tag)}`);
  }
  return labels;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
