import { checkConformance, loadProviderSchema, ProviderSchemaFile, satisfies, TerraformJson } from '../support/terraform-schema';
import { isTemplate, isWholeExpression } from '../support/terraform-schema/expressions';

/*
 * The conformance checker itself: every rule fires on a hand-made bad
 * configuration, and well-formed ones pass. Resources come from the real
 * azurerm and tencentcloud fixtures where they show the rule; a tiny
 * hand-made schema covers validators no fixture resource uses.
 */

const azurerm = loadProviderSchema('azurerm');
const tencentcloud = loadProviderSchema('tencentcloud');

/** A configuration with a valid azurerm provider setup around `resource` (and `extra` top-level keys). */
function azure(resource: Record<string, Record<string, unknown>>, extra: Partial<TerraformJson> = {}): TerraformJson {
  return {
    terraform: { required_providers: { azurerm: { source: 'azurerm', version: '4.55.0' } } },
    provider: { azurerm: [{ features: [{}] }] },
    resource,
    ...extra,
  };
}

function tencent(resource: Record<string, Record<string, unknown>>): TerraformJson {
  return {
    terraform: { required_providers: { tencentcloud: { source: 'tencentcloudstack/tencentcloud', version: '~> 1.83.25' } } },
    provider: { tencentcloud: [{ region: 'ap-guangzhou' }] },
    resource,
  };
}

/** `kind path` of every finding. */
function found(config: TerraformJson, schema: ProviderSchemaFile = azurerm): string[] {
  return checkConformance(config, schema).map((f) => `${f.kind} ${f.path}`);
}

const UUID = '00000000-0000-4000-8000-000000000000';
const REGISTRY = { name: 'devregistry', resource_group_name: 'rg', location: 'westeurope', sku: 'Premium' };
const reg = (body: Record<string, unknown>) => azure({ azurerm_container_registry: { registry: { ...REGISTRY, ...body } } });

describe('schema conformance checker', () => {
  describe('well-formed configurations pass', () => {
    test('azurerm resources with blocks, tags, lifecycle, depends_on and expressions', () => {
      const config = azure({
        azurerm_resource_group: { rg: { name: 'rg', location: 'westeurope', tags: { 'registry:environment': 'dev' } } },
        azurerm_container_registry: {
          registry: {
            ...REGISTRY,
            resource_group_name: '${azurerm_resource_group.rg.name}',
            retention_policy_in_days: 7,
            admin_enabled: false,
            identity: { type: 'UserAssigned', identity_ids: ['${azurerm_user_assigned_identity.id.id}'] },
            georeplications: [{ location: 'northeurope', zone_redundancy_enabled: true }],
            lifecycle: { prevent_destroy: true, ignore_changes: ['tags'] },
            depends_on: ['azurerm_resource_group.rg'],
            timeouts: { create: '30m' },
          },
        },
        azurerm_user_assigned_identity: { id: { name: 'id', resource_group_name: 'rg', location: 'westeurope' } },
        azurerm_management_lock: { lock: { name: 'keep', scope: '${azurerm_container_registry.registry.id}', lock_level: 'CanNotDelete', notes: '' } },
      });
      expect(found(config)).toEqual([]);
    });

    test('tencentcloud resources, ignore_case values and nested blocks', () => {
      const config = tencent({
        tencentcloud_tcr_instance: { registry: { name: 'dev-registry', instance_type: 'premium', deletion_protection: true, tags: { env: 'dev' } } },
        tencentcloud_security_group: { sg: { name: 'registry' } },
        tencentcloud_security_group_rule_set: {
          rules: { security_group_id: '${tencentcloud_security_group.sg.id}', ingress: [{ action: 'accept', cidr_block: '10.0.0.0/16', protocol: 'TCP', port: '443' }] },
        },
      });
      expect(found(config, tencentcloud)).toEqual([]);
    });

    test('resource types of other providers are not its business', () => {
      expect(found(azure({ random_id: { suffix: { byte_length: 4, anything: 'goes' } } }))).toEqual([]);
    });
  });

  describe('resource types and arguments', () => {
    test('an unknown resource type', () => {
      expect(found(azure({ azurerm_container_registry_xyz: { r: {} } }))).toEqual(['unknown-resource-type resource.azurerm_container_registry_xyz']);
    });

    test('unknown arguments, at the top and in a block', () => {
      expect(found(reg({ colour: 'blue', identity: { type: 'SystemAssigned', shape: 'round' } }))).toEqual([
        'unknown-argument resource.azurerm_container_registry.registry.colour',
        'unknown-argument resource.azurerm_container_registry.registry.identity.shape',
      ]);
    });

    test('`id` is not an argument unless the schema declares it', () => {
      expect(found(reg({ id: 'x' }))).toEqual(['unknown-argument resource.azurerm_container_registry.registry.id']);
    });

    test('a missing required argument and a missing required block', () => {
      const config = azure({
        azurerm_container_registry: { registry: { name: 'r', resource_group_name: 'rg', location: 'westeurope' } },
        azurerm_private_endpoint: { pe: { name: 'pe', location: 'westeurope', resource_group_name: 'rg', subnet_id: '${azurerm_subnet.s.id}' } },
      });
      expect(found(config)).toEqual([
        'missing-argument resource.azurerm_container_registry.registry.sku',
        'missing-block resource.azurerm_private_endpoint.pe.private_service_connection',
      ]);
    });

    test('arguments and blocks only the provider may set', () => {
      const config = azure({
        azurerm_container_registry: { registry: { ...REGISTRY, login_server: 'x.azurecr.io' } },
        azurerm_private_endpoint: {
          pe: {
            name: 'pe', location: 'westeurope', resource_group_name: 'rg', subnet_id: 's',
            private_service_connection: { name: 'c', is_manual_connection: false, private_connection_resource_id: 'id' },
            network_interface: [{}],
          },
        },
      });
      expect(found(config)).toEqual([
        'computed-only resource.azurerm_container_registry.registry.login_server',
        'computed-only resource.azurerm_private_endpoint.pe.network_interface',
      ]);
    });

    test('deprecated arguments and blocks', () => {
      const config = tencent({
        tencentcloud_tcr_vpc_attachment: { a: { instance_id: 'i', vpc_id: 'v', subnet_id: 's', region_id: 1 } },
        tencentcloud_private_dns_zone: { z: { domain: 'example.internal', tag_set: [{ tag_key: 'a', tag_value: 'b' }] } },
      });
      expect(found(config, tencentcloud)).toEqual([
        'deprecated resource.tencentcloud_private_dns_zone.z.tag_set',
        'deprecated resource.tencentcloud_tcr_vpc_attachment.a.region_id',
      ]);
    });

    test('a literal in a sensitive argument, but not an expression', () => {
      const account = (password: string) => tencent({
        tencentcloud_tcr_service_account: { sa: { registry_id: 'r', name: 'ci', password, permissions: [{ resource: 'app', actions: ['tcr:PullRepository'] }] } },
      });
      const literal = account('hunter2');
      const variable = account('${var.password}');
      expect(found(literal, tencentcloud)).toEqual(['literal-secret resource.tencentcloud_tcr_service_account.sa.password']);
      expect(found(variable, tencentcloud)).toEqual([]);
    });
  });

  describe('types', () => {
    test('JSON types must match the schema types', () => {
      expect(found(reg({
        name: 42, // string
        retention_policy_in_days: '7', // int
        admin_enabled: 'false', // bool
        tags: ['a'], // map
        identity: 'SystemAssigned', // block (mode block)
      }))).toEqual([
        'wrong-type resource.azurerm_container_registry.registry.name',
        'wrong-type resource.azurerm_container_registry.registry.retention_policy_in_days',
        'wrong-type resource.azurerm_container_registry.registry.admin_enabled',
        'wrong-type resource.azurerm_container_registry.registry.tags',
        'wrong-type resource.azurerm_container_registry.registry.identity',
      ]);
    });

    test('a fractional number for a whole number, a string for a list, a number in a string map', () => {
      expect(found(reg({ retention_policy_in_days: 1.5, tags: { a: 1 }, identity: { type: 'UserAssigned', identity_ids: 'x' } }))).toEqual([
        'wrong-type resource.azurerm_container_registry.registry.retention_policy_in_days',
        'wrong-type resource.azurerm_container_registry.registry.tags.a',
        'wrong-type resource.azurerm_container_registry.registry.identity.identity_ids',
      ]);
    });

    test('a whole expression stands for any type; a block in attribute mode may be an expression', () => {
      expect(found(reg({ retention_policy_in_days: '${var.days}', admin_enabled: '${var.admin}', tags: '${local.tags}', encryption: '${local.encryption}' }))).toEqual([]);
    });

    test('a template mixing text and an interpolation is a string, not any type', () => {
      expect(found(reg({ retention_policy_in_days: 'x${var.days}' }))).toEqual(['wrong-type resource.azurerm_container_registry.registry.retention_policy_in_days']);
    });
  });

  describe('validators', () => {
    test('a value outside the allowed values, respecting ignore_case', () => {
      expect(found(reg({ sku: 'Gold' }))).toEqual(['value-not-allowed resource.azurerm_container_registry.registry.sku']);
      expect(found(reg({ sku: 'premium' }))).toEqual(['value-not-allowed resource.azurerm_container_registry.registry.sku']);
      const rules = (action: string) => tencent({
        tencentcloud_security_group_rule_set: { r: { security_group_id: 'sg', egress: [{ action, cidr_block: '0.0.0.0/0', protocol: 'ALL' }] } },
      });
      expect(found(rules('drop'), tencentcloud)).toEqual([]);
      expect(found(rules('ALLOW'), tencentcloud)).toEqual(['value-not-allowed resource.tencentcloud_security_group_rule_set.r.egress.0.action']);
    });

    test('numbers out of range, closed and open-ended', () => {
      expect(found(reg({ retention_policy_in_days: 366 }))).toEqual(['out-of-range resource.azurerm_container_registry.registry.retention_policy_in_days']);
      const prepaid = (months: number) => tencent({ tencentcloud_tcr_instance: { r: { name: 'r', instance_type: 'basic', instance_charge_type_prepaid_period: months } } });
      expect(found(prepaid(0), tencentcloud)).toEqual(['out-of-range resource.tencentcloud_tcr_instance.r.instance_charge_type_prepaid_period']);
      expect(found(prepaid(120), tencentcloud)).toEqual([]);
    });

    test('strings out of their length range (in bytes, as Go counts)', () => {
      const group = (shortName: string) => azure({ azurerm_monitor_action_group: { g: { name: 'g', resource_group_name: 'rg', short_name: shortName } } });
      expect(found(group('registryalarm'))).toEqual(['length-out-of-range resource.azurerm_monitor_action_group.g.short_name']);
      expect(found(group('ééééééé'))).toEqual(['length-out-of-range resource.azurerm_monitor_action_group.g.short_name']);
      expect(found(group('alarms'))).toEqual([]);
    });

    test('a value that does not match the pattern', () => {
      const subnet = (count: string) => azure({
        azurerm_subnet: { s: { name: 's', resource_group_name: 'rg', virtual_network_name: 'v', ip_address_pool: [{ id: 'pool', number_of_ip_addresses: count }] } },
      });
      expect(found(subnet('0'))).toEqual(['pattern-mismatch resource.azurerm_subnet.s.ip_address_pool.0.number_of_ip_addresses']);
      expect(found(subnet('256'))).toEqual([]);
    });

    test('provider functions with a plain rule: UUID, non-empty, JSON, Azure tag limits', () => {
      const config = azure({
        azurerm_container_registry: {
          registry: { ...REGISTRY, encryption: [{ identity_client_id: 'not-a-uuid', key_vault_key_id: 'k' }], tags: Object.fromEntries([...Array(51).keys()].map((i) => [`k${i}`, 'v'])) },
        },
        azurerm_container_registry_task: { t: { name: 'task', container_registry_id: 'r', agent_pool_name: '' } },
        azurerm_key_vault_secret: { s: { name: 's', key_vault_id: 'v', value: '${var.v}', tags: Object.fromEntries([...Array(16).keys()].map((i) => [`k${i}`, 'v'])) } },
        azurerm_monitor_action_group: {
          g: { name: 'g', resource_group_name: 'rg', short_name: 'g', itsm_receiver: [{ name: 'i', workspace_id: 'w', connection_id: UUID, ticket_configuration: '{not json', region: 'westeurope' }] },
        },
      });
      expect(found(config)).toEqual([
        'invalid-value resource.azurerm_container_registry.registry.encryption.0.identity_client_id',
        'invalid-value resource.azurerm_container_registry.registry.tags',
        'invalid-value resource.azurerm_container_registry_task.t.agent_pool_name',
        'invalid-value resource.azurerm_key_vault_secret.s.tags',
        'invalid-value resource.azurerm_monitor_action_group.g.itsm_receiver.0.ticket_configuration',
      ]);
    });

    test('element validators run on each element of a list', () => {
      const scopeMap = (actions: string[]) => azure({ azurerm_container_registry_scope_map: { m: { name: 'pull', container_registry_name: 'r', resource_group_name: 'rg', actions } } });
      expect(found(scopeMap(['repositories/app/content/read', '']))).toEqual(['invalid-value resource.azurerm_container_registry_scope_map.m.actions.1']);
    });

    test('no validator runs on a value unknown before plan', () => {
      expect(found(reg({ sku: '${var.sku}', encryption: [{ identity_client_id: '${azurerm_user_assigned_identity.i.client_id}', key_vault_key_id: 'k' }] }))).toEqual([]);
    });

    describe('validators no fixture resource uses', () => {
      const schema: ProviderSchemaFile = {
        ...azurerm,
        resources: {
          azurerm_fake: {
            attributes: {
              prefixed: { type: 'TypeString', required: false, optional: true, computed: false, validate: { func: 'tccommon.ValidateStringPrefix', prefixes: ['CDH_'] } },
              either: {
                type: 'TypeString', required: false, optional: true, computed: false,
                validate: { func: 'validation.Any', args: [{ func: 'validation.StringInSlice', allowed_values: ['a'] }, { func: 'validation.StringLenBetween', length_range: [5, 9] }] },
              },
              starts: { type: 'TypeString', required: false, optional: true, computed: false, validate: { func: 'validation.StringStartsWithOneOf', args: ['/subscriptions/'] } },
              plain: { type: 'TypeString', required: false, optional: true, computed: false, validate: { func: 'validation.StringDoesNotContainAny', args: ['<>'] } },
            },
            blocks: {},
          },
        },
      };
      const fake = (body: Record<string, unknown>) => azure({ azurerm_fake: { f: body } });

      test('prefixes', () => {
        expect(found(fake({ prefixed: 'HOST_1' }), schema)).toEqual(['missing-prefix resource.azurerm_fake.f.prefixed']);
        expect(found(fake({ prefixed: 'CDH_1' }), schema)).toEqual([]);
      });

      test('validation.Any passes when one branch passes, fails when none does', () => {
        expect(found(fake({ either: 'a' }), schema)).toEqual([]);
        expect(found(fake({ either: 'abcdef' }), schema)).toEqual([]);
        expect(found(fake({ either: 'b' }), schema)).toEqual(['value-not-allowed resource.azurerm_fake.f.either']);
      });

      test('StringStartsWithOneOf and StringDoesNotContainAny', () => {
        expect(found(fake({ starts: '/providers/x', plain: 'a<b' }), schema)).toEqual([
          'missing-prefix resource.azurerm_fake.f.starts',
          'invalid-value resource.azurerm_fake.f.plain',
        ]);
      });

      test('a validator branch the checker cannot evaluate lets the value pass', () => {
        const actionGroup = azure({ azurerm_monitor_action_group: { g: { name: 'g', resource_group_name: 'rg', short_name: 'g', location: 'westeurope' } } });
        expect(found(actionGroup)).toEqual([]);
      });
    });
  });

  describe('item counts', () => {
    test('too many blocks, too few and too many list items', () => {
      const config = azure({
        azurerm_container_registry: { registry: { ...REGISTRY, identity: [{ type: 'SystemAssigned' }, { type: 'SystemAssigned' }] } },
        azurerm_container_registry_scope_map: { m: { name: 'pull', container_registry_name: 'r', resource_group_name: 'rg', actions: [] } },
        azurerm_private_dns_a_record: { a: { name: 'a', zone_name: 'z', resource_group_name: 'rg', ttl: 300, records: [...Array(21).keys()].map((i) => `10.0.0.${i}`) } },
      });
      expect(found(config)).toEqual([
        'too-many-items resource.azurerm_container_registry.registry.identity',
        'too-few-items resource.azurerm_container_registry_scope_map.m.actions',
        'too-many-items resource.azurerm_private_dns_a_record.a.records',
      ]);
    });

    test('a list holding an expression is not counted', () => {
      expect(found(azure({ azurerm_container_registry_scope_map: { m: { name: 'pull', container_registry_name: 'r', resource_group_name: 'rg', actions: ['${var.a}'] } } }))).toEqual([]);
    });
  });

  describe('relations between arguments', () => {
    test('conflicts_with, for arguments and for blocks', () => {
      const config = azure({
        azurerm_key_vault_key: { k: { name: 'k', key_vault_id: 'v', key_type: 'EC', key_opts: ['sign'], curve: 'P-256', key_size: 2048 } },
        azurerm_container_registry_task: {
          t: {
            name: 'task', container_registry_id: 'r',
            docker_step: [{ dockerfile_path: 'Dockerfile', context_path: 'https://example.com/repo.git', context_access_token: '${var.token}', image_names: ['app'] }],
            file_step: [{ task_file_path: 'task.yaml' }],
          },
        },
      });
      expect(found(config)).toEqual([
        'conflicts-with resource.azurerm_container_registry_task.t.docker_step',
        'conflicts-with resource.azurerm_container_registry_task.t.file_step',
        'conflicts-with resource.azurerm_key_vault_key.k.curve',
        'conflicts-with resource.azurerm_key_vault_key.k.key_size',
      ]);
    });

    test('conflicts_with ignores a value unknown before plan', () => {
      const config = azure({ azurerm_key_vault_key: { k: { name: 'k', key_vault_id: 'v', key_type: 'EC', key_opts: ['sign'], curve: '${var.curve}', key_size: 2048 } } });
      expect(found(config)).toEqual([]);
    });

    test('exactly_one_of: none, two, and one unknown', () => {
      const secret = (body: Record<string, unknown>) => azure({ azurerm_key_vault_secret: { s: { name: 's', key_vault_id: 'v', ...body } } });
      expect(found(secret({}))).toEqual(['exactly-one-of resource.azurerm_key_vault_secret.s.value', 'exactly-one-of resource.azurerm_key_vault_secret.s.value_wo']);
      expect(found(secret({ value: '${var.a}', value_wo: '${var.b}', value_wo_version: 1 }))).toEqual([]);
      expect(found(secret({ value: '${var.a}', value_wo: 'b', value_wo_version: 1 }))).toEqual(['literal-secret resource.azurerm_key_vault_secret.s.value_wo']);
      expect(found(secret({ value: 'a', value_wo: 'b', value_wo_version: 1 }))).toEqual([
        'literal-secret resource.azurerm_key_vault_secret.s.value',
        'literal-secret resource.azurerm_key_vault_secret.s.value_wo',
        'exactly-one-of resource.azurerm_key_vault_secret.s.value',
        'exactly-one-of resource.azurerm_key_vault_secret.s.value_wo',
      ]);
    });

    test('exactly_one_of inside a block (absolute paths such as private_service_connection.0.x)', () => {
      const endpoint = (connection: Record<string, unknown>) => azure({
        azurerm_private_endpoint: { pe: { name: 'pe', location: 'westeurope', resource_group_name: 'rg', subnet_id: 's', private_service_connection: [{ name: 'c', is_manual_connection: false, ...connection }] } },
      });
      expect(found(endpoint({ private_connection_resource_id: 'id', private_connection_resource_alias: 'alias' }))).toEqual([
        'exactly-one-of resource.azurerm_private_endpoint.pe.private_service_connection.0.private_connection_resource_alias',
        'exactly-one-of resource.azurerm_private_endpoint.pe.private_service_connection.0.private_connection_resource_id',
      ]);
      expect(found(endpoint({ private_connection_resource_id: 'id' }))).toEqual([]);
    });

    test('at_least_one_of', () => {
      const setting = (body: Record<string, unknown>) => azure({
        azurerm_monitor_diagnostic_setting: { d: { name: 'd', target_resource_id: 'r', ...body } },
      });
      expect(found(setting({ log_analytics_workspace_id: 'w' }))).toEqual([
        'at-least-one-of resource.azurerm_monitor_diagnostic_setting.d.enabled_log',
        'at-least-one-of resource.azurerm_monitor_diagnostic_setting.d.enabled_metric',
      ]);
      expect(found(setting({ enabled_log: [{ category_group: 'allLogs' }] }))).toEqual([
        'at-least-one-of resource.azurerm_monitor_diagnostic_setting.d.eventhub_authorization_rule_id',
        'at-least-one-of resource.azurerm_monitor_diagnostic_setting.d.log_analytics_workspace_id',
        'at-least-one-of resource.azurerm_monitor_diagnostic_setting.d.partner_solution_id',
        'at-least-one-of resource.azurerm_monitor_diagnostic_setting.d.storage_account_id',
      ]);
      expect(found(setting({ log_analytics_workspace_id: '${azurerm_log_analytics_workspace.w.id}', enabled_log: [{ category_group: 'allLogs' }] }))).toEqual([]);
    });

    test('required_with', () => {
      const secret = azure({ azurerm_key_vault_secret: { s: { name: 's', key_vault_id: 'v', value_wo: '${var.v}' } } });
      expect(found(secret)).toEqual(['required-with resource.azurerm_key_vault_secret.s.value_wo']);
    });
  });

  describe('meta-arguments', () => {
    test('lifecycle: literal booleans, known keys, arguments that exist', () => {
      expect(found(reg({ lifecycle: { prevent_destroy: '${var.keep}', keep_forever: true, ignore_changes: ['tags', 'colour'] } }))).toEqual([
        'invalid-meta-argument resource.azurerm_container_registry.registry.lifecycle.keep_forever',
        'invalid-meta-argument resource.azurerm_container_registry.registry.lifecycle.prevent_destroy',
        'invalid-meta-argument resource.azurerm_container_registry.registry.lifecycle.ignore_changes.1',
      ]);
      expect(found(reg({ lifecycle: { ignore_changes: 'all', create_before_destroy: false, precondition: [{ condition: '${true}', error_message: 'x' }] } }))).toEqual([]);
    });

    test('count and for_each', () => {
      expect(found(reg({ count: 2, for_each: { a: 1 } }))).toEqual(['invalid-meta-argument resource.azurerm_container_registry.registry']);
      expect(found(reg({ count: -1 }))).toEqual(['invalid-meta-argument resource.azurerm_container_registry.registry.count']);
      expect(found(reg({ for_each: ['a', 'b'] }))).toEqual(['invalid-meta-argument resource.azurerm_container_registry.registry.for_each']);
      expect(found(reg({ for_each: '${toset(var.names)}' }))).toEqual([]);
      expect(found(reg({ count: '${var.n}' }))).toEqual([]);
    });

    test('depends_on must name something the configuration declares', () => {
      expect(found(reg({ depends_on: ['azurerm_resource_group.missing', 'not a reference'] }))).toEqual([
        'invalid-meta-argument resource.azurerm_container_registry.registry.depends_on.0',
        'invalid-meta-argument resource.azurerm_container_registry.registry.depends_on.1',
      ]);
    });

    test('provider must be this provider, and an alias must exist', () => {
      expect(found(reg({ provider: 'azurerm.secondary' }))).toEqual(['invalid-meta-argument resource.azurerm_container_registry.registry.provider']);
      expect(found(reg({ provider: 'aws' }))).toEqual(['invalid-meta-argument resource.azurerm_container_registry.registry.provider']);
      const aliased = azure({ azurerm_container_registry: { registry: { ...REGISTRY, provider: 'azurerm.secondary' } } }, {
        provider: { azurerm: [{ features: [{}] }, { features: [{}], alias: 'secondary' }] },
      });
      expect(found(aliased)).toEqual([]);
    });

    test('data sources take only preconditions and postconditions in lifecycle', () => {
      const schema: ProviderSchemaFile = { ...azurerm, data_sources: { azurerm_client_config: { attributes: {}, blocks: {} } } };
      const config = azure({}, { data: { azurerm_client_config: { current: { lifecycle: { prevent_destroy: true } } } } });
      expect(found(config, schema)).toEqual(['invalid-meta-argument data.azurerm_client_config.current.lifecycle.prevent_destroy']);
    });

    test('timeouts: known keys, and only where the resource has them', () => {
      expect(found(reg({ timeouts: { create: '1h', forever: '1y' } }))).toEqual(['unknown-argument resource.azurerm_container_registry.registry.timeouts.forever']);
      const tcr = tencent({ tencentcloud_tcr_namespace: { ns: { instance_id: 'i', name: 'app', timeouts: { create: '1h' } } } });
      expect(found(tcr, tencentcloud)).toEqual(['unknown-argument resource.tencentcloud_tcr_namespace.ns.timeouts']);
    });
  });

  describe('dynamic blocks', () => {
    test('content is checked like a block, and stands for a required block', () => {
      const endpoint = (content: Record<string, unknown>) => azure({
        azurerm_private_endpoint: {
          pe: { name: 'pe', location: 'westeurope', resource_group_name: 'rg', subnet_id: 's', dynamic: { private_service_connection: { for_each: '${var.c}', content } } },
        },
      });
      expect(found(endpoint({ name: '${each.value}', is_manual_connection: false, private_connection_resource_id: '${each.key}' }))).toEqual([]);
      expect(found(endpoint({ name: 'c', is_manual_connection: false, private_connection_resource_id: 'x', shape: 'round' }))).toEqual([
        'unknown-argument resource.azurerm_private_endpoint.pe.dynamic.private_service_connection.content.shape',
      ]);
    });
  });

  describe('provider configuration and requirement', () => {
    test('the provider block is checked like a resource (azurerm needs features)', () => {
      expect(found(azure({}, { provider: { azurerm: [{ colour: 'blue' }] } }))).toEqual([
        'unknown-argument provider.azurerm.0.colour',
        'missing-block provider.azurerm.0.features',
      ]);
    });

    test('two default configurations of one provider', () => {
      expect(found(azure({}, { provider: { azurerm: [{ features: [{}] }, { features: [{}] }] } }))).toEqual(['invalid-meta-argument provider.azurerm']);
    });

    test('required_providers: present, the right source, a version constraint admitting the schema version', () => {
      const requirement = (entry: unknown) => ({ ...reg({}), terraform: { required_providers: { azurerm: entry } } });
      expect(found({ ...reg({}), terraform: {} })).toEqual(['provider-requirement terraform.required_providers.azurerm']);
      expect(found(requirement({ source: 'someone/azurerm', version: '4.55.0' }))).toEqual(['provider-requirement terraform.required_providers.azurerm.source']);
      expect(found(requirement({ source: 'hashicorp/azurerm' }))).toEqual(['provider-requirement terraform.required_providers.azurerm.version']);
      expect(found(requirement({ source: 'hashicorp/azurerm', version: '~> 3.0' }))).toEqual(['provider-requirement terraform.required_providers.azurerm.version']);
      expect(found(requirement({ source: 'registry.terraform.io/hashicorp/azurerm', version: '>= 4.0, < 5.0' }))).toEqual([]);
    });

    test('a configuration without this provider needs no requirement', () => {
      expect(found({ resource: { random_id: { a: {} } } })).toEqual([]);
    });
  });
});

describe('Terraform expressions', () => {
  test.each([
    ['${var.x}', true, true],
    ['${jsonencode({a = "}"})}', true, true],
    ['${a}-${b}', true, false],
    ['prefix-${var.x}', true, false],
    ['%{ if var.x }a%{ endif }', true, false],
    ['$${not.interpolated}', false, false],
    ['plain', false, false],
  ])('%s: template %s, whole expression %s', (value, template, whole) => {
    expect(isTemplate(value)).toBe(template);
    expect(isWholeExpression(value)).toBe(whole);
  });
});

describe('version constraints', () => {
  test.each([
    ['4.55.0', '4.55.0', true],
    ['4.55.0', '= 4.55.0', true],
    ['4.55.0', '~> 4.0', true],
    ['4.55.0', '~> 4.55.1', false],
    ['1.83.25', '~> 1.83.25', true],
    ['1.84.0', '~> 1.83.25', false],
    ['4.55.0', '>= 4.0, < 5.0', true],
    ['4.55.0', '!= 4.55.0', false],
    ['4.55.0', '> 4.55.0', false],
  ])('%s satisfies "%s": %s', (version, constraint, expected) => {
    expect(satisfies(version, constraint)).toBe(expected);
  });
});
