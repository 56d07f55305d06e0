import { invalid } from './errors';

/** Checks that `value` is a whole number within `[min, max]`. */
export function assertInteger(property: string, value: unknown, min: number, max: number = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
    throw invalid(property, value, range);
  }
}

/** Checks that `value` is one of the members of a string enum. */
export function assertOneOf<T extends string>(property: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(property, value, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
}

/** Checks that `value` is a boolean. */
export function assertBoolean(property: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw invalid(property, value, 'true or false');
  }
}

/** Throws when a list holds the same value twice. */
export function assertUnique(property: string, values: readonly string[]): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      throw invalid(`${property}[${index}]`, value, `a value not already listed in ${property}`);
    }
    seen.add(value);
  });
}
