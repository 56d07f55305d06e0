import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';

/**
 * What a cloud accepts as resource tags. Every field is optional so that a
 * narrower rule for some resource types (`TagRules.resourceTypeRules`) can
 * name only what it changes; a field left out of the cloud's base rules
 * means "no limit".
 */
export interface TagLimits {
  /** Most tags on one resource. */
  readonly maxTags?: number;
  /** Longest key, in characters. */
  readonly maxKeyLength?: number;
  /** Shortest value, in characters (1 where empty values are refused). */
  readonly minValueLength?: number;
  /** Longest value, in characters. */
  readonly maxValueLength?: number;
  /** Characters a key may not contain, e.g. `<>%&\?/`. */
  readonly forbiddenKeyCharacters?: string;
  /** The characters a key may be made of. */
  readonly keyCharacters?: CharacterClass;
  /** The characters a value may be made of. */
  readonly valueCharacters?: CharacterClass;
  /** Whether a key may start with a digit. */
  readonly keyMayStartWithDigit?: boolean;
  /** Whether keys and values may start or end with a space. */
  readonly surroundingSpaces?: boolean;
  /** Key prefixes the cloud reserves for itself, compared without regard to case. */
  readonly reservedKeyPrefixes?: string[];
  /** Whether the cloud treats keys that differ only in case as one key. */
  readonly caseInsensitiveKeys?: boolean;
}

/** A set of characters, as a one-character regular expression and as words. */
export interface CharacterClass {
  /** Matches a string of exactly one allowed character, e.g. `/^[A-Za-z0-9]$/u`. */
  readonly pattern: RegExp;
  /** The allowed characters as errors name them, e.g. `letters and digits`. */
  readonly description: string;
}

/**
 * Narrower limits for some resource types of a cloud. They add to the
 * cloud's limits (the smaller maximum wins, forbidden characters and reserved
 * prefixes add up); a character class given here replaces the cloud's.
 */
export interface ResourceTypeTagLimits extends TagLimits {
  /**
   * The Terraform resource types these limits apply to; a name ending in
   * `*` is a prefix, e.g. `azurerm_cdn_frontdoor_*`.
   */
  readonly resourceTypes: string[];
  /** Where the narrower limits are documented (a URL or a provider source path). */
  readonly source: string;
}

/** One cloud's tag rules: base limits and narrower ones per resource type. */
export interface TagRules extends TagLimits {
  /** The cloud, as errors name it, e.g. `Azure`. */
  readonly cloud: string;
  /** Where the base limits are documented. */
  readonly source: string;
  /** Narrower limits for some resource types; every matching entry applies. */
  readonly resourceTypeRules?: ResourceTypeTagLimits[];
}

/**
 * The declaration's tags (standard `registry:*` plus the user's) for one
 * resource of `terraformResourceType`, checked against `rules` for that type.
 * Throws a `RegistryValidationError` naming the offending tag, so that bad
 * tags fail when the construct is built.
 *
 * @param environment the declaration whose tags to apply
 * @param rules the cloud's tag rules, e.g. `AZURE_TAG_RULES`
 * @param terraformResourceType the resource's Terraform type, e.g. `azurerm_container_registry`
 */
export function tagsFor(environment: RegistryEnvironment, rules: TagRules, terraformResourceType: string): { [key: string]: string } {
  return checkTags('tags', environment.tags, rules, terraformResourceType);
}

/**
 * Checks `tags` against `rules` for `terraformResourceType` and returns them
 * sorted by key. Errors name `property` (e.g. `tags`) and the offending key.
 */
export function checkTags(property: string, tags: { [key: string]: string }, rules: TagRules, terraformResourceType: string): { [key: string]: string } {
  const limits = limitsFor(rules, terraformResourceType);
  const where = `${rules.cloud} ${terraformResourceType}`;
  const keys = Object.keys(tags).sort();
  if (limits.maxTags !== undefined && keys.length > limits.maxTags) {
    throw invalid(property, `${keys.length} tags`, `at most ${limits.maxTags} tags on ${where} (${limits.sources})`);
  }
  const seen = new Map<string, string>();
  const result: { [key: string]: string } = {};
  for (const key of keys) {
    const problem = keyProblem(key, limits);
    if (problem) {
      throw invalid(`${property} key`, key, `${problem} on ${where} (${limits.sources})`);
    }
    if (limits.caseInsensitiveKeys) {
      const folded = key.toLowerCase();
      if (seen.has(folded)) {
        throw invalid(`${property} key`, key, `a key that differs from "${seen.get(folded)}" by more than case, `
          + `because ${rules.cloud} treats tag keys without regard to case (${limits.sources})`);
      }
      seen.set(folded, key);
    }
    const value = tags[key];
    const valueIssue = valueProblem(value, limits);
    if (valueIssue) {
      throw invalid(`${property}.${key}`, value, `${valueIssue} on ${where} (${limits.sources})`);
    }
    result[key] = value;
  }
  return result;
}

/** The limits that apply to one resource type, with the sources they come from. */
interface EffectiveLimits extends TagLimits {
  readonly sources: string;
}

function limitsFor(rules: TagRules, terraformResourceType: string): EffectiveLimits {
  const matching = (rules.resourceTypeRules ?? []).filter((rule) => rule.resourceTypes.some((pattern) => matches(pattern, terraformResourceType)));
  let limits: TagLimits = rules;
  for (const narrower of matching) {
    limits = narrow(limits, narrower);
  }
  return { ...limits, sources: [...new Set([rules.source, ...matching.map((rule) => rule.source)])].join(', ') };
}

function matches(pattern: string, resourceType: string): boolean {
  return pattern.endsWith('*') ? resourceType.startsWith(pattern.slice(0, -1)) : resourceType === pattern;
}

/** Combines two sets of limits so that both hold. */
function narrow(base: TagLimits, extra: TagLimits): TagLimits {
  const smaller = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
  const larger = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
  return {
    maxTags: smaller(base.maxTags, extra.maxTags),
    maxKeyLength: smaller(base.maxKeyLength, extra.maxKeyLength),
    minValueLength: larger(base.minValueLength, extra.minValueLength),
    maxValueLength: smaller(base.maxValueLength, extra.maxValueLength),
    forbiddenKeyCharacters: (base.forbiddenKeyCharacters ?? '') + (extra.forbiddenKeyCharacters ?? '') || undefined,
    // A resource type's character class replaces the cloud's (it is the narrower one).
    keyCharacters: extra.keyCharacters ?? base.keyCharacters,
    valueCharacters: extra.valueCharacters ?? base.valueCharacters,
    keyMayStartWithDigit: base.keyMayStartWithDigit === false || extra.keyMayStartWithDigit === false ? false : undefined,
    surroundingSpaces: base.surroundingSpaces === false || extra.surroundingSpaces === false ? false : undefined,
    reservedKeyPrefixes: [...(base.reservedKeyPrefixes ?? []), ...(extra.reservedKeyPrefixes ?? [])],
    caseInsensitiveKeys: base.caseInsensitiveKeys || extra.caseInsensitiveKeys,
  };
}

function keyProblem(key: string, limits: TagLimits): string | undefined {
  const length = [...key].length;
  if (length === 0 || (limits.maxKeyLength !== undefined && length > limits.maxKeyLength)) {
    return limits.maxKeyLength === undefined ? 'a non-empty key' : `a key of 1-${limits.maxKeyLength} characters`;
  }
  const forbidden = [...(limits.forbiddenKeyCharacters ?? '')].find((c) => key.includes(c));
  if (forbidden !== undefined) {
    return `a key without any of the characters ${limits.forbiddenKeyCharacters}`;
  }
  if (limits.keyCharacters && ![...key].every((c) => limits.keyCharacters!.pattern.test(c))) {
    return `a key of ${limits.keyCharacters.description}`;
  }
  if (limits.keyMayStartWithDigit === false && /^\p{N}/u.test(key)) {
    return 'a key that does not start with a digit';
  }
  if (limits.surroundingSpaces === false && key.trim() !== key) {
    return 'a key without leading or trailing spaces';
  }
  const reserved = (limits.reservedKeyPrefixes ?? []).find((prefix) => key.toLowerCase().startsWith(prefix.toLowerCase()));
  if (reserved !== undefined) {
    return `a key that does not start with the reserved prefix "${reserved}"`;
  }
  return undefined;
}

function valueProblem(value: unknown, limits: TagLimits): string | undefined {
  const min = limits.minValueLength ?? 0;
  const max = limits.maxValueLength;
  const range = max === undefined ? `at least ${min} characters` : `${min}-${max} characters`;
  if (typeof value !== 'string') {
    return `a string of ${range}`;
  }
  const length = [...value].length;
  if (length < min || (max !== undefined && length > max)) {
    return `a value of ${range}`;
  }
  if (limits.valueCharacters && ![...value].every((c) => limits.valueCharacters!.pattern.test(c))) {
    return `a value of ${limits.valueCharacters.description}`;
  }
  if (limits.surroundingSpaces === false && value.trim() !== value) {
    return 'a value without leading or trailing spaces';
  }
  return undefined;
}
