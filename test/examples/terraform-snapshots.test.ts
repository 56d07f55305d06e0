import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildTerraformExampleApp } from '../../examples/terraform-app';
import { ACR_EXAMPLE } from '../../examples/azure/acr-example';
import { synthesizeApp, SynthesisResult } from '../../lib/terraform/app';
import { expectConformance, expectTagged } from '../support/terraform-schema/jest';
import { exampleEnvironments } from '../../examples/environments';

const ACR_STACKS = ['acr-dev-registry', 'acr-test-registry', 'acr-prod-registry'];

/*
 * Terraform addresses of the ACR example's stateful resources are public
 * API: a changed address makes Terraform destroy the resource and create a
 * new one (a `moved` block must then go with the change, and a CHANGELOG
 * note). Registries, key vaults, keys and workspaces hold data; the
 * resource group holds them all.
 */
const STATEFUL_TYPES = ['azurerm_container_registry', 'azurerm_key_vault', 'azurerm_key_vault_key', 'azurerm_log_analytics_workspace', 'azurerm_resource_group'];
const STATEFUL_ADDRESSES: Record<string, string[]> = {
  'acr-dev-registry': [
    'azurerm_container_registry.Registry_54D97553', 'azurerm_log_analytics_workspace.Registry_Monitoring_Workspace_A6B4456E',
    'azurerm_resource_group.Registry_ResourceGroup_FC1819F1',
  ],
  'acr-test-registry': [
    'azurerm_container_registry.Registry_54D97553', 'azurerm_log_analytics_workspace.Registry_Monitoring_Workspace_A6B4456E',
    'azurerm_resource_group.Registry_ResourceGroup_FC1819F1',
  ],
  'acr-prod-registry': [
    'azurerm_container_registry.Registry_54D97553', 'azurerm_key_vault.Registry_Encryption_Vault_99EB9294',
    'azurerm_key_vault_key.Registry_Encryption_Key_6FE398ED', 'azurerm_log_analytics_workspace.Registry_Monitoring_Workspace_A6B4456E',
    'azurerm_resource_group.Registry_ResourceGroup_FC1819F1',
  ],
};

/** Synthesizes the ACR example into a fresh directory, as `npm run synth` does. */
function synthesizeAcrExample(): SynthesisResult {
  return synthesizeApp(buildTerraformExampleApp({ outdir: mkdtempSync(join(tmpdir(), 'acr-example-')) }, [ACR_EXAMPLE]), () => undefined);
}

function stackJson(result: SynthesisResult, stack: string): any {
  return JSON.parse(readFileSync(join(result.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

describe('the ACR example (Terraform)', () => {
  const first = synthesizeAcrExample();
  const second = synthesizeAcrExample();

  test('has a stack per environment', () => {
    expect([...first.stacks].sort()).toEqual([...ACR_STACKS].sort());
  });

  test.each(ACR_STACKS)('snapshot of %s', (stack) => {
    expect(stackJson(first, stack)).toMatchSnapshot();
  });

  test.each(ACR_STACKS)('%s is the same file on a second synthesis (deterministic)', (stack) => {
    expect(readFileSync(join(second.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'))
      .toBe(readFileSync(join(first.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  });

  test.each(ACR_STACKS)('%s conforms to the azurerm schema and tags every taggable resource', (stack) => {
    const config = stackJson(first, stack);
    expectConformance(config, 'azurerm');
    expectTagged(config, 'azurerm', exampleEnvironments().find((e) => stack === `acr-${e.resourcePrefix}`)!.tags);
  });

  test.each(ACR_STACKS)('%s keeps the addresses of its stateful resources', (stack) => {
    const config = stackJson(first, stack);
    const addresses = STATEFUL_TYPES.flatMap((type) => Object.keys(config.resource[type] ?? {}).map((id) => `${type}.${id}`)).sort();
    expect(addresses).toEqual([...STATEFUL_ADDRESSES[stack]].sort());
  });

  test('the CI identity of each stack may pull and push (AcrPush on the registry)', () => {
    for (const stack of ACR_STACKS) {
      const config = stackJson(first, stack);
      const [identity] = Object.keys(config.resource.azurerm_user_assigned_identity).filter((id) => id.startsWith('CiIdentity'));
      const grants = Object.values(config.resource.azurerm_role_assignment as Record<string, any>)
        .filter((a) => a.principal_id === `\${azurerm_user_assigned_identity.${identity}.principal_id}`);
      expect(grants.map((a) => [a.role_definition_id.split('/').pop(), a.scope])).toEqual([
        ['8311e382-0749-4cb8-b61a-304f252e45ec', '${azurerm_container_registry.Registry_54D97553.id}'],
      ]);
    }
  });

  test('warns at synthesis only about what ACR cannot enforce, each with its id', () => {
    expect(first.messages.map((m) => `${m.stack} ${/\[(.*)\]$/.exec(m.message)![1]}`)).toEqual([
      'acr-dev-registry env-container-registries:unenforced:logRetentionDays',
      'acr-prod-registry env-container-registries:unenforced:imageTagMutability',
      'acr-prod-registry env-container-registries:unenforced:untaggedImageRetentionDays',
      'acr-prod-registry env-container-registries:unenforced:maxImageCount',
      'acr-prod-registry env-container-registries:unenforced:cdnEnabled',
    ]);
  });
});
