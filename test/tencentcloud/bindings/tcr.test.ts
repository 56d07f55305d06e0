/*
 * The TCR bindings wired together the way a registry uses them, as
 * synthesized Terraform JSON: snake_case arguments, nested blocks in the
 * provider's shape, and references between resources.
 * Argument values follow the provider's own examples
 * (website/docs/r/tcr_*.html.markdown in tencentcloudstack/terraform-provider-tencentcloud).
 */
import { TerraformOutput, TerraformStack, Testing } from '../../../lib/terraform/cdktf';
import { TencentcloudProvider } from '../../../lib/tencentcloud/bindings/provider';
import { TcrCustomizedDomain } from '../../../lib/tencentcloud/bindings/tcr-customized-domain';
import { TcrImmutableTagRule } from '../../../lib/tencentcloud/bindings/tcr-immutable-tag-rule';
import { TcrInstance } from '../../../lib/tencentcloud/bindings/tcr-instance';
import { TcrNamespace } from '../../../lib/tencentcloud/bindings/tcr-namespace';
import { TcrReplication } from '../../../lib/tencentcloud/bindings/tcr-replication';
import { TcrRepository } from '../../../lib/tencentcloud/bindings/tcr-repository';
import { TcrServiceAccount } from '../../../lib/tencentcloud/bindings/tcr-service-account';
import { TcrTagRetentionRule } from '../../../lib/tencentcloud/bindings/tcr-tag-retention-rule';
import { TcrToken } from '../../../lib/tencentcloud/bindings/tcr-token';
import { TcrVpcAttachment } from '../../../lib/tencentcloud/bindings/tcr-vpc-attachment';
import { TcrWebhookTrigger } from '../../../lib/tencentcloud/bindings/tcr-webhook-trigger';

describe('TCR bindings', () => {
  const stack = new TerraformStack(Testing.app(), 'tcr');
  new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' });
  const instance = new TcrInstance(stack, 'registry', {
    name: 'prod-registry',
    instanceType: 'premium',
    deletionProtection: true,
    openPublicOperation: true,
    securityPolicy: [{ cidrBlock: '203.0.113.0/24', description: 'office' }],
    replications: [{ regionName: 'ap-shanghai', synTag: true }],
    tags: { environment: 'prod' },
  });
  const namespace = new TcrNamespace(stack, 'namespace', {
    instanceId: instance.id,
    name: 'platform',
    isPublic: false,
    isAutoScan: true,
    isPreventVul: true,
    severity: 'medium',
    cveWhitelistItems: [{ cveId: 'CVE-2024-3094' }],
  });
  new TcrRepository(stack, 'repository', { instanceId: instance.id, namespaceName: namespace.name, name: 'api', briefDesc: 'API images' });
  new TcrCustomizedDomain(stack, 'domain', { registryId: instance.id, domainName: 'prod-registry.example.com', certificateId: 'cert-abcdefgh' });
  new TcrReplication(stack, 'replication', {
    sourceRegistryId: instance.id,
    destinationRegistryId: instance.replications.get(0).id,
    rule: { name: 'platform-to-shanghai', destNamespace: '', override: true, deletion: true, filters: [{ type: 'name', value: 'platform/**' }, { type: 'tag', value: '' }] },
    description: 'platform images',
  });
  new TcrVpcAttachment(stack, 'vpc', { instanceId: instance.id, vpcId: 'vpc-abcdefgh', subnetId: 'subnet-abcdefgh', regionName: 'ap-guangzhou', enableVpcDomainDns: true });
  new TcrTagRetentionRule(stack, 'retention', {
    registryId: instance.id,
    namespaceName: namespace.name,
    cronSetting: 'daily',
    retentionRule: { key: 'nDaysSinceLastPush', value: 30 },
    disabled: false,
  });
  new TcrImmutableTagRule(stack, 'immutable', {
    registryId: instance.id,
    namespaceName: namespace.name,
    rule: { repositoryPattern: '**', repositoryDecoration: 'repoMatches', tagPattern: '**', tagDecoration: 'matches', disabled: false },
  });
  const serviceAccount = new TcrServiceAccount(stack, 'ci', {
    registryId: instance.id,
    name: 'ci',
    permissions: [{ resource: namespace.name, actions: ['tcr:PushRepository', 'tcr:PullRepository'] }],
    duration: 90,
  });
  new TcrToken(stack, 'token', { instanceId: instance.id, description: 'deploy', enable: true });
  new TcrWebhookTrigger(stack, 'webhook', {
    registryId: instance.id,
    namespace: namespace.name,
    trigger: {
      name: 'push',
      condition: '.*',
      enabled: true,
      eventTypes: ['pushImage'],
      targets: [{ address: 'https://hooks.example.com/tcr', headers: [{ key: 'X-Source', values: ['tcr'] }] }],
    },
  });
  new TerraformOutput(stack, 'public_domain', { value: instance.publicDomain });
  new TerraformOutput(stack, 'internal_end_point', { value: instance.internalEndPoint });
  new TerraformOutput(stack, 'ci_password', { value: serviceAccount.password, sensitive: true });
  const synthesized = JSON.parse(Testing.synth(stack, true));
  const resource = (type: string, name: string) => synthesized.resource[type][name];
  const instanceId = '${tencentcloud_tcr_instance.registry.id}';
  const namespaceName = '${tencentcloud_tcr_namespace.namespace.name}';

  test('the instance with its public-access allowlist and replicas', () => {
    expect(resource('tencentcloud_tcr_instance', 'registry')).toEqual({
      name: 'prod-registry',
      instance_type: 'premium',
      deletion_protection: true,
      open_public_operation: true,
      security_policy: [{ cidr_block: '203.0.113.0/24', description: 'office' }],
      replications: [{ region_name: 'ap-shanghai', syn_tag: true }],
      tags: { environment: 'prod' },
    });
  });

  test('a namespace with vulnerability scanning, blocking and a CVE allowlist; a repository in it', () => {
    expect(resource('tencentcloud_tcr_namespace', 'namespace')).toEqual({
      instance_id: instanceId,
      name: 'platform',
      is_public: false,
      is_auto_scan: true,
      is_prevent_vul: true,
      severity: 'medium',
      cve_whitelist_items: [{ cve_id: 'CVE-2024-3094' }],
    });
    expect(resource('tencentcloud_tcr_repository', 'repository')).toEqual({ instance_id: instanceId, namespace_name: namespaceName, name: 'api', brief_desc: 'API images' });
  });

  test('the custom domain and the VPC access point', () => {
    expect(resource('tencentcloud_tcr_customized_domain', 'domain')).toEqual({ registry_id: instanceId, domain_name: 'prod-registry.example.com', certificate_id: 'cert-abcdefgh' });
    expect(resource('tencentcloud_tcr_vpc_attachment', 'vpc')).toEqual({
      instance_id: instanceId,
      vpc_id: 'vpc-abcdefgh',
      subnet_id: 'subnet-abcdefgh',
      region_name: 'ap-guangzhou',
      enable_vpc_domain_dns: true,
    });
  });

  test('a sync rule to a replica, which references the replica the instance reports', () => {
    expect(resource('tencentcloud_tcr_replication', 'replication')).toEqual({
      source_registry_id: instanceId,
      destination_registry_id: '${tencentcloud_tcr_instance.registry.replications[0].id}',
      description: 'platform images',
      rule: {
        name: 'platform-to-shanghai',
        dest_namespace: '',
        override: true,
        deletion: true,
        filters: [
          { type: 'name', value: 'platform/**' },
          { type: 'tag', value: '' },
        ],
      },
    });
  });

  test('tag retention and immutability rules', () => {
    expect(resource('tencentcloud_tcr_tag_retention_rule', 'retention')).toEqual({
      registry_id: instanceId,
      namespace_name: namespaceName,
      cron_setting: 'daily',
      retention_rule: { key: 'nDaysSinceLastPush', value: 30 },
      disabled: false,
    });
    expect(resource('tencentcloud_tcr_immutable_tag_rule', 'immutable')).toEqual({
      registry_id: instanceId,
      namespace_name: namespaceName,
      rule: { repository_pattern: '**', repository_decoration: 'repoMatches', tag_pattern: '**', tag_decoration: 'matches', disabled: false },
    });
  });

  test('a service account, a token and a webhook', () => {
    expect(resource('tencentcloud_tcr_service_account', 'ci')).toEqual({
      registry_id: instanceId,
      name: 'ci',
      permissions: [{ resource: namespaceName, actions: ['tcr:PushRepository', 'tcr:PullRepository'] }],
      duration: 90,
    });
    expect(resource('tencentcloud_tcr_token', 'token')).toEqual({ instance_id: instanceId, description: 'deploy', enable: true });
    expect(resource('tencentcloud_tcr_webhook_trigger', 'webhook')).toEqual({
      registry_id: instanceId,
      namespace: namespaceName,
      trigger: {
        name: 'push',
        condition: '.*',
        enabled: true,
        event_types: ['pushImage'],
        targets: [{ address: 'https://hooks.example.com/tcr', headers: [{ key: 'X-Source', values: ['tcr'] }] }],
      },
    });
  });

  test('computed attributes read as references: the endpoints and the service account password', () => {
    expect(synthesized.output).toEqual({
      public_domain: { value: '${tencentcloud_tcr_instance.registry.public_domain}' },
      internal_end_point: { value: '${tencentcloud_tcr_instance.registry.internal_end_point}' },
      ci_password: { value: '${tencentcloud_tcr_service_account.ci.password}', sensitive: true },
    });
  });
});
