import { AcrSku } from '../../lib/azure';
import { expectConformance } from '../support/terraform-schema/jest';
import { acrEnvironment, addressOf, only, ref, resources, synthesizeAcr } from './helpers';

const ROLE = (guid: string) => `/subscriptions/\${data.azurerm_client_config.azurerm-client-config.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
/** Key Vault Crypto Service Encryption User and Key Vault Crypto Officer (built-in roles reference). */
const CRYPTO_SERVICE_ENCRYPTION_USER = 'e147488a-f6f5-4113-8e2d-b22465e65bf6';
const CRYPTO_OFFICER = '14b46e9e-c2b7-41b4-b07b-48a6ebf60603';

/** The role assignments of a configuration whose role definition ends in `guid`. */
function assignmentsOf(config: ReturnType<typeof synthesizeAcr>['config'], guid: string): Array<[string, any]> {
  return Object.entries(resources(config, 'azurerm_role_assignment')).filter(([, a]) => a.role_definition_id === ROLE(guid));
}

/*
 * Where one Azure service uses another's resource, the wiring is proven on
 * the synthesized JSON: the references, not only the presence, of each end.
 */
describe('prod: the customer-managed key', () => {
  const { config } = synthesizeAcr(acrEnvironment('prod'));
  const registry = only(config, 'azurerm_container_registry');
  const identity = addressOf(config, 'azurerm_user_assigned_identity');
  const vault = addressOf(config, 'azurerm_key_vault');
  const key = addressOf(config, 'azurerm_key_vault_key');
  const [[keyAccessId, keyAccess]] = assignmentsOf(config, CRYPTO_SERVICE_ENCRYPTION_USER);

  test('the registry reads the key with the user-assigned identity it carries, by the identity\'s client id', () => {
    expect(registry.identity).toEqual({ type: 'UserAssigned', identity_ids: [ref(identity, 'id')] });
    expect(registry.encryption).toEqual([{ identity_client_id: ref(identity, 'client_id'), key_vault_key_id: ref(key, 'versionless_id') }]);
  });

  test('that identity, and only it, may wrap and unwrap with the key (Key Vault Crypto Service Encryption User on the key)', () => {
    expect(assignmentsOf(config, CRYPTO_SERVICE_ENCRYPTION_USER)).toHaveLength(1);
    expect(keyAccess).toEqual(expect.objectContaining({
      principal_id: ref(identity, 'principal_id'),
      principal_type: 'ServicePrincipal',
      scope: ref(key, 'resource_versionless_id'),
    }));
  });

  test('the registry is created only once its identity may use the key', () => {
    expect(registry.depends_on).toEqual([`azurerm_role_assignment.${keyAccessId}`]);
  });

  test('the key is in the vault, RSA, for wrapping only, rotated yearly', () => {
    expect(only(config, 'azurerm_key_vault_key')).toEqual(expect.objectContaining({
      key_vault_id: ref(vault, 'id'),
      key_type: 'RSA',
      key_opts: ['wrapKey', 'unwrapKey'],
      rotation_policy: { automatic: { time_after_creation: 'P365D' }, expire_after: 'P730D', notify_before_expiry: 'P30D' },
    }));
  });

  test('the vault has purge protection (recommended for customer-managed keys: a lost key makes every image unreadable) and RBAC, in the caller\'s tenant', () => {
    expect(only(config, 'azurerm_key_vault')).toEqual(expect.objectContaining({
      purge_protection_enabled: true,
      rbac_authorization_enabled: true,
      soft_delete_retention_days: 90,
      tenant_id: '${data.azurerm_client_config.azurerm-client-config.tenant_id}',
    }));
  });

  test('whoever runs Terraform may manage keys in the vault before the key is created (RBAC vault)', () => {
    const [[officerId, officer]] = assignmentsOf(config, CRYPTO_OFFICER);
    expect(officer).toEqual(expect.objectContaining({
      principal_id: '${data.azurerm_client_config.azurerm-client-config.object_id}',
      scope: ref(vault, 'id'),
    }));
    expect(only(config, 'azurerm_key_vault_key').depends_on).toEqual([`azurerm_role_assignment.${officerId}`]);
  });
});

test('a key you bring: the identity gets access to that key; no vault is created', () => {
  const keyResourceId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/keys/providers/Microsoft.KeyVault/vaults/corpkeys/keys/registry';
  const { config } = synthesizeAcr(acrEnvironment('prod'), { encryptionKey: { keyVaultKeyId: 'https://corpkeys.vault.azure.net/keys/registry', keyResourceId } });
  expectConformance(config, 'azurerm');
  expect(resources(config, 'azurerm_key_vault')).toEqual({});
  expect(only(config, 'azurerm_container_registry').encryption[0].key_vault_key_id).toBe('https://corpkeys.vault.azure.net/keys/registry');
  const [[, access]] = assignmentsOf(config, CRYPTO_SERVICE_ENCRYPTION_USER);
  expect(access).toEqual(expect.objectContaining({ scope: keyResourceId, principal_id: ref(addressOf(config, 'azurerm_user_assigned_identity'), 'principal_id') }));
});

describe('prod: audit and alarms', () => {
  const { config } = synthesizeAcr(acrEnvironment('prod'), { alarmEmailAddresses: ['platform@example.com'] });
  const registryId = ref(addressOf(config, 'azurerm_container_registry'), 'id');
  const workspaceId = ref(addressOf(config, 'azurerm_log_analytics_workspace'), 'id');
  const actionGroupId = ref(addressOf(config, 'azurerm_monitor_action_group'), 'id');

  test('the diagnostic setting sends the registry\'s logs to the workspace', () => {
    expect(only(config, 'azurerm_monitor_diagnostic_setting')).toEqual(expect.objectContaining({
      target_resource_id: registryId,
      log_analytics_workspace_id: workspaceId,
    }));
  });

  test('every alert notifies the action group, which emails the given address', () => {
    expect(only(config, 'azurerm_monitor_action_group').email_receiver).toEqual([
      { name: 'email-1', email_address: 'platform@example.com', use_common_alert_schema: true },
    ]);
    expect(only(config, 'azurerm_monitor_metric_alert').action).toEqual([{ action_group_id: actionGroupId }]);
    for (const alert of Object.values(resources(config, 'azurerm_monitor_scheduled_query_rules_alert_v2'))) {
      expect(alert.action).toEqual({ action_groups: [actionGroupId] });
    }
  });

  test('the metric alert watches the registry; the log alerts query the workspace for this registry\'s events', () => {
    expect(only(config, 'azurerm_monitor_metric_alert').scopes).toEqual([registryId]);
    const logins = only(config, 'azurerm_monitor_scheduled_query_rules_alert_v2', 'Registry_Monitoring_FailedLogins');
    const pulls = only(config, 'azurerm_monitor_scheduled_query_rules_alert_v2', 'Registry_Monitoring_FailedPulls');
    for (const alert of [logins, pulls]) {
      expect(alert.scopes).toEqual([workspaceId]);
      expect(alert.criteria[0].query).toContain(`| where _ResourceId =~ "${registryId}"`);
      expect(alert.depends_on).toEqual([addressOf(config, 'azurerm_monitor_diagnostic_setting')]);
    }
    expect(logins.criteria[0].query).toMatch(/^ContainerRegistryLoginEvents\n.*\n\| where ResultDescription != "200"$/);
    expect(pulls.criteria[0].query).toMatch(/^ContainerRegistryRepositoryEvents\n.*\n\| where OperationName contains "Pull"\n\| where ResultDescription contains "40"$/);
  });
});

describe('prod: the private endpoint and its DNS', () => {
  const { config } = synthesizeAcr(acrEnvironment('prod'));
  const registry = only(config, 'azurerm_container_registry');
  const endpoint = addressOf(config, 'azurerm_private_endpoint');
  const zone = addressOf(config, 'azurerm_private_dns_zone');

  test('the endpoint connects to the registry\'s "registry" subresource from the created subnet', () => {
    expect(only(config, 'azurerm_private_endpoint')).toEqual(expect.objectContaining({
      subnet_id: ref(addressOf(config, 'azurerm_subnet'), 'id'),
      location: registry.location,
      private_service_connection: expect.objectContaining({
        private_connection_resource_id: ref(addressOf(config, 'azurerm_container_registry'), 'id'),
        subresource_names: ['registry'],
        is_manual_connection: false,
      }),
    }));
    expect(only(config, 'azurerm_subnet').address_prefixes).toEqual(['10.0.0.0/27']);
  });

  test('the privatelink.azurecr.io zone is linked to the endpoint\'s network', () => {
    expect(only(config, 'azurerm_private_dns_zone').name).toBe('privatelink.azurecr.io');
    expect(only(config, 'azurerm_private_dns_zone_virtual_network_link')).toEqual(expect.objectContaining({
      private_dns_zone_name: ref(zone, 'name'),
      virtual_network_id: ref(addressOf(config, 'azurerm_virtual_network'), 'id'),
      registration_enabled: false,
    }));
  });

  test('each name the endpoint serves has a record with the endpoint\'s address for it: registry, data endpoint per location, regional endpoint per replica', () => {
    const name = registry.name;
    const records = Object.values(resources(config, 'azurerm_private_dns_a_record'));
    expect(records.map((r) => r.name).sort()).toEqual([
      name, `${name}.germanywestcentral.data`, `${name}.germanywestcentral.geo`, `${name}.northeurope.data`,
    ].sort());
    for (const record of records) {
      expect(record.zone_name).toBe(ref(zone, 'name'));
      expect(record.records).toBe(`\${flatten([for config in ${endpoint}.custom_dns_configs : config.ip_addresses if config.fqdn == "${record.name}.azurecr.io"])}`);
    }
  });
});

test('a subnet and network you bring: the endpoint goes there and the zone is linked to it; nothing is created for it', () => {
  const network = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub';
  const { config } = synthesizeAcr(acrEnvironment('prod'), { privateEndpointSubnetId: `${network}/subnets/endpoints`, virtualNetworkId: network });
  expectConformance(config, 'azurerm');
  expect(resources(config, 'azurerm_virtual_network')).toEqual({});
  expect(resources(config, 'azurerm_subnet')).toEqual({});
  expect(only(config, 'azurerm_private_endpoint').subnet_id).toBe(`${network}/subnets/endpoints`);
  expect(only(config, 'azurerm_private_dns_zone_virtual_network_link').virtual_network_id).toBe(network);
});

test('a Premium registry with public access has no private endpoint, and keeps export (azurerm refuses it off with public access)', () => {
  const { config } = synthesizeAcr(acrEnvironment('prod'), { publicNetworkAccess: true, allowedIpRanges: ['203.0.113.0/24'] });
  expectConformance(config, 'azurerm');
  const registry = only(config, 'azurerm_container_registry');
  expect(registry).toEqual(expect.objectContaining({
    sku: AcrSku.PREMIUM,
    public_network_access_enabled: true,
    export_policy_enabled: true,
    network_rule_set: [{ default_action: 'Deny', ip_rule: [{ action: 'Allow', ip_range: '203.0.113.0/24' }] }],
  }));
  expect(resources(config, 'azurerm_private_endpoint')).toEqual({});
  // The retention task reaches a public registry.
  expect(Object.keys(resources(config, 'azurerm_container_registry_task'))).toHaveLength(1);
});
