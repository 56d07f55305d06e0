import { isWholeExpression, isTemplate } from './expressions';
import { Finding, Findings } from './findings';
import { checkMetaArguments, MetaContext } from './meta';
import { checkRelations } from './relations';
import { AttributeSchema, BlockSchema, ObjectSchema, ProviderSchemaFile, ResourceSchema } from './schema';
import { checkItemCount, checkValue, describe } from './values';
import { satisfies, schemaVersion } from './versions';

/** A synthesized `cdk.tf.json`, parsed. */
export interface TerraformJson {
  readonly terraform?: { readonly required_providers?: Record<string, unknown>; readonly [key: string]: unknown };
  readonly provider?: Record<string, unknown>;
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/**
 * Checks every resource, data source and provider configuration of one
 * provider in a synthesized configuration against that provider's schema,
 * and reports every finding (nothing stops at the first): unknown resource
 * types, unknown arguments and blocks, missing required ones, arguments
 * only the provider may set, wrong types, values outside allowed values,
 * ranges, lengths, prefixes and patterns, item counts of lists and blocks,
 * ConflictsWith / ExactlyOneOf / AtLeastOneOf / RequiredWith, deprecated
 * arguments, literal secrets in sensitive arguments, meta-arguments
 * (count, for_each, depends_on, provider, lifecycle) and the provider's
 * `required_providers` entry (source, and a version constraint that admits
 * the schema's version). Resource types of other providers are skipped.
 *
 * Strings holding Terraform interpolation (`${...}`) are unknown before
 * plan: one that is a whole expression stands for any type, and no
 * validator runs on an unknown value.
 */
export function checkConformance(config: TerraformJson, schema: ProviderSchemaFile): Finding[] {
  const findings = new Findings();
  const name = schema.provider_name;
  const providerConfigs = asList(config.provider?.[name]);
  const context: MetaContext = {
    providerName: name,
    aliases: new Set(providerConfigs.map((p) => (p as Record<string, unknown>)?.alias).filter((a): a is string => typeof a === 'string')),
    addresses: addressesOf(config),
  };
  let used = providerConfigs.length > 0;
  for (const kind of ['resource', 'data'] as const) {
    const blocks = config[kind] ?? {};
    for (const type of Object.keys(blocks).sort()) {
      if (!type.startsWith(`${name}_`)) {
        continue;
      }
      used = true;
      const path = kind === 'resource' ? `resource.${type}` : `data.${type}`;
      const resourceSchema = (kind === 'resource' ? schema.resources : schema.data_sources)[type];
      if (!resourceSchema) {
        findings.add('unknown-resource-type', path, `the ${name} schema fixture has no ${kind === 'resource' ? 'resource' : 'data source'} type ${type}: `
          + `${name} does not have it, or it is not extracted yet (npm run schemas -- --from <dir> --add${kind === 'data' ? '-data' : ''} ${type}, which refuses types ${name} does not have)`);
        continue;
      }
      for (const instance of Object.keys(blocks[type]).sort()) {
        const metaArguments = kind === 'resource' ? schema.resource_meta_arguments : schema.data_meta_arguments;
        checkInstance(findings, `${path}.${instance}`, kind, blocks[type][instance], resourceSchema, metaArguments, context);
      }
    }
  }
  providerConfigs.forEach((body, index) => checkProviderConfig(findings, `provider.${name}.${index}`, body, schema));
  checkDuplicateProviderConfigs(findings, `provider.${name}`, providerConfigs);
  if (used) {
    checkRequiredProvider(findings, config, schema);
  }
  return findings.all;
}

function checkInstance(findings: Findings, path: string, kind: 'resource' | 'data', body: unknown, schema: ResourceSchema,
  metaArguments: string[], context: MetaContext): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return findings.add('wrong-type', path, `expected an object, got ${describe(body)}`);
  }
  const record = body as Record<string, unknown>;
  checkMetaArguments(findings, path, kind, record, schema, context);
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'timeouts') {
      checkTimeouts(findings, `${path}.timeouts`, value, schema.timeouts);
    } else if (!metaArguments.includes(key)) {
      args[key] = value;
    }
  }
  checkObject(findings, path, args, schema, args, '');
}

function checkProviderConfig(findings: Findings, path: string, body: unknown, schema: ProviderSchemaFile): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return findings.add('wrong-type', path, `expected an object, got ${describe(body)}`);
  }
  const args = Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([key]) => !schema.provider_meta_arguments.includes(key)));
  checkObject(findings, path, args, schema.provider, args, '');
}

/** Terraform allows one default configuration per provider and one per alias. */
function checkDuplicateProviderConfigs(findings: Findings, path: string, configs: unknown[]): void {
  const seen = new Set<string>();
  for (const body of configs) {
    const alias = String((body as Record<string, unknown> | null)?.alias ?? '(default)');
    if (seen.has(alias)) {
      findings.add('invalid-meta-argument', path, `two configurations with alias ${alias}`);
    }
    seen.add(alias);
  }
}

function checkRequiredProvider(findings: Findings, config: TerraformJson, schema: ProviderSchemaFile): void {
  const path = `terraform.required_providers.${schema.provider_name}`;
  const entry = config.terraform?.required_providers?.[schema.provider_name] as Record<string, unknown> | undefined;
  if (!entry || typeof entry !== 'object') {
    return findings.add('provider-requirement', path, `missing: without it Terraform looks for hashicorp/${schema.provider_name}; declare the provider in the stack`);
  }
  const source = typeof entry.source === 'string' ? normaliseSource(entry.source) : undefined;
  if (source !== normaliseSource(schema.provider_source)) {
    findings.add('provider-requirement', `${path}.source`, `expected ${schema.provider_source}, got ${describe(entry.source)}`);
  }
  const version = schemaVersion(schema.provider_version_or_commit);
  if (typeof entry.version !== 'string' || entry.version.trim() === '') {
    findings.add('provider-requirement', `${path}.version`, `expected a version constraint that admits ${version ?? 'the schema\'s version'}, got ${describe(entry.version)}`);
  } else if (version !== undefined && satisfies(version, entry.version) !== true) {
    findings.add('provider-requirement', `${path}.version`, `${JSON.stringify(entry.version)} does not admit ${version}, the version the schema was read from`);
  }
}

/** `azurerm` and `registry.terraform.io/hashicorp/azurerm` both mean `hashicorp/azurerm`. */
function normaliseSource(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 1) {
    return `hashicorp/${parts[0]}`;
  }
  return parts.length === 3 && parts[0] === 'registry.terraform.io' ? parts.slice(1).join('/') : parts.join('/');
}

function checkTimeouts(findings: Findings, path: string, value: unknown, keys: string[] | undefined): void {
  if (!keys) {
    return findings.add('unknown-argument', path, 'this resource type has no timeouts block');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return findings.add('wrong-type', path, `expected an object, got ${describe(value)}`);
  }
  for (const [key, duration] of Object.entries(value)) {
    if (!keys.includes(key)) {
      findings.add('unknown-argument', `${path}.${key}`, `not a timeout of this resource type (${keys.join(', ')})`);
    } else if (typeof duration !== 'string') {
      findings.add('wrong-type', `${path}.${key}`, `expected a duration such as "30m", got ${describe(duration)}`);
    }
  }
}

/**
 * Checks the arguments and blocks of one object (a resource body or a block
 * item). `root` is the resource body, for relations; `key` is the object's
 * SDK path prefix (`''` or `block.0.`).
 */
function checkObject(findings: Findings, path: string, body: Record<string, unknown>, schema: ObjectSchema, root: Record<string, unknown>, key: string): void {
  const dynamic = dynamicBlocks(findings, path, body, schema, root, key);
  for (const [name, value] of Object.entries(body)) {
    if (name === 'dynamic' || name === '//') {
      continue;
    }
    if (schema.attributes[name]) {
      checkAttribute(findings, `${path}.${name}`, value, schema.attributes[name]);
    } else if (schema.blocks[name]) {
      checkBlock(findings, `${path}.${name}`, value, schema.blocks[name], root, `${key}${name}`);
    } else {
      findings.add('unknown-argument', `${path}.${name}`, `not an argument or block of this schema (known: ${[...Object.keys(schema.attributes), ...Object.keys(schema.blocks)].sort().join(', ')})`);
    }
  }
  for (const [name, attribute] of Object.entries(schema.attributes)) {
    if (attribute.required && absent(body[name])) {
      findings.add('missing-argument', `${path}.${name}`, 'required, not set');
    }
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    if (block.effective_min_items > 0 && absent(body[name]) && !dynamic.has(name)) {
      findings.add('missing-block', `${path}.${name}`, `required (at least ${block.effective_min_items}), not set`);
    }
  }
  // Relations use absolute paths into the resource; check them once, from the first item of each block.
  if (!key.split('.').some((segment) => /^[1-9]\d*$/.test(segment))) {
    const all: Array<[string, AttributeSchema | BlockSchema]> = [...Object.entries(schema.attributes), ...Object.entries(schema.blocks)];
    for (const [name, flags] of all) {
      checkRelations(findings, `${path}.${name}`, `${key}${name}`, flags, root);
    }
  }
}

function checkAttribute(findings: Findings, path: string, value: unknown, attribute: AttributeSchema): void {
  if (value === null) {
    return;
  }
  if (!attribute.required && !attribute.optional) {
    return findings.add('computed-only', path, 'set by the provider; a configuration cannot set it');
  }
  if (attribute.deprecated) {
    findings.add('deprecated', path, attribute.deprecated);
  }
  if ((attribute.sensitive || attribute.write_only) && typeof value === 'string' && !isTemplate(value) && value !== '') {
    findings.add('literal-secret', path, 'a sensitive argument holds a literal value; pass it from a secret store or a variable');
  }
  checkValue(findings, path, value, attribute);
}

function checkBlock(findings: Findings, path: string, value: unknown, block: BlockSchema, root: Record<string, unknown>, key: string): void {
  if (value === null) {
    return;
  }
  if (block.mode === 'computed' || (!block.required && !block.optional)) {
    return findings.add('computed-only', path, 'a block the provider sets; a configuration cannot set it');
  }
  if (block.deprecated) {
    findings.add('deprecated', path, block.deprecated);
  }
  if (isWholeExpression(value)) {
    if (block.mode !== 'attr') {
      findings.add('wrong-type', path, 'a nested block cannot be an expression; use a dynamic block');
    }
    return;
  }
  const items = Array.isArray(value) ? value : [value];
  checkItemCount(findings, path, items, block.effective_min_items, block.effective_max_items);
  items.forEach((item, index) => {
    const itemPath = Array.isArray(value) ? `${path}.${index}` : path;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      findings.add('wrong-type', itemPath, `expected a block (an object), got ${describe(item)}`);
    } else {
      checkObject(findings, itemPath, item as Record<string, unknown>, block, root, `${key}.${index}.`);
    }
  });
}

/**
 * Checks `dynamic` blocks (`"dynamic": {"<block>": {"for_each": ..., "content": {...}}}`)
 * and returns the names of the blocks they stand for.
 */
function dynamicBlocks(findings: Findings, path: string, body: Record<string, unknown>, schema: ObjectSchema,
  root: Record<string, unknown>, key: string): Set<string> {
  const names = new Set<string>();
  const dynamic = body.dynamic;
  if (dynamic === undefined) {
    return names;
  }
  if (dynamic === null || typeof dynamic !== 'object' || Array.isArray(dynamic)) {
    findings.add('wrong-type', `${path}.dynamic`, `expected an object of dynamic blocks, got ${describe(dynamic)}`);
    return names;
  }
  for (const [name, spec] of Object.entries(dynamic as Record<string, unknown>)) {
    const at = `${path}.dynamic.${name}`;
    const block = schema.blocks[name];
    if (!block) {
      findings.add('unknown-argument', at, 'a dynamic block for a block this schema does not have');
      continue;
    }
    if (block.mode === 'computed') {
      findings.add('computed-only', at, 'a block the provider sets; a configuration cannot set it');
      continue;
    }
    names.add(name);
    const content = (spec as Record<string, unknown> | null)?.content;
    if ((spec as Record<string, unknown> | null)?.for_each === undefined || content === null || typeof content !== 'object' || Array.isArray(content)) {
      findings.add('wrong-type', at, `expected {for_each, content}, got ${describe(spec)}`);
      continue;
    }
    // Item counts are unknown before plan; the content is checked like one item.
    checkObject(findings, `${at}.content`, content as Record<string, unknown>, block, root, `${key}${name}.0.`);
  }
  return names;
}

function absent(value: unknown): boolean {
  return value === undefined || value === null;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

function addressesOf(config: TerraformJson): Set<string> {
  const addresses = new Set<string>();
  for (const [type, instances] of Object.entries(config.resource ?? {})) {
    Object.keys(instances).forEach((name) => addresses.add(`${type}.${name}`));
  }
  for (const [type, instances] of Object.entries(config.data ?? {})) {
    Object.keys(instances).forEach((name) => addresses.add(`data.${type}.${name}`));
  }
  return addresses;
}
