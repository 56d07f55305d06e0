import { DistributionConfig, DistributionConfigProps } from '../../../lib/core/distribution';
import { RegistryValidationError } from '../../../lib/core/errors';

/** The smallest valid configuration; tests spread their changes over it. */
export const MINIMAL: DistributionConfigProps = {
  storage: { filesystem: {} },
  auth: { htpasswd: { path: '/etc/registry/htpasswd' } },
};

export const S3_STORAGE = { s3: { bucket: 'dev-registry-blobs', region: 'eu-west-1' } };

export function build(changes: Partial<DistributionConfigProps> = {}): { [key: string]: any } {
  return new DistributionConfig({ ...MINIMAL, ...changes }).toObject();
}

/**
 * Asserts that building fails with the project's validation error, naming
 * the property, the value received and what was expected.
 */
export function expectRejected(props: DistributionConfigProps, property: string, value: string, expected: string | RegExp): void {
  let error: unknown;
  try {
    new DistributionConfig(props);
  } catch (e) {
    error = e;
  }
  expectValidationError(error, property, value, expected);
}

export function expectValidationError(error: unknown, property: string, value: string, expected: string | RegExp): void {
  expect(error).toBeInstanceOf(RegistryValidationError);
  const e = error as RegistryValidationError;
  expect(e.property).toBe(property);
  expect(e.message.startsWith(`${property}: expected `)).toBe(true);
  expect(e.message.endsWith(`, got ${value}`)).toBe(true);
  if (typeof expected === 'string') {
    expect(e.message).toContain(expected);
  } else {
    expect(e.message).toMatch(expected);
  }
  // House style: lower case start, no trailing period.
  expect(e.message).not.toMatch(/\.$/);
  expect(e.message[0]).toBe(e.message[0].toLowerCase());
}
