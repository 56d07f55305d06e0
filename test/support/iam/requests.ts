import { DeployedResource, DeployedRole, DeployedStack, OTHER_ACCOUNT, PolicyDocument, PolicyResource, SAMPLE } from './deployed-template';
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

/**
 * For `asRole`: AWSLambdaVPCAccessExecutionRole grants CloudWatch Logs actions and the EC2 network
 * interface actions Lambda needs in a VPC, nothing else
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html).
 */
export const LAMBDA_VPC_ACCESS = { AWSLambdaVPCAccessExecutionRole: 'ec2 and logs actions only' };

/** An administrator of another account: its own policies allow everything, so only our resource policies stand in the way. */
export const OTHER_ACCOUNT_ADMIN: RequestPrincipal = {
  arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/administrator`,
  identityPolicies: [{ name: 'AdministratorAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
};

/** A role of the sample account with no policy of its own. */
export const UNRELATED_ROLE: RequestPrincipal = { arn: `arn:aws:iam::${SAMPLE.account}:role/unrelated`, identityPolicies: [] };

export function request(principal: RequestPrincipal, action: string, resource: PolicyResource,
  context?: Record<string, string | string[]>): PolicyRequest {
  return { principal, action, resource, context };
}

/** Each action on the same resource. */
export function requests(principal: RequestPrincipal, actions: string[], resource: PolicyResource,
  context?: Record<string, string | string[]>): PolicyRequest[] {
  return actions.map((action) => request(principal, action, resource, context));
}

/** An object of a bucket, governed by the bucket's policy. */
export function objectOf<T extends PolicyResource>(bucket: T, key: string): T {
  return { ...bucket, arn: `${bucket.arn}/${key}` };
}

/**
 * The key policy KMS gives a key created without one: the account's IAM policies decide
 * ("Default key policy", AWS KMS Developer Guide,
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
 */
export function defaultKeyPolicy(account: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
  };
}

/** An imported key (its policy is not in the template), assumed to have the default key policy. */
export function withDefaultKeyPolicy(key: PolicyResource): PolicyResource {
  return { ...key, policy: defaultKeyPolicy(key.account) };
}

/**
 * A task of `cluster`: `task/${ClusterName}/${TaskId}` (Service Authorization Reference, Amazon ECS, resource types,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html#amazonelasticcontainerservice-resources-for-iam-policies).
 */
export function taskIn(cluster: PolicyResource, taskId: string): PolicyResource {
  return foreignResource(`${cluster.arn.replace(':cluster/', ':task/')}/${taskId}`);
}

/** A container instance of `cluster`: `container-instance/${ClusterName}/${ContainerInstanceId}` (same page as `taskIn`). */
export function containerInstanceIn(cluster: PolicyResource, instanceId: string): PolicyResource {
  return foreignResource(`${cluster.arn.replace(':cluster/', ':container-instance/')}/${instanceId}`);
}

/**
 * A resource the sample deployment does not create, without a policy: of the account its ARN
 * names, or of another account when the ARN names none (S3).
 */
export function foreignResource(arn: string): PolicyResource {
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
