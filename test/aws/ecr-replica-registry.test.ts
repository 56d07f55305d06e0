import { Match, Template } from 'aws-cdk-lib/assertions';
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
});
