import { Construct } from 'constructs';
import { invalid } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { TcrVpcAttachment } from './bindings/tcr-vpc-attachment';
import { assertObject, assertResourceId, listOf } from './checks';
import { TcrRegion, TcrRegions } from './region-map';
import { TcrVpcAccessProps } from './tcr-registry-props';

/*
 * How clients reach the instance: from the internet through an allow-list,
 * and from VPCs through private addresses.
 */

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;

/**
 * The public allow-list: IPv4 addresses or CIDR blocks (the provider's
 * examples use both, tencentcloud_tcr_instance.security_policy.cidr_block).
 * A `/0` block would allow every address, which is no allow-list.
 */
export function publicAccessSpec(cidrs: string[] | undefined): string[] {
  const list = listOf('publicAccessCidrs', cidrs, 'IPv4 addresses or CIDR blocks');
  if (cidrs !== undefined && list.length === 0) {
    throw invalid('publicAccessCidrs', cidrs, 'at least one address or CIDR block, or no publicAccessCidrs for no public access');
  }
  list.forEach((cidr, index) => {
    if (typeof cidr !== 'string' || !IPV4.test(cidr)) {
      throw invalid(`publicAccessCidrs[${index}]`, cidr, 'an IPv4 address or CIDR block, e.g. 203.0.113.0/24');
    }
    if (cidr.endsWith('/0')) {
      throw invalid(`publicAccessCidrs[${index}]`, cidr, 'a block narrower than /0: the registry\'s public access is an allow-list');
    }
  });
  const seen = new Set<string>();
  list.forEach((cidr, index) => {
    if (seen.has(cidr)) {
      throw invalid(`publicAccessCidrs[${index}]`, cidr, 'a block not already listed');
    }
    seen.add(cidr);
  });
  return list;
}

/** One VPC attachment, its region resolved. */
export interface VpcAccessSpec {
  /** The region of the VPC. */
  readonly region: TcrRegion;
  /** Whether that is the primary region (else a replica's). */
  readonly primary: boolean;
  /** The VPC's id. */
  readonly vpcId: string;
  /** The subnet's id. */
  readonly subnetId: string;
}

/** Checks the VPC access props against the registry's regions. */
export function vpcAccessSpecs(vpcAccess: TcrVpcAccessProps[] | undefined, regions: TcrRegions): VpcAccessSpec[] {
  const list = listOf('vpcAccess', vpcAccess, 'VPC accesses ({ vpcId, subnetId, region? })');
  const all = [regions.primary, ...regions.replicas];
  const specs = list.map((access, index): VpcAccessSpec => {
    const at = `vpcAccess[${index}]`;
    assertObject(at, access, 'a VPC access ({ vpcId, subnetId, region? })');
    const declared = access.region ?? regions.primary.declared;
    const region = all.find((candidate) => candidate.declared === declared);
    if (!region) {
      throw invalid(`${at}.region`, access.region, `a region the registry is in: the primary region or an active replica region (${all.map((r) => r.declared).join(', ')})`);
    }
    assertResourceId(`${at}.vpcId`, access.vpcId, 'vpc-12345678');
    assertResourceId(`${at}.subnetId`, access.subnetId, 'subnet-12345678');
    return { region, primary: region === regions.primary, vpcId: access.vpcId, subnetId: access.subnetId };
  });
  const seen = new Set<string>();
  specs.forEach((spec, index) => {
    const key = `${spec.vpcId} ${spec.subnetId}`;
    if (!isUnresolved(key) && seen.has(key)) {
      throw invalid(`vpcAccess[${index}]`, { vpcId: spec.vpcId, subnetId: spec.subnetId }, 'a VPC and subnet not already attached');
    }
    seen.add(key);
  });
  return specs;
}

/**
 * Attaches a VPC and subnet to the instance, or to its replica in the
 * VPC's region (`region_name`, which the provider passes to TCR's
 * ManageInternalEndpoint as the replica's region; `region_id` is
 * deprecated). `enable_public_domain_dns` makes the instance's own domain
 * resolve to the private address inside the VPC (TCR's
 * CreateInternalEndpointDns with UsePublicDomain: "为默认域名，公网域名一致"),
 * so clients use one name everywhere, and the custom host name, a CNAME of
 * that domain, reaches the private address too.
 */
export function addVpcAccess(scope: Construct, id: string, registryId: string, spec: VpcAccessSpec): TcrVpcAttachment {
  return new TcrVpcAttachment(scope, id, {
    instanceId: registryId,
    vpcId: spec.vpcId,
    subnetId: spec.subnetId,
    regionName: spec.primary ? undefined : spec.region.tencent,
    enablePublicDomainDns: true,
  });
}
