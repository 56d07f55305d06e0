import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadProviderSchema } from '../support/terraform-schema';

/** The documentation keys (`description`, `note`) found in argument and block schemas, by path. */
function documentationKeys(node: unknown, path: string = ''): string[] {
  if (node === null || typeof node !== 'object') {
    return [];
  }
  const record = node as Record<string, unknown>;
  const own = ['description', 'note'].filter((key) => key in record && typeof record[key] === 'string').map((key) => `${path}.${key}`);
  const children = ['attributes', 'blocks'].flatMap((map) => Object.entries((record[map] ?? {}) as Record<string, unknown>)
    .flatMap(([name, schema]) => documentationKeys(schema, `${path}.${map}.${name}`)));
  return [...own, ...children];
}

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

describe('scripts/extract-provider-schemas.ts', () => {
  const source = mkdtempSync(join(tmpdir(), 'schema-source-'));
  const target = mkdtempSync(join(tmpdir(), 'schema-fixtures-'));
  const attribute = (type: string, extra: object = {}) => ({ type, required: false, optional: true, computed: false, description: 'words', ...extra });
  writeFileSync(join(source, 'acme.schema.json'), JSON.stringify({
    provider_name: 'acme',
    provider_source: 'acme/acme',
    provider_repo: 'github.com/acme/terraform-provider-acme',
    provider_version_or_commit: 'v1.2.3 (0123456789012345678901234567890123456789)',
    resource_meta_arguments: ['count'],
    data_meta_arguments: ['count'],
    provider_meta_arguments: ['alias'],
    provider: { attributes: { region: attribute('TypeString') }, blocks: {} },
    resources: {
      acme_widget: {
        source: 'widget.go',
        attributes: {
          size: attribute('TypeInt', { validate: { func: 'validation.IntBetween', args: [1, 9], range: [1, 9] } }),
          // Arguments may carry the names of documentation keys.
          description: attribute('TypeString'),
          note: attribute('TypeString'),
        },
        blocks: { description: { nesting: 'list', attributes: { text: attribute('TypeString') }, blocks: {}, description: 'a block' } },
      },
      acme_widget_part: { attributes: { name: attribute('TypeString', { note: 'a note' }) }, blocks: {} },
      acme_gadget: { attributes: {}, blocks: {} },
    },
    data_sources: { acme_account: { attributes: {}, blocks: {} } },
    all_resource_types: ['acme_widget', 'acme_widget_part', 'acme_gadget', 'acme_unread'],
  }));
  writeFileSync(join(target, 'resources.json'), JSON.stringify({ acme: { resources: ['acme_widget*'], data_sources: [] } }));

  function run(...args: string[]) {
    return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'extract-provider-schemas.ts'), '--from', source, '--fixtures', target, ...args],
      { cwd: root, encoding: 'utf8' });
  }

  test('extracts the listed types (prefix patterns too) without documentation, and --add appends to the list', () => {
    const result = run('--add', 'acme_gadget', '--add-data', 'acme_account');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const fixture = JSON.parse(readFileSync(join(target, 'acme.json'), 'utf8'));
    expect(Object.keys(fixture.resources)).toEqual(['acme_gadget', 'acme_widget', 'acme_widget_part']);
    expect(Object.keys(fixture.data_sources)).toEqual(['acme_account']);
    expect(fixture.resources.acme_widget.attributes.size).toEqual({
      type: 'TypeInt', required: false, optional: true, computed: false, validate: { func: 'validation.IntBetween', range: [1, 9] },
    });
    expect(fixture.resources.acme_widget.source).toBe('widget.go');
    expect(Object.keys(fixture.resources.acme_widget.attributes)).toEqual(['description', 'note', 'size']);
    expect(fixture.resources.acme_widget.attributes.description).toEqual({ type: 'TypeString', required: false, optional: true, computed: false });
    expect(fixture.resources.acme_widget.blocks.description).toEqual({
      nesting: 'list', attributes: { text: { type: 'TypeString', required: false, optional: true, computed: false } }, blocks: {},
    });
    expect(documentationKeys(fixture.provider, 'provider')).toEqual([]);
    expect(Object.entries(fixture.resources).flatMap(([type, resource]) => documentationKeys(resource, type))).toEqual([]);
    expect(fixture.provenance.note).toContain('github.com/acme/terraform-provider-acme at v1.2.3');
    expect(JSON.parse(readFileSync(join(target, 'resources.json'), 'utf8'))).toEqual({
      acme: { resources: ['acme_widget*', 'acme_gadget'], data_sources: ['acme_account'] },
    });
  });

  test('writes the terraform-schema subset of the binding types, with their descriptions, and --add-binding extracts the type too', () => {
    const block = (description: string) => ({ block: { attributes: { size: { type: 'number', optional: true, description } } } });
    writeFileSync(join(source, 'acme.terraform-schema.json'), JSON.stringify({
      format_version: '1.0',
      provider_schemas: {
        'registry.terraform.io/acme/acme': {
          provider: block('the provider'),
          resource_schemas: { acme_widget: block('a widget'), acme_gadget: block('a gadget'), acme_widget_part: block('a part') },
          data_source_schemas: {},
        },
      },
    }));
    const result = run('--add-binding', 'acme_widget', 'acme_gadget');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const subset = JSON.parse(readFileSync(join(target, 'acme.terraform-schema.json'), 'utf8'));
    expect(subset.format_version).toBe('1.0');
    expect(subset.provenance).toContain('github.com/acme/terraform-provider-acme v1.2.3');
    const provider = subset.provider_schemas['registry.terraform.io/acme/acme'];
    expect(Object.keys(provider.resource_schemas)).toEqual(['acme_gadget', 'acme_widget']);
    expect(provider.resource_schemas.acme_widget.block.attributes.size.description).toBe('a widget');
    expect(provider.provider).toEqual(block('the provider'));
    const list = JSON.parse(readFileSync(join(target, 'resources.json'), 'utf8'));
    expect(list.acme.bindings).toEqual(['acme_widget', 'acme_gadget']);
    // acme_widget was already taken by acme_widget*, acme_gadget by the first test's --add.
    expect(list.acme.resources).toEqual(['acme_widget*', 'acme_gadget']);
  });

  test('refuses a binding the source\'s terraform-schema file lacks, and leaves the fixture as it was', () => {
    const before = readFileSync(join(target, 'acme.terraform-schema.json'), 'utf8');
    writeFileSync(join(source, 'acme.terraform-schema.json'), JSON.stringify({
      format_version: '1.0', provider_schemas: { 'registry.terraform.io/acme/acme': { provider: {}, resource_schemas: { acme_gadget: {} }, data_source_schemas: {} } },
    }));
    const result = run();
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('no resource acme_widget');
    expect(readFileSync(join(target, 'acme.terraform-schema.json'), 'utf8')).toBe(before);
  });

  test('refuses a type the source does not hold, and says whether the provider has it', () => {
    const unread = run('--add', 'acme_unread');
    expect(unread.status).not.toBe(0);
    expect(unread.stderr).toContain('acme_unread: not in');
    expect(unread.stderr).toContain('the provider has it');
    const unknown = run('--add', 'acme_nothing');
    expect(unknown.stderr).toContain('the provider has no such type');
    // A failed run leaves the list as it was.
    expect(JSON.parse(readFileSync(join(target, 'resources.json'), 'utf8')).acme.resources).not.toContain('acme_nothing');
  });
});
