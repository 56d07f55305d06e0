import { EnvironmentProfile } from '../../lib';
import { purgeTaskYaml } from '../../lib/azure/retention';
import { expectConformance } from '../support/terraform-schema/jest';
import { acrEnvironment, addressOf, only, ref, resources, synthesizeAcr } from './helpers';

describe('the retention task', () => {
  test('runs acr purge from a pinned acr-cli image: all but the newest N tags of each repository, then untagged manifests older than the days', () => {
    expect(purgeTaskYaml(50, 7)).toBe([
      'version: v1.1.0',
      'steps:',
      "  - cmd: mcr.microsoft.com/acr/acr-cli:0.19 purge --registry $RegistryName --filter '.*:.*' --ago 0d --keep 50",
      '    disableWorkingDirectoryOverride: true',
      '    timeout: 1800',
      '  - cmd: mcr.microsoft.com/acr/acr-cli:0.19 purge --registry $RegistryName --untagged-only --ago 7d',
      '    disableWorkingDirectoryOverride: true',
      '    timeout: 1800',
      '',
    ].join('\n'));
  });

  test('is a Linux task on the registry with a daily timer, its steps\' timeouts summing to the task\'s 3600 s', () => {
    const { config } = synthesizeAcr(acrEnvironment('test'));
    const task = only(config, 'azurerm_container_registry_task');
    expect(task).toEqual(expect.objectContaining({
      container_registry_id: ref(addressOf(config, 'azurerm_container_registry'), 'id'),
      platform: { os: 'Linux' },
      timer_trigger: [{ name: 'retention', schedule: '0 3 * * *', enabled: true }],
      encoded_step: { task_content: purgeTaskYaml(100, 14) },
    }));
    expect(task.timeout_in_seconds).toBeUndefined();
  });

  test('takes the schedule given', () => {
    const { config } = synthesizeAcr(acrEnvironment('dev'), { retentionSchedule: '30 1 * * 6' });
    expect(only(config, 'azurerm_container_registry_task').timer_trigger[0].schedule).toBe('30 1 * * 6');
  });

  test('deletes untagged manifests on Premium too (the retention policy skips OCI manifests), and on Premium without a retention policy beyond 365 days', () => {
    const environment = acrEnvironment('qa', { profile: EnvironmentProfile.PROD.withOverrides({ untaggedImageRetentionDays: 400 }) });
    const { config } = synthesizeAcr(environment, { publicNetworkAccess: true });
    expect(only(config, 'azurerm_container_registry').retention_policy_in_days).toBeUndefined();
    expect(only(config, 'azurerm_container_registry_task').encoded_step.task_content).toContain('--untagged-only --ago 400d');
  });

  test('runs on a dedicated agent pool in the private endpoint\'s subnet when asked, without public network access', () => {
    const { config } = synthesizeAcr(acrEnvironment('prod'), { retentionAgentPool: true });
    expectConformance(config, 'azurerm');
    const pool = only(config, 'azurerm_container_registry_agent_pool');
    expect(pool).toEqual(expect.objectContaining({
      container_registry_name: ref(addressOf(config, 'azurerm_container_registry'), 'name'),
      virtual_network_subnet_id: ref(addressOf(config, 'azurerm_subnet'), 'id'),
      tier: 'S1',
      instance_count: 1,
      location: 'northeurope',
    }));
    expect(only(config, 'azurerm_container_registry_task').agent_pool_name).toBe(ref(addressOf(config, 'azurerm_container_registry_agent_pool'), 'name'));
  });

  test('is not created where it cannot reach the registry (private, no agent pool): the settings warn instead', () => {
    expect(resources(synthesizeAcr(acrEnvironment('prod')).config, 'azurerm_container_registry_task')).toEqual({});
  });
});
