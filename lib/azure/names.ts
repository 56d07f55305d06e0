import { createHash } from 'crypto';
import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/*
 * Names of the resources whose names Azure makes global: the registry
 * (`<name>.azurecr.io`) and the key vault (`<name>.vault.azure.net`). A
 * name someone else holds fails only at apply, so derived names end in a
 * short suffix that is stable for the declaration's host name: the same
 * declaration always gets the same name, another domain another one.
 */

/** Hex characters of the suffix: 24 bits of SHA-256 of the host name. */
const SUFFIX_LENGTH = 6;

/**
 * ACR: "alpha numeric characters only", 5-50 characters
 * (azurerm internal/services/containers/validate/container_registry_name.go).
 * This library also asks for lower case: the login server and the private
 * DNS records (which must be lower case, azurerm private_dns_a_record's
 * `name` validator) are spelled with it.
 */
const REGISTRY_NAME = /^[a-z0-9]{5,50}$/;

/**
 * Key Vault: 3-24 letters, digits and hyphens (azurerm
 * internal/services/keyvault/validate/vault_name.go); the vault naming
 * rules add that the name starts with a letter, ends with a letter or digit
 * and has no consecutive hyphens
 * (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault).
 */
const MAX_KEY_VAULT_NAME = 24;

/** The suffix that makes derived names of this declaration unique. */
export function nameSuffix(environment: RegistryEnvironment): string {
  return createHash('sha256').update(environment.hostname).digest('hex').slice(0, SUFFIX_LENGTH);
}

/** `<env><service>` without hyphens, the stem of the derived global names. */
function stem(environment: RegistryEnvironment): string {
  return `${environment.environment}${environment.service.replace(/-/g, '')}`;
}

/**
 * The registry's name: `<env><service>` (hyphens dropped, cut to 44
 * characters) followed by six hex characters of SHA-256 of the host name,
 * e.g. `prodregistry` + `3f9a1c`.
 */
export function defaultRegistryName(environment: RegistryEnvironment): string {
  const maxStem = 50 - SUFFIX_LENGTH;
  return `${stem(environment).slice(0, maxStem)}${nameSuffix(environment)}`;
}

/** Checks a registry name the user gave. */
export function assertRegistryName(property: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || isUnresolved(value) || !REGISTRY_NAME.test(value)) {
    throw invalid(property, value, '5-50 lower case letters and digits, known at synthesis (ACR names are global: '
      + '<name>.azurecr.io)');
  }
}

/**
 * The key vault's name: `kv` + `<env><service>` (hyphens dropped, cut to 16
 * characters) + the six-character suffix, at most 24 characters.
 */
export function defaultKeyVaultName(environment: RegistryEnvironment): string {
  const maxStem = MAX_KEY_VAULT_NAME - 2 - SUFFIX_LENGTH;
  return `kv${stem(environment).slice(0, maxStem)}${nameSuffix(environment)}`;
}
