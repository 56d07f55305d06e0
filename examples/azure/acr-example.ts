import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { AcrRegistry, AzurePrincipalType } from '../../lib/azure';
import { App } from '../../lib/terraform/cdktf';
import { exampleEnvironments } from '../environments';
import { TerraformExample, TerraformExampleOptions, terraformExampleStack } from '../terraform/example-stack';

/**
 * The Azure locations of the example declaration's regions, which are named
 * the AWS way: eu-west-1 (Ireland) is served from North Europe (Ireland),
 * eu-central-1 (Frankfurt) from Germany West Central (Frankfurt).
 */
export const EXAMPLE_AZURE_LOCATIONS = { 'eu-west-1': 'northeurope', 'eu-central-1': 'germanywestcentral' };

/**
 * One stack per environment (`acr-dev-registry`, `acr-test-registry`,
 * `acr-prod-registry`), from the same declarations as the AWS examples, each
 * with an identity for CI that may pull and push.
 */
export function addAcrExample(app: App, options: TerraformExampleOptions): void {
  for (const environment of exampleEnvironments(options.domain)) {
    const stack = terraformExampleStack(app, `acr-${environment.resourcePrefix}`, options);
    const registry = new AcrRegistry(stack, 'Registry', { environment, locations: EXAMPLE_AZURE_LOCATIONS });
    const ci = new UserAssignedIdentity(stack, 'CiIdentity', {
      name: `${environment.resourcePrefix}-ci`,
      resourceGroupName: registry.resourceGroupName,
      location: EXAMPLE_AZURE_LOCATIONS['eu-west-1'],
      tags: AcrRegistry.tagsFor(environment, UserAssignedIdentity.tfResourceType),
    });
    registry.grantPullPush(ci.principalId, AzurePrincipalType.SERVICE_PRINCIPAL);
  }
}

/** The ACR example, as examples/terraform-app.ts lists it. */
export const ACR_EXAMPLE: TerraformExample = { name: 'ACR example', add: addAcrExample };
