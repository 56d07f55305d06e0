import { DeployedResource, DeployedRole, DeployedStack, OTHER_ACCOUNT, SAMPLE } from './deployed-template';
import { PolicyRequest, RequestPrincipal } from './evaluate';

/** An AWS service acting on its own (resource policies alone decide). */
export function service(principal: string): RequestPrincipal {
  return { arn: principal };
}

/**
 * A role of the sample deployment, with every policy attached to it. AWS
 * managed policies are not in the template, so a role with one is refused
 * unless the row names it in `outsideTheRow`, saying why it cannot matter.
 */
export function asRole(role: DeployedRole, outsideTheRow: { [managedPolicyName: string]: string } = {}): RequestPrincipal {
  const unknown = role.awsManagedPolicyArns.filter((arn) => !(arn.split('/').pop()! in outsideTheRow));
  if (unknown.length > 0) {
    throw new Error(`${role.logicalId} has AWS managed policies (${unknown.join(', ')}) that the contract tests cannot evaluate`);
  }
  return { arn: role.arn, identityPolicies: role.identityPolicies };
}

/** An administrator of another account: its own policies allow everything, so only our resource policies stand in the way. */
export const OTHER_ACCOUNT_ADMIN: RequestPrincipal = {
  arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/administrator`,
  identityPolicies: [{ name: 'AdministratorAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
};

/** A role of the sample account with no policy of its own. */
export const UNRELATED_ROLE: RequestPrincipal = { arn: `arn:aws:iam::${SAMPLE.account}:role/unrelated`, identityPolicies: [] };

export function request(principal: RequestPrincipal, action: string, resource: Pick<DeployedResource, 'arn' | 'account' | 'policy'>,
  context?: Record<string, string | string[]>): PolicyRequest {
  return { principal, action, resource, context };
}

/** Each action on the same resource. */
export function requests(principal: RequestPrincipal, actions: string[], resource: Pick<DeployedResource, 'arn' | 'account' | 'policy'>,
  context?: Record<string, string | string[]>): PolicyRequest[] {
  return actions.map((action) => request(principal, action, resource, context));
}

/** An object of a bucket, governed by the bucket's policy. */
export function objectOf(bucket: DeployedResource, key: string): DeployedResource {
  return { ...bucket, arn: `${bucket.arn}/${key}` };
}

/** A resource of another account that the sample deployment's policies do not mention. */
export function foreignResource(arn: string): Pick<DeployedResource, 'arn' | 'account' | 'policy'> {
  return { arn, account: arn.split(':')[4] || OTHER_ACCOUNT };
}

/** The key that encrypts `topic` (its KmsMasterKeyId). */
export function topicKey(stack: DeployedStack, topic: DeployedResource): DeployedResource {
  const keyRef = stack.propertiesOf(topic.logicalId).KmsMasterKeyId;
  const keyId = keyRef?.['Fn::GetAtt']?.[0] ?? keyRef?.Ref;
  if (!keyId) {
    throw new Error(`${topic.logicalId} is not encrypted with a key of its stack`);
  }
  return stack.resourceById(keyId);
}

/** The trust policy of a role, as the resource policy of `sts:AssumeRole` on it. */
export function trustOf(stack: DeployedStack, role: DeployedRole): DeployedResource {
  return { ...role, policy: stack.resolve(stack.propertiesOf(role.logicalId).AssumeRolePolicyDocument) };
}
