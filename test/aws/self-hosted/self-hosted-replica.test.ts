import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { RegistryValidationError } from '../../../lib';
import { RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryReplica } from '../../../lib/aws';
import { cdkJsonContext } from '../../examples/example-app';
import { environment } from '../helpers';

const auth = RegistryAuthentication.htpasswd(['ci']);
const zone = (stack: Stack) => HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
// The feature flags a `cdk init` app (and the examples) use.
const context = cdkJsonContext();

describe('a prod registry with a replica in eu-central-1', () => {
  const app = new App({ context });
  const prod = environment('prod');
  const replicaStack = new Stack(app, 'replica', { env: { account: '111111111111', region: 'eu-central-1' } });
  const replica = new SelfHostedRegistryReplica(replicaStack, 'Replica', { environment: prod, hostedZone: zone(replicaStack), authentication: auth });
  const primaryStack = new Stack(app, 'primary', { env: { account: '111111111111', region: 'eu-west-1' } });
  new SelfHostedRegistry(primaryStack, 'Registry', { environment: prod, hostedZone: zone(primaryStack), authentication: auth });
  const replicaTemplate = Template.fromStack(replicaStack);
  const primaryTemplate = Template.fromStack(primaryStack);

  test('the primary replicates every object and deletion to the replica bucket, encrypted with the replica key', () => {
    const [images] = Object.entries(primaryTemplate.findResources('AWS::S3::Bucket')).filter(([id]) => id.startsWith('RegistryStorageImages'));
    expect(images[1].Properties.ReplicationConfiguration).toEqual({
      Role: { 'Fn::GetAtt': [expect.stringMatching(/^RegistryStorageReplicationRole/), 'Arn'] },
      Rules: [{
        Id: 'to-eu-central-1',
        Priority: 0,
        Status: 'Enabled',
        Filter: { Prefix: '' },
        DeleteMarkerReplication: { Status: 'Enabled' },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
        Destination: {
          Bucket: 'arn:aws:s3:::prod-registry-images-eu-central-1-111111111111',
          EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:eu-central-1:111111111111:alias/prod-registry-registry-replica' },
        },
      }],
    });
  });

  test('the replica bucket and key carry the names the primary uses', () => {
    replicaTemplate.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'prod-registry-images-eu-central-1-111111111111', VersioningConfiguration: { Status: 'Enabled' } });
    replicaTemplate.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/prod-registry-registry-replica' });
  });

  test('the replication role may only read the source and write the replica, using keys through S3', () => {
    const statements = Object.values(primaryTemplate.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('ReplicationRole'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'],
      Resource: 'arn:aws:s3:::prod-registry-images-eu-central-1-111111111111/*',
    }));
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: 'arn:aws:kms:eu-central-1:111111111111:key/*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } },
    }));
  });

  test('the htpasswd secret is replicated under a fixed name, which the replica reads', () => {
    primaryTemplate.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'prod-registry/registry/htpasswd', ReplicaRegions: [{ Region: 'eu-central-1' }],
    });
    const [task] = Object.values(replicaTemplate.findResources('AWS::ECS::TaskDefinition'));
    const secret = task.Properties.ContainerDefinitions[0].Secrets.find((s: { Name: string }) => s.Name === 'HTPASSWD');
    expect(JSON.stringify(secret.ValueFrom)).toContain(':secret:prod-registry/registry/htpasswd');
  });

  test('the replica is read-only at its own name', () => {
    const config = replica.config.toObject();
    expect(config.storage.maintenance).toEqual({ uploadpurging: { enabled: false }, readonly: { enabled: true } });
    expect(config.storage.delete).toEqual({ enabled: false });
    expect(config.http.host).toBe('https://eu-central-1.prod-registry.example.com');
    replicaTemplate.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'eu-central-1.prod-registry.example.com' });
    replicaTemplate.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'eu-central-1.prod-registry.example.com.', Type: 'A' });
    expect(replica.url).toBe('https://eu-central-1.prod-registry.example.com');
    replicaTemplate.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
  });

  test('replica tasks read the registry and the key of their own region', () => {
    replicaTemplate.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } })] },
    });
  });
});

describe('SelfHostedRegistryReplica rejects bad input', () => {
  test.each<[string, () => unknown, string]>([
    ['a region that is not a replica region', () => {
      const stack = new Stack(new App({ context }), 's', { env: { region: 'us-west-2' } });
      return new SelfHostedRegistryReplica(stack, 'R', { environment: environment('prod'), hostedZone: zone(stack), authentication: auth });
    }, 'environment.replicaRegions: expected a list that holds the region of stack s ("us-west-2"), got ["eu-central-1"]'],
    ['a profile that does not replicate', () => {
      const stack = new Stack(new App({ context }), 's', { env: { region: 'eu-central-1' } });
      return new SelfHostedRegistryReplica(stack, 'R', { environment: environment('dev'), hostedZone: zone(stack), authentication: auth });
    }, 'environment.replicaRegions: expected replication enabled in the dev profile (overrides.replicationEnabled) for a replica in "eu-central-1"'],
    ['a stack without a region', () => {
      const stack = new Stack(new App({ context }), 's');
      return new SelfHostedRegistryReplica(stack, 'R', { environment: environment('prod'), hostedZone: zone(stack), authentication: auth });
    }, 'region: expected a stack with an explicit region'],
  ])('%s', (_, make, message) => {
    expect(make).toThrow(RegistryValidationError);
    expect(make).toThrow(message);
  });
});
