import { invalid } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/** The items of an optional list prop; anything but a list (or nothing) is refused. */
export function listOf<T>(property: string, value: readonly T[] | undefined, expected: string): T[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw invalid(property, value, `a list of ${expected}`);
  }
  return [...value];
}

/** Checks that a prop is an object (a props interface), so that its fields can be read. */
export function assertObject(property: string, value: unknown, expected: string): asserts value is object {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(property, value, expected);
  }
}

/** Checks a resource id the user gave (a VPC, a subnet): a word, or a Terraform expression. */
export function assertResourceId(property: string, value: unknown, example: string): asserts value is string {
  if (typeof value !== 'string' || (!isUnresolved(value) && !/^\S+$/.test(value))) {
    throw invalid(property, value, `an id such as ${example}, or a Terraform expression of one`);
  }
}

/** Checks an optional free-text description. */
export function assertOptionalText(property: string, value: unknown): asserts value is string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
    throw invalid(property, value, 'a non-empty text, or nothing');
  }
}

/** Refuses two items of a list with the same `field`, naming the second one, e.g. `namespaces[2].name`. */
export function assertUniqueField<T>(property: string, items: readonly T[], field: keyof T & string): void {
  const seen = new Set<unknown>();
  items.forEach((item, index) => {
    const value = item[field];
    if (seen.has(value)) {
      throw invalid(`${property}[${index}].${field}`, value, `a ${field} no other item of ${property} has`);
    }
    seen.add(value);
  });
}
