import { RegistryEnvironment } from '../../lib';
import { AcrRegistry, AcrRegistryProps } from '../../lib/azure';
import { TerraformStack, Testing } from '../../lib/terraform/cdktf';
import { TerraformJson } from '../support/terraform-schema/check';
import { synthesizeStack } from '../support/terraform/synth';
import { environment } from '../support/environment';

/** The Azure locations of the test declaration's regions (eu-west-1, eu-central-1). */
export const LOCATIONS = { 'eu-west-1': 'northeurope', 'eu-central-1': 'germanywestcentral' };

/** A declaration for ACR tests: the test support's, with the example's tags. */
export function acrEnvironment(name: string, extra: Parameters<typeof environment>[1] = {}): RegistryEnvironment {
  return environment(name, { tags: { 'cost-center': 'platform' }, ...extra });
}

/** A registry in a fresh stack, synthesized with cdktf's validations. */
export function synthesizeAcr(env: RegistryEnvironment, props: Partial<AcrRegistryProps> = {},
  extra?: (registry: AcrRegistry, stack: TerraformStack) => void): { config: TerraformJson; registry: AcrRegistry; stack: TerraformStack } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const registry = new AcrRegistry(stack, 'Registry', { environment: env, locations: LOCATIONS, ...props });
  extra?.(registry, stack);
  return { config: synthesizeStack(stack), registry, stack };
}

/** Every instance of a resource type, by logical id. */
export function resources(config: TerraformJson, type: string): Record<string, any> {
  return (config.resource?.[type] ?? {}) as Record<string, any>;
}

/** The one instance of a type whose logical id starts with `prefix` (cdktf ids end in a hash). */
export function only(config: TerraformJson, type: string, prefix?: string): Record<string, any> {
  const matching = Object.entries(resources(config, type)).filter(([id]) => prefix === undefined || id.startsWith(prefix));
  if (matching.length !== 1) {
    throw new Error(`expected one ${type}${prefix ? ` starting with ${prefix}` : ''}, found ${matching.map(([id]) => id).join(', ') || 'none'}`);
  }
  return matching[0][1];
}

/** The Terraform address of the one instance of `type` starting with `prefix`, e.g. `azurerm_key_vault.Registry_Encryption_Vault_1A2B`. */
export function addressOf(config: TerraformJson, type: string, prefix?: string): string {
  const ids = Object.keys(resources(config, type)).filter((id) => prefix === undefined || id.startsWith(prefix));
  if (ids.length !== 1) {
    throw new Error(`expected one ${type}${prefix ? ` starting with ${prefix}` : ''}, found ${ids.join(', ') || 'none'}`);
  }
  return `${type}.${ids[0]}`;
}

/** A reference expression to an attribute, as cdktf writes it. */
export function ref(address: string, attribute: string): string {
  return `\${${address}.${attribute}}`;
}
