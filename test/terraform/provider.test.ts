import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from '../../lib/terraform/cdktf';
import { defaultProvider, providerBindingConfig, resourceGeneratorMetadata } from '../../lib/terraform/provider';
import { expectConformance } from '../support/terraform-schema/jest';
import { synthesizeStack } from '../support/terraform/synth';
import { TEST_TENCENTCLOUD, TestTencentcloudProvider, TestTencentcloudVpc } from './test-bindings';
import { TEST_AZURERM } from './test-stacks';

const tencentcloud = (stack: TerraformStack, id: string) => new TestTencentcloudProvider(stack, id, { region: 'ap-guangzhou' });
const azurerm = (stack: TerraformStack, id: string) => new AzurermProvider(stack, id, { features: [{}] });

describe('defaultProvider', () => {
  test('adds the provider once per stack, whoever asks', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const first = defaultProvider(stack, TEST_TENCENTCLOUD, tencentcloud);
    const second = defaultProvider(new TestTencentcloudVpc(stack, 'Vpc', { name: 'v', cidrBlock: '10.0.0.0/16' }), TEST_TENCENTCLOUD, tencentcloud);
    expect(second).toBe(first);
    const config = synthesizeStack(stack);
    expect(config.provider).toEqual({ tencentcloud: [{ region: 'ap-guangzhou' }] });
    expectConformance(config, 'tencentcloud');
  });

  test('a hand-written binding declares the provider\'s source and version constraint', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new TestTencentcloudVpc(stack, 'Vpc', { name: 'v', cidrBlock: '10.0.0.0/16' });
    defaultProvider(stack, TEST_TENCENTCLOUD, tencentcloud);
    expect(synthesizeStack(stack).terraform?.required_providers).toEqual({
      tencentcloud: { source: 'tencentcloudstack/tencentcloud', version: '~> 1.83.25' },
    });
  });

  test('without a provider construct, cdktf\'s validation refuses the stack (and Terraform would look for hashicorp/tencentcloud)', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new TestTencentcloudVpc(stack, 'Vpc', { name: 'v', cidrBlock: '10.0.0.0/16' });
    expect(() => synthesizeStack(stack)).toThrow(/resources without a matching provider construct.*tencentcloud/s);
  });

  test('uses the default provider the user declared', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const declared = new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: '00000000-0000-4000-8000-000000000000' });
    expect(defaultProvider(stack, TEST_AZURERM, azurerm)).toBe(declared);
    const config = synthesizeStack(stack);
    expect(config.provider).toEqual({ azurerm: [{ features: [{}], subscription_id: '00000000-0000-4000-8000-000000000000' }] });
    expect(config.terraform?.required_providers).toEqual({ azurerm: { source: 'azurerm', version: '4.55.0' } });
    expectConformance(config, 'azurerm');
  });

  test('an aliased configuration is not the default one', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const aliased = new AzurermProvider(stack, 'secondary', { features: [{}], alias: 'secondary' });
    const made = defaultProvider(stack, TEST_AZURERM, azurerm);
    expect(made).not.toBe(aliased);
    expect(made.alias).toBeUndefined();
    expectConformance(synthesizeStack(stack), 'azurerm');
  });

  test('a factory that makes another provider is a bug', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => defaultProvider(stack, TEST_AZURERM, tencentcloud)).toThrow('the provider factory for azurerm made a tencentcloud provider');
  });
});

test('binding configs carry the requirement as generated bindings do', () => {
  expect(providerBindingConfig(TEST_TENCENTCLOUD)).toEqual({
    terraformResourceType: 'tencentcloud',
    terraformProviderSource: 'tencentcloudstack/tencentcloud',
    terraformGeneratorMetadata: { providerName: 'tencentcloud', providerVersionConstraint: '~> 1.83.25' },
  });
  expect(resourceGeneratorMetadata(TEST_AZURERM)).toEqual({ providerName: 'azurerm', providerVersionConstraint: '4.55.0' });
});
