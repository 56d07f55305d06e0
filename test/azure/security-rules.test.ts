import { acrEnvironment, only, synthesizeAcr } from './helpers';

/*
 * Security rules as tests, each mirroring the logic of the rule it is named
 * after (bridgecrewio/checkov, checkov/terraform/checks/resource/azure/,
 * file named with each rule), applied to the synthesized
 * azurerm_container_registry. Checkov has no rule for the export policy;
 * that one mirrors PSRule for Azure's Azure.ACR.ExportPolicy. Each rule is
 * also shown to fail a registry that breaks it, so none passes by
 * construction.
 */
type Registry = Record<string, any>;

const RULES: Record<string, { check: (registry: Registry) => boolean; broken: (registry: Registry) => Registry }> = {
  // ACRAdminAccountDisabled.py: fails when admin_enabled is true.
  'CKV_AZURE_137 admin account disabled': { check: (r) => r.admin_enabled !== true, broken: (r) => ({ ...r, admin_enabled: true }) },
  // ACRAnonymousPullDisabled.py: fails when a Standard or Premium registry has anonymous_pull_enabled true.
  'CKV_AZURE_138 anonymous pull disabled': {
    check: (r) => !(['Standard', 'Premium'].includes(r.sku) && r.anonymous_pull_enabled === true),
    broken: (r) => ({ ...r, sku: 'Standard', anonymous_pull_enabled: true }),
  },
  // ACRPublicNetworkAccessDisabled.py: public_network_access_enabled must be false.
  'CKV_AZURE_139 public network access disabled': {
    check: (r) => r.public_network_access_enabled === false,
    broken: (r) => ({ ...r, public_network_access_enabled: true }),
  },
  // ACRGeoreplicated.py: passes only for Premium with georeplications.
  'CKV_AZURE_165 geo-replicated': { check: (r) => r.sku === 'Premium' && (r.georeplications ?? []).length > 0, broken: (r) => ({ ...r, georeplications: [] }) },
  // ACREnableRetentionPolicy.py: retention_policy_in_days set to any value.
  'CKV_AZURE_167 retention policy for untagged manifests': {
    check: (r) => r.retention_policy_in_days !== undefined,
    broken: (r) => ({ ...r, retention_policy_in_days: undefined }),
  },
  // ACREnableZoneRedundancy.py: a Premium registry and each of its replicas must be zone redundant.
  'CKV_AZURE_233 zone redundant': {
    check: (r) => r.sku !== 'Premium' || (r.zone_redundancy_enabled === true && (r.georeplications ?? []).every((g: Registry) => g.zone_redundancy_enabled === true)),
    broken: (r) => ({ ...r, georeplications: [{ ...r.georeplications[0], zone_redundancy_enabled: false }] }),
  },
  // ACRDedicatedDataEndpointEnabled.py: data_endpoint_enabled must be true.
  'CKV_AZURE_243 dedicated data endpoints': { check: (r) => r.data_endpoint_enabled === true, broken: (r) => ({ ...r, data_endpoint_enabled: false }) },
  // PSRule Azure.ACR.ExportPolicy (no Checkov rule): export disabled, which azurerm allows only without public network access.
  'Azure.ACR.ExportPolicy export disabled': {
    check: (r) => r.export_policy_enabled === false && r.public_network_access_enabled === false,
    broken: (r) => ({ ...r, export_policy_enabled: true }),
  },
};

/** Rules every profile meets; the others are what prod's hardening (Premium) adds. */
const EVERY_PROFILE = ['CKV_AZURE_137 admin account disabled', 'CKV_AZURE_138 anonymous pull disabled', 'CKV_AZURE_233 zone redundant'];

const registries = Object.fromEntries(['dev', 'test', 'prod'].map((name) => [name, only(synthesizeAcr(acrEnvironment(name)).config, 'azurerm_container_registry')]));

describe.each(Object.keys(RULES))('%s', (rule) => {
  const { check, broken } = RULES[rule];

  test('prod passes', () => {
    expect(check(registries.prod)).toBe(true);
  });

  test('the rule fails a registry that breaks it', () => {
    expect(check(broken(registries.prod))).toBe(false);
  });

  if (EVERY_PROFILE.includes(rule)) {
    test.each(['dev', 'test'])('%s passes too', (name) => {
      expect(check(registries[name])).toBe(true);
    });
  } else {
    test.each(['dev', 'test'])('%s (Basic: cheap, public) does not, by design', (name) => {
      expect(registries[name].sku).toBe('Basic');
      expect(check(registries[name])).toBe(false);
    });
  }
});

test('anonymous pull is written out as false on every profile, not left to the default', () => {
  for (const registry of Object.values(registries)) {
    expect(registry.anonymous_pull_enabled).toBe(false);
    expect(registry.admin_enabled).toBe(false);
  }
});
