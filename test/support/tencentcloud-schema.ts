/*
 * The repository's copy of the tencentcloud provider schema (rich format,
 * see scripts/extract-provider-schemas.ts), as the binding tests read it.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

/** An argument of a resource or block: Go SDK type names, as in the provider's source. */
export interface SchemaAttribute {
  readonly type: 'TypeString' | 'TypeInt' | 'TypeFloat' | 'TypeBool' | 'TypeList' | 'TypeSet' | 'TypeMap';
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  readonly elem_type?: SchemaAttribute['type'];
}

/** A nested block (a TypeList or TypeSet of a schema.Resource). */
export interface SchemaBlock extends SchemaNode {
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  readonly nesting: 'list' | 'set';
  /** `computed` blocks cannot be set in configuration. */
  readonly mode: 'block' | 'attr' | 'computed';
  /** 0 means unlimited. */
  readonly effective_max_items: number;
}

/** A resource, the provider block or a nested block. */
export interface SchemaNode {
  readonly attributes: Record<string, SchemaAttribute>;
  readonly blocks?: Record<string, SchemaBlock>;
}

export interface ProviderSchema {
  readonly provider_source: string;
  readonly provider_version_or_commit: string;
  readonly provider: SchemaNode;
  readonly resources: Record<string, SchemaNode>;
}

export const SCHEMA_FILE = join(__dirname, '..', 'fixtures', 'provider-schemas', 'tencentcloud.json');

export function loadTencentcloudSchema(): ProviderSchema {
  return JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
}

/** The release the schema was read from, e.g. `1.83.25`. */
export function schemaRelease(schema: ProviderSchema): string {
  const match = /^v?(\d+\.\d+\.\d+)\b/.exec(schema.provider_version_or_commit);
  if (!match) {
    throw new Error(`not a release: ${schema.provider_version_or_commit}`);
  }
  return match[1];
}

/** Arguments a configuration may set: required or optional, not computed-only. */
export function configurableAttributes(node: SchemaNode): string[] {
  return Object.entries(node.attributes)
    .filter(([, attribute]) => attribute.required || attribute.optional)
    .map(([name]) => name)
    .sort();
}

/** Nested blocks a configuration may write. */
export function configurableBlocks(node: SchemaNode): string[] {
  return Object.entries(node.blocks ?? {})
    .filter(([, block]) => block.mode !== 'computed')
    .map(([name]) => name)
    .sort();
}

/** Arguments the provider computes: readable as references, whether or not they may also be set. */
export function computedAttributes(node: SchemaNode): string[] {
  return Object.entries(node.attributes)
    .filter(([, attribute]) => attribute.computed)
    .map(([name]) => name)
    .sort();
}

/** The property name cdktf's generator gives a snake_case argument. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
