import { invalid } from './errors';
import { assertUnique } from './validate';

/*
 * Type checks for values that reach the API from JavaScript, where the
 * TypeScript types are not enforced: a wrong type gets the same
 * `RegistryValidationError` as a wrong value, never a bare TypeError from
 * deeper down.
 */

/** Whether `value` is a plain object (`{...}`), not an array, class instance or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Checks that `value` is a plain object (a props or options bag, a map). */
export function assertPlainObject(property: string, value: unknown, expected = 'an object of properties'): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw invalid(property, value, expected);
  }
}

/** Checks that an optional value, when given, is a plain object. */
export function assertOptionalPlainObject(property: string, value: unknown, expected = 'an object of properties'): void {
  if (value !== undefined) {
    assertPlainObject(property, value, expected);
  }
}

/** Checks that an optional value, when given, is `true` or `false`. */
export function assertOptionalBoolean(property: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw invalid(property, value, 'true or false');
  }
}

/** Checks that an optional value, when given, is a non-empty string. */
export function assertOptionalString(property: string, value: unknown, expected = 'a non-empty string'): void {
  if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
    throw invalid(property, value, expected);
  }
}

/**
 * Checks that `value` is a list of strings without duplicates, each checked
 * by `check` (which throws with its own message), and returns a copy.
 */
export function assertStringList(property: string, value: unknown, expected: string, check?: (item: string, itemProperty: string) => void): string[] {
  if (!Array.isArray(value)) {
    throw invalid(property, value, expected);
  }
  value.forEach((item, index) => {
    if (typeof item !== 'string') {
      throw invalid(`${property}[${index}]`, item, 'a string');
    }
    check?.(item, `${property}[${index}]`);
  });
  assertUnique(property, value as string[]);
  return [...value as string[]];
}

/**
 * Checks that an optional value, when given, is an object whose `attribute`
 * is a string (or a token, which is a string too): how a construct
 * interface such as `IBucket` (`bucketArn`) is recognised from JavaScript.
 */
export function assertOptionalResource(property: string, value: unknown, attribute: string, expected: string): void {
  if (value === undefined) {
    return;
  }
  if (value === null || typeof value !== 'object' || typeof (value as Record<string, unknown>)[attribute] !== 'string') {
    throw invalid(property, value, expected);
  }
}

/** Throws when `props` holds a key that is not one of `known` (a misspelt option would otherwise be ignored). */
export function assertKnownKeys(property: string, props: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(props)) {
    if (!known.includes(key) && props[key] !== undefined) {
      throw invalid(property === '' ? key : `${property}.${key}`, props[key], `no such option (known: ${known.join(', ')})`);
    }
  }
}
