import { App, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { logGroupArnPattern } from '../../../lib/aws/self-hosted/registry-log-group';
import { DeployedStack, OTHER_ACCOUNT, PolicyDocument, SAMPLE } from '../../support/iam/deployed-template';
import { evaluate, InvalidRequestError } from '../../support/iam/evaluate';
import { asRole, defaultKeyPolicy, OTHER_ACCOUNT_ADMIN, request, service, withDefaultKeyPolicy } from '../../support/iam/requests';

/*
 * The contract tests are only worth something if their harness can say
 * "denied": these tests show that it does, on policies that are wrong in
 * the ways this project's policies once were.
 */

const KEY = { arn: `arn:aws:kms:eu-west-1:${SAMPLE.account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, account: SAMPLE.account };
const LOG_GROUP = `arn:aws:logs:eu-west-1:${SAMPLE.account}:log-group:registry-logs`;
/** A key whose policy lets CloudWatch Logs use it for log groups matching `pattern(stack)`, as synthesized and deployed. */
function deployedLogsKey(pattern: (stack: Stack) => string) {
  const stack = new Stack(new App(), 'Logs', { env: { region: 'eu-west-1' } });
  const key = new Key(stack, 'Key');
  key.addToResourcePolicy(new PolicyStatement({
    principals: [new ServicePrincipal('logs.eu-west-1.amazonaws.com')],
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': pattern(stack) } },
  }));
  return DeployedStack.allOf([stack]).get('Logs')!.resource(key);
}
const logsRequest = (key: ReturnType<typeof deployedLogsKey>, logGroup = LOG_GROUP) =>
  request(service('logs.eu-west-1.amazonaws.com'), 'kms:GenerateDataKey', key, { 'kms:EncryptionContext:aws:logs:arn': logGroup });

describe('the CloudWatch Logs encryption context', () => {
  test('the slash-form condition the library used to synthesize is denied', async () => {
    // What `formatArn` gives by default, and what allowLogsToUseKey used: `...:log-group/*`.
    const key = deployedLogsKey((stack) => stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*' }));
    expect(key.policy!.Statement.map((s) => s.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn']))
      .toContain(`arn:aws:logs:eu-west-1:${SAMPLE.account}:log-group/*`);
    expect((await evaluate(logsRequest(key))).result).toBe('ImplicitlyDenied');
  });

  test('the colon form is allowed, and only because the context key was evaluated', async () => {
    const key = deployedLogsKey(logGroupArnPattern);
    expect(await evaluate(logsRequest(key))).toEqual({ result: 'Allowed', colonVariableKeys: ['kms:EncryptionContext:aws:logs:arn'] });
    // Without the key in the request, the same policy denies: the key decides.
    expect((await evaluate({ ...logsRequest(key), context: {} })).result).toBe('ImplicitlyDenied');
    // Another account's log group is denied by the same policy.
    expect((await evaluate(logsRequest(key, LOG_GROUP.replace(SAMPLE.account, OTHER_ACCOUNT)))).result).toBe('ImplicitlyDenied');
  });
});

describe('requests AWS would not send fail the harness instead of being evaluated', () => {
  test('a context key the action does not take', async () => {
    await expect(evaluate(request(service('logs.eu-west-1.amazonaws.com'), 'kms:Decrypt', deployedLogsKey(logGroupArnPattern),
      { 's3:x-amz-acl': 'private' }))).rejects.toThrow(InvalidRequestError);
  });

  test('an action that does not exist', async () => {
    await expect(evaluate(request(service('logs.eu-west-1.amazonaws.com'), 'kms:DecryptEverything', KEY))).rejects.toThrow(InvalidRequestError);
  });

  test('a resource of the wrong type for the action', async () => {
    await expect(evaluate(request(service('logs.eu-west-1.amazonaws.com'), 'kms:Decrypt', { arn: 'arn:aws:s3:::bucket/key', account: SAMPLE.account })))
      .rejects.toThrow(InvalidRequestError);
  });

  test('a malformed policy', async () => {
    const broken = { Version: '2012-10-17', Statement: [{ Effect: 'Perhaps', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }] };
    await expect(evaluate(request(OTHER_ACCOUNT_ADMIN, 'kms:Decrypt', { ...KEY, policy: broken }))).rejects.toThrow(InvalidRequestError);
  });
});

describe('identity and resource policies combine as IAM combines them', () => {
  const role = `arn:aws:iam::${SAMPLE.account}:role/registry`;
  const allow = (action: string, resource: string): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
  const caller = (policy?: PolicyDocument) => ({ arn: role, identityPolicies: policy ? [{ name: 'identity', policy }] : [] });
  const bucketPolicy = (principal: string): PolicyDocument => ({
    Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::images/*' }],
  });
  const object = (policy?: PolicyDocument, account = SAMPLE.account) => ({ arn: 'arn:aws:s3:::images/blob', account, policy });

  test('KMS: an identity policy alone is not enough unless the key policy trusts the account', async () => {
    const keyPolicyWithoutAccount: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Action: 'kms:*', Resource: '*' }] };
    const keyPolicyTrustingAccount = defaultKeyPolicy(SAMPLE.account);
    const identity = caller(allow('kms:Decrypt', KEY.arn));
    expect((await evaluate(request(identity, 'kms:Decrypt', { ...KEY, policy: keyPolicyWithoutAccount }))).result).toBe('ImplicitlyDenied');
    expect((await evaluate(request(identity, 'kms:Decrypt', { ...KEY, policy: keyPolicyTrustingAccount }))).result).toBe('Allowed');
    // The account's trust delegates to IAM: no identity policy, no access.
    expect((await evaluate(request(caller(), 'kms:Decrypt', { ...KEY, policy: keyPolicyTrustingAccount }))).result).toBe('ImplicitlyDenied');
  });

  test('S3 in the same account: either policy suffices', async () => {
    expect((await evaluate(request(caller(allow('s3:GetObject', 'arn:aws:s3:::images/*')), 's3:GetObject', object()))).result).toBe('Allowed');
    expect((await evaluate(request(caller(), 's3:GetObject', object(bucketPolicy(role))))).result).toBe('Allowed');
    expect((await evaluate(request(caller(), 's3:GetObject', object()))).result).toBe('ImplicitlyDenied');
  });

  test('S3 across accounts: both policies must allow', async () => {
    const stranger = (policy?: PolicyDocument) => ({ arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/reader`, identityPolicies: policy ? [{ name: 'identity', policy }] : [] });
    const granted = bucketPolicy(`arn:aws:iam::${OTHER_ACCOUNT}:role/reader`);
    expect((await evaluate(request(stranger(allow('s3:GetObject', '*')), 's3:GetObject', object()))).result).toBe('ImplicitlyDenied');
    expect((await evaluate(request(stranger(), 's3:GetObject', object(granted)))).result).toBe('ImplicitlyDenied');
    expect((await evaluate(request(stranger(allow('s3:GetObject', '*')), 's3:GetObject', object(granted)))).result).toBe('Allowed');
  });

  test('an explicit deny wins (a TLS-only bucket refuses plain HTTP)', async () => {
    const tlsOnly: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: 'arn:aws:s3:::images/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    };
    const reader = caller(allow('s3:GetObject', '*'));
    expect((await evaluate(request(reader, 's3:GetObject', object(tlsOnly)))).result).toBe('Allowed');
    expect((await evaluate(request(reader, 's3:GetObject', object(tlsOnly), { 'aws:SecureTransport': 'false' }))).result).toBe('ExplicitlyDenied');
  });
});

describe('the template resolver', () => {
  test('resolves references, attributes, joins and substitutions to the sample account and the stack region', () => {
    const app = new App();
    const stack = new Stack(app, 'Resolved', { env: { region: 'eu-west-1' } });
    const key = new Key(stack, 'Key');
    const topic = new Topic(stack, 'Topic', { masterKey: key });
    const role = new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), roleName: 'named-role' });
    role.addToPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    role.addToPolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [key.keyArn], conditions: { StringEquals: { 'aws:PrincipalAccount': stack.account } } }));
    const deployed = DeployedStack.allOf([stack]).get('Resolved')!;

    const resolvedRole = deployed.role(role);
    expect(resolvedRole.arn).toBe(`arn:aws:iam::${SAMPLE.account}:role/named-role`);
    const statements = resolvedRole.identityPolicies.flatMap((p) => p.policy.Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Resource: deployed.resource(topic).arn }));
    expect(statements).toContainEqual(expect.objectContaining({
      Resource: expect.stringMatching(new RegExp(`^arn:aws:kms:eu-west-1:${SAMPLE.account}:key/[0-9a-f-]{36}$`)),
      Condition: { StringEquals: { 'aws:PrincipalAccount': SAMPLE.account } },
    }));
    expect(deployed.resolve({ 'Fn::Sub': ['${AWS::Partition}:${Name}:${AWS::Region}', { Name: 'x' }] })).toBe('aws:x:eu-west-1');
    expect(deployed.resolve({ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b'] }] })).toBe('b');
  });

  test('resolves an imported resource to the ARN it was imported by, in the account that ARN names or, for S3, the deployment\'s', () => {
    const stack = new Stack(new App(), 'Imports', { env: { region: 'eu-west-1' } });
    const bucket = Bucket.fromBucketName(stack, 'Bucket', 'images');
    const key = Key.fromKeyArn(stack, 'Key', `arn:aws:kms:eu-west-1:${OTHER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    const deployed = DeployedStack.allOf([stack]).get('Imports')!;
    expect(deployed.imported(bucket.bucketArn)).toEqual({ arn: 'arn:aws:s3:::images', account: SAMPLE.account });
    expect(withDefaultKeyPolicy(deployed.imported(key.keyArn))).toEqual({ arn: key.keyArn, account: OTHER_ACCOUNT, policy: defaultKeyPolicy(OTHER_ACCOUNT) });
  });

  test('refuses a stack pinned to an account other than the sample deployment\'s, and resolves it in its own', () => {
    const stack = new Stack(new App(), 'Pinned', { env: { account: OTHER_ACCOUNT, region: 'eu-west-1' } });
    const role = new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), roleName: 'pinned' });
    expect(() => DeployedStack.allOf([stack])).toThrow(`stack Pinned is pinned to account ${OTHER_ACCOUNT}, not the sample deployment's ${SAMPLE.account}`);
    expect(DeployedStack.allOf([stack], { ...SAMPLE, account: OTHER_ACCOUNT }).get('Pinned')!.role(role).arn).toBe(`arn:aws:iam::${OTHER_ACCOUNT}:role/pinned`);
  });

  test('refuses what it does not know instead of guessing', () => {
    const stack = new Stack(new App(), 'Unknown', { env: { region: 'eu-west-1' } });
    new Key(stack, 'Key');
    const role = new Role(stack, 'Managed', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    const deployed = DeployedStack.allOf([stack]).get('Unknown')!;
    expect(() => deployed.resolve({ 'Fn::GetAZs': '' })).toThrow(/not resolved/);
    expect(() => deployed.resolve({ Ref: 'NoSuchResource' })).toThrow(/has no resource/);
    expect(() => asRole({ ...deployed.role(role),
      awsManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })).toThrow(/AWS managed policies/);
  });
});
