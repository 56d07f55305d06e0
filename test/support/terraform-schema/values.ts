import { containsUnknown, isTemplate, isWholeExpression } from './expressions';
import { FindingKind, Findings } from './findings';
import { SdkType, ValidatorSchema } from './schema';

/*
 * Checks one value against its type and the provider's validators, as
 * terraform-plugin-sdk v2 does (helper/schema/schema.go: validateType,
 * validateList, validateMap, validatePrimitive). Types are checked strictly
 * against JSON's own types: Terraform would convert "1" to a number, but
 * bindings that write the wrong JSON type have a bug worth seeing.
 */

/** The shape of a value to check: type, element type, validators and item counts. */
export interface ValueSchema {
  readonly type: SdkType;
  readonly elem_type?: SdkType;
  readonly validate?: ValidatorSchema;
  readonly elem_validate?: ValidatorSchema;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** Checks `value` at `path`; an expression standing for the whole value is accepted as any type. */
export function checkValue(findings: Findings, path: string, value: unknown, schema: ValueSchema): void {
  if (isWholeExpression(value)) {
    return;
  }
  switch (schema.type) {
    case 'TypeString':
      if (typeof value !== 'string') {
        return findings.add('wrong-type', path, `expected a string, got ${describe(value)}`);
      }
      break;
    case 'TypeInt':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return findings.add('wrong-type', path, `expected a whole number, got ${describe(value)}`);
      }
      break;
    case 'TypeFloat':
      if (typeof value !== 'number') {
        return findings.add('wrong-type', path, `expected a number, got ${describe(value)}`);
      }
      break;
    case 'TypeBool':
      if (typeof value !== 'boolean') {
        return findings.add('wrong-type', path, `expected true or false, got ${describe(value)}`);
      }
      break;
    case 'TypeList':
    case 'TypeSet':
      if (!Array.isArray(value)) {
        return findings.add('wrong-type', path, `expected a list, got ${describe(value)}`);
      }
      checkItemCount(findings, path, value, schema.min_items ?? 0, schema.max_items ?? 0);
      value.forEach((element, index) => checkValue(findings, `${path}.${index}`,
        element, { type: schema.elem_type ?? 'TypeString', validate: schema.elem_validate }));
      break;
    case 'TypeMap':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return findings.add('wrong-type', path, `expected a map, got ${describe(value)}`);
      }
      for (const [key, element] of Object.entries(value)) {
        checkValue(findings, `${path}.${key}`, element, { type: schema.elem_type ?? 'TypeString', validate: schema.elem_validate });
      }
      break;
  }
  // Validators see only known values (the SDK defers the rest until plan).
  if (schema.validate && !containsUnknown(value)) {
    const problem = validate(schema.validate, value);
    if (problem) {
      findings.add(problem.kind, path, problem.message);
    }
  }
}

/** Checks a list's or block's item count; a maximum of 0 is unlimited. Lists holding unknowns are not counted, as in the SDK. */
export function checkItemCount(findings: Findings, path: string, items: unknown[], min: number, max: number): void {
  if (containsUnknown(items)) {
    return;
  }
  if (max > 0 && items.length > max) {
    findings.add('too-many-items', path, `at most ${max} item(s) allowed, got ${items.length}`);
  }
  if (min > 0 && items.length < min) {
    findings.add('too-few-items', path, `at least ${min} item(s) required, got ${items.length}`);
  }
}

/** A validator's objection. */
interface Problem {
  readonly kind: FindingKind;
  readonly message: string;
}

/**
 * Runs a validator on a known value: what the schema resolved (allowed
 * values, ranges, lengths, prefixes, patterns) and the provider functions
 * whose rule is plain from their name and arguments. A function this checker
 * cannot evaluate passes (the schema file lists it by name only).
 */
export function validate(validator: ValidatorSchema, value: unknown): Problem | undefined {
  const problems = VALIDATOR_FUNCTIONS[validator.func]?.(validator, value);
  if (problems !== undefined) {
    return problems === true ? undefined : problems;
  }
  return fromResolvedFacts(validator, value);
}

/** Returns `true` when the value passes, a problem when it fails. */
type ValidatorFunction = (validator: ValidatorSchema, value: unknown) => true | Problem;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const VALIDATOR_FUNCTIONS: Record<string, ValidatorFunction> = {
  // Combinators: the schema records their branches as validators in `args`.
  'validation.Any': (v, value) => {
    const branches = nested(v);
    const outcomes = branches.map((branch) => validate(branch, value));
    return branches.length === 0 || outcomes.some((outcome) => outcome === undefined)
      ? true
      : { kind: outcomes[0]!.kind, message: `matches none of ${branches.map((b) => b.func).join(', ')}: ${outcomes.map((o) => o!.message).join('; ')}` };
  },
  'validation.All': (v, value) => nested(v).map((branch) => validate(branch, value)).find((outcome) => outcome !== undefined) ?? true,
  'validation.StringIsNotEmpty': (_, value) => value !== '' || invalid('expected a non-empty string'),
  'tccommon.ValidateNotEmpty': (_, value) => value !== '' || invalid('expected a non-empty string'),
  'validation.StringIsNotWhiteSpace': (_, value) => (typeof value === 'string' && value.trim() !== '') || invalid('expected a string that is not blank'),
  'validation.StringIsJSON': (_, value) => isJson(value) || invalid('expected a JSON document'),
  'validation.IsUUID': (_, value) => (typeof value === 'string' && UUID.test(value)) || invalid(`expected a UUID, got ${describe(value)}`),
  'validation.StringDoesNotContainAny': (v, value) => {
    const forbidden = String(v.args?.[0] ?? '');
    const found = [...forbidden].find((c) => String(value).includes(c));
    return found === undefined || invalid(`must not contain any of ${JSON.stringify(forbidden)}, got ${describe(value)}`);
  },
  'validation.StringStartsWithOneOf': (v, value) => {
    const prefixes = (v.args ?? []).map(String);
    return prefixes.some((p) => String(value).startsWith(p)) || { kind: 'missing-prefix', message: `expected a value starting with one of ${JSON.stringify(prefixes)}, got ${describe(value)}` };
  },
  // azurerm internal/tags/validation.go
  'tags.Validate': (_, value) => azureTags(value, 50, 512),
  'tags.ValidateWithMaximumElements': (v, value) => azureTags(value, Number(v.args?.[0] ?? 50), 512),
  // azurerm internal/services/storage/validate/storage_account_tags.go
  'validate.StorageAccountTags': (_, value) => azureTags(value, 50, 128),
};

function fromResolvedFacts(v: ValidatorSchema, value: unknown): Problem | undefined {
  if (v.allowed_values) {
    const matches = (allowed: string | number) => (v.ignore_case && typeof allowed === 'string' && typeof value === 'string'
      ? allowed.toLowerCase() === value.toLowerCase()
      : allowed === value);
    if (!v.allowed_values.some(matches)) {
      return { kind: 'value-not-allowed', message: `expected one of ${JSON.stringify(v.allowed_values)}${v.ignore_case ? ' (any case)' : ''}, got ${describe(value)}` };
    }
  }
  if (v.range && typeof value === 'number') {
    const [min, max] = v.range;
    if ((min !== null && value < min) || (max !== null && value > max)) {
      return { kind: 'out-of-range', message: `expected a number in [${min ?? '-inf'}, ${max ?? 'inf'}], got ${value}` };
    }
  }
  if (v.length_range && typeof value === 'string') {
    // Go's len() counts bytes.
    const length = Buffer.byteLength(value, 'utf8');
    const [min, max] = v.length_range;
    if (length < min || length > max) {
      return { kind: 'length-out-of-range', message: `expected ${min}-${max} bytes, got ${length} (${describe(value)})` };
    }
  }
  if (v.prefixes && typeof value === 'string' && !v.prefixes.some((p) => value.startsWith(p))) {
    return { kind: 'missing-prefix', message: `expected a value starting with one of ${JSON.stringify(v.prefixes)}, got ${describe(value)}` };
  }
  if (v.regex && typeof value === 'string') {
    const pattern = goRegex(v.regex);
    if (pattern && !pattern.test(value)) {
      return { kind: 'pattern-mismatch', message: `expected a value matching ${v.regex}, got ${describe(value)}` };
    }
  }
  return undefined;
}

function nested(v: ValidatorSchema): ValidatorSchema[] {
  return (v.args ?? []).filter((arg): arg is ValidatorSchema => arg !== null && typeof arg === 'object' && 'func' in arg);
}

function invalid(message: string): Problem {
  return { kind: 'invalid-value', message };
}

function isJson(value: unknown): boolean {
  try {
    JSON.parse(String(value));
    return typeof value === 'string';
  } catch {
    return false;
  }
}

function azureTags(value: unknown, maxTags: number, maxKeyBytes: number): true | Problem {
  const tags = value as Record<string, unknown>;
  const keys = Object.keys(tags);
  if (keys.length > maxTags) {
    return invalid(`at most ${maxTags} tags allowed, got ${keys.length}`);
  }
  const longKey = keys.find((key) => Buffer.byteLength(key) > maxKeyBytes);
  if (longKey !== undefined) {
    return invalid(`tag keys of at most ${maxKeyBytes} bytes, got ${JSON.stringify(longKey)}`);
  }
  const longValue = keys.find((key) => Buffer.byteLength(String(tags[key])) > 256);
  return longValue === undefined || invalid(`tag values of at most 256 bytes, got the value of ${JSON.stringify(longValue)}`);
}

/** Go's RE2 syntax as a JavaScript RegExp, where the two agree; undefined where they may not. */
function goRegex(source: string): RegExp | undefined {
  if (/\(\?[a-zA-Z]|\\[pPzAQE]|\[\[:/.test(source)) {
    return undefined; // flags, Unicode classes, \z, \A, \Q..\E and POSIX classes differ
  }
  try {
    return new RegExp(source, 'u');
  } catch {
    return undefined;
  }
}

/** A value as findings quote it. */
export function describe(value: unknown): string {
  if (isTemplate(value)) {
    return `the expression ${JSON.stringify(value)}`;
  }
  if (Array.isArray(value)) {
    return `a list ${truncate(JSON.stringify(value))}`;
  }
  if (value !== null && typeof value === 'object') {
    return `an object ${truncate(JSON.stringify(value))}`;
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
