import { readFileSync } from 'fs';
import { join } from 'path';
import { loadProviderSchema } from '../support/terraform-schema';
import { documentationKeys } from './documentation-keys';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'provider-schemas');

describe('provider schema fixtures', () => {
  const list = JSON.parse(readFileSync(join(fixtures, 'resources.json'), 'utf8'));

  test.each(['azurerm', 'tencentcloud'])('%s: every listed type, with the provider source and version it was read from', (provider) => {
    const schema = loadProviderSchema(provider);
    const types = Object.keys(schema.resources);
    for (const pattern of list[provider].resources as string[]) {
      const matching = pattern.endsWith('*') ? types.filter((t) => t.startsWith(pattern.slice(0, -1))) : types.filter((t) => t === pattern);
      expect(`${pattern}: ${matching.length > 0}`).toBe(`${pattern}: true`);
    }
    expect(schema.provider_version_or_commit).toMatch(/^v\d+\.\d+\.\d+ \([0-9a-f]{40}\)$/);
    expect((schema as any).provenance.extracted_by).toBe('scripts/extract-provider-schemas.ts');
    // Documentation is dropped from every schema object; an argument that
    // is itself called `description` (e.g. tencentcloud_cam_policy's) stays.
    expect(Object.entries(schema.resources).flatMap(([type, resource]) => documentationKeys(resource, type))).toEqual([]);
    if (provider === 'tencentcloud') {
      expect(Object.keys(schema.resources.tencentcloud_cam_policy.attributes)).toContain('description');
    }
  });

  test('tencentcloud: the terraform-schema subset the generator reads holds the provider block and exactly the binding types', () => {
    const subset = JSON.parse(readFileSync(join(fixtures, 'tencentcloud.terraform-schema.json'), 'utf8'));
    const provider = subset.provider_schemas['registry.terraform.io/tencentcloudstack/tencentcloud'];
    expect(Object.keys(provider.resource_schemas)).toEqual([...list.tencentcloud.bindings].sort());
    expect(Object.keys(provider.provider.block.attributes)).toContain('region');
    expect(subset.provenance).toContain('scripts/extract-provider-schemas.ts');
  });

  test('azurerm: the resources the Azure backend will need, from the version @cdktf/provider-azurerm binds', () => {
    const schema = loadProviderSchema('azurerm');
    expect(schema.provider_source).toBe('hashicorp/azurerm');
    expect(schema.provider_version_or_commit).toMatch(/^v4\.55\.0 /);
    expect(Object.keys(schema.resources)).toEqual(expect.arrayContaining([
      'azurerm_container_registry', 'azurerm_container_registry_task', 'azurerm_container_registry_scope_map', 'azurerm_container_registry_token',
      'azurerm_container_registry_cache_rule', 'azurerm_container_registry_credential_set', 'azurerm_resource_group', 'azurerm_virtual_network',
      'azurerm_subnet', 'azurerm_private_endpoint', 'azurerm_private_dns_zone', 'azurerm_private_dns_zone_virtual_network_link',
      'azurerm_private_dns_a_record', 'azurerm_key_vault', 'azurerm_key_vault_key', 'azurerm_key_vault_access_policy', 'azurerm_key_vault_secret',
      'azurerm_user_assigned_identity', 'azurerm_role_assignment', 'azurerm_log_analytics_workspace', 'azurerm_monitor_diagnostic_setting',
      'azurerm_monitor_metric_alert', 'azurerm_monitor_scheduled_query_rules_alert_v2', 'azurerm_monitor_action_group', 'azurerm_management_lock',
    ]));
  });

  test('tencentcloud: the TCR resources and what the TCR backend will need around them', () => {
    const schema = loadProviderSchema('tencentcloud');
    expect(schema.provider_source).toBe('tencentcloudstack/tencentcloud');
    expect(Object.keys(schema.resources)).toEqual(expect.arrayContaining([
      'tencentcloud_tcr_instance', 'tencentcloud_tcr_namespace', 'tencentcloud_tcr_repository', 'tencentcloud_tcr_replication',
      'tencentcloud_tcr_customized_domain', 'tencentcloud_tcr_immutable_tag_rule', 'tencentcloud_tcr_tag_retention_rule',
      'tencentcloud_tcr_vpc_attachment', 'tencentcloud_tcr_service_account', 'tencentcloud_ssl_certificate', 'tencentcloud_dnspod_record',
      'tencentcloud_monitor_alarm_policy', 'tencentcloud_vpc', 'tencentcloud_subnet', 'tencentcloud_security_group',
      'tencentcloud_private_dns_zone', 'tencentcloud_private_dns_record',
    ]));
  });
});
