/*
 * The certificate a TCR custom domain presents and the DNS names that point
 * at the registry, as synthesized Terraform JSON. Values follow the
 * provider's examples (website/docs/r/dnspod_record.html.markdown: record
 * line `默认`, the default line; ssl_free_certificate: `DNS_AUTO`).
 */
import { TerraformStack, Testing } from '../../../lib/terraform/cdktf';
import { DnspodRecord } from '../../../lib/tencentcloud/bindings/dnspod-record';
import { PrivateDnsRecord } from '../../../lib/tencentcloud/bindings/private-dns-record';
import { PrivateDnsZone } from '../../../lib/tencentcloud/bindings/private-dns-zone';
import { TencentcloudProvider } from '../../../lib/tencentcloud/bindings/provider';
import { SslCertificate } from '../../../lib/tencentcloud/bindings/ssl-certificate';
import { SslFreeCertificate } from '../../../lib/tencentcloud/bindings/ssl-free-certificate';
import { TcrCustomizedDomain } from '../../../lib/tencentcloud/bindings/tcr-customized-domain';
import { TcrInstance } from '../../../lib/tencentcloud/bindings/tcr-instance';

describe('certificate and DNS bindings', () => {
  const stack = new TerraformStack(Testing.app(), 'certificates-dns');
  new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' });
  // The provider refuses a certificate with a newline at its start or end (tencentcloud_ssl_certificate.cert).
  const uploaded = new SslCertificate(stack, 'uploaded', {
    name: 'prod-registry',
    type: 'SVR',
    cert: '-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----',
    key: '${var.registry_tls_key}',
    projectId: 0,
    tags: { environment: 'prod' },
  });
  new SslFreeCertificate(stack, 'free', { domain: 'dev-registry.example.com', dvAuthMethod: 'DNS_AUTO', alias: 'dev-registry' });
  const instance = new TcrInstance(stack, 'registry', { name: 'prod-registry', instanceType: 'standard' });
  new TcrCustomizedDomain(stack, 'domain', { registryId: instance.id, domainName: 'prod-registry.example.com', certificateId: uploaded.id });
  new DnspodRecord(stack, 'cname', {
    domain: 'example.com',
    subDomain: 'prod-registry',
    recordType: 'CNAME',
    recordLine: '默认',
    value: instance.publicDomain,
    ttl: 600,
  });
  const zone = new PrivateDnsZone(stack, 'zone', {
    domain: 'internal.example.com',
    vpcSet: [{ region: 'ap-guangzhou', uniqVpcId: 'vpc-abcdefgh' }],
    dnsForwardStatus: 'DISABLED',
    tags: { environment: 'prod' },
  });
  new PrivateDnsRecord(stack, 'internal', { zoneId: zone.id, subDomain: 'prod-registry', recordType: 'A', recordValue: '10.0.1.15', ttl: 300 });
  const synthesized = JSON.parse(Testing.synth(stack, true));
  const resource = (type: string, name: string) => synthesized.resource[type][name];

  test('an uploaded certificate, referenced by id from the custom domain', () => {
    expect(resource('tencentcloud_ssl_certificate', 'uploaded')).toEqual({
      name: 'prod-registry',
      type: 'SVR',
      cert: '-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----',
      key: '${var.registry_tls_key}',
      project_id: 0,
      tags: { environment: 'prod' },
    });
    expect(resource('tencentcloud_tcr_customized_domain', 'domain').certificate_id).toBe('${tencentcloud_ssl_certificate.uploaded.id}');
  });

  test('a free certificate with DNS validation, whose validation records are readable', () => {
    expect(resource('tencentcloud_ssl_free_certificate', 'free')).toEqual({ domain: 'dev-registry.example.com', dv_auth_method: 'DNS_AUTO', alias: 'dev-registry' });
    const stackWithOutput = JSON.parse(Testing.synthScope((scope) => {
      const certificate = new SslFreeCertificate(scope, 'free', { domain: 'dev-registry.example.com', dvAuthMethod: 'DNS' });
      new DnspodRecord(scope, 'validation', {
        domain: 'example.com',
        subDomain: certificate.dvAuths.get(0).dvAuthKey,
        recordType: 'TXT',
        recordLine: '默认',
        value: certificate.dvAuths.get(0).dvAuthValue,
      });
    }));
    expect(stackWithOutput.resource.tencentcloud_dnspod_record.validation).toEqual({
      domain: 'example.com',
      sub_domain: '${tencentcloud_ssl_free_certificate.free.dv_auths[0].dv_auth_key}',
      record_type: 'TXT',
      record_line: '默认',
      value: '${tencentcloud_ssl_free_certificate.free.dv_auths[0].dv_auth_value}',
    });
  });

  test('a public DNSPod record pointing at the instance\'s public domain', () => {
    expect(resource('tencentcloud_dnspod_record', 'cname')).toEqual({
      domain: 'example.com',
      sub_domain: 'prod-registry',
      record_type: 'CNAME',
      record_line: '默认',
      value: '${tencentcloud_tcr_instance.registry.public_domain}',
      ttl: 600,
    });
  });

  test('a private zone bound to a VPC, and a record in it', () => {
    expect(resource('tencentcloud_private_dns_zone', 'zone')).toEqual({
      domain: 'internal.example.com',
      vpc_set: [{ region: 'ap-guangzhou', uniq_vpc_id: 'vpc-abcdefgh' }],
      dns_forward_status: 'DISABLED',
      tags: { environment: 'prod' },
    });
    expect(resource('tencentcloud_private_dns_record', 'internal')).toEqual({
      zone_id: '${tencentcloud_private_dns_zone.zone.id}',
      sub_domain: 'prod-registry',
      record_type: 'A',
      record_value: '10.0.1.15',
      ttl: 300,
    });
  });
});
