import { expectConformance, expectTagged } from '../support/terraform-schema/jest';
import { acrEnvironment, addressOf, only, ref, resources, synthesizeAcr } from './helpers';

const GIB = 1024 ** 3;

/*
 * What each profile's registry sets, read from the synthesized Terraform
 * JSON; every resource is checked against the azurerm 4.55.0 schema.
 */
describe.each(['dev', 'test', 'prod'])('the %s profile\'s registry', (name) => {
  const environment = acrEnvironment(name);
  const { config, registry } = synthesizeAcr(environment);
  const acr = only(config, 'azurerm_container_registry');
  const prod = name === 'prod';

  test('conforms to the azurerm schema (names, required arguments, types, allowed values and ranges)', () => {
    expectConformance(config, 'azurerm');
  });

  test('tags every taggable resource, and each replica, with the declaration\'s tags', () => {
    expectTagged(config, 'azurerm', environment.tags);
    for (const replica of acr.georeplications) {
      expect(replica.tags).toEqual(environment.tags);
    }
  });

  test('has its SKU from the profile\'s size, no admin user and no anonymous pull', () => {
    expect(acr.sku).toBe(prod ? 'Premium' : 'Basic');
    expect(registry.sku).toBe(acr.sku);
    expect(acr.admin_enabled).toBe(false);
    expect(acr.anonymous_pull_enabled).toBe(false);
  });

  test('is in a resource group of its own in the primary region\'s location', () => {
    const group = only(config, 'azurerm_resource_group');
    expect(group).toEqual(expect.objectContaining({ name: `${name}-registry-acr-rg`, location: 'northeurope' }));
    expect(acr.resource_group_name).toBe(ref(addressOf(config, 'azurerm_resource_group'), 'name'));
    expect(acr.location).toBe('northeurope');
  });

  test('is private, exports nothing and serves dedicated data endpoints in prod; public elsewhere', () => {
    expect(acr.public_network_access_enabled).toBe(!prod);
    expect(acr.export_policy_enabled).toBe(!prod);
    expect(acr.data_endpoint_enabled).toBe(prod ? true : undefined);
    expect(Object.keys(resources(config, 'azurerm_private_endpoint'))).toHaveLength(prod ? 1 : 0);
  });

  test('replicates to the replica region in prod only, with a regional endpoint', () => {
    expect(acr.georeplications).toEqual(prod
      ? [{ location: 'germanywestcentral', regional_endpoint_enabled: true, zone_redundancy_enabled: true, tags: environment.tags }]
      : []);
    expect(acr.zone_redundancy_enabled).toBe(prod);
  });

  test('retains untagged manifests for the profile\'s days with the Premium retention policy (prod)', () => {
    expect(acr.retention_policy_in_days).toBe(prod ? 30 : undefined);
  });

  test('encrypts with a customer-managed key in prod only', () => {
    expect(acr.encryption === undefined).toBe(!prod);
    expect(Object.keys(resources(config, 'azurerm_key_vault_key'))).toHaveLength(prod ? 1 : 0);
  });

  test('runs the retention task where it can reach the registry (dev, test)', () => {
    const tasks = Object.values(resources(config, 'azurerm_container_registry_task'));
    expect(tasks).toHaveLength(prod ? 0 : 1);
    if (!prod) {
      expect(tasks[0].encoded_step.task_content).toContain(`--keep ${environment.settings.maxImageCount}\n`);
      expect(tasks[0].encoded_step.task_content).toContain(`--untagged-only --ago ${environment.settings.untaggedImageRetentionDays}d\n`);
    }
  });

  test('sends login and repository events and all metrics to a workspace keeping logs as long as the profile (30 days at least)', () => {
    expect(only(config, 'azurerm_log_analytics_workspace').retention_in_days).toBe(Math.max(30, environment.settings.logRetentionDays));
    const diagnostics = only(config, 'azurerm_monitor_diagnostic_setting');
    expect(diagnostics.enabled_log).toEqual([{ category: 'ContainerRegistryLoginEvents' }, { category: 'ContainerRegistryRepositoryEvents' }]);
    expect(diagnostics.enabled_metric).toEqual([{ category: 'AllMetrics' }]);
  });

  test('alerts when the profile enables alarms: storage over 85 % of the SKU\'s included storage, failed pulls, failed logins', () => {
    const metricAlerts = Object.values(resources(config, 'azurerm_monitor_metric_alert'));
    const logAlerts = Object.values(resources(config, 'azurerm_monitor_scheduled_query_rules_alert_v2'));
    if (!environment.settings.alarmsEnabled) {
      expect([...metricAlerts, ...logAlerts, ...Object.values(resources(config, 'azurerm_monitor_action_group'))]).toEqual([]);
      return;
    }
    const included = prod ? 500 : 10;
    expect(metricAlerts).toHaveLength(1);
    expect(metricAlerts[0].criteria).toEqual([{
      metric_namespace: 'Microsoft.ContainerRegistry/registries',
      metric_name: 'StorageUsed',
      aggregation: 'Average',
      operator: 'GreaterThan',
      threshold: Math.round(included * GIB * 0.85),
    }]);
    expect(metricAlerts[0]).toEqual(expect.objectContaining({ frequency: 'PT1H', window_size: 'PT1H' }));
    expect(logAlerts.map((alert) => alert.name).sort()).toEqual([`${name}-registry-acr-failed-logins`, `${name}-registry-acr-failed-pulls`]);
  });

  test('guards against deletion in prod (prevent_destroy and a CanNotDelete lock); dev and test delete cleanly', () => {
    const locks = Object.values(resources(config, 'azurerm_management_lock'));
    const stateful = ['azurerm_container_registry', 'azurerm_key_vault', 'azurerm_key_vault_key', 'azurerm_log_analytics_workspace', 'azurerm_resource_group'];
    const guarded = stateful.flatMap((type) => Object.values(resources(config, type))).filter((r) => r.lifecycle?.prevent_destroy === true);
    if (prod) {
      expect(locks.map((lock) => [lock.scope, lock.lock_level]).sort()).toEqual([
        [ref(addressOf(config, 'azurerm_container_registry'), 'id'), 'CanNotDelete'],
        [ref(addressOf(config, 'azurerm_key_vault'), 'id'), 'CanNotDelete'],
      ].sort());
      expect(guarded).toHaveLength(5);
    } else {
      expect(locks).toEqual([]);
      expect(guarded).toEqual([]);
      // Nothing else may keep a destroy from completing either.
      expect(Object.values(config.resource ?? {}).flatMap((instances) => Object.values(instances as object))
        .filter((r: any) => r.lifecycle !== undefined)).toEqual([]);
    }
  });

  test('outputs the login server and the mapping of the declaration\'s host names', () => {
    const outputs = config.output as Record<string, { value: unknown }>;
    const value = (prefix: string) => Object.entries(outputs).find(([id]) => id.startsWith(prefix))![1].value;
    const loginServer = ref(addressOf(config, 'azurerm_container_registry'), 'login_server');
    expect(value('Registry_LoginServer')).toBe(loginServer);
    expect(value('Registry_RegistryName')).toBe(acr.name);
    expect(value('Registry_HostnameMapping')).toEqual(prod
      ? { [`${name}-registry.example.com`]: loginServer, [`eu-central-1.${name}-registry.example.com`]: `${acr.name}.germanywestcentral.geo.azurecr.io` }
      : { [`${name}-registry.example.com`]: loginServer });
  });
});
