import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Template } from 'aws-cdk-lib/assertions';

/*
 * A synthesized template as if deployed into one sample account, for the
 * IAM simulator (@cloud-copilot/iam-simulate, which validates actions,
 * resource ARN formats and condition keys against the Service
 * Authorization Reference). Ref and Fn::GetAtt return what CloudFormation
 * documents for each resource type, with made-up physical names; a type or
 * attribute not listed here throws rather than resolving to a wrong value.
 */

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
const PARTITION = 'aws';

type Resolver = { ref: (name: string) => string; attributes: Record<string, (name: string) => string> };

/** Ref and attributes per type (physical name = lower-cased logical id). */
const TYPES: Record<string, Resolver> = {
  'AWS::ECS::Cluster': { ref: (n) => n, attributes: { Arn: (n) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${n}` } },
  'AWS::ECS::Service': {
    ref: (n) => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/cluster/${n}`,
    attributes: { Name: (n) => n, ServiceArn: (n) => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/cluster/${n}` },
  },
  'AWS::ECS::TaskDefinition': { ref: (n) => `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${n}:1`, attributes: {} },
  'AWS::SSM::Parameter': { ref: (n) => `/${n}`, attributes: {} },
  'AWS::S3::Bucket': { ref: (n) => n, attributes: { Arn: (n) => `arn:aws:s3:::${n}` } },
  'AWS::KMS::Key': { ref: (n) => `key-${n}`, attributes: { Arn: (n) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/key-${n}` } },
  'AWS::Lambda::Function': { ref: (n) => n, attributes: { Arn: (n) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${n}` } },
  'AWS::IAM::Role': { ref: (n) => n, attributes: { Arn: (n) => `arn:aws:iam::${ACCOUNT}:role/${n}` } },
  'AWS::Logs::LogGroup': { ref: (n) => n, attributes: { Arn: (n) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${n}:*` } },
  'AWS::StepFunctions::StateMachine': { ref: (n) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${n}`, attributes: { Name: (n) => n } },
  'AWS::SNS::Topic': { ref: (n) => `arn:aws:sns:${REGION}:${ACCOUNT}:${n}`, attributes: {} },
};
const PSEUDO: Record<string, string> = {
  'AWS::Partition': PARTITION, 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com',
};

/** The physical name the sample deployment gives a resource: its Name/FunctionName/... property if literal, else its logical id. */
function physicalName(template: any, logicalId: string): string {
  const props = template.Resources[logicalId].Properties ?? {};
  for (const key of ['Name', 'ClusterName', 'ServiceName', 'FunctionName', 'BucketName', 'StateMachineName', 'LogGroupName', 'RoleName']) {
    if (typeof props[key] === 'string') return props[key].replace(/^\//, '');
  }
  return logicalId.toLowerCase();
}

/** `value` with every intrinsic function resolved for the sample deployment. */
export function resolveDeployed(template: any, value: unknown): any {
  if (Array.isArray(value)) return value.map((item) => resolveDeployed(template, item));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, any>;
  if ('Ref' in object) {
    if (PSEUDO[object.Ref]) return PSEUDO[object.Ref];
    return resolverOf(template, object.Ref).ref(physicalName(template, object.Ref));
  }
  if ('Fn::GetAtt' in object) {
    const [logicalId, attribute] = object['Fn::GetAtt'];
    const resolve = resolverOf(template, logicalId).attributes[attribute];
    if (!resolve) throw new Error(`no attribute ${attribute} of ${logicalId}`);
    return resolve(physicalName(template, logicalId));
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'];
    return resolveDeployed(template, parts).join(separator);
  }
  const intrinsic = Object.keys(object).find((key) => key.startsWith('Fn::'));
  if (intrinsic) throw new Error(`no resolution of ${intrinsic}`);
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolveDeployed(template, item)]));
}

function resolverOf(template: any, logicalId: string): Resolver {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`no resource ${logicalId}`);
  const resolver = TYPES[resource.Type];
  if (!resolver) throw new Error(`no resolution of ${resource.Type}`);
  return resolver;
}

/** A role of the template, deployed: its ARN and its inline policies (AWS::IAM::Policy attached to it). */
export function deployedRole(template: Template, roleLogicalIdPrefix: string): { arn: string; policies: Array<{ name: string; policy: any }> } {
  const json = template.toJSON();
  const roleId = Object.keys(json.Resources).find((id) => id.startsWith(roleLogicalIdPrefix) && json.Resources[id].Type === 'AWS::IAM::Role');
  if (!roleId) throw new Error(`no role ${roleLogicalIdPrefix}`);
  const policies = Object.entries(json.Resources as Record<string, any>)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as any[]).some((role) => role.Ref === roleId))
    .map(([id, r]) => ({ name: id, policy: resolveDeployed(json, r.Properties.PolicyDocument) }));
  return { arn: resolveDeployed(json, { 'Fn::GetAtt': [roleId, 'Arn'] }), policies };
}

/**
 * The default key policy, which lets the account's IAM policies decide
 * ("Default key policy", AWS KMS Developer Guide,
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
 */
export const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

/** What IAM decides for one request of `role` in the sample account. */
export async function decide(role: { arn: string; policies: Array<{ name: string; policy: any }> }, request: {
  action: string; resource: string; context?: Record<string, string | string[]>; resourcePolicy?: any;
}): Promise<string> {
  const response = await runSimulation({
    identityPolicies: role.policies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy,
    permissionBoundaryPolicies: undefined,
    request: {
      principal: role.arn,
      action: request.action,
      resource: { resource: request.resource, accountId: ACCOUNT },
      contextVariables: { 'aws:SecureTransport': 'true', ...request.context },
    },
  } as any, {});
  if (response.resultType === 'error') {
    throw new Error(`invalid request ${JSON.stringify(request)}: ${JSON.stringify(response.errors)}`);
  }
  return response.overallResult;
}
