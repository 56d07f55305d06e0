import { isTemplate, isWholeExpression } from './expressions';
import { Findings } from './findings';
import { ObjectSchema } from './schema';
import { describe } from './values';

/*
 * Terraform's meta-arguments, which every resource and data source accepts
 * whatever its provider (https://developer.hashicorp.com/terraform/language/meta-arguments):
 * count, for_each, depends_on, provider, lifecycle (resources also
 * provisioner and connection). The schema file lists which ones each kind
 * of block takes; this checks their shape and what they refer to.
 */

/** What meta-arguments may refer to in the configuration being checked. */
export interface MetaContext {
  /** The provider's local name, e.g. `azurerm`. */
  readonly providerName: string;
  /** Aliases of the provider's configurations in the configuration. */
  readonly aliases: ReadonlySet<string>;
  /** Every `type.name` and `data.type.name` declared in the configuration. */
  readonly addresses: ReadonlySet<string>;
}

const RESOURCE_LIFECYCLE = ['create_before_destroy', 'prevent_destroy', 'ignore_changes', 'replace_triggered_by', 'precondition', 'postcondition'];
const DATA_LIFECYCLE = ['precondition', 'postcondition'];
const ADDRESS = /^(data\.)?[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Checks the meta-arguments of one resource (`kind` `resource`) or data
 * source (`data`) body, given the schema of its own arguments.
 */
export function checkMetaArguments(findings: Findings, path: string, kind: 'resource' | 'data', body: Record<string, unknown>, schema: ObjectSchema, context: MetaContext): void {
  if (body.count !== undefined && body.for_each !== undefined) {
    findings.add('invalid-meta-argument', path, 'count and for_each cannot both be set');
  }
  if (body.count !== undefined && !isWholeExpression(body.count) && !(Number.isInteger(body.count) && (body.count as number) >= 0)) {
    findings.add('invalid-meta-argument', `${path}.count`, `expected a whole number of at least 0 or an expression, got ${describe(body.count)}`);
  }
  if (body.for_each !== undefined && !isWholeExpression(body.for_each)
    && (body.for_each === null || typeof body.for_each !== 'object' || Array.isArray(body.for_each))) {
    // A JSON array is a tuple, which for_each refuses; sets come from toset(...).
    findings.add('invalid-meta-argument', `${path}.for_each`, `expected a map or an expression (e.g. "\${toset(...)}"), got ${describe(body.for_each)}`);
  }
  if (body.depends_on !== undefined) {
    checkDependsOn(findings, `${path}.depends_on`, body.depends_on, context);
  }
  if (body.provider !== undefined) {
    checkProviderReference(findings, `${path}.provider`, body.provider, context);
  }
  if (body.lifecycle !== undefined) {
    checkLifecycle(findings, `${path}.lifecycle`, body.lifecycle, kind === 'resource' ? RESOURCE_LIFECYCLE : DATA_LIFECYCLE, schema);
  }
}

function checkDependsOn(findings: Findings, path: string, value: unknown, context: MetaContext): void {
  if (!Array.isArray(value)) {
    return findings.add('invalid-meta-argument', path, `expected a list of references, got ${describe(value)}`);
  }
  value.forEach((entry, index) => {
    const reference = typeof entry === 'string' ? entry.replace(/^\$\{(.*)\}$/, '$1') : undefined;
    if (reference === undefined || !(ADDRESS.test(reference) || /^module\.[A-Za-z_][A-Za-z0-9_-]*$/.test(reference))) {
      findings.add('invalid-meta-argument', `${path}.${index}`, `expected a reference such as "azurerm_resource_group.example", got ${describe(entry)}`);
    } else if (ADDRESS.test(reference) && !context.addresses.has(reference)) {
      findings.add('invalid-meta-argument', `${path}.${index}`, `refers to ${reference}, which the configuration does not declare`);
    }
  });
}

function checkProviderReference(findings: Findings, path: string, value: unknown, context: MetaContext): void {
  const match = typeof value === 'string' ? /^(?:\$\{)?([a-z0-9_-]+)(?:\.([A-Za-z0-9_-]+))?(?:\})?$/.exec(value) : null;
  if (!match) {
    return findings.add('invalid-meta-argument', path, `expected "<provider>" or "<provider>.<alias>", got ${describe(value)}`);
  }
  const [, name, alias] = match;
  if (name !== context.providerName) {
    findings.add('invalid-meta-argument', path, `refers to provider ${name}, but the resource type belongs to ${context.providerName}`);
  } else if (alias !== undefined && !context.aliases.has(alias)) {
    findings.add('invalid-meta-argument', path, `refers to ${name}.${alias}, but no ${name} provider configuration has alias "${alias}"`);
  }
}

function checkLifecycle(findings: Findings, path: string, value: unknown, allowed: string[], schema: ObjectSchema): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return findings.add('invalid-meta-argument', path, `expected an object, got ${describe(value)}`);
  }
  const lifecycle = value as Record<string, unknown>;
  for (const key of Object.keys(lifecycle)) {
    if (!allowed.includes(key)) {
      findings.add('invalid-meta-argument', `${path}.${key}`, `not a lifecycle argument here (${allowed.join(', ')})`);
    }
  }
  for (const key of ['create_before_destroy', 'prevent_destroy']) {
    // Lifecycle settings are read before expressions are evaluated: literals only.
    if (lifecycle[key] !== undefined && typeof lifecycle[key] !== 'boolean') {
      findings.add('invalid-meta-argument', `${path}.${key}`, `expected a literal true or false, got ${describe(lifecycle[key])}`);
    }
  }
  const ignore = lifecycle.ignore_changes;
  if (ignore !== undefined && ignore !== 'all') {
    if (!Array.isArray(ignore)) {
      findings.add('invalid-meta-argument', `${path}.ignore_changes`, `expected "all" or a list of arguments, got ${describe(ignore)}`);
    } else {
      ignore.forEach((entry, index) => {
        const name = typeof entry === 'string' ? entry.replace(/^\$\{(.*)\}$/, '$1').split(/[.[]/)[0] : undefined;
        if (name === undefined || isTemplate(name) || !(name in schema.attributes || name in schema.blocks)) {
          findings.add('invalid-meta-argument', `${path}.ignore_changes.${index}`, `expected an argument of the resource, got ${describe(entry)}`);
        }
      });
    }
  }
  for (const key of ['precondition', 'postcondition']) {
    const conditions = lifecycle[key];
    if (conditions === undefined) {
      continue;
    }
    const list = Array.isArray(conditions) ? conditions : [conditions];
    list.forEach((condition, index) => {
      const c = condition as Record<string, unknown> | null;
      if (c === null || typeof c !== 'object' || c.condition === undefined || typeof c.error_message !== 'string') {
        findings.add('invalid-meta-argument', `${path}.${key}.${index}`, `expected {condition, error_message}, got ${describe(condition)}`);
      }
    });
  }
}
