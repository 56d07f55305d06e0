import { createHash } from 'crypto';
import { EnvironmentProfile, ImageTagMutability, RegistrySize } from '../../lib';
import { TcrCertificate, TcrInstanceType, TcrVulnerabilitySeverity } from '../../lib/tencentcloud';
import { environment } from '../support/environment';
import { TerraformJson } from '../support/terraform-schema';
import { registryProps, resourceOf, resourcesOf, synthesizeRegistry, warningsOf } from './helpers';

/** The one resource of `type` whose logical name starts with `name`. */
function named(config: TerraformJson, type: string, name: string): Record<string, any> {
  return resourceOf(config, type, name);
}

describe('TcrRegistry per profile', () => {
  describe('dev: cheap and disposable', () => {
    const dev = environment('dev');
    let config: TerraformJson;
    beforeAll(() => {
      config = synthesizeRegistry(registryProps(dev));
    });

    test('a basic instance named after the declaration, in the primary region, deleted with its bucket', () => {
      const instance = resourceOf(config, 'tencentcloud_tcr_instance');
      expect(instance).toMatchObject({
        name: expect.stringMatching(/^dev-registry-[0-9a-f]{6}$/),
        instance_type: 'basic',
        deletion_protection: false,
        delete_bucket: true,
        open_public_operation: false,
      });
      expect(instance.lifecycle).toBeUndefined();
      expect(instance.replications).toBeUndefined();
      expect(instance.security_policy).toBeUndefined();
      expect(config.provider?.tencentcloud).toEqual([{ region: 'eu-frankfurt' }]);
    });

    test('a private namespace that scans every push and blocks high vulnerabilities', () => {
      const namespace = resourceOf(config, 'tencentcloud_tcr_namespace');
      expect(namespace).toMatchObject({ name: 'app', is_public: false, is_auto_scan: true, is_prevent_vul: true, severity: 'high' });
      expect(namespace.lifecycle).toBeUndefined();
      expect(namespace.cve_whitelist_items).toBeUndefined();
    });

    test('daily retention of the newest 50 pushed versions; mutable tags, so no immutable-tag rule', () => {
      expect(resourceOf(config, 'tencentcloud_tcr_tag_retention_rule')).toMatchObject({
        cron_setting: 'daily',
        disabled: false,
        retention_rule: { key: 'latestPushedK', value: 50 },
        namespace_name: expect.stringMatching(/^\$\{tencentcloud_tcr_namespace\..*\.name\}$/),
      });
      expect(config.resource?.tencentcloud_tcr_immutable_tag_rule).toBeUndefined();
    });

    test('outputs the instance id, its domain and the login server, which is the instance\'s domain without a custom domain', () => {
      expect(Object.keys(config.output as object).sort()).toEqual(['dev-registry-login-server', 'dev-registry-tcr-instance-id', 'dev-registry-tcr-public-domain']);
      const outputs = config.output as Record<string, { value: string }>;
      expect(outputs['dev-registry-login-server'].value).toMatch(/^\$\{tencentcloud_tcr_instance\..*\.public_domain\}$/);
    });

    test('warns for the untagged-image retention TCR cannot enforce, and nothing else', () => {
      expect(warningsOf(registryProps(dev))).toEqual(['untaggedImageRetentionDays']);
    });
  });

  describe('test: like dev, with alarms asked for', () => {
    const test_ = environment('test');
    let config: TerraformJson;
    beforeAll(() => {
      config = synthesizeRegistry(registryProps(test_));
    });

    test('a basic instance, retention of the newest 100', () => {
      expect(resourceOf(config, 'tencentcloud_tcr_instance').instance_type).toBe('basic');
      expect(resourceOf(config, 'tencentcloud_tcr_tag_retention_rule').retention_rule).toEqual({ key: 'latestPushedK', value: 100 });
      expect(config.resource?.tencentcloud_monitor_alarm_policy).toBeUndefined();
    });

    test('warns for the alarms it cannot make', () => {
      expect(warningsOf(registryProps(test_))).toEqual(['untaggedImageRetentionDays', 'alarmsEnabled']);
    });
  });

  describe('prod: hardened, retained, replicated', () => {
    const prod = environment('prod');
    let config: TerraformJson;
    beforeAll(() => {
      config = synthesizeRegistry(registryProps(prod, { namespaces: [{ name: 'app' }, { name: 'base' }] }));
    });

    test('a premium instance with deletion protection, prevent_destroy, its bucket kept, and a replica in the replica region', () => {
      expect(resourceOf(config, 'tencentcloud_tcr_instance')).toMatchObject({
        instance_type: 'premium',
        deletion_protection: true,
        delete_bucket: false,
        lifecycle: { prevent_destroy: true },
        replications: [{ region_name: 'na-ashburn', syn_tag: true }],
      });
    });

    test('namespaces are retained too, with the newest 500 kept and every tag immutable', () => {
      for (const namespace of Object.values(resourcesOf(config, 'tencentcloud_tcr_namespace'))) {
        expect(namespace.lifecycle).toEqual({ prevent_destroy: true });
      }
      const retention = Object.values(resourcesOf(config, 'tencentcloud_tcr_tag_retention_rule'));
      expect(retention.map((rule) => rule.retention_rule)).toEqual([{ key: 'latestPushedK', value: 500 }, { key: 'latestPushedK', value: 500 }]);
      const immutable = Object.values(resourcesOf(config, 'tencentcloud_tcr_immutable_tag_rule'));
      expect(immutable.map((rule) => rule.rule)).toEqual([1, 2].map(() => ({
        repository_decoration: 'repoMatches', repository_pattern: '**', tag_decoration: 'matches', tag_pattern: '**', disabled: false,
      })));
      expect(immutable.map((rule) => rule.namespace_name)).toEqual([
        expect.stringContaining('Namespace-app'), expect.stringContaining('Namespace-base'),
      ]);
    });

    test('warns for what TCR cannot do: untagged retention, a customer-managed key, a CDN, alarms', () => {
      expect(warningsOf(registryProps(prod))).toEqual(['untaggedImageRetentionDays', 'encryptionKey', 'cdnEnabled', 'alarmsEnabled']);
    });
  });

  test('immutable-tag exclusions exclude their tags: one pattern as it is, several as one {a,b} alternative', () => {
    const one = synthesizeRegistry(registryProps(environment('prod', { overrides: { immutableTagExclusions: ['latest'] } })));
    expect(resourceOf(one, 'tencentcloud_tcr_immutable_tag_rule').rule).toMatchObject({ tag_decoration: 'excludes', tag_pattern: 'latest' });
    const two = synthesizeRegistry(registryProps(environment('prod', { overrides: { immutableTagExclusions: ['latest', 'dev-*'] } })));
    expect(resourceOf(two, 'tencentcloud_tcr_immutable_tag_rule').rule).toMatchObject({ tag_decoration: 'excludes', tag_pattern: '{latest,dev-*}' });
    expect(warningsOf(registryProps(environment('dev', { overrides: { imageTagMutability: ImageTagMutability.IMMUTABLE } })))).toEqual(['untaggedImageRetentionDays']);
  });

  test('the edition follows the size, and premium wherever the profile replicates', () => {
    const edition = (env: ReturnType<typeof environment>) => resourceOf(synthesizeRegistry(registryProps(env)), 'tencentcloud_tcr_instance').instance_type;
    expect(edition(environment('dev', { overrides: { size: RegistrySize.MEDIUM } }))).toBe('standard');
    expect(edition(environment('dev', { overrides: { size: RegistrySize.LARGE } }))).toBe('premium');
    expect(edition(environment('dev', { overrides: { replicationEnabled: true } }))).toBe('premium');
    expect(edition(environment('prod', { overrides: { replicationEnabled: false, size: RegistrySize.SMALL } }))).toBe('basic');
    const qa = environment('qa', { profile: EnvironmentProfile.PROD, replicaRegions: [] });
    expect(resourceOf(synthesizeRegistry({ ...registryProps(qa), regions: { 'eu-west-1': 'eu-frankfurt' } }), 'tencentcloud_tcr_instance').instance_type).toBe('premium');
  });
});

describe('the derived instance name', () => {
  const nameOf = (env: ReturnType<typeof environment>) => resourceOf(synthesizeRegistry(registryProps(env)), 'tencentcloud_tcr_instance').name as string;

  test('is <env>-<service>- and six hex characters of SHA-256 of the host name: stable, and another for another domain', () => {
    const suffix = createHash('sha256').update('dev-registry.example.com').digest('hex').slice(0, 6);
    expect(nameOf(environment('dev'))).toBe(`dev-registry-${suffix}`);
    expect(nameOf(environment('dev'))).toBe(nameOf(environment('dev')));
    expect(nameOf(environment('dev', { domain: 'example.org' }))).not.toBe(nameOf(environment('dev')));
  });

  test('fits one DNS label whatever the service\'s length', () => {
    const name = nameOf(environment('dev', { service: `s${'x'.repeat(58)}` }));
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^dev-sx+-[0-9a-f]{6}$/);
  });
});

describe('TcrRegistry options', () => {
  test('an instance name and edition of your own', () => {
    const config = synthesizeRegistry(registryProps(environment('dev'), { instanceName: 'acme-dev', instanceType: TcrInstanceType.STANDARD }));
    expect(resourceOf(config, 'tencentcloud_tcr_instance')).toMatchObject({ name: 'acme-dev', instance_type: 'standard' });
  });

  test('public access through an allow-list turns the public endpoint on', () => {
    const config = synthesizeRegistry(registryProps(environment('dev'), { publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7'] }));
    expect(resourceOf(config, 'tencentcloud_tcr_instance')).toMatchObject({
      open_public_operation: true,
      security_policy: [
        { cidr_block: '203.0.113.0/24', description: 'public access to dev-registry.example.com' },
        { cidr_block: '198.51.100.7', description: 'public access to dev-registry.example.com' },
      ],
    });
  });

  test('VPC access in the primary region and in a replica region, each resolving the instance\'s domain privately', () => {
    const config = synthesizeRegistry(registryProps(environment('prod'), {
      vpcAccess: [{ vpcId: 'vpc-primary', subnetId: 'subnet-primary' }, { region: 'eu-central-1', vpcId: 'vpc-replica', subnetId: 'subnet-replica' }],
    }));
    const attachments = resourcesOf(config, 'tencentcloud_tcr_vpc_attachment');
    expect(Object.values(attachments)).toEqual([
      expect.objectContaining({ vpc_id: 'vpc-primary', subnet_id: 'subnet-primary', enable_public_domain_dns: true }),
      expect.objectContaining({ vpc_id: 'vpc-replica', subnet_id: 'subnet-replica', enable_public_domain_dns: true, region_name: 'na-ashburn' }),
    ]);
    expect(Object.values(attachments)[0].region_name).toBeUndefined();
    expect(Object.values(attachments).every((a) => a.region_id === undefined)).toBe(true);
  });

  test('a custom domain binds the host name with its certificate and adds a DNSPod CNAME to the instance\'s domain', () => {
    const config = synthesizeRegistry(registryProps(environment('dev', { domain: 'registries.example.com' }), {
      customDomain: { certificate: TcrCertificate.fromCertificateId('a1B2c3D4'), dnsZone: 'example.com' },
    }));
    expect(resourceOf(config, 'tencentcloud_tcr_customized_domain')).toMatchObject({
      domain_name: 'dev-registry.registries.example.com',
      certificate_id: 'a1B2c3D4',
      registry_id: expect.stringMatching(/^\$\{tencentcloud_tcr_instance\..*\.id\}$/),
    });
    expect(resourceOf(config, 'tencentcloud_dnspod_record')).toMatchObject({
      domain: 'example.com',
      sub_domain: 'dev-registry.registries',
      record_type: 'CNAME',
      record_line: '默认',
      ttl: 600,
      value: expect.stringMatching(/^\$\{tencentcloud_tcr_instance\..*\.public_domain\}$/),
    });
    expect((config.output as Record<string, { value: string }>)['dev-registry-login-server'].value).toBe('dev-registry.registries.example.com');
    const withoutRecord = synthesizeRegistry(registryProps(environment('dev'), {
      customDomain: { certificate: TcrCertificate.fromCertificateId('a1B2c3D4'), dnsRecord: false },
    }));
    expect(withoutRecord.resource?.tencentcloud_dnspod_record).toBeUndefined();
    expect(resourceOf(withoutRecord, 'tencentcloud_tcr_customized_domain').domain_name).toBe('dev-registry.example.com');
  });

  test('service accounts get push and pull per namespace, and their login as outputs, the password sensitive', () => {
    const config = synthesizeRegistry(registryProps(environment('dev'), {
      namespaces: [{ name: 'app' }, { name: 'base' }, { name: 'tools' }],
      serviceAccounts: [{ name: 'ci', pushNamespaces: ['app'], pullNamespaces: ['base'] }, { name: 'deploy', pullNamespaces: ['app'] }],
    }));
    const ci = named(config, 'tencentcloud_tcr_service_account', 'Registry_ServiceAccount-ci');
    expect(ci).toMatchObject({ name: 'ci', disable: false, description: 'ci of dev-registry.example.com' });
    expect(ci.password).toBeUndefined();
    expect(ci.permissions).toEqual([
      { resource: expect.stringContaining('Namespace-app'), actions: ['tcr:PushRepository', 'tcr:PullRepository'] },
      { resource: expect.stringContaining('Namespace-base'), actions: ['tcr:PullRepository'] },
    ]);
    expect(named(config, 'tencentcloud_tcr_service_account', 'Registry_ServiceAccount-deploy').permissions).toEqual([
      { resource: expect.stringContaining('Namespace-app'), actions: ['tcr:PullRepository'] },
    ]);
    const outputs = config.output as Record<string, { value: string; sensitive?: boolean }>;
    expect(outputs['dev-registry-ci-username']).toMatchObject({ value: 'tcr$ci' });
    expect(outputs['dev-registry-ci-username'].sensitive).toBeUndefined();
    expect(outputs['dev-registry-ci-password']).toMatchObject({ sensitive: true, value: expect.stringMatching(/^\$\{tencentcloud_tcr_service_account\..*ci.*\.password\}$/) });
    expect(config.resource?.tencentcloud_tcr_token).toBeUndefined();
  });

  test('webhooks post pushes of their namespace to their https URL', () => {
    const config = synthesizeRegistry(registryProps(environment('dev'), {
      namespaces: [{ name: 'app', webhooks: [{ name: 'deploy', url: 'https://ci.example.com/hooks/tcr', description: 'roll out' }] }],
    }));
    expect(resourceOf(config, 'tencentcloud_tcr_webhook_trigger')).toMatchObject({
      namespace: expect.stringContaining('Namespace-app'),
      trigger: {
        name: 'deploy', description: 'roll out', enabled: true, event_types: ['pushImage'], condition: '.*',
        targets: [{ address: 'https://ci.example.com/hooks/tcr' }],
      },
    });
  });

  test('scanning without blocking, or blocking at another level with CVEs allowed', () => {
    const scanOnly = synthesizeRegistry(registryProps(environment('dev'), { blockVulnerableImages: false }));
    expect(resourceOf(scanOnly, 'tencentcloud_tcr_namespace')).toMatchObject({ is_auto_scan: true, is_prevent_vul: false });
    expect(resourceOf(scanOnly, 'tencentcloud_tcr_namespace').severity).toBeUndefined();
    const strict = synthesizeRegistry(registryProps(environment('dev'), {
      vulnerabilitySeverity: TcrVulnerabilitySeverity.MEDIUM, cveAllowlist: ['CVE-2024-3094', 'CVE-2021-44228'],
    }));
    expect(resourceOf(strict, 'tencentcloud_tcr_namespace')).toMatchObject({
      is_prevent_vul: true, severity: 'medium', cve_whitelist_items: [{ cve_id: 'CVE-2024-3094' }, { cve_id: 'CVE-2021-44228' }],
    });
  });

  test('a declaration in Tencent Cloud\'s region names needs no mapping', () => {
    const config = synthesizeRegistry({
      environment: environment('prod', { primaryRegion: 'ap-guangzhou', replicaRegions: ['ap-shanghai', 'ap-beijing'] }),
      namespaces: [{ name: 'app' }],
    });
    expect(config.provider?.tencentcloud).toEqual([{ region: 'ap-guangzhou' }]);
    expect(resourceOf(config, 'tencentcloud_tcr_instance').replications).toEqual([
      { region_name: 'ap-shanghai', syn_tag: true }, { region_name: 'ap-beijing', syn_tag: true },
    ]);
  });
});
