import { Duration } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { removalPolicyOf } from '../removal';

/** A customer-managed key for one environment's registry, rotated yearly, removed like the registry's data. */
export function newRegistryKey(scope: Construct, id: string, environment: RegistryEnvironment, purpose: string): Key {
  const key = new Key(scope, id, {
    description: `Encrypts the ${purpose} of the ${environment.hostname} registry`,
    enableKeyRotation: true,
    pendingWindow: Duration.days(30),
    removalPolicy: removalPolicyOf(environment.settings.removalMode),
  });
  // Grants are how ECR, SNS and others use the key on a caller's behalf;
  // nobody else needs to create one (Control Tower control CT.KMS.PR.3).
  key.addToResourcePolicy(new PolicyStatement({
    sid: 'GrantsOnlyForAwsServices',
    effect: Effect.DENY,
    principals: [new AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  return key;
}
