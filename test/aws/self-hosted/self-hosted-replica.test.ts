import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { RegistryEnvironment, RegistryValidationError } from '../../../lib';
import { RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryReplica, SelfHostedReplicaStorage } from '../../../lib/aws';
import { cdkJsonContext } from '../../examples/example-app';
import { acknowledgeUnenforced, environment } from '../helpers';

const auth = RegistryAuthentication.htpasswd(['ci']);
const zone = (stack: Stack) => HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
// The feature flags a `cdk init` app (and the examples) use.
const context = cdkJsonContext();
const ACCOUNT = '111111111111';

/** A primary in eu-west-1 and the storage and replica stacks in eu-central-1, in deploy order. */
function buildRegistry(declaration: RegistryEnvironment, authentication = auth) {
  const app = new App({ context });
  const storageStack = new Stack(app, 'storage', { env: { account: ACCOUNT, region: 'eu-central-1' } });
  const storage = new SelfHostedReplicaStorage(storageStack, 'Replica', { environment: declaration });
  const primaryStack = new Stack(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  primaryStack.addStackDependency(storageStack);
  const primary = new SelfHostedRegistry(primaryStack, 'Registry', { environment: declaration, hostedZone: zone(primaryStack), authentication });
  acknowledgeUnenforced(primary);
  const replicaStack = new Stack(app, 'replica', { env: { account: ACCOUNT, region: 'eu-central-1' } });
  replicaStack.addStackDependency(primaryStack);
  const replica = new SelfHostedRegistryReplica(replicaStack, 'Replica', { environment: declaration, storage, hostedZone: zone(replicaStack), authentication });
  return { app, storage, primary, replica, storageStack, primaryStack, replicaStack };
}

function replicaContainer(template: Template): any {
  const [task] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
  return task.Properties.ContainerDefinitions[0];
}

describe('a prod registry with a replica in eu-central-1', () => {
  const built = buildRegistry(environment('prod'));
  built.app.synth(); // runs the deploy-order checks
  const storageTemplate = Template.fromStack(built.storageStack);
  const primaryTemplate = Template.fromStack(built.primaryStack);
  const replicaTemplate = Template.fromStack(built.replicaStack);

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

  test('the storage stack holds the bucket and key alias the primary names, and drops replicated deletions after a day', () => {
    storageTemplate.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'prod-registry-images-eu-central-1-111111111111',
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 1 }, ExpiredObjectDeleteMarker: true })] },
    });
    storageTemplate.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/prod-registry-registry-replica' });
    storageTemplate.resourceCountIs('AWS::ECS::Service', 0);
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
    const secret = replicaContainer(replicaTemplate).Secrets.find((s: { Name: string }) => s.Name === 'HTPASSWD');
    expect(JSON.stringify(secret.ValueFrom)).toContain(':secret:prod-registry/registry/htpasswd');
  });

  test('the replica is read-only at its own name, with a certificate of its own', () => {
    const config = built.replica.config.toObject();
    expect(config.storage.maintenance).toEqual({ uploadpurging: { enabled: false }, readonly: { enabled: true } });
    expect(config.storage.delete).toEqual({ enabled: false });
    expect(config.storage.s3).toEqual({ bucket: 'prod-registry-images-eu-central-1-111111111111', region: 'eu-central-1', encrypt: false, rootdirectory: '/registry' });
    expect(config.http.host).toBe('https://eu-central-1.prod-registry.example.com');
    replicaTemplate.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'eu-central-1.prod-registry.example.com' });
    replicaTemplate.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'eu-central-1.prod-registry.example.com.', Type: 'A' });
    expect(built.replica.url).toBe('https://eu-central-1.prod-registry.example.com');
    replicaTemplate.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
  });

  test('the replica\'s task role may read its bucket and decrypt, nothing more', () => {
    const policies = Object.values(replicaTemplate.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('ReplicaServiceTaskTaskRole'));
    const actions = policies.flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((st: any) => [st.Action].flat()));
    expect(actions.sort()).toEqual(['kms:Decrypt', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket']);
  });
});

describe('stack outputs of the replica side', () => {
  /** The outputs the constructs (both with id `Replica`) added, without those CDK adds for cross-stack references. */
  const ownOutputs = (stack: Stack) => Object.entries(Template.fromStack(stack).findOutputs('*'))
    .filter(([id]) => id.startsWith('Replica'))
    .map(([, output]) => ({ Description: output.Description, Value: output.Value }));

  function buildWith(outputs: boolean | undefined) {
    const app = new App({ context });
    const storageStack = new Stack(app, 'storage', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    const storage = new SelfHostedReplicaStorage(storageStack, 'Replica', { environment: environment('prod'), outputs });
    const replicaStack = new Stack(app, 'replica', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    new SelfHostedRegistryReplica(replicaStack, 'Replica', { environment: environment('prod'), storage, hostedZone: zone(replicaStack), authentication: auth, outputs });
    return { storageStack, replicaStack };
  }

  test('by default: the replica\'s URL and the replica bucket\'s name', () => {
    const { storageStack, replicaStack } = buildWith(undefined);
    expect(ownOutputs(replicaStack)).toEqual([
      { Description: 'Read-only replica of prod-registry.example.com in eu-central-1', Value: 'https://eu-central-1.prod-registry.example.com' },
    ]);
    const [bucket] = Object.keys(Template.fromStack(storageStack).findResources('AWS::S3::Bucket', { Properties: { BucketName: 'prod-registry-images-eu-central-1-111111111111' } }));
    expect(ownOutputs(storageStack)).toEqual([{ Description: 'Replica storage of prod-registry.example.com in eu-central-1', Value: { Ref: bucket } }]);
  });

  test('outputs: false adds none', () => {
    const { storageStack, replicaStack } = buildWith(false);
    expect(ownOutputs(replicaStack)).toEqual([]);
    expect(ownOutputs(storageStack)).toEqual([]);
  });
});

describe('a changed user list reaches the replica', () => {
  // The replica side alone: the fingerprint depends on nothing else.
  const fingerprintOf = (users: string[]) => {
    const app = new App({ context });
    const storage = new SelfHostedReplicaStorage(new Stack(app, 'storage', { env: { account: ACCOUNT, region: 'eu-central-1' } }), 'Replica', { environment: environment('prod') });
    const stack = new Stack(app, 'replica', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    new SelfHostedRegistryReplica(stack, 'Replica', { environment: environment('prod'), storage, hostedZone: zone(stack), authentication: RegistryAuthentication.htpasswd(users) });
    const variables = replicaContainer(Template.fromStack(stack)).Environment;
    return variables.find((v: { Name: string }) => v.Name === 'HTPASSWD_FINGERPRINT').Value as string;
  };

  test('a new user changes the replica\'s task definition (ECS reads secrets only when a task starts)', () => {
    const before = fingerprintOf(['ci']);
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf(['ci', 'deploy'])).not.toBe(before);
    expect(fingerprintOf(['ci'])).toBe(before);
  });
});

describe('long names: the certificate\'s first name fits in ACM\'s 64 characters', () => {
  // prod-registry.<50 characters> is 64 characters; the replica's name is longer.
  const domain = `${'d'.repeat(36)}.example.com`;
  const declaration = new RegistryEnvironment({ environment: 'prod', domain, primaryRegion: 'eu-west-1', replicaRegions: ['eu-central-1'] });
  const zoneFor = (stack: Stack) => HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: domain });

  test('a replica host name over 64 characters becomes an alternative name of a certificate for the primary name', () => {
    expect(declaration.hostname.length).toBeLessThanOrEqual(64);
    expect(declaration.replicaHostname('eu-central-1').length).toBeGreaterThan(64);
    const app = new App({ context });
    const storageStack = new Stack(app, 'storage', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    const storage = new SelfHostedReplicaStorage(storageStack, 'Replica', { environment: declaration });
    const stack = new Stack(app, 'replica', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    new SelfHostedRegistryReplica(stack, 'Replica', { environment: declaration, storage, hostedZone: zoneFor(stack), authentication: auth });
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: declaration.hostname,
      SubjectAlternativeNames: [declaration.replicaHostname('eu-central-1')],
      DomainValidationOptions: Match.anyValue(),
    });
  });

  test('a primary host name over 64 characters is an alternative name of a certificate for the domain', () => {
    const longDomain = `${'e'.repeat(50)}.example.com`;
    const dev = new RegistryEnvironment({ environment: 'dev', domain: longDomain, primaryRegion: 'eu-west-1' });
    expect(dev.hostname.length).toBeGreaterThan(64);
    const stack = new Stack(new App({ context }), 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    acknowledgeUnenforced(new SelfHostedRegistry(stack, 'Registry', {
      environment: dev, authentication: auth,
      hostedZone: HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: longDomain }),
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: longDomain,
      SubjectAlternativeNames: [dev.hostname, `*.${dev.hostname}`],
    });
  });

  test('a domain over 64 characters leaves no name for the certificate: refused at construction', () => {
    const tooLong = `${'f'.repeat(60)}.example.com`;
    const dev = new RegistryEnvironment({ environment: 'dev', domain: tooLong, primaryRegion: 'eu-west-1' });
    const stack = new Stack(new App({ context }), 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    expect(() => new SelfHostedRegistry(stack, 'Registry', {
      environment: dev, authentication: auth,
      hostedZone: HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: tooLong }),
    })).toThrow(`environment.domain: expected a domain of at most 64 characters when the host name "${dev.hostname}" is longer`);
  });
});

describe('SelfHostedRegistryReplica and SelfHostedReplicaStorage reject bad input', () => {
  const storageIn = (app: App, declaration = environment('prod'), id = 'storage') => new SelfHostedReplicaStorage(
    new Stack(app, id, { env: { account: ACCOUNT, region: 'eu-central-1' } }), 'Replica', { environment: declaration });

  test.each<[string, () => unknown, string]>([
    ['a region that is not a replica region', () => {
      const stack = new Stack(new App({ context }), 's', { env: { region: 'us-west-2' } });
      return new SelfHostedReplicaStorage(stack, 'R', { environment: environment('prod') });
    }, 'environment.replicaRegions: expected a list that holds the region of stack s ("us-west-2"), got ["eu-central-1"]'],
    ['a profile that does not replicate', () => {
      const stack = new Stack(new App({ context }), 's', { env: { region: 'eu-central-1' } });
      return new SelfHostedReplicaStorage(stack, 'R', { environment: environment('dev') });
    }, 'environment.replicaRegions: expected replication enabled in the dev profile (overrides.replicationEnabled) for a replica in "eu-central-1"'],
    ['a stack without a region', () => {
      const stack = new Stack(new App({ context }), 's');
      return new SelfHostedReplicaStorage(stack, 'R', { environment: environment('prod') });
    }, 'region: expected a stack with an explicit region'],
    ['storage in the replica\'s own stack (it must deploy before the primary, the replica after it)', () => {
      const app = new App({ context });
      const storage = storageIn(app);
      return new SelfHostedRegistryReplica(Stack.of(storage), 'Service', { environment: environment('prod'), storage, hostedZone: zone(Stack.of(storage)), authentication: auth });
    }, 'storage: expected storage in a stack of its own'],
    ['no storage', () => {
      const stack = new Stack(new App({ context }), 's', { env: { region: 'eu-central-1' } });
      return new SelfHostedRegistryReplica(stack, 'R', { environment: environment('prod'), storage: undefined as never, hostedZone: zone(stack), authentication: auth });
    }, 'storage: expected the SelfHostedReplicaStorage of prod-registry.example.com in this region, got undefined'],
    ['the storage of another environment', () => {
      const app = new App({ context });
      const storage = storageIn(app, environment('preprod', { profile: environment('prod').profile }));
      const stack = new Stack(app, 'r', { env: { account: ACCOUNT, region: 'eu-central-1' } });
      return new SelfHostedRegistryReplica(stack, 'R', { environment: environment('prod'), storage, hostedZone: zone(stack), authentication: auth });
    }, 'storage: expected the storage of prod-registry.example.com in eu-central-1, got "the storage of preprod-registry.example.com in eu-central-1"'],
  ])('%s', (_, make, message) => {
    expect(make).toThrow(RegistryValidationError);
    expect(make).toThrow(message);
  });
});
