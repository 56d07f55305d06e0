import { Construct } from 'constructs';
import { TCR_CAPABILITIES } from '../core/backend-capabilities';
import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { warnUnenforcedSettings } from '../terraform/capability-warnings';
import { applyRemovalMode } from '../terraform/removal';
import { TENCENTCLOUD_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';
import { TcrInstance } from './bindings/tcr-instance';
import { TerraformResource } from '../terraform/cdktf';
import { TcrNamespace } from './bindings/tcr-namespace';
import { assertObject } from './checks';
import { addCustomDomain, customDomainSpec } from './custom-domain';
import { TcrInstanceProtection } from './deletion-protection';
import { instanceTypeFor, TcrInstanceType } from './instance-type';
import { assertInstanceName, derivedInstanceName } from './names';
import { addNamespace, namespaceSpecs, scanningSpec } from './namespaces';
import { addVpcAccess, publicAccessSpec, vpcAccessSpecs } from './network-access';
import { output } from './outputs';
import { assertProviderRegion, useTencentcloud } from './provider';
import { resolveTcrRegions } from './region-map';
import { addServiceAccount, serviceAccountSpecs, ServiceAccountLogin } from './service-accounts';
import { TcrRegistryProps } from './tcr-registry-props';

/**
 * One environment's registry on Tencent Cloud Container Registry (TCR
 * Enterprise): an instance named after the declaration, its namespaces with
 * vulnerability scanning and the profile's image rules, replicas in the
 * active replica regions, private access from VPCs, an allow-listed public
 * endpoint, the declaration's host name `<env>-<service>.<domain>` with its
 * certificate and DNSPod record, and service accounts for CI.
 *
 * Every input is checked when the construct is built; a profile setting TCR
 * cannot enforce is a synthesis warning (`TCR_CAPABILITIES`). The construct
 * adds a tencentcloud provider in the primary region to its stack unless
 * the stack declares one.
 *
 * @example
 * new TcrRegistry(stack, 'Registry', {
 *   environment: prod,
 *   regions: { 'eu-west-1': 'eu-frankfurt', 'eu-central-1': 'na-ashburn' },
 *   namespaces: [{ name: 'app' }],
 *   customDomain: { certificate: TcrCertificate.fromCertificateId('a1b2c3d4') },
 *   serviceAccounts: [{ name: 'ci', pushNamespaces: ['app'] }],
 * });
 */
export class TcrRegistry extends Construct {
  /**
   * The tags the registry's own resources carry (the standard `registry:*`
   * tags plus the declaration's), for a resource of yours of
   * `terraformResourceType` (e.g. `tencentcloud_vpc`), checked against
   * Tencent Cloud's tag rules for that type.
   *
   * @throws RegistryValidationError when a tag breaks Tencent Cloud's rules for the type
   */
  public static tagsFor(environment: RegistryEnvironment, terraformResourceType: string): { [key: string]: string } {
    return tagsFor(environment, TENCENTCLOUD_TAG_RULES, terraformResourceType);
  }

  /** The declaration this registry serves. */
  public readonly environment: RegistryEnvironment;
  /** The instance's name, the first label of `<name>.tencentcloudcr.com`. */
  public readonly instanceName: string;
  /** The instance's edition. */
  public readonly instanceType: TcrInstanceType;
  /** The primary region, in Tencent Cloud's name. */
  public readonly region: string;
  /** The replica regions, in Tencent Cloud's names (none unless the profile replicates). */
  public readonly replicaRegions: string[];
  /** The instance's id (a Terraform expression), e.g. for other resources that need it. */
  public readonly instanceId: string;
  /** The instance's own domain, `<instanceName>.tencentcloudcr.com` (a Terraform expression). */
  public readonly instanceDomain: string;
  /**
   * The host name clients use: the declaration's `<env>-<service>.<domain>`
   * with a custom domain, else the instance's own domain.
   */
  public readonly loginServer: string;
  /** The namespaces' names. */
  public readonly namespaceNames: string[];
  /**
   * The `tencentcloud_tcr_instance` resource, for settings this construct
   * does not make: an escape hatch through cdktf's `addOverride`, e.g.
   * `registry.instance.addOverride('enable_cos_versioning', true)`.
   */
  public readonly instance: TerraformResource;

  private readonly logins = new Map<string, ServiceAccountLogin>();

  constructor(scope: Construct, id: string, props: TcrRegistryProps) {
    super(scope, id);
    assertObject('props', props, 'TcrRegistry properties with environment and namespaces');
    if (!(props.environment instanceof RegistryEnvironment)) {
      throw invalid('environment', props.environment, 'a RegistryEnvironment');
    }
    const environment = props.environment;

    // Everything is checked before anything is made.
    const regions = resolveTcrRegions(environment, props.regions);
    const instanceType = instanceTypeFor(environment, props.instanceType);
    const instanceName = props.instanceName ?? derivedInstanceName(environment);
    assertInstanceName('instanceName', instanceName);
    const namespaces = namespaceSpecs(props.namespaces);
    const scanning = scanningSpec(props);
    const publicAccess = publicAccessSpec(props.publicAccessCidrs);
    const vpcAccess = vpcAccessSpecs(props.vpcAccess, regions);
    const customDomain = customDomainSpec(props.customDomain, environment);
    const accounts = serviceAccountSpecs(props.serviceAccounts, namespaces.map((namespace) => namespace.name));

    this.environment = environment;
    this.instanceName = instanceName;
    this.instanceType = instanceType;
    this.region = regions.primary.tencent;
    this.replicaRegions = regions.replicas.map((replica) => replica.tencent);
    this.namespaceNames = namespaces.map((namespace) => namespace.name);
    assertProviderRegion(this, regions.primary.tencent, regions.primary.property);

    // Checked: from here on, resources are made.
    useTencentcloud(this, regions.primary.tencent);
    const certificate = customDomain?.certificate.bind(this, environment);

    const instance = new TcrInstance(this, 'Instance', {
      name: instanceName,
      instanceType,
      // security_policy applies only with open_public_operation (the provider refuses it otherwise).
      openPublicOperation: publicAccess.length > 0,
      securityPolicy: publicAccess.length > 0
        ? publicAccess.map((cidrBlock) => ({ cidrBlock, description: `public access to ${environment.hostname}` }))
        : undefined,
      // Replicas by region name, with the instance's tags synced to their COS buckets;
      // the provider reads a replica back by the region id it maps the name to.
      replications: regions.replicas.length > 0 ? regions.replicas.map((replica) => ({ regionName: replica.tencent, synTag: true })) : undefined,
      tags: tagsFor(environment, TENCENTCLOUD_TAG_RULES, TcrInstance.tfResourceType),
    });
    applyRemovalMode(instance, environment.settings.removalMode, new TcrInstanceProtection());
    this.instance = instance;
    this.instanceId = instance.id;
    this.instanceDomain = instance.publicDomain;

    const created = new Map<string, TcrNamespace>();
    for (const namespace of namespaces) {
      created.set(namespace.name, addNamespace(this, this.instanceId, namespace, scanning, environment));
    }
    const perRegion = new Map<string, number>();
    for (const access of vpcAccess) {
      const index = perRegion.get(access.region.tencent) ?? 0;
      perRegion.set(access.region.tencent, index + 1);
      addVpcAccess(this, `VpcAccess-${access.region.tencent}-${index}`, this.instanceId, access);
    }
    if (customDomain && certificate) {
      addCustomDomain(this, this.instanceId, this.instanceDomain, certificate.certificateId, customDomain, environment);
    }
    this.loginServer = customDomain ? environment.hostname : this.instanceDomain;
    for (const account of accounts) {
      this.logins.set(account.name, addServiceAccount(this, account, this.instanceId, created, environment));
    }

    const prefix = environment.resourcePrefix;
    output(this, `${prefix}-tcr-instance-id`, this.instanceId, `TCR instance of ${environment.hostname}`);
    output(this, `${prefix}-tcr-public-domain`, this.instanceDomain, `The TCR instance's own domain (${instanceName}.tencentcloudcr.com)`);
    output(this, `${prefix}-login-server`, this.loginServer, 'The host name to log in to, push to and pull from');
    warnUnenforcedSettings(this, environment, TCR_CAPABILITIES);
  }

  /**
   * The login user name of a service account, `tcr$<name>`.
   *
   * @param name the service account's name, as given in `serviceAccounts`
   */
  public serviceAccountUsername(name: string): string {
    return this.login(name).username;
  }

  /**
   * The password of a service account: a Terraform expression of a
   * sensitive value, for a sensitive output or a secret store.
   *
   * @param name the service account's name, as given in `serviceAccounts`
   */
  public serviceAccountPassword(name: string): string {
    return this.login(name).password;
  }

  private login(name: string): ServiceAccountLogin {
    const login = this.logins.get(name);
    if (!login) {
      throw invalid('name', name, `a service account of this registry (${[...this.logins.keys()].join(', ') || 'none'})`);
    }
    return login;
  }
}
