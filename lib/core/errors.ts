/**
 * Thrown when a construct or declaration receives input it cannot use.
 *
 * Messages name the property, the value received and what was expected, in
 * lower case without a trailing period, so that they read well inside the
 * CDK's and Terraform's own error output.
 */
export class RegistryValidationError extends Error {
  /** The property path that held the bad value, e.g. `replicaRegions[1]`. */
  public readonly property: string;

  constructor(property: string, message: string) {
    super(message);
    this.name = 'RegistryValidationError';
    this.property = property;
  }
}

/**
 * Builds the error for a property whose value is not what was expected.
 *
 * @example invalid('environment', 'Dev', 'lower case letters and digits')
 *   // environment: expected lower case letters and digits, got "Dev"
 */
export function invalid(property: string, value: unknown, expected: string): RegistryValidationError {
  return new RegistryValidationError(property, `${property}: expected ${expected}, got ${describeValue(value)}`);
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (value === undefined) {
    return 'undefined';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value === 'function') {
    return `<function ${value.name || 'anonymous'}>`;
  }
  // A construct (duck-typed: the core loads no cloud library) by where it is.
  const path = (value as { node?: { path?: unknown } } | null)?.node?.path;
  if (typeof path === 'string') {
    return `<construct at "${path}">`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Constructs (circular), BigInts: name the kind of value, never fail while reporting a failure.
    return typeof value === 'bigint' ? `${value}n` : `<${(value as object).constructor?.name ?? typeof value}>`;
  }
}
