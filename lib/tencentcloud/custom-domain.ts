import { Construct } from 'constructs';
import { assertDomain } from '../core/dns';
import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { assertBoolean } from '../core/validate';
import { TENCENTCLOUD_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';
import { DnspodRecord } from './bindings/dnspod-record';
import { TcrCustomizedDomain } from './bindings/tcr-customized-domain';
import { TcrCertificate } from './certificate';
import { assertObject } from './checks';
import { DNS_RECORD_LINE, DNS_RECORD_TTL_SECONDS } from './defaults';
import { TcrCustomDomainProps } from './tcr-registry-props';

/** The custom domain, checked. */
export interface CustomDomainSpec {
  readonly certificate: TcrCertificate;
  /** The DNSPod domain and the record's name in it, when the record is created. */
  readonly record?: { readonly zone: string; readonly name: string };
}

/**
 * Checks the custom domain: a certificate is required (TCR serves a custom
 * domain over HTTPS only, with a certificate from Tencent Cloud SSL), and
 * the DNS zone must hold the host name.
 */
export function customDomainSpec(props: TcrCustomDomainProps | undefined, environment: RegistryEnvironment): CustomDomainSpec | undefined {
  if (props === undefined) {
    return undefined;
  }
  assertObject('customDomain', props, 'custom domain properties ({ certificate, dnsZone?, dnsRecord? })');
  if (!(props.certificate instanceof TcrCertificate)) {
    throw invalid('customDomain.certificate', props.certificate,
      'a certificate: TcrCertificate.fromCertificateId(...) or TcrCertificate.fromPem(...); TCR serves a custom domain over HTTPS only');
  }
  props.certificate.checkFor(environment);
  const dnsRecord = props.dnsRecord ?? true;
  assertBoolean('customDomain.dnsRecord', dnsRecord);
  if (!dnsRecord) {
    if (props.dnsZone !== undefined) {
      throw invalid('customDomain.dnsZone', props.dnsZone, 'nothing, because dnsRecord is false and only the record uses it');
    }
    return { certificate: props.certificate };
  }
  const zone = props.dnsZone ?? environment.address.domain;
  assertDomain('customDomain.dnsZone', zone);
  const hostname = environment.hostname;
  if (!hostname.endsWith(`.${zone}`)) {
    throw invalid('customDomain.dnsZone', zone, `the declaration's domain ${environment.address.domain} or one of its parents, so that it holds ${hostname}`);
  }
  return { certificate: props.certificate, record: { zone, name: hostname.slice(0, -(zone.length + 1)) } };
}

/**
 * Binds the declaration's host name to the instance with the certificate
 * (tencentcloud_tcr_customized_domain), and points the name at the
 * instance's domain with a DNSPod CNAME record ("记录类型请选择 CNAME，
 * 记录值请填写实例的默认域名", TCR's guide "配置自定义域名").
 *
 * Every argument of the binding forces a new one: a new certificate
 * replaces the binding, and the host name is not served between the old
 * binding's deletion and the new one's creation (the instance's own domain
 * keeps working).
 */
export function addCustomDomain(scope: Construct, registryId: string, publicDomain: string, certificateId: string, spec: CustomDomainSpec,
  environment: RegistryEnvironment): TcrCustomizedDomain {
  const binding = new TcrCustomizedDomain(scope, 'CustomDomain', {
    registryId,
    domainName: environment.hostname,
    certificateId,
    tags: tagsFor(environment, TENCENTCLOUD_TAG_RULES, TcrCustomizedDomain.tfResourceType),
  });
  if (spec.record) {
    new DnspodRecord(scope, 'CustomDomainRecord', {
      domain: spec.record.zone,
      subDomain: spec.record.name,
      recordType: 'CNAME',
      recordLine: DNS_RECORD_LINE,
      value: publicDomain,
      ttl: DNS_RECORD_TTL_SECONDS,
      remark: `TCR custom domain of ${environment.hostname}`,
    });
  }
  return binding;
}
