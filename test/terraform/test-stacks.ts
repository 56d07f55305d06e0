import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../lib';
import { BackendCapabilities, SettingSupport } from '../../lib/core/capabilities';
import { ECR_CAPABILITIES } from '../../lib/core/backend-capabilities';
import { TerraformStack } from '../../lib/terraform/cdktf';
import { warnUnenforcedSettings } from '../../lib/terraform/capability-warnings';
import { defaultProvider, ProviderRequirement } from '../../lib/terraform/provider';
import { applyRemovalMode } from '../../lib/terraform/removal';
import { AZURE_TAG_RULES, TENCENTCLOUD_TAG_RULES } from '../../lib/terraform/tag-rules';
import { tagsFor } from '../../lib/terraform/tags';
import { TEST_TENCENTCLOUD, TestTencentcloudProvider, TestTencentcloudVpc } from './test-bindings';

/*
 * Tiny test-only constructs built the way the Azure and Tencent Cloud
 * backends will build theirs from the layer: a default provider, the
 * declaration's tags checked for the resource type, the profile's removal
 * mode and capability warnings. They stand for no registry.
 */

/** azurerm as @cdktf/provider-azurerm 14.23.1 declares it. */
export const TEST_AZURERM: ProviderRequirement = { name: 'azurerm', source: 'hashicorp/azurerm', version: '4.55.0' };

/** A backend that cannot enforce a CDN, for capability warnings. */
export const TEST_CAPABILITIES: BackendCapabilities = {
  backend: 'test backend',
  settings: { ...ECR_CAPABILITIES.settings, cdnEnabled: { support: SettingSupport.UNSUPPORTED, how: 'it has no CDN' } },
};

/** A resource group for one environment, from the layer's parts. */
export class TestAzureGroup extends Construct {
  public readonly group: ResourceGroup;

  constructor(scope: Construct, id: string, environment: RegistryEnvironment) {
    super(scope, id);
    defaultProvider(this, TEST_AZURERM, (stack, providerId) => new AzurermProvider(stack, providerId, { features: [{}] }));
    this.group = new ResourceGroup(this, 'Group', {
      name: `${environment.resourcePrefix}-rg`,
      location: 'westeurope',
      tags: tagsFor(environment, AZURE_TAG_RULES, ResourceGroup.tfResourceType),
    });
    applyRemovalMode(this.group, environment.settings.removalMode);
    warnUnenforcedSettings(this, environment, TEST_CAPABILITIES);
  }
}

/** A VPC for one environment, from the layer's parts and the test-only tencentcloud binding. */
export class TestTencentVpc extends Construct {
  public readonly vpc: TestTencentcloudVpc;

  constructor(scope: Construct, id: string, environment: RegistryEnvironment) {
    super(scope, id);
    defaultProvider(this, TEST_TENCENTCLOUD, (stack, providerId) => new TestTencentcloudProvider(stack, providerId, { region: 'ap-guangzhou' }));
    this.vpc = new TestTencentcloudVpc(this, 'Vpc', {
      name: `${environment.resourcePrefix}-vpc`,
      cidrBlock: '10.0.0.0/16',
      tags: tagsFor(environment, TENCENTCLOUD_TAG_RULES, TestTencentcloudVpc.tfResourceType),
    });
    applyRemovalMode(this.vpc, environment.settings.removalMode);
  }
}

/** A stack holding both, as an example stack would. */
export function addTestStack(stack: TerraformStack, environment: RegistryEnvironment): void {
  new TestAzureGroup(stack, 'Azure', environment);
  new TestTencentVpc(stack, 'Tencent', environment);
}
