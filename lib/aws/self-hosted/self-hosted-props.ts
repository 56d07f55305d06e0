import { Stack, Token } from 'aws-cdk-lib';
import { IHostedZone } from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { assertOptionalPlainObject, assertOptionalResource, assertOptionalString } from '../../core/type-checks';

/*
 * Checks shared by the self-hosted constructs' props: every value is
 * type-checked (props reach us from JavaScript too), resources given from
 * outside are checked against the declaration where their attributes are
 * known, and options that would have no effect are refused. Errors name
 * the property as the user wrote it.
 */

/** The props every registry service (primary or replica) takes. */
export interface ServicePropsToCheck {
  readonly hostedZone?: unknown;
  readonly vpc?: unknown;
  readonly clientCertificateAuthorities?: unknown;
  readonly alarmTopic?: unknown;
  readonly prometheusSecurityGroup?: unknown;
}

/** Checks the props a primary and a replica share (`allowedIpv4Cidrs` and the image are checked where they are used). */
export function checkServiceProps(props: ServicePropsToCheck, environment: RegistryEnvironment): void {
  checkHostedZone(props.hostedZone, environment);
  assertOptionalResource('vpc', props.vpc, 'vpcId', 'an IVpc, e.g. Vpc.fromVpcAttributes(...)');
  assertOptionalPlainObject('clientCertificateAuthorities', props.clientCertificateAuthorities, 'an object { bucket, key }');
  if (props.clientCertificateAuthorities !== undefined) {
    const cas = props.clientCertificateAuthorities as { bucket?: unknown; key?: unknown };
    if (cas.bucket === undefined) {
      throw invalid('clientCertificateAuthorities.bucket', undefined, 'the IBucket that holds the CA bundle');
    }
    assertOptionalResource('clientCertificateAuthorities.bucket', cas.bucket, 'bucketArn', 'an IBucket');
    if (cas.key === undefined) {
      throw invalid('clientCertificateAuthorities.key', undefined, 'the object key of the PEM bundle');
    }
    assertOptionalString('clientCertificateAuthorities.key', cas.key, 'the object key of the PEM bundle');
  }
  assertOptionalResource('alarmTopic', props.alarmTopic, 'topicArn', 'an ITopic');
  if (props.alarmTopic !== undefined && !environment.settings.alarmsEnabled) {
    throw invalid('alarmTopic', (props.alarmTopic as { topicArn: string }).topicArn,
      `no topic while alarms are off in the ${environment.profile.name} profile (overrides: { alarmsEnabled: true } would use it)`);
  }
  assertOptionalResource('prometheusSecurityGroup', props.prometheusSecurityGroup, 'securityGroupId', 'an ISecurityGroup');
}

/**
 * The hosted zone must be the declaration's domain or a parent of it: the
 * certificate is validated there and the host name's record created there.
 * A zone imported by id alone has no known name; the records need one.
 */
function checkHostedZone(zone: unknown, environment: RegistryEnvironment): asserts zone is IHostedZone {
  if (zone === undefined) {
    throw invalid('hostedZone', undefined, `the public hosted zone of ${environment.address.domain}`);
  }
  assertOptionalResource('hostedZone', zone, 'hostedZoneId', 'an IHostedZone, e.g. HostedZone.fromHostedZoneAttributes(...)');
  let zoneName: unknown;
  try {
    zoneName = (zone as IHostedZone).zoneName;
  } catch {
    throw invalid('hostedZone', (zone as IHostedZone).hostedZoneId,
      'a hosted zone whose name is known: HostedZone.fromHostedZoneAttributes({ hostedZoneId, zoneName }) rather than fromHostedZoneId');
  }
  if (typeof zoneName !== 'string' || Token.isUnresolved(zoneName)) {
    return;
  }
  const name = zoneName.toLowerCase().replace(/\.$/, '');
  const domain = environment.address.domain;
  if (name !== domain && !domain.endsWith(`.${name}`)) {
    throw invalid('hostedZone', zoneName, `the hosted zone of the declaration's domain "${domain}" or of a parent domain`);
  }
}

/**
 * The primary's stack must have a concrete region, the declaration's
 * primary region: aws-cdk-lib's load balancer access logging needs it (the
 * log bucket's policy depends on the region), and zones are checked
 * against it.
 */
export function checkStackRegion(scope: IConstruct, environment: RegistryEnvironment): void {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.region)) {
    throw invalid('env.region', 'unresolved',
      `stack ${stack.stackName} to have a concrete region (env: { region: "${environment.primaryRegion}" }, with or without an account): `
      + 'the load balancer\'s access logs and the VPC\'s availability zones depend on it');
  }
  if (stack.region !== environment.primaryRegion) {
    throw invalid('environment.primaryRegion', environment.primaryRegion,
      `the region of stack ${stack.stackName} ("${stack.region}"), where the primary registry is deployed (a replica region's stack takes a SelfHostedRegistryReplica)`);
  }
}
