import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { RemovalMode } from '../../lib';
import { TerraformResource } from '../../lib/terraform/cdktf';
import { applyRemovalMode, IDeletionProtection } from '../../lib/terraform/removal';
import { expectConformance } from '../support/terraform-schema/jest';
import { resourceOf, synthesizeScope } from '../support/terraform/synth';
import { environment } from '../support/environment';
import { TestAzureGroup, TestTencentVpc } from './test-stacks';
import { TestTencentcloudProvider, TestTencentcloudVpc, TEST_TENCENTCLOUD } from './test-bindings';
import { defaultProvider } from '../../lib/terraform/provider';
import { Construct } from 'constructs';

/** A VPC of the test-only binding, with its provider. */
function vpc(scope: Construct, id: string, extra: Partial<ConstructorParameters<typeof TestTencentcloudVpc>[2]> = {}): TestTencentcloudVpc {
  defaultProvider(scope, TEST_TENCENTCLOUD, (stack, providerId) => new TestTencentcloudProvider(stack, providerId, { region: 'ap-guangzhou' }));
  return new TestTencentcloudVpc(scope, id, { name: id.toLowerCase(), cidrBlock: '10.0.0.0/16', ...extra });
}

describe('applyRemovalMode', () => {
  test('RETAIN sets lifecycle.prevent_destroy; DESTROY leaves the lifecycle alone', () => {
    const config = synthesizeScope((stack) => {
      new TestTencentVpc(stack, 'Prod', environment('prod'));
      new TestTencentVpc(stack, 'Dev', environment('dev'));
    });
    expect(resourceOf(config, 'tencentcloud_vpc', 'Prod_Vpc').lifecycle).toEqual({ prevent_destroy: true });
    expect(resourceOf(config, 'tencentcloud_vpc', 'Dev_Vpc').lifecycle).toBeUndefined();
  });

  test('keeps the lifecycle settings a resource already has', () => {
    const config = synthesizeScope((stack) => {
      applyRemovalMode(vpc(stack, 'Vpc', { lifecycle: { ignoreChanges: ['tags'] } }), RemovalMode.RETAIN);
    });
    expect(resourceOf(config, 'tencentcloud_vpc').lifecycle).toEqual({ ignore_changes: ['tags'], prevent_destroy: true });
  });

  test('hands every mode to the backend\'s deletion protection', () => {
    const calls: Array<[string, RemovalMode]> = [];
    const recording: IDeletionProtection = { applyTo: (resource, mode) => calls.push([resource.node.id, mode]) };
    synthesizeScope((stack) => {
      applyRemovalMode(vpc(stack, 'Kept'), RemovalMode.RETAIN, recording);
      applyRemovalMode(vpc(stack, 'Gone'), RemovalMode.DESTROY, recording);
    });
    expect(calls).toEqual([['Kept', RemovalMode.RETAIN], ['Gone', RemovalMode.DESTROY]]);
  });

  test('a deletion protection that is a resource of its own: an Azure management lock', () => {
    const lock: IDeletionProtection = {
      applyTo: (resource: TerraformResource, mode: RemovalMode) => {
        if (mode === RemovalMode.RETAIN) {
          new ManagementLock(resource, 'Lock', { name: 'retain', scope: resource.getStringAttribute('id'), lockLevel: 'CanNotDelete', notes: 'retained by the prod profile' });
        }
      },
    };
    const config = synthesizeScope((stack) => {
      const prod = new TestAzureGroup(stack, 'Prod', environment('prod'));
      applyRemovalMode(prod.group, RemovalMode.RETAIN, lock);
      const dev = new TestAzureGroup(stack, 'Dev', environment('dev'));
      applyRemovalMode(dev.group, RemovalMode.DESTROY, lock);
    });
    const groups = Object.keys(config.resource?.azurerm_resource_group ?? {});
    const prodGroup = groups.find((name) => name.startsWith('Prod_Group_'));
    expect(resourceOf(config, 'azurerm_management_lock')).toEqual({
      name: 'retain', scope: `\${azurerm_resource_group.${prodGroup}.id}`, lock_level: 'CanNotDelete', notes: 'retained by the prod profile',
    });
    expectConformance(config, 'azurerm');
  });

  test('a deletion protection that is an argument of the resource', () => {
    const argument: IDeletionProtection = {
      applyTo: (resource, mode) => resource.addOverride('deletion_protection', mode === RemovalMode.RETAIN),
    };
    const config = synthesizeScope((stack) => {
      applyRemovalMode(vpc(stack, 'Kept'), RemovalMode.RETAIN, argument);
      applyRemovalMode(vpc(stack, 'Gone'), RemovalMode.DESTROY, argument);
    });
    expect(resourceOf(config, 'tencentcloud_vpc', 'Kept').deletion_protection).toBe(true);
    expect(resourceOf(config, 'tencentcloud_vpc', 'Gone').deletion_protection).toBe(false);
  });
});
