import { RegistryValidationError } from '../../lib/core/errors';

/** Expects `make` to throw the library's validation error, with `message` in it. */
export function expectRefused(make: () => unknown, message: string): void {
  let error: unknown;
  try {
    make();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RegistryValidationError);
  expect((error as Error).message).toContain(message);
}
