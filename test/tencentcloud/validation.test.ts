import { readFileSync } from 'fs';
import { join } from 'path';
import { RegistryValidationError } from '../../lib';
import { TcrCertificate, TcrInstanceType, TcrRegistry, TcrRegistryProps, TcrVulnerabilitySeverity } from '../../lib/tencentcloud';
import { TencentcloudProvider } from '../../lib/tencentcloud/bindings/provider';
import { TerraformStack, Testing } from '../../lib/terraform/cdktf';
import { environment } from '../support/environment';
import { synthesizeStack } from '../support/terraform/synth';
import { registryProps } from './helpers';

const CERTIFICATE = readFileSync(join(__dirname, '..', 'fixtures', 'certificates', 'dev-registry.example.com.pem'), 'utf8');

/**
 * The error building a registry of `props` throws; also proves that the
 * refused registry left nothing in the stack (no resource, no provider).
 */
function refusal(props: TcrRegistryProps, build?: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(Testing.app(), 'tcr');
  build?.(stack);
  const before = JSON.stringify(synthesizeStack(stack));
  let error: unknown;
  try {
    new TcrRegistry(stack, 'Registry', props);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RegistryValidationError);
  expect(JSON.stringify(synthesizeStack(stack))).toBe(before);
  return (error as Error).message;
}

const dev = environment('dev');
const prod = environment('prod');

describe('TcrRegistry refuses bad input at construction', () => {
  test('a replica in the primary\'s region', () => {
    expect(refusal(registryProps(prod, { regions: { 'eu-west-1': 'eu-frankfurt', 'eu-central-1': 'eu-frankfurt' } })))
      .toBe('regions.eu-central-1: expected a TCR region other than the primary region "eu-frankfurt": a replica cannot be in its primary\'s region, got "eu-frankfurt"');
    expect(refusal({ environment: environment('prod', { primaryRegion: 'ap-guangzhou', replicaRegions: ['ap-shanghai'] }), regions: { 'ap-shanghai': 'ap-guangzhou' }, namespaces: [{ name: 'app' }] }))
      .toMatch(/^regions\.ap-shanghai: expected a TCR region other than the primary region "ap-guangzhou"/);
  });

  test('a replica across the Chinese mainland border, either way, Hong Kong included', () => {
    expect(refusal({ environment: environment('prod', { primaryRegion: 'ap-guangzhou', replicaRegions: ['ap-singapore'] }), namespaces: [{ name: 'app' }] }))
      .toBe('replicaRegions[0]: expected a region in the Chinese mainland, like the primary region "ap-guangzhou": TCR does not replicate between '
        + 'the Chinese mainland and other regions (this one is outside the Chinese mainland), got "ap-singapore"');
    expect(refusal({ environment: environment('prod', { primaryRegion: 'ap-hongkong', replicaRegions: ['ap-shenzhen'] }), namespaces: [{ name: 'app' }] }))
      .toMatch(/^replicaRegions\[0\]: expected a region outside the Chinese mainland, like the primary region "ap-hongkong"/);
    expect(refusal(registryProps(prod, { regions: { 'eu-west-1': 'eu-frankfurt', 'eu-central-1': 'ap-beijing' } })))
      .toMatch(/^regions\.eu-central-1: expected a region outside the Chinese mainland/);
  });

  test('a region TCR does not know, an unmapped region, a mapping for a region the declaration does not name', () => {
    expect(refusal(registryProps(dev, { regions: { 'eu-west-1': 'eu-paris' } })))
      .toMatch(/^regions\.eu-west-1: expected a TCR region of the tencentcloud provider \(e\.g\. ap-guangzhou.*\), got "eu-paris"$/);
    expect(refusal(registryProps(dev, { regions: undefined })))
      .toMatch(/^regions\.eu-west-1: expected the TCR region that serves "eu-west-1" \(primaryRegion of dev-registry\.example\.com is not a TCR region/);
    expect(refusal(registryProps(dev, { regions: { 'eu-west-1': 'eu-frankfurt', 'us-east-1': 'na-ashburn' } })))
      .toBe('regions.us-east-1: expected an entry for a region the declaration names (eu-west-1, eu-central-1), not "us-east-1", got "na-ashburn"');
  });

  test('replication on an edition below premium', () => {
    expect(refusal(registryProps(prod, { instanceType: TcrInstanceType.STANDARD })))
      .toBe('instanceType: expected "premium", because the prod profile of prod-registry.example.com replicates to eu-central-1 and only premium instances have replicas, got "standard"');
    expect(refusal(registryProps(dev, { instanceType: 'gold' as TcrInstanceType }))).toMatch(/^instanceType: expected one of "basic", "standard", "premium", got "gold"$/);
  });

  test('a custom domain without a certificate, or with one for another host', () => {
    expect(refusal(registryProps(dev, { customDomain: {} as any })))
      .toMatch(/^customDomain\.certificate: expected a certificate: TcrCertificate\.fromCertificateId\(\.\.\.\) or TcrCertificate\.fromPem\(\.\.\.\); TCR serves a custom domain over HTTPS only, got undefined$/);
    expect(refusal(registryProps(environment('test'), { customDomain: { certificate: TcrCertificate.fromPem({ certificateChainPem: CERTIFICATE }) } })))
      .toMatch(/^certificateChainPem: expected a first certificate whose names cover the registry's host name test-registry\.example\.com \(its subject alternative names: DNS:dev-registry\.example\.com, DNS:\*\.dev-registry\.example\.com\), got "CN=dev-registry\.example\.com"$/);
  });

  test('a DNS zone that does not hold the host name, or one given without a record', () => {
    const certificate = TcrCertificate.fromCertificateId('a1B2c3D4');
    expect(refusal(registryProps(dev, { customDomain: { certificate, dnsZone: 'example.org' } })))
      .toBe('customDomain.dnsZone: expected the declaration\'s domain example.com or one of its parents, so that it holds dev-registry.example.com, got "example.org"');
    expect(refusal(registryProps(dev, { customDomain: { certificate, dnsZone: 'example.com', dnsRecord: false } })))
      .toBe('customDomain.dnsZone: expected nothing, because dnsRecord is false and only the record uses it, got "example.com"');
  });

  test.each([
    ['A', 'upper case'], ['a', 'too short'], ['-app', 'leading separator'], ['app.', 'trailing separator'], ['a..b', 'doubled separator'],
    ['a_-b', 'separators in a row'], ['a'.repeat(31), 'too long'], ['app/base', 'a slash'],
  ])('an invalid namespace name %j (%s)', (name) => {
    expect(refusal(registryProps(dev, { namespaces: [{ name }] }))).toBe(`namespaces[0].name: expected 2-30 lower case letters, digits and separators `
      + `(".", "_", "-"), not starting or ending with a separator and without two separators in a row, got ${JSON.stringify(name)}`);
  });

  test('no namespace, or the same namespace twice', () => {
    expect(refusal(registryProps(dev, { namespaces: [] }))).toBe('namespaces: expected at least one namespace ({ name }): images live in namespaces, got []');
    expect(refusal(registryProps(dev, { namespaces: [{ name: 'app' }, { name: 'app' }] })))
      .toBe('namespaces[1].name: expected a name no other item of namespaces has, got "app"');
  });

  test('valid namespace names pass: the rule\'s edges', () => {
    for (const name of ['ab', 'a'.repeat(30), 'a.b_c-d', '0app']) {
      expect(() => new TcrRegistry(new TerraformStack(Testing.app(), 'tcr'), 'Registry', registryProps(dev, { namespaces: [{ name }] }))).not.toThrow();
    }
  });

  test('public access that is no allow-list', () => {
    expect(refusal(registryProps(dev, { publicAccessCidrs: ['0.0.0.0/0'] })))
      .toBe('publicAccessCidrs[0]: expected a block narrower than /0: the registry\'s public access is an allow-list, got "0.0.0.0/0"');
    expect(refusal(registryProps(dev, { publicAccessCidrs: [] })))
      .toBe('publicAccessCidrs: expected at least one address or CIDR block, or no publicAccessCidrs for no public access, got []');
    expect(refusal(registryProps(dev, { publicAccessCidrs: ['10.0.0.256/24'] }))).toMatch(/^publicAccessCidrs\[0\]: expected an IPv4 address or CIDR block/);
  });

  test('VPC access in a region the registry is not in', () => {
    expect(refusal(registryProps(dev, { vpcAccess: [{ region: 'eu-central-1', vpcId: 'vpc-1', subnetId: 'subnet-1' }] })))
      .toBe('vpcAccess[0].region: expected a region the registry is in: the primary region or an active replica region (eu-west-1), got "eu-central-1"');
    expect(refusal(registryProps(prod, { vpcAccess: [{ vpcId: 'vpc-1', subnetId: 'subnet-1' }, { vpcId: 'vpc-1', subnetId: 'subnet-1' }] })))
      .toBe('vpcAccess[1]: expected a VPC and subnet not already attached, got {"vpcId":"vpc-1","subnetId":"subnet-1"}');
  });

  test('service accounts without permissions, on namespaces the registry lacks, or listing one twice', () => {
    expect(refusal(registryProps(dev, { serviceAccounts: [{ name: 'ci' }] })))
      .toBe('serviceAccounts[0]: expected a service account with at least one of pushNamespaces and pullNamespaces: an account without permissions can do nothing, got "ci"');
    expect(refusal(registryProps(dev, { serviceAccounts: [{ name: 'ci', pullNamespaces: ['base'] }] })))
      .toBe('serviceAccounts[0].pullNamespaces[0]: expected a namespace of the registry (app), got "base"');
    expect(refusal(registryProps(dev, { serviceAccounts: [{ name: 'ci', pushNamespaces: ['app'], pullNamespaces: ['app'] }] })))
      .toBe('serviceAccounts[0].pullNamespaces[0]: expected a namespace listed once: push includes pull, got "app"');
    expect(refusal(registryProps(dev, { serviceAccounts: [{ name: 'CI', pushNamespaces: ['app'] }] })))
      .toMatch(/^serviceAccounts\[0\]\.name: expected lower case letters, digits/);
  });

  test('scanning settings that have no effect, and CVE ids that are not', () => {
    expect(refusal(registryProps(dev, { blockVulnerableImages: false, vulnerabilitySeverity: TcrVulnerabilitySeverity.LOW })))
      .toBe('vulnerabilitySeverity: expected nothing, because blockVulnerableImages is false and only blocking uses it, got "low"');
    expect(refusal(registryProps(dev, { cveAllowlist: ['cve-2024-3094'] }))).toBe('cveAllowlist[0]: expected a CVE id such as CVE-2024-3094, got "cve-2024-3094"');
    expect(refusal(registryProps(dev, { vulnerabilitySeverity: 'critical' as TcrVulnerabilitySeverity })))
      .toBe('vulnerabilitySeverity: expected one of "low", "medium", "high", got "critical"');
  });

  test('a webhook that is not https, or has a bad name', () => {
    expect(refusal(registryProps(dev, { namespaces: [{ name: 'app', webhooks: [{ name: 'deploy', url: 'http://ci.example.com/hook' }] }] })))
      .toBe('namespaces[0].webhooks[0].url: expected an https:// URL without credentials in it (TCR posts the push event there), got "http://ci.example.com/hook"');
    expect(refusal(registryProps(dev, { namespaces: [{ name: 'app', webhooks: [{ name: '-x', url: 'https://ci.example.com/hook' }] }] })))
      .toMatch(/^namespaces\[0\]\.webhooks\[0\]\.name: expected lower case letters/);
  });

  test('an instance name that is no DNS label', () => {
    expect(refusal(registryProps(dev, { instanceName: 'Acme_Dev' }))).toMatch(/^instanceName: expected a DNS label of 1-63 lower case letters/);
  });

  test('a stack whose tencentcloud provider is in another region than the primary', () => {
    expect(refusal(registryProps(dev), (stack) => new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' })))
      .toBe('regions.eu-west-1: expected the region of the stack\'s tencentcloud provider ("ap-guangzhou"): the instance is created in its provider\'s region; '
        + 'put registries of another primary region in a stack of their own, or give the provider that region, got "eu-frankfurt"');
    expect(refusal(registryProps(dev), (stack) => new TencentcloudProvider(stack, 'tencentcloud', {})))
      .toMatch(/^regions\.eu-west-1: expected the region of the stack's tencentcloud provider \(none, so TENCENTCLOUD_REGION decides at plan time\)/);
  });

  test('a literal private key, or a chain that is no PEM', () => {
    expect(() => TcrCertificate.fromPem({ certificateChainPem: CERTIFICATE, privateKeyPem: '-----BEGIN PRIVATE KEY-----\nMIIE...' }))
      .toThrow('privateKeyPem: expected a Terraform expression of the key, e.g. a sensitive TerraformVariable\'s stringValue: a literal key would be written to the configuration, got "(a literal value, not shown)"');
    expect(() => TcrCertificate.fromPem({ certificateChainPem: 'hello' })).toThrow(/^certificateChainPem: expected a PEM certificate chain/);
    expect(() => TcrCertificate.fromCertificateId('two words')).toThrow(/^certificateId: expected a Tencent Cloud SSL certificate id/);
  });
});
