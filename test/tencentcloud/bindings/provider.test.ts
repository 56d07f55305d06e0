import { TerraformStack, Testing } from '../../../lib/terraform/cdktf';
import { TencentcloudProvider } from '../../../lib/tencentcloud/bindings/provider';
import { TcrInstance } from '../../../lib/tencentcloud/bindings/tcr-instance';
import { loadTencentcloudSchema, schemaRelease } from '../../support/tencentcloud-schema';
import { satisfiesTerraformConstraint } from '../../support/terraform-version';

describe('the tencentcloud provider binding', () => {
  const schema = loadTencentcloudSchema();
  const stack = new TerraformStack(Testing.app(), 'provider');
  new TencentcloudProvider(stack, 'primary', {
    region: 'ap-guangzhou',
    assumeRole: { roleArn: 'qcs::cam::uin/100000000001:roleName/registry-deployer', sessionName: 'registry', sessionDuration: 3600 },
  });
  new TencentcloudProvider(stack, 'replica', { alias: 'shanghai', region: 'ap-shanghai' });
  new TcrInstance(stack, 'registry', { name: 'dev-registry', instanceType: 'basic' });
  const synthesized = JSON.parse(Testing.synth(stack, true));
  const required = synthesized.terraform.required_providers.tencentcloud;

  test('requires the provider from the tencentcloudstack namespace', () => {
    expect(required.source).toBe('tencentcloudstack/tencentcloud');
    expect(required.source).toBe(schema.provider_source);
  });

  test('admits the release the bindings were generated from and later 1.x releases, nothing older or of another major version', () => {
    const release = schemaRelease(schema);
    const [major, minor, patch] = release.split('.').map(Number);
    expect(satisfiesTerraformConstraint(release, required.version)).toBe(true);
    expect(satisfiesTerraformConstraint(`${major}.${minor}.${patch + 1}`, required.version)).toBe(true);
    expect(satisfiesTerraformConstraint(`${major}.${minor + 1}.0`, required.version)).toBe(true);
    // An argument the bindings know may be new in the schema's release.
    expect(satisfiesTerraformConstraint(`${major}.${minor}.${patch - 1}`, required.version)).toBe(false);
    expect(satisfiesTerraformConstraint(`${major + 1}.0.0`, required.version)).toBe(false);
  });

  test('writes provider blocks with snake_case arguments and the assume_role block', () => {
    expect(synthesized.provider.tencentcloud).toEqual([
      {
        region: 'ap-guangzhou',
        assume_role: { role_arn: 'qcs::cam::uin/100000000001:roleName/registry-deployer', session_name: 'registry', session_duration: 3600 },
      },
      { alias: 'shanghai', region: 'ap-shanghai' },
    ]);
  });
});

test('a tencentcloud resource without the provider block fails cdktf validation, naming the provider', () => {
  const stack = new TerraformStack(Testing.app(), 'no-provider');
  new TcrInstance(stack, 'registry', { name: 'dev-registry', instanceType: 'basic' });
  expect(() => Testing.synth(stack, true)).toThrow(/without a matching provider construct.*: tencentcloud/s);
});

describe('Terraform version constraints, as the provider test reads them', () => {
  test.each([
    ['1.83.25', '~> 1.83', true],
    ['1.99.0', '~> 1.83', true],
    ['2.0.0', '~> 1.83', false],
    ['1.82.9', '~> 1.83', false],
    ['1.83.30', '~> 1.83.25', true],
    ['1.84.0', '~> 1.83.25', false],
    ['1.83.24', '>= 1.83.25', false],
    ['1.83.25', '~> 1.83, >= 1.83.25', true],
    ['1.83.25', '= 1.83.25', true],
    ['1.83.25', '1.83.26', false],
    ['1.83.25', '!= 1.83.25', false],
    ['1.83.25', '> 1.83.25', false],
    ['1.83.25', '< 1.84', true],
    ['1.83.25', '<= 1.83.24', false],
  ])('%s under "%s": %s', (version, constraint, expected) => {
    expect(satisfiesTerraformConstraint(version, constraint)).toBe(expected);
  });
});
