import { Annotations, ContextProvider, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import { FlowLogDestination, GatewayVpcEndpointAwsService, IVpc, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { ContextProvider as CxContextProvider } from 'aws-cdk-lib/cloud-assembly-schema';
import { AVAILABILITY_ZONE_FALLBACK_CONTEXT_KEY, PROVIDER_ERROR_KEY } from 'aws-cdk-lib/cx-api';
import { Construct, IConstruct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { RemovalMode } from '../../core/profiles';
import { assertStringList, isPlainObject } from '../../core/type-checks';
import { AWS_REGION_SOURCE } from '../../core/aws-region';
import { registryLogGroup } from './registry-log-group';

/** A new VPC for a registry, and the log group of its flow logs. */
export interface RegistryNetwork {
  readonly vpc: IVpc;
  readonly flowLogs: LogGroup;
}

/*
 * An Availability Zone's name is its Region's code followed by a letter
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html);
 * an AZ id such as `euw1-az1` is not a name, and AWS::EC2::Subnet's
 * `AvailabilityZone` takes names.
 */
const ZONE_NAME = new RegExp(`^(${AWS_REGION_SOURCE})[a-z]$`);
/** An application load balancer needs subnets in at least two zones. */
const MIN_ZONES = 2;
const EXPECTED = `a list of at least ${MIN_ZONES} availability zone names, e.g. ["eu-west-1a", "eu-west-1b"]`;

/** The acknowledgeable id of the warning about zones left to `Fn::GetAZs` in a profile that retains data. */
const UNPINNED_ZONES_WARNING = 'env-container-registries:availabilityZonesNotPinned';
/** cfn-lint's "Avoid hardcoding availability zones", as aws-cdk-lib's built-in CloudFormation validation reports it. */
const HARDCODED_ZONES_RULE = 'CloudFormation-Validate::W3010';

/**
 * Checks `availabilityZones` as a self-hosted construct received it (see
 * `assertZones`), and only for the VPC the construct creates.
 */
export function checkAvailabilityZones(scope: IConstruct, zones: unknown, vpc: unknown): string[] | undefined {
  if (zones === undefined) {
    return undefined;
  }
  if (vpc !== undefined) {
    throw invalid('availabilityZones', zones, 'no availabilityZones together with vpc (they choose the zones of the VPC the construct creates)');
  }
  return assertZones(Stack.of(scope), 'availabilityZones', zones);
}

/**
 * The checks every source of zones goes through (the prop, the stack's own
 * `availabilityZones`, cached or fallback context): at least two, distinct,
 * known in number at synthesis, and literal names of the stack's region.
 * Tokens pass one by one, but not twice the same.
 */
function assertZones(stack: Stack, property: string, zones: unknown): string[] {
  if (Token.isUnresolved(zones)) {
    // An encoded list token (e.g. Fn.getAzs()) has no length at synthesis,
    // and the VPC creates subnets per zone.
    throw invalid(property, zones, `${EXPECTED}, whose number is known at synthesis (not a list token; Fn.select(i, Fn.getAzs()) items are fine)`);
  }
  const region = stack.region;
  const list = assertStringList(property, zones, EXPECTED, (zone, itemProperty) => {
    if (Token.isUnresolved(zone)) {
      return;
    }
    const match = ZONE_NAME.exec(zone);
    if (!match) {
      throw invalid(itemProperty, zone, 'an availability zone name: the region code followed by a letter, e.g. "eu-west-1a" (not a zone id such as "euw1-az1")');
    }
    if (!Token.isUnresolved(region) && match[1] !== region) {
      throw invalid(itemProperty, zone, `a zone of the stack's region "${region}"`);
    }
  });
  // Each Fn.select(...) is a token of its own: two that select the same
  // zone differ as strings and only compare equal once resolved.
  const seen = new Map<string, number>();
  list.forEach((zone, index) => {
    if (!Token.isUnresolved(zone)) {
      return;
    }
    const resolved = JSON.stringify(stack.resolve(zone));
    if (seen.has(resolved)) {
      throw invalid(`${property}[${index}]`, resolved, `a zone not already listed in ${property} (item ${seen.get(resolved)} selects the same one)`);
    }
    seen.set(resolved, index);
  });
  if (list.length < MIN_ZONES) {
    throw invalid(property, zones, `${EXPECTED}: the load balancer needs subnets in ${MIN_ZONES} zones`);
  }
  return list;
}

/** Where the zones of a new registry VPC come from. */
enum ZoneSource {
  /** The construct's `availabilityZones`. */
  PROP,
  /** The stack's own `availabilityZones` (a class or instance override). */
  STACK,
  /** The availability-zone lookup cached in the app's context (`cdk.context.json`). */
  CACHED_LOOKUP,
  /** The fallback zones an app sets for environment-agnostic stacks. */
  FALLBACK,
  /** `Fn::GetAZs` at deploy time. */
  GET_AZS,
}

/** Why each literal source may put zone names in the template, for the W3010 acknowledgement. */
const LITERAL_ZONES_REASON: Record<Exclude<ZoneSource, ZoneSource.GET_AZS>, string> = {
  [ZoneSource.PROP]: 'The zones are pinned on purpose with availabilityZones: Fn::GetAZs does not guarantee its order, and pinned names keep the subnets where they are',
  [ZoneSource.STACK]: 'The zones are the ones the stack chooses by overriding Stack.availabilityZones, as aws-cdk-lib itself uses them',
  [ZoneSource.CACHED_LOOKUP]: 'The zones are the availability-zone lookup cached in cdk.context.json, kept so that the subnets of an existing deployment stay in their zones',
  [ZoneSource.FALLBACK]: 'The zones are the ones the app sets in its availability-zone fallback context, as aws-cdk-lib itself uses them',
};

interface RegistryZones {
  readonly zones: string[];
  readonly source: ZoneSource;
}

/**
 * The zones of a new registry VPC, chosen without a context lookup: the
 * given ones, else the first two of the stack's own choice where that
 * needs no lookup (a stack that overrides `availabilityZones`, the cached
 * lookup of an environment-specific stack, the fallback context of an
 * environment-agnostic one), else the first two that `Fn::GetAZs` returns
 * at deploy time.
 *
 * `Stack.availabilityZones` of a stack with a concrete account and region
 * is a context lookup: with nothing cached, synthesis records missing
 * context, and `cdk synth` then needs credentials. Reading the cached value
 * under aws-cdk-lib's own key (`ContextProvider.getKey`, as the getter
 * does) gives the subnets of a registry deployed while the library still
 * made that lookup the same `AvailabilityZone` as before. `Fn::GetAZs` is
 * what aws-cdk-lib uses for environment-agnostic stacks.
 */
function registryZones(stack: Stack, given?: string[]): RegistryZones {
  if (given) {
    return { zones: given, source: ZoneSource.PROP };
  }
  if (overridesAvailabilityZones(stack)) {
    return { zones: firstZones(stack, 'stack.availabilityZones', stack.availabilityZones), source: ZoneSource.STACK };
  }
  const environmentSpecific = isEnvironmentSpecific(stack);
  const key = environmentSpecific
    ? ContextProvider.getKey(stack, { provider: CxContextProvider.AVAILABILITY_ZONE_PROVIDER }).key
    : AVAILABILITY_ZONE_FALLBACK_CONTEXT_KEY;
  const cached = contextZones(stack, key);
  if (cached) {
    return { zones: cached, source: environmentSpecific ? ZoneSource.CACHED_LOOKUP : ZoneSource.FALLBACK };
  }
  return { zones: Array.from({ length: MIN_ZONES }, (_, index) => Fn.select(index, Fn.getAzs())), source: ZoneSource.GET_AZS };
}

/** The first zones of a context key's value, checked, or undefined when the key is absent (or holds a lookup's error). */
function contextZones(stack: Stack, key: string): string[] | undefined {
  const value: unknown = stack.node.tryGetContext(key);
  if (value === undefined || (isPlainObject(value) && PROVIDER_ERROR_KEY in value)) {
    return undefined;
  }
  return firstZones(stack, `context "${key}"`, value);
}

/** The first `MIN_ZONES` of a whole list of zones, checked as a whole. */
function firstZones(stack: Stack, property: string, zones: unknown): string[] {
  return assertZones(stack, property, zones).slice(0, MIN_ZONES);
}

function isEnvironmentSpecific(stack: Stack): boolean {
  return !Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region);
}

/**
 * Whether the stack replaces `Stack.availabilityZones`: in its class
 * (aws-cdk-lib's documented way to choose zones for a whole app) or on the
 * object itself.
 */
function overridesAvailabilityZones(stack: Stack): boolean {
  if (Object.getOwnPropertyDescriptor(stack, 'availabilityZones')) {
    return true;
  }
  for (let proto = Object.getPrototypeOf(stack); proto && proto !== Stack.prototype; proto = Object.getPrototypeOf(proto)) {
    if (Object.getOwnPropertyDescriptor(proto, 'availabilityZones')) {
      return true;
    }
  }
  return false;
}

/**
 * Builds a VPC over `zones` without a context lookup. aws-cdk-lib's `Vpc`
 * reads `Stack.availabilityZones` even when given `availabilityZones` (to
 * check they are a subset; aws-ec2/lib/vpc.ts), which in an
 * environment-specific stack records an availability-zone lookup. For the
 * time of the constructor only, the stack answers with `zones` themselves;
 * `assertZones` has already checked them against the region.
 */
function withoutZoneLookup<T>(stack: Stack, zones: string[], build: () => T): T {
  const own = Object.getOwnPropertyDescriptor(stack, 'availabilityZones');
  Object.defineProperty(stack, 'availabilityZones', { configurable: true, get: () => zones });
  try {
    return build();
  } finally {
    if (own) {
      Object.defineProperty(stack, 'availabilityZones', own);
    } else {
      delete (stack as unknown as Record<string, unknown>).availabilityZones;
    }
  }
}

/**
 * Warns, in a profile that retains data, that the subnets' zones are left
 * to `Fn::GetAZs`; acknowledges cfn-lint's hard-coded zone warning where
 * the zones are names chosen on purpose.
 */
function reportZoneChoice(scope: Construct, vpc: Vpc, environment: RegistryEnvironment, { zones, source }: RegistryZones): void {
  if (source === ZoneSource.GET_AZS) {
    if (environment.settings.removalMode === RemovalMode.RETAIN) {
      Annotations.of(scope).addWarningV2(UNPINNED_ZONES_WARNING,
        `The ${environment.profile.name} profile retains data, but the VPC's subnets take the first two zones Fn::GetAZs lists at deploy time: `
        + 'that order is not guaranteed and can change when zones are added, and only zones with a default subnet are listed when any has one '
        + '(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getavailabilityzones.html). '
        + `Pin availabilityZones (zone names from \`aws ec2 describe-availability-zones --region ${Stack.of(scope).region}\`) so that the subnets stay in the zones you chose`);
    }
    return;
  }
  if (zones.some((zone) => !Token.isUnresolved(zone))) {
    for (const subnet of [...vpc.publicSubnets, ...vpc.privateSubnets]) {
      Validations.of(subnet).acknowledge({ id: HARDCODED_ZONES_RULE, reason: LITERAL_ZONES_REASON[source] });
    }
  }
}

/**
 * Two availability zones (the load balancer needs two) unless more are
 * given, tasks in private subnets behind NAT (one gateway, or two when the
 * profile runs more than one task), an S3 gateway endpoint, and flow logs.
 * Synthesizes without a context lookup (see `registryZones`).
 */
export function newRegistryVpc(scope: Construct, environment: RegistryEnvironment, key?: IKey, availabilityZones?: string[]): RegistryNetwork {
  const stack = Stack.of(scope);
  const choice = registryZones(stack, availabilityZones);
  const vpc = withoutZoneLookup(stack, choice.zones, () => new Vpc(scope, 'Vpc', {
    availabilityZones: choice.zones,
    natGateways: environment.settings.minInstances > 1 ? 2 : 1,
    subnetConfiguration: [
      // Only the load balancer and NAT gateways live here; neither needs auto-assigned public IPs.
      { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: 'registry', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
    ],
    // Image data to and from S3 stays off the NAT gateways (and their bill).
    gatewayEndpoints: { S3: { service: GatewayVpcEndpointAwsService.S3 } },
    // Strip the default security group's rules whatever the app's
    // `@aws-cdk/aws-ec2:restrictDefaultSecurityGroup` flag says: by default
    // it admits all traffic from its members and to anywhere
    // (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
    restrictDefaultSecurityGroup: true,
  }));
  reportZoneChoice(scope, vpc, environment, choice);
  const flowLogs = registryLogGroup(scope, 'FlowLogsGroup', environment, key);
  vpc.addFlowLog('FlowLogs', { destination: FlowLogDestination.toCloudWatchLogs(flowLogs) });
  return { vpc, flowLogs };
}
