import { RegistryEnvironment } from '../core/environment';
import { TcrCertificate } from './certificate';
import { TcrInstanceType } from './instance-type';

/**
 * The vulnerability level whose images a namespace blocks from being
 * pulled: "Block vulnerability level, currently only supports `low`,
 * `medium`, `high`" (tencentcloud_tcr_namespace.severity; TCR's
 * CreateNamespace API says the same).
 */
export enum TcrVulnerabilitySeverity {
  /** Low. */
  LOW = 'low',
  /** Medium. */
  MEDIUM = 'medium',
  /** High. */
  HIGH = 'high',
}

/**
 * A webhook that TCR calls with a POST request when an image is pushed to
 * a namespace (trigger action `pushImage`).
 */
export interface TcrWebhookProps {
  /**
   * The trigger's name: lower case letters, digits, `.`, `_` and `-`,
   * starting with a letter or digit.
   */
  readonly name: string;

  /**
   * The address TCR posts to: an `https://` URL. TCR signs nothing, so
   * let the receiver check what it is told (e.g. pull the image by digest).
   */
  readonly url: string;

  /**
   * The trigger's description.
   *
   * @default - none
   */
  readonly description?: string;
}

/** One namespace of the registry. */
export interface TcrNamespaceProps {
  /**
   * The namespace's name: 2-30 lower case letters, digits and separators
   * (`.`, `_`, `-`), not starting or ending with a separator and without two
   * separators in a row. Images are `<host>/<namespace>/<repository>:<tag>`.
   */
  readonly name: string;

  /**
   * Webhooks called when an image is pushed to this namespace.
   *
   * @default - none
   */
  readonly webhooks?: TcrWebhookProps[];
}

/** A TCR service account, e.g. for CI. */
export interface TcrServiceAccountProps {
  /**
   * The account's name; it logs in as `tcr$<name>`. Lower case letters,
   * digits, `.`, `_` and `-`, starting with a letter or digit.
   */
  readonly name: string;

  /**
   * The account's description.
   *
   * @default - "<name> of <env>-<service>.<domain>"
   */
  readonly description?: string;

  /**
   * Namespaces the account may push to (and pull from).
   *
   * @default - none
   */
  readonly pushNamespaces?: string[];

  /**
   * Namespaces the account may only pull from.
   *
   * @default - none
   */
  readonly pullNamespaces?: string[];
}

/** Access to the registry from a VPC. */
export interface TcrVpcAccessProps {
  /**
   * The region of the VPC, as the declaration names it: the primary region
   * or an active replica region (a replica is reached inside its own
   * region).
   *
   * @default - the declaration's primary region
   */
  readonly region?: string;

  /** The VPC, e.g. `vpc-12345678`, or a Terraform expression of its id. */
  readonly vpcId: string;

  /** The subnet of `vpcId` that gets the registry's private address. */
  readonly subnetId: string;
}

/** The registry's own host name, `<env>-<service>.<domain>`. */
export interface TcrCustomDomainProps {
  /** The certificate the host name presents. */
  readonly certificate: TcrCertificate;

  /**
   * The DNSPod domain, in the same Tencent Cloud account, that gets the
   * host name's CNAME record: the declaration's domain or one of its parents.
   *
   * @default - the declaration's domain
   */
  readonly dnsZone?: string;

  /**
   * Whether to create the CNAME record in DNSPod. Without it, point the
   * host name at the instance's domain (output `<env>-<service>-tcr-public-domain`)
   * in your own DNS.
   *
   * @default true
   */
  readonly dnsRecord?: boolean;
}

/** Properties of a `TcrRegistry`. */
export interface TcrRegistryProps {
  /** The environment's registry declaration. */
  readonly environment: RegistryEnvironment;

  /**
   * The TCR region of each region the declaration names, for a declaration
   * shared with other clouds, e.g. `{ 'eu-west-1': 'eu-frankfurt' }`. Every
   * region the registry uses (the primary and the active replica regions)
   * needs an entry unless its declared name already is a TCR region. An
   * entry for a declared replica region the profile does not replicate to
   * is allowed, so that one map serves every environment of a declaration.
   *
   * @default - the declaration's region names are TCR regions (e.g. `ap-guangzhou`)
   */
  readonly regions?: { [region: string]: string };

  /**
   * The instance's name, which TCR makes global (`<name>.tencentcloudcr.com`):
   * a DNS label. Changing it replaces the instance and its images.
   *
   * @default - `<env>-<service>` followed by `-` and six hex characters
   * derived from the declaration's host name, e.g. `prod-registry-3f9a1c`
   */
  readonly instanceName?: string;

  /**
   * The instance's edition.
   *
   * @default - premium where the profile replicates, else from the
   * profile's size: SMALL basic, MEDIUM standard, LARGE premium
   */
  readonly instanceType?: TcrInstanceType;

  /** The registry's namespaces (at least one): images live in namespaces. */
  readonly namespaces: TcrNamespaceProps[];

  /**
   * Whether each namespace blocks pulls of images whose scan finds
   * vulnerabilities of `vulnerabilitySeverity`. Every namespace scans
   * pushed images either way.
   *
   * @default true
   */
  readonly blockVulnerableImages?: boolean;

  /**
   * The vulnerability level whose images are blocked.
   *
   * @default TcrVulnerabilitySeverity.HIGH
   */
  readonly vulnerabilitySeverity?: TcrVulnerabilitySeverity;

  /**
   * CVE ids the blocking ignores (e.g. `CVE-2024-3094`), in every namespace.
   *
   * @default - none
   */
  readonly cveAllowlist?: string[];

  /**
   * Public IPv4 addresses or CIDR blocks allowed to reach the registry over
   * the internet. Without any, the instance has no public endpoint and is
   * reached from VPCs only.
   *
   * @default - no public access
   */
  readonly publicAccessCidrs?: string[];

  /**
   * VPCs whose clients reach the registry privately, in the primary region
   * and in replica regions. Inside them, the instance's domain resolves to
   * the registry's private address.
   *
   * @default - none
   */
  readonly vpcAccess?: TcrVpcAccessProps[];

  /**
   * Serve the registry at the declaration's host name with a certificate,
   * and point the name at the instance in DNSPod.
   *
   * @default - no custom domain: the registry is reached at `<instanceName>.tencentcloudcr.com`
   */
  readonly customDomain?: TcrCustomDomainProps;

  /**
   * Service accounts, each allowed to push to or pull from some namespaces.
   * Their passwords are sensitive outputs, and are in Terraform state.
   *
   * @default - none
   */
  readonly serviceAccounts?: TcrServiceAccountProps[];
}
