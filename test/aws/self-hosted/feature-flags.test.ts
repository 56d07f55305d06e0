import { Annotations, App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryReplica, SelfHostedReplicaStorage } from '../../../lib/aws';
import { cdkJsonContext } from '../../examples/example-app';
import { acknowledgeUnenforced, environment } from '../helpers';

const ACCOUNT = '111111111111';
const auth = RegistryAuthentication.htpasswd(['ci']);

/** A prod primary with its replica, in an app with the given context. */
function build(context: Record<string, unknown>): { primary: Template; storage: Template; replica: Template } {
  const app = new App({ context });
  const declaration = environment('prod');
  const zone = (stack: Stack) => HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
  const storageStack = new Stack(app, 'storage', { env: { account: ACCOUNT, region: 'eu-central-1' } });
  const storage = new SelfHostedReplicaStorage(storageStack, 'Replica', { environment: declaration });
  const primaryStack = new Stack(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  primaryStack.addStackDependency(storageStack);
  acknowledgeUnenforced(new SelfHostedRegistry(primaryStack, 'Registry', { environment: declaration, hostedZone: zone(primaryStack), authentication: auth }));
  const replicaStack = new Stack(app, 'replica', { env: { account: ACCOUNT, region: 'eu-central-1' } });
  replicaStack.addStackDependency(primaryStack);
  // Apps without the flag get aws-cdk-lib's warning that it chose strong references; the test is not about that.
  Annotations.of(replicaStack).acknowledgeWarning('@aws-cdk/core:crossStackReferencesDefaultStrong', 'a test of the security properties');
  new SelfHostedRegistryReplica(replicaStack, 'Replica', { environment: declaration, storage, hostedZone: zone(replicaStack), authentication: auth });
  return { primary: Template.fromStack(primaryStack), storage: Template.fromStack(storageStack), replica: Template.fromStack(replicaStack) };
}

/** The resources that hold the registry's security properties: encryption, policies, network rules, TLS, logging. */
const GUARDED_TYPES = [
  'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress',
  'Custom::VpcRestrictDefaultSG', 'AWS::EC2::FlowLog', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::Logs::LogGroup', 'AWS::SecretsManager::Secret', 'AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'AWS::KMS::Key',
  'AWS::CloudFront::Distribution', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::ECS::TaskDefinition', 'AWS::Lambda::Function',
];

function guarded(template: Template): Record<string, unknown> {
  return Object.fromEntries(GUARDED_TYPES.map((type) => [type, template.findResources(type)]));
}

describe('an app without feature flags gets the same security properties', () => {
  // `new App()` with no context: what a platform team's app without
  // cdk.json's recommended flags gives the constructs.
  const bare = build({});

  test('the VPC\'s default security group is stripped of its rules', () => {
    for (const template of [bare.primary, bare.replica]) {
      template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
      template.hasResourceProperties('Custom::VpcRestrictDefaultSG', { DefaultSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Vpc'), 'DefaultSecurityGroup'] } });
    }
  });

  test('server access logs reach their bucket through its policy, with ACLs disabled', () => {
    for (const template of [bare.primary, bare.storage, bare.replica]) {
      // CloudFront's standard logs are delivered through the bucket ACL, which it grants itself (see newCdnLogBucket).
      const buckets = Object.entries(template.findResources('AWS::S3::Bucket')).filter(([id]) => !id.startsWith('RegistryCdn'));
      expect(buckets.length).toBeGreaterThan(0);
      for (const [, bucket] of buckets) {
        expect(bucket.Properties.AccessControl).toBeUndefined();
        expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      }
    }
    for (const template of [bare.primary, bare.storage]) {
      const [logsId] = Object.keys(template.findResources('AWS::S3::Bucket')).filter((id) => /AccessLogs/.test(id));
      const [imagesId] = Object.keys(template.findResources('AWS::S3::Bucket')).filter((id) => /Images/.test(id));
      template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'images/' } });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logsId },
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logsId, 'Arn'] }, '/images/*']] },
            Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [imagesId, 'Arn'] } }, StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          }]),
        },
      });
    }
  });

  test('buckets, policies, keys, network rules, load balancers, the CDN, logs, secrets and tasks are the same as under cdk.json\'s flags', () => {
    // Three flags change how documents are written, not what they allow:
    // `arn:aws:` instead of `arn:${AWS::Partition}:`, merged statements, and
    // how a value of another stack is read (Fn::GetStackOutput or an export).
    const {
      '@aws-cdk/core:enablePartitionLiterals': _literals, '@aws-cdk/aws-iam:minimizePolicies': _minimize,
      '@aws-cdk/core:defaultCrossStackReferences': _references, ...flags
    } = cdkJsonContext();
    const flagged = build(flags);
    expect(guarded(bare.primary)).toEqual(guarded(flagged.primary));
    expect(guarded(bare.storage)).toEqual(guarded(flagged.storage));
    expect(guarded(bare.replica)).toEqual(guarded(flagged.replica));
  });
});
