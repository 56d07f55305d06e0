import { Annotations as CdkAnnotations, App, Fn, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Vpc } from 'aws-cdk-lib/aws-ec2';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { SelfHostedRegistryReplica, SelfHostedReplicaStorage } from '../../../lib/aws';
import { cdkJsonContext } from '../../examples/example-app';
import { environment } from '../helpers';
import { ACCOUNT, auth, CACHED_LOOKUP, primaryIn } from './availability-zones-fixture';
import { expectRefused } from '../../support/refusal';

/*
 * The self-hosted VPC's zones: chosen without a context lookup, so that a
 * stack with a concrete account and region synthesizes offline.
 */

const context = cdkJsonContext();
const GET_AZS = (index: number) => ({ 'Fn::Select': [index, { 'Fn::GetAZs': '' }] });
/** aws-cdk-lib's zones for environment-agnostic stacks (cx-api AVAILABILITY_ZONE_FALLBACK_CONTEXT_KEY). */
const FALLBACK = 'aws:cdk:availability-zones:fallback';
const UNPINNED = 'env-container-registries:availabilityZonesNotPinned';

/** A prod replica in eu-central-1, with its storage stack, in `app`. */
function replicaIn(app: App, extra: Record<string, unknown> = {}): Stack {
  const declaration = environment('prod');
  const storageStack = new Stack(app, 'storage', { env: { account: ACCOUNT, region: 'eu-central-1' } });
  const storage = new SelfHostedReplicaStorage(storageStack, 'Replica', { environment: declaration });
  const stack = new Stack(app, 'replica', { env: { account: ACCOUNT, region: 'eu-central-1' } });
  const hostedZone = HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
  new SelfHostedRegistryReplica(stack, 'Replica', { environment: declaration, storage, hostedZone, authentication: auth, ...extra });
  return stack;
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

  test('follows an availabilityZones getter defined on the stack object itself', () => {
    const app = new App({ context });
    const stack = new Stack(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    Object.defineProperty(stack, 'availabilityZones', { configurable: true, get: () => ['eu-west-1c', 'eu-west-1b'] });
    primaryIn(stack);
    const { zones, missing } = synthesized(app, stack);
    expect(zones).toEqual(['eu-west-1c', 'eu-west-1b', 'eu-west-1c', 'eu-west-1b']);
    expect(missing).toEqual([]);
    // Put back as it was, not removed.
    expect(stack.availabilityZones).toEqual(['eu-west-1c', 'eu-west-1b']);
  });

  test('keeps the first two zones of the lookup cdk.context.json cached (an upgrade changes no subnet), with no lookup', () => {
    const app = new App({ context: { ...context, [CACHED_LOOKUP]: ['eu-west-1b', 'eu-west-1a', 'eu-west-1c'] } });
    const stack = new Stack(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    primaryIn(stack, {}, 'prod');
    const { zones, missing } = synthesized(app, stack);
    expect(zones).toEqual(['eu-west-1b', 'eu-west-1a', 'eu-west-1b', 'eu-west-1a']);
    expect(missing).toEqual([]);
    // The zones are fixed: nothing to pin, nothing to warn about.
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(UNPINNED))).toEqual([]);
  });

  test('a lookup that cached an error counts as no lookup (Fn::GetAZs)', () => {
    const app = new App({ context: { ...context, [CACHED_LOOKUP]: { $providerError: 'AccessDenied' } } });
    const stack = new Stack(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    primaryIn(stack);
    expect(synthesized(app, stack).zones).toEqual([GET_AZS(0), GET_AZS(1), GET_AZS(0), GET_AZS(1)]);
  });

  test('a replica takes zones of its own region', () => {
    const stack = replicaIn(new App({ context }), { availabilityZones: ['eu-central-1b', 'eu-central-1c'] });
    const subnets = Template.fromStack(stack).findResources('AWS::EC2::Subnet');
    expect(Object.values(subnets).map((subnet) => subnet.Properties.AvailabilityZone)).toEqual(['eu-central-1b', 'eu-central-1c', 'eu-central-1b', 'eu-central-1c']);
  });
});

describe('a stack with a region but no account', () => {
  test('takes aws-cdk-lib\'s choice: the first two zones of Fn::GetAZs', () => {
    const app = new App({ context });
    const stack = new Stack(app, 'primary', { env: { region: 'eu-west-1' } });
    primaryIn(stack);
    const { zones, missing } = synthesized(app, stack);
    expect(zones).toEqual([GET_AZS(0), GET_AZS(1), GET_AZS(0), GET_AZS(1)]);
    expect(missing).toEqual([]);
  });

  test('or the first two of the app\'s availability-zone fallback context, as aws-cdk-lib does', () => {
    const app = new App({ context: { ...context, [FALLBACK]: ['eu-west-1c', 'eu-west-1a', 'eu-west-1b'] } });
    const stack = new Stack(app, 'primary', { env: { region: 'eu-west-1' } });
    primaryIn(stack);
    expect(synthesized(app, stack).zones).toEqual(['eu-west-1c', 'eu-west-1a', 'eu-west-1c', 'eu-west-1a']);
  });
});

describe('zones left to Fn::GetAZs in a profile that retains data', () => {
  const warningsOf = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(UNPINNED)).map((w) => String(w.entry.data));
  const stackIn = (app: App, env: { account?: string; region: string }) => new Stack(app, 'primary', { env });

  test.each<[string, { account?: string; region: string }]>([
    ['with an account', { account: ACCOUNT, region: 'eu-west-1' }],
    ['without an account', { region: 'eu-west-1' }],
  ])('prod %s: a warning on the registry that says why to pin availabilityZones', (_name, env) => {
    const stack = stackIn(new App({ context }), env);
    primaryIn(stack, {}, 'prod');
    const warnings = Annotations.fromStack(stack).findWarning('/primary/Registry', Match.stringLikeRegexp(UNPINNED));
    expect(warnings).toHaveLength(1);
    const message = String(warnings[0].entry.data);
    expect(message).toContain('The prod profile retains data');
    expect(message).toContain('order is not guaranteed');
    expect(message).toContain('only zones with a default subnet are listed when any has one');
    expect(message).toContain('https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getavailabilityzones.html');
    expect(message).toContain('Pin availabilityZones (zone names from `aws ec2 describe-availability-zones --region eu-west-1`)');
    expect(message).toContain(`[ack: ${UNPINNED}]`);
  });

  test('prod: the warning can be acknowledged', () => {
    const stack = stackIn(new App({ context }), { account: ACCOUNT, region: 'eu-west-1' });
    const registry = primaryIn(stack, {}, 'prod');
    CdkAnnotations.of(registry).acknowledgeWarning(UNPINNED, 'zones chosen later');
    expect(warningsOf(stack)).toEqual([]);
  });

  test('a prod replica warns too', () => {
    const stack = replicaIn(new App({ context }));
    expect(Annotations.fromStack(stack).findWarning('/replica/Replica', Match.stringLikeRegexp(UNPINNED))).toHaveLength(1);
  });

  test.each(['dev', 'test'])('%s (data is destroyed with the stack): no warning', (profile) => {
    const stack = stackIn(new App({ context }), { account: ACCOUNT, region: 'eu-west-1' });
    primaryIn(stack, {}, profile);
    expect(warningsOf(stack)).toEqual([]);
  });

  test('prod with pinned zones: no warning', () => {
    const stack = stackIn(new App({ context }), { account: ACCOUNT, region: 'eu-west-1' });
    primaryIn(stack, { availabilityZones: ['eu-west-1a', 'eu-west-1b'] }, 'prod');
    expect(warningsOf(stack)).toEqual([]);
  });
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
    ['the same zone twice, as tokens', refused([Fn.select(0, Fn.getAzs()), Fn.select(0, Fn.getAzs())]),
      'availabilityZones[1]: expected a zone not already listed in availabilityZones (item 0 selects the same one), got "{\\"Fn::Select\\":[0,{\\"Fn::GetAZs\\":\\"\\"}]}"'],
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

describe('zones from the stack or the context go through the same checks', () => {
  const inStack = (build: (app: App) => Stack) => () => primaryIn(build(new App({ context })));
  const withContext = (key: string, value: unknown, env: { account?: string; region: string }) => () =>
    primaryIn(new Stack(new App({ context: { ...context, [key]: value } }), 'primary', { env }));

  test.each<[string, () => void, string]>([
    ['a stack class that chooses one zone', inStack((app) => {
      class OneZone extends Stack {
        get availabilityZones(): string[] {
          return ['eu-west-1a'];
        }
      }
      return new OneZone(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    }), 'stack.availabilityZones: expected a list of at least 2 availability zone names, e.g. ["eu-west-1a", "eu-west-1b"]: the load balancer needs subnets in 2 zones, got ["eu-west-1a"]'],
    ['a stack object whose zones are a list token', inStack((app) => {
      const stack = new Stack(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
      Object.defineProperty(stack, 'availabilityZones', { configurable: true, get: () => Fn.getAzs() });
      return stack;
    }), 'stack.availabilityZones: expected a list of at least 2 availability zone names, e.g. ["eu-west-1a", "eu-west-1b"], whose number is known at synthesis'],
    ['a cached lookup of another region', withContext(CACHED_LOOKUP, ['eu-west-1a', 'eu-central-1a'], { account: ACCOUNT, region: 'eu-west-1' }),
      `context "${CACHED_LOOKUP}"[1]: expected a zone of the stack's region "eu-west-1", got "eu-central-1a"`],
    ['a cached lookup that is not a list', withContext(CACHED_LOOKUP, 'eu-west-1a', { account: ACCOUNT, region: 'eu-west-1' }),
      `context "${CACHED_LOOKUP}": expected a list of at least 2 availability zone names`],
    ['a fallback with the same zone twice', withContext(FALLBACK, ['eu-west-1a', 'eu-west-1a'], { region: 'eu-west-1' }),
      `context "${FALLBACK}"[1]: expected a value not already listed in context "${FALLBACK}", got "eu-west-1a"`],
    ['a fallback of zone ids', withContext(FALLBACK, ['euw1-az1', 'euw1-az2'], { region: 'eu-west-1' }),
      `context "${FALLBACK}"[0]: expected an availability zone name`],
  ])('%s', (_name, make, message) => {
    expectRefused(make, message);
  });
});

test('a stack without a region is refused up front (the load balancer\'s access logs and the zones need it)', () => {
  expectRefused(() => primaryIn(new Stack(new App({ context }), 'primary')),
    'env.region: expected stack primary to have a concrete region (env: { region: "eu-west-1" }, with or without an account)');
});
