import { RegistryValidationError } from '../../lib';
import { TerraformStack, Testing } from '../../lib/terraform/cdktf';
import { AzurermStateProps, CosStateProps, TerraformStateBackend } from '../../lib/terraform/state-backend';
import { synthesizeStack } from '../support/terraform/synth';

/** The `terraform.backend` block each stack gets from `backend`. */
function backendsOf(backend: TerraformStateBackend, ...stackNames: string[]): Array<Record<string, unknown>> {
  const app = Testing.app();
  return stackNames.map((name) => {
    const stack = new TerraformStack(app, name);
    backend.bind(stack);
    return synthesizeStack(stack).terraform?.backend as Record<string, unknown>;
  });
}

const AZURE: AzurermStateProps = { resourceGroupName: 'tfstate', storageAccountName: 'tfstate1234', containerName: 'registries' };
const COS: CosStateProps = { bucket: 'tfstate-1250000000', region: 'ap-guangzhou' };

describe('TerraformStateBackend', () => {
  test('local: one state file per stack next to the output directory, as a path the same on every machine', () => {
    expect(backendsOf(TerraformStateBackend.local(), 'dev-registry', 'prod-registry')).toEqual([
      { local: { path: '../../../terraform.dev-registry.tfstate' } },
      { local: { path: '../../../terraform.prod-registry.tfstate' } },
    ]);
    expect(backendsOf(TerraformStateBackend.local({ directory: 'state' }), 'dev-registry')).toEqual([{ local: { path: '../../../state/terraform.dev-registry.tfstate' } }]);
    expect(backendsOf(TerraformStateBackend.local({ directory: '/var/lib/tfstate' }), 'dev-registry')).toEqual([{ local: { path: '/var/lib/tfstate/terraform.dev-registry.tfstate' } }]);
  });

  test('azurerm: one blob per stack, read with Entra ID, no key or token in the configuration', () => {
    const backends = backendsOf(TerraformStateBackend.azurerm({ ...AZURE, keyPrefix: 'registries/', useOidc: true }), 'dev-registry', 'prod-registry');
    expect(backends).toEqual([
      { azurerm: { resource_group_name: 'tfstate', storage_account_name: 'tfstate1234', container_name: 'registries', key: 'registries/dev-registry.tfstate', use_azuread_auth: true, use_oidc: true } },
      { azurerm: { resource_group_name: 'tfstate', storage_account_name: 'tfstate1234', container_name: 'registries', key: 'registries/prod-registry.tfstate', use_azuread_auth: true, use_oidc: true } },
    ]);
  });

  test('cos: one object per stack, encrypted and private', () => {
    expect(backendsOf(TerraformStateBackend.cos(COS), 'dev-registry')).toEqual([
      { cos: { bucket: 'tfstate-1250000000', region: 'ap-guangzhou', prefix: 'terraform/state', key: 'dev-registry.tfstate', encrypt: true, acl: 'private' } },
    ]);
    expect(backendsOf(TerraformStateBackend.cos({ ...COS, prefix: 'platform/registries' }), 'dev-registry')[0]).toEqual({
      cos: expect.objectContaining({ prefix: 'platform/registries', key: 'dev-registry.tfstate' }),
    });
  });

  test.each([
    ['storageAccountName', { ...AZURE, storageAccountName: 'TfState' }, 'storageAccountName: expected 3-24 lower case letters and digits, got "TfState"'],
    ['storageAccountName', { ...AZURE, storageAccountName: 'ab' }, 'storageAccountName: expected 3-24 lower case letters and digits, got "ab"'],
    ['containerName', { ...AZURE, containerName: 'a--b' }, 'containerName: expected 3-63 lower case letters, digits and hyphens'],
    ['containerName', { ...AZURE, containerName: '-ab' }, 'containerName: expected 3-63 lower case letters'],
    ['resourceGroupName', { ...AZURE, resourceGroupName: 'rg.' }, 'resourceGroupName: expected 1-90 letters'],
    ['resourceGroupName', { ...AZURE, resourceGroupName: 'r'.repeat(91) }, 'resourceGroupName: expected 1-90 letters'],
    ['subscriptionId', { ...AZURE, subscriptionId: 'abc' }, 'subscriptionId: expected a subscription id (UUID), got "abc"'],
    ['keyPrefix', { ...AZURE, keyPrefix: 'a b' }, 'keyPrefix: expected letters, digits and "._/-", got "a b"'],
    ['useMsi', { ...AZURE, useMsi: 'yes' }, 'useMsi: expected true or false, got "yes"'],
  ])('azurerm refuses a bad %s', (_, props, message) => {
    expect(() => TerraformStateBackend.azurerm(props as AzurermStateProps)).toThrow(message);
  });

  test.each([
    ['bucket', { ...COS, bucket: 'tfstate' }, 'bucket: expected a bucket name "<name>-<APPID>"'],
    ['bucket', { ...COS, bucket: 'TFState-1250000000' }, 'bucket: expected a bucket name'],
    ['region', { ...COS, region: 'Guangzhou' }, 'region: expected a region name such as "ap-guangzhou", got "Guangzhou"'],
    ['prefix', { ...COS, prefix: '/state/' }, 'prefix: expected a path of letters, digits'],
  ])('cos refuses a bad %s', (_, props, message) => {
    expect(() => TerraformStateBackend.cos(props as CosStateProps)).toThrow(message);
  });

  test('local refuses an empty directory', () => {
    expect(() => TerraformStateBackend.local({ directory: '' })).toThrow('directory: expected a directory path, got ""');
  });

  describe('fromContext', () => {
    test('undefined is the local default', () => {
      expect(TerraformStateBackend.fromContext(undefined).type).toBe('local');
    });

    test('an object with a type and that backend\'s settings', () => {
      expect(backendsOf(TerraformStateBackend.fromContext({ type: 'azurerm', ...AZURE }), 'dev-registry')[0]).toEqual({
        azurerm: expect.objectContaining({ storage_account_name: 'tfstate1234', key: 'dev-registry.tfstate' }),
      });
      expect(TerraformStateBackend.fromContext({ type: 'cos', ...COS }).type).toBe('cos');
      expect(TerraformStateBackend.fromContext({ type: 'local', directory: 'state' }).type).toBe('local');
    });

    test('errors name the context key', () => {
      expect(() => TerraformStateBackend.fromContext('azurerm')).toThrow('stateBackend: expected an object with "type": "local", "azurerm" or "cos", got "azurerm"');
      expect(() => TerraformStateBackend.fromContext({ type: 's3' })).toThrow('stateBackend.type: expected "local", "azurerm" or "cos", got "s3"');
      expect(() => TerraformStateBackend.fromContext({ type: 'cos', ...COS, region: 'X' })).toThrow('stateBackend.region: expected a region name');
      const error = (() => {
        try {
          TerraformStateBackend.fromContext({ type: 'azurerm', ...AZURE, storageAccountName: 'X' }, 'state');
        } catch (e) {
          return e as RegistryValidationError;
        }
        throw new Error('expected an error');
      })();
      expect(error).toBeInstanceOf(RegistryValidationError);
      expect(error.property).toBe('state.storageAccountName');
    });

    test('refuses settings a backend does not take, such as secrets', () => {
      expect(() => TerraformStateBackend.fromContext({ type: 'azurerm', ...AZURE, accessKey: 'secret' })).toThrow(
        'stateBackend.accessKey: expected one of the azurerm backend\'s settings (resourceGroupName, storageAccountName, containerName, keyPrefix, subscriptionId, tenantId, useOidc, useMsi), got "secret"');
      expect(() => TerraformStateBackend.fromContext({ type: 'cos', ...COS, secretKey: 'secret' })).toThrow('stateBackend.secretKey: expected one of the cos backend\'s settings');
    });
  });
});
