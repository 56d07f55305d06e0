import { App, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EncryptionKeyKind, RegistryEnvironment } from '../../../lib';
import {
  HtpasswdUsers, RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryProps, SelfHostedRegistryReplica, SelfHostedRegistryReplicaProps,
  SelfHostedReplicaStorage,
} from '../../../lib/aws';
import { cdkJsonContext } from '../../examples/example-app';
import { acknowledgeUnenforced, environment } from '../helpers';
import { expectRefused } from '../../support/refusal';

/*
 * Bad input, as a class, over the self-hosted constructs' props: every
 * case throws a RegistryValidationError (never a bare TypeError) naming the
 * property the user wrote and the value, before anything is synthesized.
 */

const ACCOUNT = '111111111111';
const context = cdkJsonContext();
const auth = RegistryAuthentication.htpasswd(['ci']);
const zoneIn = (stack: Stack, zoneName = 'example.com', id = 'Zone') => HostedZone.fromHostedZoneAttributes(stack, id, { hostedZoneId: 'Z1', zoneName });
const US_EAST_1_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/abcd';

function stackIn(app: App, id: string, region: string): Stack {
  return new Stack(app, id, { env: { account: ACCOUNT, region } });
}

/** A primary in `stack` (default: a new app, eu-west-1) with `extra` props; `any` lets JavaScript-shaped mistakes through. */
function primary(extra: Record<string, any> = {}, name = 'dev', stack = stackIn(new App({ context }), 'primary', 'eu-west-1')): SelfHostedRegistry {
  return new SelfHostedRegistry(stack, 'Registry', {
    environment: environment(name), hostedZone: zoneIn(stack), authentication: auth, ...extra,
  } as SelfHostedRegistryProps);
}

/** A prod replica (with its storage in another stack) with `extra` props. */
function replica(extra: Record<string, any> = {}, declaration: RegistryEnvironment = environment('prod')): SelfHostedRegistryReplica {
  const app = new App({ context });
  const storage = new SelfHostedReplicaStorage(stackIn(app, 'storage', 'eu-central-1'), 'Replica', { environment: declaration });
  const stack = stackIn(app, 'replica', 'eu-central-1');
  return new SelfHostedRegistryReplica(stack, 'Replica', {
    environment: declaration, storage, hostedZone: zoneIn(stack), authentication: auth, ...extra,
  } as SelfHostedRegistryReplicaProps);
}

type Case = [string, () => unknown, string];

describe('an option that has no effect is refused, naming what would make it apply', () => {
  test.each<Case>([
    ['an alarm topic while alarms are off (primary)', () => primary({ alarmTopic: Topic.fromTopicArn(new Stack(), 'T', 'arn:aws:sns:eu-west-1:111111111111:alarms') }),
      'alarmTopic: expected no topic while alarms are off in the dev profile (overrides: { alarmsEnabled: true } would use it), got "arn:aws:sns:eu-west-1:111111111111:alarms"'],
    ['an alarm topic while alarms are off (replica)', () => replica(
      { alarmTopic: Topic.fromTopicArn(new Stack(), 'T', 'arn:aws:sns:eu-central-1:111111111111:alarms') },
      environment('prod', { overrides: { alarmsEnabled: false } })), 'alarmTopic: expected no topic while alarms are off in the prod+overrides profile (overrides: { alarmsEnabled: true } would use it)'],
    ['a CDN name with the CDN off', () => primary({ cdnDomainName: 'blobs.example.com' }),
      'cdnDomainName: expected no cdnDomainName while the CDN is off (cdn: true, or overrides: { cdnEnabled: true }, turns it on), got "blobs.example.com"'],
    ['a CDN certificate with the CDN off', () => primary({ cdn: false, cdnCertificate: Certificate.fromCertificateArn(new Stack(), 'C', US_EAST_1_CERT) }, 'prod'),
      `cdnCertificate: expected no cdnCertificate while the CDN is off (cdn: true, or overrides: { cdnEnabled: true }, turns it on), got "${US_EAST_1_CERT}"`],
    ['garbage collection settings in mirror mode', () => primary({ mirror: { remoteUrl: 'https://registry-1.docker.io' }, garbageCollection: { dryRun: false } }),
      'garbageCollection: expected no garbage collection in mirror mode'],
    ['a digest together with an image of your own', () => primary({ image: ContainerImage.fromRegistry('my/registry:3'), imageDigest: `sha256:${'0'.repeat(64)}` }),
      'imageDigest: expected no digest together with image'],
    ['a replica storage for a profile that does not replicate', () => new SelfHostedReplicaStorage(stackIn(new App(), 's', 'eu-central-1'), 'R', { environment: environment('test') }),
      'environment.replicaRegions: expected replication enabled in the test profile (overrides.replicationEnabled) for a replica in "eu-central-1"'],
    ['a misspelt option (it would be ignored)', () => primary({ allowedIpv4Cidr: ['10.0.0.0/8'] }),
      'allowedIpv4Cidr: expected no such option (known: environment, hostedZone, authentication'],
    ['a misspelt option of the mirror', () => primary({ mirror: { remoteUrl: 'https://registry-1.docker.io', user: 'me' } }),
      'mirror.user: expected no such option (known: remoteUrl, username, password), got "me"'],
    ['mirror credentials without a password', () => primary({ mirror: { remoteUrl: 'https://registry-1.docker.io', username: 'me' } }),
      'mirror.password: expected mirror.username and mirror.password together (upstream credentials), or neither (anonymous upstream pulls), got undefined'],
    ['a CDN that could not read the images (no customer-managed key)', () => primary({ cdn: true }, 'test'),
      'cdn: expected a customer-managed key for the images when the CDN is on (overrides: { encryptionKey: EncryptionKeyKind.CUSTOMER_MANAGED })'],
    ['an empty list of allowed CIDRs (nobody could connect)', () => primary({ allowedIpv4Cidrs: [] }),
      'allowedIpv4Cidrs: expected at least one CIDR (an empty list would let nobody connect), got []'],
  ])('%s', (_, make, message) => expectRefused(make, message));

  test('with a customer-managed key the CDN is accepted in any profile', () => {
    const test = environment('test', { overrides: { encryptionKey: EncryptionKeyKind.CUSTOMER_MANAGED } });
    const stack = stackIn(new App({ context }), 'primary', 'eu-west-1');
    expect(new SelfHostedRegistry(stack, 'Registry', { environment: test, hostedZone: zoneIn(stack), authentication: auth, cdn: true }).cdn).toBeDefined();
  });
});

describe('a resource given from outside is checked against the declaration', () => {
  test.each<Case>([
    ['a hosted zone of another domain', () => {
      const stack = stackIn(new App({ context }), 'p', 'eu-west-1');
      return primary({ hostedZone: zoneIn(stack, 'example.org', 'Other') }, 'dev', stack);
    }, 'hostedZone: expected the hosted zone of the declaration\'s domain "example.com" or of a parent domain, got "example.org"'],
    ['a hosted zone of a subdomain', () => {
      const stack = stackIn(new App({ context }), 'p', 'eu-west-1');
      return primary({ hostedZone: zoneIn(stack, 'dev-registry.example.com', 'Other') }, 'dev', stack);
    }, 'hostedZone: expected the hosted zone of the declaration\'s domain "example.com" or of a parent domain, got "dev-registry.example.com"'],
    ['a hosted zone without a known name', () => {
      const stack = stackIn(new App({ context }), 'p', 'eu-west-1');
      return primary({ hostedZone: HostedZone.fromHostedZoneId(stack, 'Id', 'Z9') }, 'dev', stack);
    }, 'hostedZone: expected a hosted zone whose name is known: HostedZone.fromHostedZoneAttributes({ hostedZoneId, zoneName }) rather than fromHostedZoneId, got "Z9"'],
    ['a primary in a stack of another region', () => primary({}, 'dev', stackIn(new App({ context }), 'p', 'us-east-2')),
      'environment.primaryRegion: expected the region of stack p ("us-east-2"), where the primary registry is deployed'],
    ['a CDN certificate outside us-east-1', () => primary({
      cdnDomainName: 'blobs.example.com', cdnCertificate: Certificate.fromCertificateArn(new Stack(), 'C', 'arn:aws:acm:eu-west-1:111111111111:certificate/abcd'),
    }, 'prod'), 'cdnCertificate: expected an ACM certificate in us-east-1 (CloudFront reads certificates from there only), got "arn:aws:acm:eu-west-1:111111111111:certificate/abcd"'],
    ['a CDN certificate without a CDN name', () => primary({ cdnCertificate: Certificate.fromCertificateArn(new Stack(), 'C', US_EAST_1_CERT) }, 'prod'),
      'cdnDomainName: expected cdnDomainName and cdnCertificate together, or neither, got undefined'],
    ['replica storage in another account', () => {
      const app = new App({ context });
      const storage = new SelfHostedReplicaStorage(new Stack(app, 's', { env: { account: '222222222222', region: 'eu-central-1' } }), 'R', { environment: environment('prod') });
      const stack = stackIn(app, 'r', 'eu-central-1');
      return new SelfHostedRegistryReplica(stack, 'R', { environment: environment('prod'), storage, hostedZone: zoneIn(stack), authentication: auth });
    }, 'storage: expected storage in the account of stack r (111111111111), got "the storage in account 222222222222"'],
  ])('%s', (_, make, message) => expectRefused(make, message));
});

describe('lists reject duplicates, maps must be plain objects', () => {
  test.each<Case>([
    ['the same CIDR twice', () => primary({ allowedIpv4Cidrs: ['10.0.0.0/8', '10.0.0.0/8'] }),
      'allowedIpv4Cidrs[1]: expected a value not already listed in allowedIpv4Cidrs, got "10.0.0.0/8"'],
    ['the same user twice', () => RegistryAuthentication.htpasswd(['ci', 'ci']), 'authentication.users[1]: expected a value not already listed in authentication.users, got "ci"'],
    ['the same htpasswd replica region twice', () => new HtpasswdUsers(stackIn(new App(), 'u', 'eu-west-1'), 'U', {
      environment: environment('prod'), users: ['ci'], replicaRegions: ['eu-central-1', 'eu-central-1'],
    }), 'replicaRegions[1]: expected a value not already listed in replicaRegions, got "eu-central-1"'],
    ['props that are not an object', () => new SelfHostedRegistry(stackIn(new App(), 'p', 'eu-west-1'), 'R', [] as never),
      'props: expected an object with environment, hostedZone and authentication, got []'],
    ['a mirror that is a list', () => primary({ mirror: ['https://registry-1.docker.io'] }), 'mirror: expected an object { remoteUrl, username?, password? }, got ["https://registry-1.docker.io"]'],
    ['garbage collection options that are a string', () => primary({ garbageCollection: 'weekly' }),
      'garbageCollection: expected an object { schedule?, dryRun?, deleteUntagged?, enabled? }, got "weekly"'],
    ['client CAs that are a class instance', () => primary({ clientCertificateAuthorities: new Date(0) }),
      'clientCertificateAuthorities: expected an object { bucket, key }'],
    ['token options that are not an object', () => RegistryAuthentication.token('https://auth.example.com' as never),
      'authentication: expected token options { realm, service, issuer, rootCertificateBundle }, got "https://auth.example.com"'],
  ])('%s', (_, make, message) => expectRefused(make, message));
});

describe('every value is type-checked like a value (no bare TypeError)', () => {
  test.each<Case>([
    ['cdn: "yes"', () => primary({ cdn: 'yes' }), 'cdn: expected true or false, got "yes"'],
    ['imageDigest: a number', () => primary({ imageDigest: 42 }), 'imageDigest: expected an image digest "sha256:" followed by 64 lower case hex digits'],
    ['imageDigest: a tag', () => primary({ imageDigest: '3.1.1' }), 'imageDigest: expected an image digest "sha256:" followed by 64 lower case hex digits (skopeo inspect shows it), got "3.1.1"'],
    ['image: a string', () => primary({ image: 'registry:3' }), 'image: expected a ContainerImage, e.g. ContainerImage.fromRegistry(...), got "registry:3"'],
    ['vpc: an id', () => primary({ vpc: 'vpc-123' }), 'vpc: expected an IVpc, e.g. Vpc.fromVpcAttributes(...), got "vpc-123"'],
    ['alarmTopic: an ARN', () => primary({ alarmTopic: 'arn:aws:sns:eu-west-1:111111111111:a' }, 'prod'), 'alarmTopic: expected an ITopic, got "arn:aws:sns:eu-west-1:111111111111:a"'],
    ['prometheusSecurityGroup: an id', () => primary({ prometheusSecurityGroup: 'sg-1' }), 'prometheusSecurityGroup: expected an ISecurityGroup, got "sg-1"'],
    ['allowedIpv4Cidrs: one string', () => primary({ allowedIpv4Cidrs: '10.0.0.0/8' }), 'allowedIpv4Cidrs: expected a list of IPv4 CIDRs such as ["10.0.0.0/8"], got "10.0.0.0/8"'],
    ['allowedIpv4Cidrs: a number in the list', () => primary({ allowedIpv4Cidrs: [10] }), 'allowedIpv4Cidrs[0]: expected a string, got 10'],
    ['hostedZone: an id', () => primary({ hostedZone: 'Z1' }), 'hostedZone: expected an IHostedZone, e.g. HostedZone.fromHostedZoneAttributes(...), got "Z1"'],
    ['hostedZone: missing', () => primary({ hostedZone: undefined }), 'hostedZone: expected the public hosted zone of example.com, got undefined'],
    ['mirror.remoteUrl: plain HTTP', () => primary({ mirror: { remoteUrl: 'http://registry-1.docker.io' } }), 'mirror.remoteUrl: expected an https:// URL of the upstream registry'],
    ['mirror.password: a string', () => primary({ mirror: { remoteUrl: 'https://r.example.com', username: 'me', password: 'hunter2' } }),
      'mirror.password: expected an ISecret holding the upstream password or token, got "hunter2"'],
    ['garbageCollection.dryRun: "no"', () => primary({ garbageCollection: { dryRun: 'no' } }), 'garbageCollection.dryRun: expected true or false, got "no"'],
    ['garbageCollection.schedule: a cron string', () => primary({ garbageCollection: { schedule: 'cron(0 3 ? * SUN *)' } }),
      'garbageCollection.schedule: expected a ScheduleExpression'],
    ['clientCertificateAuthorities.key: a number', () => primary({ clientCertificateAuthorities: { bucket: { bucketArn: 'arn:aws:s3:::cas' }, key: 7 } }),
      'clientCertificateAuthorities.key: expected the object key of the PEM bundle, got 7'],
    ['cdnCertificate: an ARN string', () => primary({ cdnDomainName: 'blobs.example.com', cdnCertificate: US_EAST_1_CERT }, 'prod'),
      `cdnCertificate: expected an ICertificate, e.g. Certificate.fromCertificateArn(...), got "${US_EAST_1_CERT}"`],
    ['cdnDomainName: a number', () => primary({ cdnDomainName: 7, cdnCertificate: Certificate.fromCertificateArn(new Stack(), 'C', US_EAST_1_CERT) }, 'prod'),
      'cdnDomainName: expected a lower case DNS host name with at least two labels, got 7'],
    ['a token realm that is a number', () => RegistryAuthentication.token({ realm: 1 as never, service: 's', issuer: 'i', rootCertificateBundle: '-----BEGIN CERTIFICATE-----' }),
      'authentication.realm: expected a non-empty string, got 1'],
    ['a token realm over plain HTTP', () => RegistryAuthentication.token({ realm: 'http://auth.example.com', service: 's', issuer: 'i', rootCertificateBundle: '-----BEGIN CERTIFICATE-----' }),
      'authentication.realm: expected an https:// URL of the token endpoint, got "http://auth.example.com"'],
    ['a user name that is a number', () => RegistryAuthentication.htpasswd([1 as never]), 'authentication.users[0]: expected a user name of 1-64 lower case letters'],
    ['replica storage: a bucket', () => replica({ storage: { bucketArn: 'arn:aws:s3:::b' } }),
      'storage: expected the SelfHostedReplicaStorage of prod-registry.example.com in this region, got {"bucketArn":"arn:aws:s3:::b"}'],
    ['the environment: a construct', () => primary({ environment: new Stack() }), 'environment: expected a RegistryEnvironment, got <construct at "Default">'],
  ])('%s', (_, make, message) => expectRefused(make, message));
});

describe('names that collide across the app fail', () => {
  test.each<Case>([
    ['two registries for one environment (one host name, one DNS record)', () => {
      const app = new App({ context });
      primary({}, 'dev', stackIn(app, 'a', 'eu-west-1'));
      return primary({}, 'dev', stackIn(app, 'b', 'eu-west-1'));
    }, 'environment: expected a value whose host name "dev-registry.example.com" no other construct of this app uses (a/Registry already does), got "dev-registry.example.com"'],
    ['a CDN name that is the registry\'s own name', () => primary({
      cdnDomainName: 'prod-registry.example.com', cdnCertificate: Certificate.fromCertificateArn(new Stack(), 'C', US_EAST_1_CERT),
    }, 'prod'), 'cdnDomainName: expected a value whose host name "prod-registry.example.com" no other construct of this app uses (primary/Registry already does)'],
    ['two replica storages in one region (one bucket name)', () => {
      const app = new App({ context });
      new SelfHostedReplicaStorage(stackIn(app, 'a', 'eu-central-1'), 'R', { environment: environment('prod') });
      return new SelfHostedReplicaStorage(stackIn(app, 'b', 'eu-central-1'), 'R', { environment: environment('prod') });
    }, 'environment: expected a value whose bucket name "prod-registry-images-eu-central-1-111111111111" no other construct of this app uses (a/R already does)'],
    ['htpasswd users of their own next to the registry\'s (one replicated secret name)', () => {
      const app = new App({ context });
      new HtpasswdUsers(stackIn(app, 'users', 'eu-west-1'), 'U', { environment: environment('prod'), users: ['ci'], replicaRegions: ['eu-central-1'] });
      return primary({}, 'prod', stackIn(app, 'p', 'eu-west-1'));
    }, 'environment: expected a value whose secret name "prod-registry/registry/htpasswd" no other construct of this app uses (users/U already does)'],
  ])('%s', (_, make, message) => expectRefused(make, message));
});

describe('stacks deployed in an order that would fail are refused at synthesis', () => {
  function wire(dependencies: { primaryOnStorage: boolean; replicaOnPrimary: boolean }, replicaUsers = ['ci']): App {
    const app = new App({ context });
    const storageStack = stackIn(app, 'storage', 'eu-central-1');
    const storage = new SelfHostedReplicaStorage(storageStack, 'R', { environment: environment('prod') });
    const primaryStack = stackIn(app, 'primary', 'eu-west-1');
    acknowledgeUnenforced(primary({}, 'prod', primaryStack));
    const replicaStack = stackIn(app, 'replica', 'eu-central-1');
    new SelfHostedRegistryReplica(replicaStack, 'R', {
      environment: environment('prod'), storage, hostedZone: zoneIn(replicaStack), authentication: RegistryAuthentication.htpasswd(replicaUsers),
    });
    if (dependencies.primaryOnStorage) {
      primaryStack.addStackDependency(storageStack);
    }
    if (dependencies.replicaOnPrimary) {
      replicaStack.addStackDependency(primaryStack);
    }
    return app;
  }

  test('the primary must depend on the replica storage (S3 checks the replication destination)', () => {
    expect(() => wire({ primaryOnStorage: false, replicaOnPrimary: true }).synth()).toThrow(
      'stack primary: expected a dependency on stack storage, the replica storage of prod-registry.example.com in eu-central-1 '
      + '(S3 replication needs the replica bucket to exist): call addStackDependency on stack primary with stack storage, got "no dependency"');
  });

  test('the replica must depend on the primary (its tasks read the secret the primary creates)', () => {
    expect(() => wire({ primaryOnStorage: true, replicaOnPrimary: false }).synth()).toThrow(
      'stack replica: expected a dependency on stack primary, the primary of prod-registry.example.com in eu-west-1');
  });

  test('the replica must serve the primary\'s users', () => {
    expect(() => wire({ primaryOnStorage: true, replicaOnPrimary: true }, ['ci', 'deploy']).synth()).toThrow(
      'authentication: expected the primary\'s authentication (htpasswd users ci), since a replica serves the primary\'s users, got ["ci","deploy"]');
  });

  test('wired in order, it synthesizes', () => {
    expect(() => wire({ primaryOnStorage: true, replicaOnPrimary: true }).synth()).not.toThrow();
  });
});

describe('an unused option stays quiet when it is valid', () => {
  test('a Prometheus security group and a pull-through mirror with credentials', () => {
    const stack = stackIn(new App({ context }), 'p', 'eu-west-1');
    expect(() => primary({
      prometheusSecurityGroup: SecurityGroup.fromSecurityGroupId(stack, 'Prom', 'sg-0123456789abcdef0'),
      mirror: { remoteUrl: 'https://registry-1.docker.io', username: 'me', password: Secret.fromSecretNameV2(stack, 'Up', 'docker-hub') },
    }, 'dev', stack)).not.toThrow();
  });
});
