import { App, Fn, Stack, StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Vpc } from 'aws-cdk-lib/aws-ec2';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryProps, SelfHostedRegistryReplica, SelfHostedReplicaStorage } from '../../../lib/aws';
import { cdkJsonContext } from '../../examples/example-app';
import { acknowledgeUnenforced, environment } from '../helpers';
import { expectRefused } from '../../support/refusal';

/*
 * The self-hosted VPC's zones: chosen without a context lookup, so that a
 * stack with a concrete account and region synthesizes offline.
 */

const ACCOUNT = '111111111111';
const context = cdkJsonContext();
const auth = RegistryAuthentication.htpasswd(['ci']);
const GET_AZS = (index: number) => ({ 'Fn::Select': [index, { 'Fn::GetAZs': '' }] });

function primaryIn(stack: Stack, extra: Partial<SelfHostedRegistryProps> = {}): SelfHostedRegistry {
  const hostedZone = HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
  const registry = new SelfHostedRegistry(stack, 'Registry', { environment: environment('dev'), hostedZone, authentication: auth, ...extra });
  acknowledgeUnenforced(registry);
  return registry;
}

/** The zones of the template's subnets, in order, and the context lookups the assembly asks for. */
function synthesized(app: App, stack: Stack): { zones: unknown[]; missing: unknown[] } {
  const assembly = app.synth();
  const subnets = Template.fromStack(stack).findResources('AWS::EC2::Subnet');
  return { zones: Object.values(subnets).map((subnet) => subnet.Properties.AvailabilityZone), missing: assembly.manifest.missing ?? [] };
}

describe('a self-hosted registry in a stack with a concrete account and region', () => {
  test('by default spans the first two zones Fn::GetAZs lists, with no availability-zone lookup', () => {
    const app = new App({ context });
    const stack = new Stack(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    primaryIn(stack);
    const { zones, missing } = synthesized(app, stack);
    // Public and private subnet per zone.
    expect(zones).toEqual([GET_AZS(0), GET_AZS(1), GET_AZS(0), GET_AZS(1)]);
    expect(missing).toEqual([]);
    // The stack answers lookups as before once the VPC is built.
    expect(Object.getOwnPropertyDescriptor(stack, 'availabilityZones')).toBeUndefined();
  });

  test('spans the zones it is given, in order, with no lookup', () => {
    const app = new App({ context });
    const stack = new Stack(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    primaryIn(stack, { availabilityZones: ['eu-west-1c', 'eu-west-1a', 'eu-west-1b'] });
    const { zones, missing } = synthesized(app, stack);
    expect(zones).toEqual(['eu-west-1c', 'eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'eu-west-1a', 'eu-west-1b']);
    expect(missing).toEqual([]);
  });

  test('follows a stack class that chooses its zones (aws-cdk-lib\'s documented override)', () => {
    class PinnedStack extends Stack {
      constructor(scope: Construct, id: string, props: StackProps) {
        super(scope, id, props);
      }
      get availabilityZones(): string[] {
        return ['eu-west-1b', 'eu-west-1c', 'eu-west-1a'];
      }
    }
    const app = new App({ context });
    const stack = new PinnedStack(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    primaryIn(stack);
    const { zones, missing } = synthesized(app, stack);
    expect(zones).toEqual(['eu-west-1b', 'eu-west-1c', 'eu-west-1b', 'eu-west-1c']);
    expect(missing).toEqual([]);
  });

  test('a replica takes zones of its own region', () => {
    const app = new App({ context });
    const declaration = environment('prod');
    const storageStack = new Stack(app, 'storage', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    const storage = new SelfHostedReplicaStorage(storageStack, 'Replica', { environment: declaration });
    const stack = new Stack(app, 'replica', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    const hostedZone = HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
    new SelfHostedRegistryReplica(stack, 'Replica', {
      environment: declaration, storage, hostedZone, authentication: auth, availabilityZones: ['eu-central-1b', 'eu-central-1c'],
    });
    const subnets = Template.fromStack(stack).findResources('AWS::EC2::Subnet');
    expect(Object.values(subnets).map((subnet) => subnet.Properties.AvailabilityZone)).toEqual(['eu-central-1b', 'eu-central-1c', 'eu-central-1b', 'eu-central-1c']);
  });
});

test('an environment-agnostic stack keeps aws-cdk-lib\'s own choice (Fn::GetAZs)', () => {
  const app = new App({ context });
  const stack = new Stack(app, 'primary', { env: { region: 'eu-west-1' } });
  primaryIn(stack);
  const { zones, missing } = synthesized(app, stack);
  expect(zones).toEqual([GET_AZS(0), GET_AZS(1), GET_AZS(0), GET_AZS(1)]);
  expect(missing).toEqual([]);
});

describe('availabilityZones that cannot work are refused at construction', () => {
  const refused = (zones: unknown, extra: Record<string, unknown> = {}) => () => {
    const stack = new Stack(new App({ context }), 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    primaryIn(stack, { availabilityZones: zones as string[], ...extra });
  };

  test.each<[string, () => void, string]>([
    ['one zone', refused(['eu-west-1a']),
      'availabilityZones: expected a list of at least 2 availability zone names, e.g. ["eu-west-1a", "eu-west-1b"]: the load balancer needs subnets in 2 zones, got ["eu-west-1a"]'],
    ['a zone of another region', refused(['eu-west-1a', 'eu-central-1b']),
      'availabilityZones[1]: expected a zone of the stack\'s region "eu-west-1", got "eu-central-1b"'],
    ['a zone id instead of a name', refused(['euw1-az1', 'euw1-az2']),
      'availabilityZones[0]: expected an availability zone name: the region code followed by a letter, e.g. "eu-west-1a" (not a zone id such as "euw1-az1"), got "euw1-az1"'],
    ['a region instead of a zone', refused(['eu-west-1', 'eu-west-1a']),
      'availabilityZones[0]: expected an availability zone name'],
    ['the same zone twice', refused(['eu-west-1a', 'eu-west-1a']),
      'availabilityZones[1]: expected a value not already listed in availabilityZones, got "eu-west-1a"'],
    ['a list token', refused(Fn.getAzs()), 'availabilityZones: expected a list of at least 2 availability zone names, e.g. ["eu-west-1a", "eu-west-1b"], whose number is known at synthesis'],
    ['not a list', refused('eu-west-1a,eu-west-1b'), 'availabilityZones: expected a list of at least 2 availability zone names'],
    ['together with a VPC of your own', () => {
      const app = new App({ context });
      const stack = new Stack(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
      const vpc = Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
      primaryIn(stack, { vpc, availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
    }, 'availabilityZones: expected no availabilityZones together with vpc (they choose the zones of the VPC the construct creates)'],
  ])('%s', (_name, make, message) => {
    expectRefused(make, message);
  });
});
