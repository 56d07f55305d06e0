import { Fn, Stack, Token } from 'aws-cdk-lib';
import { FlowLogDestination, GatewayVpcEndpointAwsService, IVpc, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { assertStringList } from '../../core/type-checks';
import { AWS_REGION_SOURCE } from '../validate';
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

/**
 * Checks `availabilityZones` as a self-hosted construct received it: at
 * least two distinct zone names of the stack's region (tokens pass), and
 * only for the VPC the construct creates.
 */
export function checkAvailabilityZones(scope: IConstruct, zones: unknown, vpc: unknown): string[] | undefined {
  if (zones === undefined) {
    return undefined;
  }
  if (vpc !== undefined) {
    throw invalid('availabilityZones', zones, 'no availabilityZones together with vpc (they choose the zones of the VPC the construct creates)');
  }
  const expected = `a list of at least ${MIN_ZONES} availability zone names, e.g. ["eu-west-1a", "eu-west-1b"]`;
  if (Token.isUnresolved(zones)) {
    // An encoded list token (e.g. Fn.getAzs()) has no length at synthesis,
    // and the VPC creates subnets per zone.
    throw invalid('availabilityZones', zones, `${expected}, whose number is known at synthesis (not a list token; Fn.select(i, Fn.getAzs()) items are fine)`);
  }
  const region = Stack.of(scope).region;
  const list = assertStringList('availabilityZones', zones, expected, (zone, property) => {
    if (Token.isUnresolved(zone)) {
      return;
    }
    const match = ZONE_NAME.exec(zone);
    if (!match) {
      throw invalid(property, zone, 'an availability zone name: the region code followed by a letter, e.g. "eu-west-1a" (not a zone id such as "euw1-az1")');
    }
    if (!Token.isUnresolved(region) && match[1] !== region) {
      throw invalid(property, zone, `a zone of the stack's region "${region}"`);
    }
  });
  if (list.length < MIN_ZONES) {
    throw invalid('availabilityZones', zones, `${expected}: the load balancer needs subnets in ${MIN_ZONES} zones`);
  }
  return list;
}

/**
 * The zones of a new registry VPC: the given ones, else the first two of
 * the stack's own choice where that needs no lookup (an environment-agnostic
 * stack, or a stack class that overrides `availabilityZones`), else the
 * first two that `Fn::GetAZs` returns at deploy time.
 *
 * `Stack.availabilityZones` of a stack with a concrete account and region
 * is a context lookup: synthesis records missing context, and `cdk synth`
 * then needs credentials. `Fn::GetAZs` is what aws-cdk-lib already uses for
 * environment-agnostic stacks; CloudFormation lists the zones that have a
 * default subnet, or all of them when none has
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getavailabilityzones.html).
 */
function registryZones(stack: Stack, given?: string[]): string[] {
  if (given) {
    return given;
  }
  if (!isEnvironmentSpecific(stack) || overridesAvailabilityZones(stack)) {
    return stack.availabilityZones.slice(0, MIN_ZONES);
  }
  return Array.from({ length: MIN_ZONES }, (_, index) => Fn.select(index, Fn.getAzs()));
}

function isEnvironmentSpecific(stack: Stack): boolean {
  return !Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region);
}

/** Whether the stack's class replaces `Stack.availabilityZones` (the documented way to choose zones for a whole app). */
function overridesAvailabilityZones(stack: Stack): boolean {
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
 * check they are a subset; aws-ec2/lib/vpc.js, 2.27x), which in an
 * environment-specific stack records an availability-zone lookup. For the
 * time of the constructor only, the stack answers with `zones` themselves;
 * `checkAvailabilityZones` has already checked them against the region.
 */
function withoutZoneLookup<T>(stack: Stack, zones: string[], build: () => T): T {
  if (!isEnvironmentSpecific(stack)) {
    return build();
  }
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
 * Two availability zones (the load balancer needs two) unless more are
 * given, tasks in private subnets behind NAT (one gateway, or two when the
 * profile runs more than one task), an S3 gateway endpoint, and flow logs.
 * Synthesizes without a context lookup (see `registryZones`).
 */
export function newRegistryVpc(scope: Construct, environment: RegistryEnvironment, key?: IKey, availabilityZones?: string[]): RegistryNetwork {
  const stack = Stack.of(scope);
  const zones = registryZones(stack, availabilityZones);
  const vpc = withoutZoneLookup(stack, zones, () => new Vpc(scope, 'Vpc', {
    availabilityZones: zones,
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
  const flowLogs = registryLogGroup(scope, 'FlowLogsGroup', environment, key);
  vpc.addFlowLog('FlowLogs', { destination: FlowLogDestination.toCloudWatchLogs(flowLogs) });
  return { vpc, flowLogs };
}
