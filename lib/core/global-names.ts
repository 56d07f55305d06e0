import { createHash } from 'crypto';
import { RegistryEnvironment } from './environment';

/** Hex characters of the suffix: 24 bits of SHA-256 of the host name. */
export const GLOBAL_NAME_SUFFIX_LENGTH = 6;

/**
 * The suffix that makes a derived name of this declaration unique where a
 * cloud makes the name global (a registry reached at `<name>.<cloud domain>`):
 * six hex characters of SHA-256 of the declaration's host name. The same
 * declaration always gets the same suffix, so the name is stable across
 * synthesis; another domain gets another one, so two organisations with
 * the same `<env>-<service>` do not ask for the same name. A name someone
 * else holds fails only at apply, which is why every backend lets the
 * user give the name instead.
 */
export function globalNameSuffix(environment: RegistryEnvironment): string {
  return createHash('sha256').update(environment.hostname).digest('hex').slice(0, GLOBAL_NAME_SUFFIX_LENGTH);
}
