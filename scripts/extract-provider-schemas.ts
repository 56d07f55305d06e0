/*
 * Copies the part of a provider schema that this library's resources use
 * into test/fixtures/provider-schemas/, so that the schema conformance tests
 * and the binding generator run on a clone of the repository alone:
 *
 *   <provider>.json
 *     the rich format (required/optional/computed, ForceNew, allowed values,
 *     ranges), without documentation, read by the schema conformance tests;
 *   <provider>.terraform-schema.json
 *     for a provider whose bindings this repository generates itself
 *     (tencentcloud): the format `terraform providers schema -json` prints,
 *     with descriptions, for the `bindings` types of resources.json only,
 *     read by scripts/generate-tencentcloud-bindings.ts.
 *
 *   npm run schemas -- --from <dir>                       # re-extract every provider
 *   npm run schemas -- --from <dir> --add azurerm_storage_account tencentcloud_cos_bucket
 *   npm run schemas -- --from <dir> --add-data azurerm_client_config
 *   npm run schemas -- --from <dir> --add-binding tencentcloud_cos_bucket
 *
 * <dir> holds `<provider>.schema.json` files in the rich format described in
 * test/fixtures/provider-schemas/README.md (read statically from each
 * provider's Go source), and `<provider>.terraform-schema.json` for a
 * provider with bindings. The list of extracted types is
 * test/fixtures/provider-schemas/resources.json; `--add`, `--add-data` and
 * `--add-binding` append to it (the provider is the type's prefix; a
 * binding is also extracted as a resource) before extracting. A name ending
 * in `*` takes every type of the source with that prefix (not in bindings,
 * which name each type). `--fixtures <dir>` writes elsewhere (the script's
 * own test uses it).
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';

const DEFAULT_FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'provider-schemas');

/**
 * Per provider: the resource and data source types (or `prefix*` patterns)
 * to extract, and the resource types the repository generates bindings for.
 */
type ResourceList = Record<string, ProviderTypes>;

interface ProviderTypes {
  resources: string[];
  data_sources: string[];
  /** Resource types that get a generated binding (and so a terraform-schema subset). */
  bindings?: string[];
}

/** Keys of attribute and block schemas that only document. */
const DOCUMENTATION_KEYS = new Set(['description', 'note', 'default_func']);

/** Top-level keys of a source schema that the fixture keeps as they are. */
const KEPT_KEYS = [
  'provider_name', 'provider_source', 'provider_repo', 'provider_version_or_commit', 'commit', 'commit_date', 'generated_by',
  'resource_meta_arguments', 'data_meta_arguments', 'provider_meta_arguments',
];

interface Options {
  readonly from: string;
  readonly fixtures: string;
  readonly addResources: string[];
  readonly addDataSources: string[];
  readonly addBindings: string[];
}

function parseArguments(argv: string[]): Options {
  let from: string | undefined;
  let fixtures = DEFAULT_FIXTURES;
  const addResources: string[] = [];
  const addDataSources: string[] = [];
  const addBindings: string[] = [];
  let target: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--from') {
      from = argv[++i];
      target = undefined;
    } else if (arg === '--fixtures') {
      fixtures = resolve(argv[++i]);
      target = undefined;
    } else if (arg === '--add') {
      target = addResources;
    } else if (arg === '--add-data') {
      target = addDataSources;
    } else if (arg === '--add-binding') {
      target = addBindings;
    } else if (target && !arg.startsWith('--')) {
      target.push(arg);
    } else {
      throw new Error(`unexpected argument ${JSON.stringify(arg)}; usage: --from <dir> [--add <type>...] [--add-data <type>...] [--add-binding <type>...]`);
    }
  }
  if (!from) {
    throw new Error('--from <dir> is required: the directory holding <provider>.schema.json');
  }
  return { from: resolve(from), fixtures, addResources, addDataSources, addBindings };
}

/** The provider of a type: its prefix up to the first `_`. */
function providerOf(type: string): string {
  const index = type.indexOf('_');
  if (index <= 0) {
    throw new Error(`${type}: expected a type named <provider>_<name>`);
  }
  return type.slice(0, index);
}

function addTo(list: ResourceList, types: string[], kind: 'resources' | 'data_sources' | 'bindings'): void {
  for (const type of types) {
    const provider = providerOf(type);
    list[provider] ??= { resources: [], data_sources: [] };
    const names = (list[provider][kind] ??= []);
    if (!names.includes(type)) {
      names.push(type);
    }
  }
}

/** Whether a listed name (`prefix*` or exact) takes `type`. */
function matchesPattern(pattern: string, type: string): boolean {
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

/** The source's types that `patterns` name, sorted; throws for a name the source lacks. */
function expand(patterns: string[], available: Record<string, unknown>, all: string[] | undefined, source: string): string[] {
  const names = Object.keys(available);
  const chosen = new Set<string>();
  for (const pattern of patterns) {
    const matches = names.filter((name) => matchesPattern(pattern, name));
    if (matches.length === 0) {
      const registered = all?.some((name) => matchesPattern(pattern, name));
      throw new Error(`${pattern}: not in ${source}${registered ? ' (the provider has it, but the source schema was not read for it)' : ' (the provider has no such type)'}`);
    }
    matches.forEach((name) => chosen.add(name));
  }
  return [...chosen].sort();
}

/** What a validator's `args` say again once the source resolved them. */
const RESOLVED_FACTS = ['allowed_values', 'range', 'length_range', 'prefixes', 'regex'];

/** Keys whose value maps argument or block names to their schemas. */
const NAME_MAPS = new Set(['attributes', 'blocks']);

/**
 * A schema without its documentation, keys in a stable order. A validator's
 * raw `args` are dropped where the source resolved them into facts. The
 * keys of `attributes` and `blocks` are argument names, kept as they are:
 * an argument may be called `description` or `note`.
 */
function strip(value: unknown, names: boolean = false): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => strip(item));
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const redundantArgs = !names && 'func' in record && RESOLVED_FACTS.some((key) => key in record);
    return Object.fromEntries(Object.keys(record).sort()
      .filter((key) => names || (!DOCUMENTATION_KEYS.has(key) && !(redundantArgs && key === 'args')))
      .map((key) => [key, strip(record[key], !names && NAME_MAPS.has(key))]));
  }
  return value;
}

function extract(from: string, fixtures: string, provider: string, wanted: ProviderTypes): void {
  const sourceFile = join(from, `${provider}.schema.json`);
  if (!existsSync(sourceFile)) {
    throw new Error(`${sourceFile}: not found`);
  }
  const source = JSON.parse(readFileSync(sourceFile, 'utf8'));
  const resources = expand(wanted.resources, source.resources, source.all_resource_types, sourceFile);
  const dataSources = expand(wanted.data_sources, source.data_sources, source.all_data_source_types, sourceFile);
  const fixture = {
    provenance: {
      note: `A subset of ${provider}.schema.json, the ${provider} provider's argument schema read statically from its Go source `
        + `(${source.provider_repo} at ${source.provider_version_or_commit}). Regenerate with scripts/extract-provider-schemas.ts; do not edit.`,
      source_file: `${provider}.schema.json`,
      extracted_by: 'scripts/extract-provider-schemas.ts',
      requested: { resources: wanted.resources, data_sources: wanted.data_sources },
    },
    ...Object.fromEntries(KEPT_KEYS.filter((key) => key in source).map((key) => [key, source[key]])),
    provider: strip(source.provider),
    resources: Object.fromEntries(resources.map((name) => [name, strip(source.resources[name])])),
    data_sources: Object.fromEntries(dataSources.map((name) => [name, strip(source.data_sources[name])])),
  };
  const target = join(fixtures, `${provider}.json`);
  writeFileSync(target, `${readableJson(fixture, '')}\n`);
  console.log(`${target}: ${resources.length} resource types, ${dataSources.length} data sources`);
  if (wanted.bindings && wanted.bindings.length > 0) {
    extractBindingSchema(from, fixtures, provider, source, wanted.bindings, resources);
  }
}

/**
 * Writes `<provider>.terraform-schema.json`: the provider block and the
 * binding types, as `terraform providers schema -json` prints them (with
 * their descriptions, which become the bindings' documentation), from the
 * source's file of that format.
 */
function extractBindingSchema(from: string, fixtures: string, provider: string, source: Record<string, any>, bindings: string[], extracted: string[]): void {
  const notExtracted = bindings.filter((type) => !extracted.includes(type));
  if (notExtracted.length > 0) {
    throw new Error(`${provider} bindings ${notExtracted.join(', ')}: not among the extracted resource types (list them in resources, or use --add-binding)`);
  }
  const sourceFile = join(from, `${provider}.terraform-schema.json`);
  if (!existsSync(sourceFile)) {
    throw new Error(`${sourceFile}: not found (a provider with bindings needs its terraform-schema format too)`);
  }
  const terraformSchema = JSON.parse(readFileSync(sourceFile, 'utf8'));
  const address = `registry.terraform.io/${source.provider_source}`;
  const schemas = terraformSchema.provider_schemas?.[address];
  if (!schemas) {
    throw new Error(`${sourceFile}: no provider ${address}`);
  }
  const types = [...bindings].sort();
  const missing = types.filter((type) => !(type in schemas.resource_schemas));
  if (missing.length > 0) {
    throw new Error(`${sourceFile}: no resource ${missing.join(', ')}`);
  }
  const subset = {
    provenance: `Subset of the ${provider} provider schema read from ${source.provider_repo} ${source.provider_version_or_commit}: `
      + `the provider block and the types resources.json lists as bindings. Regenerate with scripts/extract-provider-schemas.ts; do not edit.`,
    format_version: terraformSchema.format_version,
    provider_schemas: {
      [address]: {
        provider: schemas.provider,
        resource_schemas: Object.fromEntries(types.map((type) => [type, schemas.resource_schemas[type]])),
        data_source_schemas: {},
      },
    },
  };
  const target = join(fixtures, `${provider}.terraform-schema.json`);
  writeFileSync(target, `${JSON.stringify(subset, null, 2)}\n`);
  console.log(`${target}: ${types.length} resource types with bindings`);
}

/** JSON with one line per small object or list (an attribute's schema, say): short, and diffs read well. */
function readableJson(value: unknown, indent: string): string {
  const flat = JSON.stringify(value);
  if (flat.length <= 160 || value === null || typeof value !== 'object') {
    return flat;
  }
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${readableJson(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${inner}${JSON.stringify(key)}: ${readableJson(item, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

function main(): void {
  const options = parseArguments(process.argv.slice(2));
  const listFile = join(options.fixtures, 'resources.json');
  const list: ResourceList = JSON.parse(readFileSync(listFile, 'utf8'));
  addTo(list, options.addResources, 'resources');
  addTo(list, options.addDataSources, 'data_sources');
  // A binding is extracted as a resource too, unless a listed pattern already takes it.
  addTo(list, options.addBindings.filter((type) => !(list[providerOf(type)]?.resources ?? []).some((pattern) => matchesPattern(pattern, type))), 'resources');
  addTo(list, options.addBindings, 'bindings');
  for (const provider of Object.keys(list).sort()) {
    extract(options.from, options.fixtures, provider, list[provider]);
  }
  // The list changes only once every provider extracted.
  writeFileSync(listFile, `${JSON.stringify(list, null, 2)}\n`);
}

main();
