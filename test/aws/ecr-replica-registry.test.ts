import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RegistryValidationError } from '../../lib';
import { EcrReplicaRegistry } from '../../lib/aws';
import { environment, stackIn, templateOf } from './helpers';

describe('EcrReplicaRegistry', () => {
  let template: Template;
  beforeAll(() => {
    template = templateOf((stack) => new EcrReplicaRegistry(stack, 'Replica', { environment: environment('prod') }), 'eu-central-1');
  });

  test('gives replicated repositories a key of this region, immutability, lifecycle and tags', () => {
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    template.hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      Prefix: 'prod-registry',
      AppliedFor: ['REPLICATION'],
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReplicaKey'), 'Arn'] } },
      ImageTagMutability: 'IMMUTABLE',
      LifecyclePolicy: Match.stringLikeRegexp('"countNumber":30'),
      ResourceTags: Match.arrayWith([{ Key: 'registry:environment', Value: 'prod' }]),
    });
  });

  test('the template role may use the key only to create and retire grants', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: ['kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey'],
        Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReplicaKey'), 'Arn'] },
      })]) },
    });
  });

  test('must be deployed in a declared replica region', () => {
    const build = () => new EcrReplicaRegistry(stackIn('us-west-2'), 'Replica', { environment: environment('prod') });
    expect(build).toThrow(RegistryValidationError);
    expect(build).toThrow('environment.replicaRegions: expected a list that holds the region of stack stack-us-west-2 ("us-west-2"), got ["eu-central-1"]');
  });

  test('applyRemovalPolicy reaches the key it created', () => {
    const replica = templateOf((stack) => new EcrReplicaRegistry(stack, 'Replica', { environment: environment('prod') })
      .applyRemovalPolicy(RemovalPolicy.DESTROY), 'eu-central-1');
    replica.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    replica.resourceCountIs('AWS::KMS::Key', 1);
  });

  test('applyRemovalPolicy leaves a key passed in to its owner, and refuses SNAPSHOT', () => {
    const given = templateOf((stack) => {
      const encryptionKey = new Key(stack, 'Mine');
      const registry = new EcrReplicaRegistry(stack, 'Replica', { environment: environment('prod'), encryptionKey });
      registry.applyRemovalPolicy(RemovalPolicy.DESTROY);
      expect(() => registry.applyRemovalPolicy(RemovalPolicy.SNAPSHOT)).toThrow(RegistryValidationError);
    }, 'eu-central-1');
    given.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});
