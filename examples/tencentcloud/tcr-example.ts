import { RegistryEnvironment } from '../../lib';
import { TcrCertificate, TcrRegistry, TcrVpcAccessProps } from '../../lib/tencentcloud';
import { TencentcloudProvider } from '../../lib/tencentcloud/bindings/provider';
import { Subnet } from '../../lib/tencentcloud/bindings/subnet';
import { Vpc } from '../../lib/tencentcloud/bindings/vpc';
import { App, TerraformStack, TerraformVariable } from '../../lib/terraform/cdktf';
import { exampleEnvironments } from '../environments';
import { TerraformExample, TerraformExampleOptions, terraformExampleStack } from '../terraform/example-stack';

/**
 * The TCR regions of the example declaration's regions, which are named
 * the AWS way. Tencent Cloud has one region in the European Union,
 * Frankfurt, which serves the primary region eu-west-1; the replica region
 * eu-central-1 is served from Virginia (na-ashburn), another region
 * outside the Chinese mainland, because TCR puts no replica in its
 * primary's region and none across the mainland border. The
 * mapping says which Tencent region plays each declared region's part, not
 * which is nearest to it.
 */
export const EXAMPLE_TENCENT_REGIONS = { 'eu-west-1': 'eu-frankfurt', 'eu-central-1': 'na-ashburn' };

/**
 * Addresses that may reach the registries over the internet: a
 * documentation range (RFC 5737); put your CI's egress addresses here.
 */
export const EXAMPLE_PUBLIC_ACCESS_CIDRS = ['203.0.113.0/24'];

/**
 * One stack per environment (`tcr-dev-registry`, `tcr-test-registry`,
 * `tcr-prod-registry`), from the same declarations as the AWS and Azure
 * examples: the registry with namespaces `app` and `base`, the declaration's
 * host name with the certificate whose id is the stack's `certificate_id`
 * variable, a VPC in each region of the registry with private access, and a
 * CI account that pushes to `app` and pulls from `base`.
 */
export function addTcrExample(app: App, options: TerraformExampleOptions): void {
  for (const environment of exampleEnvironments(options.domain)) {
    const stack = terraformExampleStack(app, `tcr-${environment.resourcePrefix}`, options);
    const certificateId = new TerraformVariable(stack, 'certificate_id', {
      type: 'string',
      nullable: false,
      description: `Id of the Tencent Cloud SSL certificate for ${environment.hostname}`,
    });
    const primaryRegion = EXAMPLE_TENCENT_REGIONS['eu-west-1'];
    const vpcAccess: TcrVpcAccessProps[] = [exampleNetwork(stack, environment, primaryRegion)];
    for (const region of environment.activeReplicaRegions) {
      const tencentRegion = EXAMPLE_TENCENT_REGIONS[region as keyof typeof EXAMPLE_TENCENT_REGIONS];
      // Resources are made in their provider's region: the replica's VPC needs a provider there.
      const provider = new TencentcloudProvider(stack, `provider-${tencentRegion}`, { region: tencentRegion, alias: tencentRegion });
      vpcAccess.push({ region, ...exampleNetwork(stack, environment, tencentRegion, provider) });
    }
    new TcrRegistry(stack, 'Registry', {
      environment,
      regions: EXAMPLE_TENCENT_REGIONS,
      namespaces: [{ name: 'app' }, { name: 'base' }],
      publicAccessCidrs: EXAMPLE_PUBLIC_ACCESS_CIDRS,
      vpcAccess,
      customDomain: { certificate: TcrCertificate.fromCertificateId(certificateId.stringValue) },
      serviceAccounts: [{ name: 'ci', pushNamespaces: ['app'], pullNamespaces: ['base'] }],
    });
  }
}

/** A VPC and subnet in `region` whose clients reach the registry privately. */
function exampleNetwork(stack: TerraformStack, environment: RegistryEnvironment, region: string, provider?: TencentcloudProvider) {
  const vpc = new Vpc(stack, `Vpc-${region}`, {
    provider,
    name: `${environment.resourcePrefix}-clients`,
    cidrBlock: '10.0.0.0/16',
    tags: TcrRegistry.tagsFor(environment, Vpc.tfResourceType),
  });
  const subnet = new Subnet(stack, `Subnet-${region}`, {
    provider,
    name: `${environment.resourcePrefix}-clients`,
    vpcId: vpc.id,
    cidrBlock: '10.0.1.0/24',
    // Zone 1 of the region (Tencent Cloud's zone list, Region Management's DescribeZones data types).
    availabilityZone: `${region}-1`,
    tags: TcrRegistry.tagsFor(environment, Subnet.tfResourceType),
  });
  return { vpcId: vpc.id, subnetId: subnet.id };
}

/** The TCR example, as examples/terraform-app.ts lists it. */
export const TCR_EXAMPLE: TerraformExample = { name: 'TCR example', add: addTcrExample };
