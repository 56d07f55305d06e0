import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { IConstruct } from 'constructs';
import { TerraformStack } from '../terraform/cdktf';
import { defaultProvider, ProviderRequirement } from '../terraform/provider';

/**
 * azurerm as `@cdktf/provider-azurerm` 14.23.1 binds it: the schema of the
 * bindings, of the fixtures in test/fixtures/provider-schemas/ and of every
 * provider source path cited in this directory.
 */
export const AZURERM: ProviderRequirement = { name: 'azurerm', source: 'hashicorp/azurerm', version: '4.55.0' };

/**
 * Makes sure the stack of `scope` has an azurerm provider: the one the user
 * declared, or a default one (credentials come from `az login` or the
 * `ARM_*` variables at plan time, never from the configuration).
 */
export function useAzurerm(scope: IConstruct): void {
  defaultProvider(scope, AZURERM, (stack, id) => new AzurermProvider(stack, id, { features: [{}] }));
}

const CLIENT_CONFIG_ID = 'azurerm-client-config';

/**
 * The stack's one `azurerm_client_config` data source: the tenant,
 * subscription and object id of the identity that runs Terraform, read at
 * plan time (synthesis needs no credentials).
 */
export function clientConfig(scope: IConstruct): DataAzurermClientConfig {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(CLIENT_CONFIG_ID);
  if (existing instanceof DataAzurermClientConfig) {
    return existing;
  }
  useAzurerm(scope);
  return new DataAzurermClientConfig(stack, CLIENT_CONFIG_ID, {});
}
