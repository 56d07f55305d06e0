import { readFileSync } from 'fs';
import { join } from 'path';

/*
 * The rich provider schema format of test/fixtures/provider-schemas/ (read
 * statically from each provider's Go source; see the README there). Field
 * names are the file's own.
 */

/** A terraform-plugin-sdk value type. */
export type SdkType = 'TypeString' | 'TypeInt' | 'TypeFloat' | 'TypeBool' | 'TypeList' | 'TypeSet' | 'TypeMap';

/** A validator of the provider, with what could be read of it statically. */
export interface ValidatorSchema {
  /** The Go function, e.g. `validation.StringInSlice`. */
  readonly func: string;
  /** Its arguments as far as they were resolved (nested validators for `validation.Any` / `All`). */
  readonly args?: unknown[];
  readonly allowed_values?: Array<string | number>;
  readonly ignore_case?: boolean;
  /** `[min, max]`; `null` is unbounded. */
  readonly range?: [number | null, number | null];
  readonly length_range?: [number, number];
  readonly prefixes?: string[];
  readonly regex?: string;
}

/** What attributes and nested blocks share. */
export interface SchemaFlags {
  readonly type: SdkType;
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  readonly sensitive?: boolean;
  /** A write-only argument (a secret Terraform never stores). */
  readonly write_only?: boolean;
  /** A deprecation message. */
  readonly deprecated?: string;
  readonly max_items?: number;
  readonly min_items?: number;
  readonly conflicts_with?: string[];
  readonly exactly_one_of?: string[];
  readonly at_least_one_of?: string[];
  readonly required_with?: string[];
}

/** An argument or attribute. */
export interface AttributeSchema extends SchemaFlags {
  readonly validate?: ValidatorSchema;
  /** The element type of a list, set or map (a map without one holds strings). */
  readonly elem_type?: SdkType;
  readonly elem_validate?: ValidatorSchema;
}

/** Attributes and nested blocks of a resource, data source, provider or block. */
export interface ObjectSchema {
  readonly attributes: { readonly [name: string]: AttributeSchema };
  readonly blocks: { readonly [name: string]: BlockSchema };
}

/** A nested block. */
export interface BlockSchema extends SchemaFlags, ObjectSchema {
  readonly nesting: 'list' | 'set';
  /** `block`; `attr` (may also be written as an expression); `computed` (cannot be set). */
  readonly mode: 'block' | 'attr' | 'computed';
  readonly effective_min_items: number;
  /** 0 is unlimited. */
  readonly effective_max_items: number;
}

/** A resource or data source. */
export interface ResourceSchema extends ObjectSchema {
  /** The Go source file, for provenance. */
  readonly source?: string;
  /** Keys of the `timeouts` block, when it has one. */
  readonly timeouts?: string[];
  /** What could not be read statically. */
  readonly unresolved?: string[];
}

/** One provider's schema file. */
export interface ProviderSchemaFile {
  /** The provider's local name, e.g. `azurerm`. */
  readonly provider_name: string;
  /** Its registry source, e.g. `hashicorp/azurerm`. */
  readonly provider_source: string;
  /** e.g. `v4.55.0 (37bf7f0...)`. */
  readonly provider_version_or_commit: string;
  readonly resource_meta_arguments: string[];
  readonly data_meta_arguments: string[];
  readonly provider_meta_arguments: string[];
  readonly provider: ObjectSchema;
  readonly resources: { readonly [type: string]: ResourceSchema };
  readonly data_sources: { readonly [type: string]: ResourceSchema };
}

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'provider-schemas');
const loaded = new Map<string, ProviderSchemaFile>();

/** The schema fixture of a provider, e.g. `loadProviderSchema('azurerm')`. */
export function loadProviderSchema(provider: string): ProviderSchemaFile {
  let schema = loaded.get(provider);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(FIXTURES, `${provider}.json`), 'utf8')) as ProviderSchemaFile;
    loaded.set(provider, schema);
  }
  return schema;
}
