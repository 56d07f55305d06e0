import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket, BucketEncryption, IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { RegistryEnvironment } from '../../../lib/core/environment';
import { RegistryValidationError } from '../../../lib/core/errors';
import { CLOUDFRONT_PRIVATE_KEY_PATH, RegistryCdn, RegistryCdnProps } from '../../../lib/aws/self-hosted/registry-cdn';
import { environment, stackIn } from '../helpers';
import { CERTIFICATE_ARN, WEB_ACL_ARN } from './registry-cdn-fixture';

/** The key policy lets CloudFront decrypt blobs for this account's distributions. */
function expectCloudFrontMayDecrypt(template: Template): void {
  template.hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([Match.objectLike({
        Sid: 'AllowCloudFrontToDecryptRegistryBlobs',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 'kms:Decrypt',
        Condition: { ArnLike: { 'AWS:SourceArn': { 'Fn::Join': ['', Match.arrayWith([':distribution/*'])] } } },
      })]),
    },
  });
}

/** The managed CachingDisabled policy: minimum, default and maximum TTL all zero. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** A KMS-encrypted storage bucket like the self-hosted registry's. */
function storage(stack: Stack): Bucket {
  const key = new Key(stack, 'StorageKey', { enableKeyRotation: true });
  return new Bucket(stack, 'Storage', { encryption: BucketEncryption.KMS, encryptionKey: key, enforceSSL: true });
}

interface Built {
  stack: Stack;
  cdn: RegistryCdn;
  template: Template;
}

function build(envName: string, props: Partial<RegistryCdnProps> = {}, bucketOf: (stack: Stack) => IBucket = storage): Built {
  const stack = stackIn();
  const cdn = new RegistryCdn(stack, 'Cdn', { environment: environment(envName), bucket: bucketOf(stack), ...props });
  return { stack, cdn, template: Template.fromStack(stack) };
}

function distributionConfig(template: Template): any {
  const distributions = Object.values(template.findResources('AWS::CloudFront::Distribution'));
  expect(distributions).toHaveLength(1);
  return distributions[0].Properties.DistributionConfig;
}

function logicalIdOf(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('RegistryCdn in dev', () => {
  let built: Built;
  let config: any;
  beforeAll(() => {
    built = build('dev');
    config = distributionConfig(built.template);
  });

  test('reads the bucket through Origin Access Control, granted to this distribution only', () => {
    const oac = logicalIdOf(built.template, 'AWS::CloudFront::OriginAccessControl');
    built.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    expect(config.Origins).toEqual([expect.objectContaining({
      DomainName: { 'Fn::GetAtt': [expect.stringMatching(/^Storage/), 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [oac, 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    })]);
    expect(config.Origins[0].OriginPath).toBeUndefined();
    const distribution = logicalIdOf(built.template, 'AWS::CloudFront::Distribution');
    built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Storage'), 'Arn'] }, '/*']] },
          Condition: { StringEquals: { 'AWS:SourceArn': { 'Fn::Join': ['', Match.arrayWith([{ Ref: distribution }])] } } },
        })]),
      },
    });
  });

  test('lets CloudFront decrypt with the bucket key', () => {
    expectCloudFrontMayDecrypt(built.template);
  });

  test('adds no warnings: compliance runs count them as findings', () => {
    Annotations.fromStack(built.stack).hasNoWarning('*', Match.anyValue());
  });

  test('requires a URL signed by the key group on every behavior, over HTTPS only, GET and HEAD, uncompressed', () => {
    const keyGroup = logicalIdOf(built.template, 'AWS::CloudFront::KeyGroup');
    const behaviors = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
    expect(behaviors).toHaveLength(3);
    for (const behavior of behaviors) {
      expect(behavior).toMatchObject({
        TrustedKeyGroups: [{ Ref: keyGroup }],
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD'],
        Compress: false,
      });
      expect(behavior.TrustedSigners).toBeUndefined();
    }
  });

  test('caches blobs for a year and never caches tag links or anything else', () => {
    const byPath = Object.fromEntries(config.CacheBehaviors.map((b: any) => [b.PathPattern, b.CachePolicyId]));
    const blobPolicy = logicalIdOf(built.template, 'AWS::CloudFront::CachePolicy');
    expect(byPath).toEqual({
      '/docker/registry/v2/blobs/*': { Ref: blobPolicy },
      '/docker/registry/v2/repositories/*/_manifests/tags/*': CACHING_DISABLED,
    });
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe(CACHING_DISABLED);
    built.template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MinTTL: ONE_YEAR_SECONDS,
        DefaultTTL: ONE_YEAR_SECONDS,
        MaxTTL: ONE_YEAR_SECONDS,
        ParametersInCacheKeyAndForwardedToOrigin: {
          CookiesConfig: { CookieBehavior: 'none' },
          HeadersConfig: { HeaderBehavior: 'none' },
          QueryStringsConfig: { QueryStringBehavior: 'none' },
          EnableAcceptEncodingGzip: false,
          EnableAcceptEncodingBrotli: false,
        },
      }),
    });
  });

  test('serves HTTP/2 and 3 over IPv6 too, from the cheapest edge locations, without geo restriction', () => {
    expect(config).toMatchObject({ Enabled: true, HttpVersion: 'http2and3', IPV6Enabled: true, PriceClass: 'PriceClass_100' });
    expect(config.Restrictions).toBeUndefined();
    expect(config.WebACLId).toBeUndefined();
    // The *.cloudfront.net certificate: CloudFront fixes its policy (acknowledged, see registry-cdn.system.test.ts).
    expect(config.ViewerCertificate).toBeUndefined();
    expect(config.Aliases).toBeUndefined();
  });

  test('logs to its own SSE-S3, TLS-only bucket with ACLs for log delivery, emptied with the stack', () => {
    const logBucket = Object.keys(built.template.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('CdnAccessLogs'))!;
    expect(config.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [logBucket, 'RegionalDomainName'] },
      IncludeCookies: false,
      Prefix: 'dev-registry/',
    });
    built.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7, Status: 'Enabled' }), { Id: 'remove-expired-delete-markers', ExpiredObjectDeleteMarker: true, Status: 'Enabled' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
        Tags: Match.arrayWith([{ Key: 'aws-cdk:auto-delete-objects', Value: 'true' }]),
      }),
    });
    built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('keeps every trace of the private key out of the template', () => {
    const json = JSON.stringify(built.template.toJSON());
    expect(json).not.toMatch(/PRIVATE KEY|BEGIN RSA|MII[A-Za-z0-9+/]{20}/);
    const secret = Object.values(built.template.findResources('AWS::SecretsManager::Secret'));
    expect(secret).toHaveLength(1);
    // Empty until the custom resource puts the key; no generated placeholder.
    expect(secret[0].Properties.SecretString).toBeUndefined();
    expect(secret[0].Properties.GenerateSecretString).toBeUndefined();
    expect(built.template.findOutputs('*')).toEqual({});
  });

  test('builds the public key and key group from the custom resource attribute', () => {
    const keyPair = logicalIdOf(built.template, 'Custom::RegistryCdnKeyPair');
    const secret = logicalIdOf(built.template, 'AWS::SecretsManager::Secret');
    const handler = Object.keys(built.template.findResources('AWS::Lambda::Function')).find((id) => id.startsWith('CdnSigningKeyHandler'))!;
    built.template.hasResourceProperties('Custom::RegistryCdnKeyPair', {
      ServiceToken: { 'Fn::GetAtt': [handler, 'Arn'] },
      SecretArn: { Ref: secret },
      KeyVersion: '1',
      ServiceTimeout: '300',
    });
    const publicKey = logicalIdOf(built.template, 'AWS::CloudFront::PublicKey');
    expect(publicKey).toMatch(/^CdnSigningKeyPublicKeyV1/);
    built.template.hasResourceProperties('AWS::CloudFront::PublicKey', {
      PublicKeyConfig: Match.objectLike({ EncodedKey: { 'Fn::GetAtt': [keyPair, 'PublicKeyPem'] } }),
    });
    built.template.hasResourceProperties('AWS::CloudFront::KeyGroup', { KeyGroupConfig: Match.objectLike({ Items: [{ Ref: publicKey }] }) });
  });

  test('runs the handler on Node.js 22 with a role limited to its log group, secret and key', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Handler: 'index.handler', Architectures: ['arm64'] });
    built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
    const role = Object.values(built.template.findResources('AWS::IAM::Role')).find((r) => r.Properties.Description?.includes('CloudFront signing key'))!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const secret = logicalIdOf(built.template, 'AWS::SecretsManager::Secret');
    built.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
          {
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:UpdateSecretVersionStage'],
            Resource: { Ref: secret },
          },
          Match.objectLike({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } }),
        ]),
      },
    });
    built.template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', Properties: { RetentionInDays: 7, Tags: Match.anyValue() } });
  });

  test('tags every resource with the standard tags', () => {
    for (const type of ['AWS::CloudFront::Distribution', 'AWS::SecretsManager::Secret', 'AWS::Lambda::Function']) {
      built.template.hasResourceProperties(type, { Tags: Match.arrayWith([{ Key: 'registry:environment', Value: 'dev' }]) });
    }
  });

  test('offers the middleware options: https base URL with slash, key id, duration and key path', () => {
    const options = built.stack.resolve(built.cdn.middlewareOptions());
    const distribution = logicalIdOf(built.template, 'AWS::CloudFront::Distribution');
    const publicKey = logicalIdOf(built.template, 'AWS::CloudFront::PublicKey');
    expect(options).toEqual({
      baseUrl: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }, '/']] },
      keyPairId: { Ref: publicKey },
      duration: '1200s',
      privateKeyPath: '/run/distribution/cloudfront.pem',
    });
    expect(CLOUDFRONT_PRIVATE_KEY_PATH).toBe('/run/distribution/cloudfront.pem');
    expect(RegistryCdn.PRIVATE_KEY_PATH).toBe(CLOUDFRONT_PRIVATE_KEY_PATH);
    expect(built.stack.resolve(built.cdn.baseUrl)).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] });
    expect(built.stack.resolve(built.cdn.privateKeySecret.secretArn)).toEqual({ Ref: logicalIdOf(built.template, 'AWS::SecretsManager::Secret') });
  });
});

describe('RegistryCdn in prod', () => {
  let built: Built;
  beforeAll(() => {
    built = build('prod');
  });

  test('serves from every edge location', () => {
    expect(distributionConfig(built.template).PriceClass).toBe('PriceClass_All');
  });

  test('retains a year of access logs and handler logs', () => {
    built.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365 })]) } }),
    });
    built.template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    built.template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ RetentionInDays: 365 }) });
  });

  test('still deletes the signing key secret with the stack: a key pair is not data', () => {
    built.template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });
});

describe('RegistryCdn options', () => {
  test('paths and the bucket grant follow the root directory, with or without trailing slash', () => {
    for (const rootDirectory of ['/registry', '/registry/']) {
      const template = build('dev', { rootDirectory }).template;
      const patterns = distributionConfig(template).CacheBehaviors.map((b: any) => b.PathPattern);
      expect(patterns).toEqual(['/registry/docker/registry/v2/blobs/*', '/registry/docker/registry/v2/repositories/*/_manifests/tags/*']);
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Sid: 'AllowCloudFrontToReadRegistryBlobs',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Storage'), 'Arn'] }, '/registry/*']] },
          })]),
        },
      });
    }
  });

  test('a custom domain gets TLS 1.2 (2021 policy) with SNI, and the base URL uses it', () => {
    const built = build('dev', {
      domainName: 'dev-registry-blobs.example.com',
      certificate: Certificate.fromCertificateArn(new Stack(), 'Cert', CERTIFICATE_ARN),
      webAclArn: WEB_ACL_ARN,
      priceClass: PriceClass.PRICE_CLASS_200,
      signedUrlValidity: Duration.hours(1),
    });
    const config = distributionConfig(built.template);
    expect(config).toMatchObject({
      Aliases: ['dev-registry-blobs.example.com'],
      ViewerCertificate: { AcmCertificateArn: CERTIFICATE_ARN, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      WebACLId: WEB_ACL_ARN,
      PriceClass: 'PriceClass_200',
    });
    expect(built.cdn.middlewareOptions()).toMatchObject({ baseUrl: 'https://dev-registry-blobs.example.com/', duration: '3600s' });
  });

  test('a given log bucket replaces the own one', () => {
    const stack = stackIn();
    const logs = new Bucket(stack, 'SharedLogs', { objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED, enforceSSL: true });
    const cdn = new RegistryCdn(stack, 'Cdn', { environment: environment('dev'), bucket: storage(stack), accessLogsBucket: logs });
    const template = Template.fromStack(stack);
    expect(cdn.accessLogsBucket === logs).toBe(true);
    expect(Object.keys(template.findResources('AWS::S3::Bucket')).sort()).toEqual([expect.stringMatching(/^SharedLogs/), expect.stringMatching(/^Storage/)]);
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    expect(distributionConfig(template).Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^SharedLogs/), 'RegionalDomainName'] },
      IncludeCookies: false,
      Prefix: 'dev-registry/',
    });
  });

  test('an imported bucket with a separate key: CloudFront may still decrypt, and the key encrypts the secret', () => {
    const built = build('dev', { encryptionKey: undefined }, (stack) => Bucket.fromBucketName(stack, 'Imported', 'dev-registry-storage'));
    built.template.resourceCountIs('AWS::KMS::Key', 0);
    // An imported bucket's policy cannot be changed here: the construct says so.
    Annotations.fromStack(built.stack).hasWarning('/stack-eu-west-1/Cdn', Match.stringLikeRegexp('bucket is imported'));
    const stack = stackIn();
    const key = new Key(stack, 'StorageKey', { enableKeyRotation: true });
    new RegistryCdn(stack, 'Cdn', { environment: environment('dev'), bucket: Bucket.fromBucketName(stack, 'Imported', 'dev-registry-storage'), encryptionKey: key });
    const template = Template.fromStack(stack);
    expectCloudFrontMayDecrypt(template);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StorageKey'), 'Arn'] } });
  });

  test('raising keyVersion makes a new public key resource (CloudFront cannot change a key in place)', () => {
    const template = build('dev', { keyVersion: 2 }).template;
    expect(logicalIdOf(template, 'AWS::CloudFront::PublicKey')).toMatch(/^CdnSigningKeyPublicKeyV2/);
    template.hasResourceProperties('Custom::RegistryCdnKeyPair', { KeyVersion: '2' });
    template.hasResourceProperties('AWS::CloudFront::PublicKey', { PublicKeyConfig: Match.objectLike({ Name: Match.stringLikeRegexp('V2') }) });
  });

  test('long host names are cut to fit CloudFront comments and Lambda descriptions', () => {
    const label = 'a'.repeat(60);
    const env = environment('dev', { domain: `${label}.${label}.${label}.example.com` });
    expect(env.hostname.length).toBeGreaterThan(190);
    const stack = stackIn();
    new RegistryCdn(stack, 'Cdn', { environment: env, bucket: storage(stack) });
    const template = Template.fromStack(stack);
    const comments = [
      ...Object.values(template.findResources('AWS::CloudFront::PublicKey')).map((r) => r.Properties.PublicKeyConfig.Comment),
      ...Object.values(template.findResources('AWS::CloudFront::KeyGroup')).map((r) => r.Properties.KeyGroupConfig.Comment),
      ...Object.values(template.findResources('AWS::CloudFront::CachePolicy')).map((r) => r.Properties.CachePolicyConfig.Comment),
      distributionConfig(template).Comment,
    ];
    expect(comments).toHaveLength(4);
    for (const comment of comments) {
      expect(comment.length).toBeLessThanOrEqual(128);
    }
    const handler = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('CdnSigningKeyHandler'))!;
    expect(handler[1].Properties.Description.length).toBeLessThanOrEqual(256);
  });

  test('the stateful resources keep their logical ids', () => {
    const template = build('prod').template;
    const ids = (type: string) => Object.keys(template.findResources(type));
    expect(ids('AWS::SecretsManager::Secret')).toEqual(['CdnSigningKeyPrivateKeyE90934A2']);
    expect(ids('AWS::S3::Bucket').filter((id) => id.startsWith('Cdn'))).toEqual(['CdnAccessLogs9F466A83']);
    expect(ids('AWS::CloudFront::Distribution')).toEqual(['CdnDistribution149FA6C8']);
    expect(ids('AWS::CloudFront::KeyGroup')).toEqual(['CdnSigningKeyKeyGroup6561C73F']);
  });
});

describe('RegistryCdn bad input', () => {
  function rejects(props: Partial<RegistryCdnProps>, property: string, value: string, expected: RegExp): void {
    const stack = stackIn();
    let error: unknown;
    try {
      new RegistryCdn(stack, 'Cdn', { environment: environment('dev'), bucket: storage(stack), ...props });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegistryValidationError);
    const message = (error as RegistryValidationError).message;
    expect((error as RegistryValidationError).property).toBe(property);
    expect(message.startsWith(`${property}: expected `)).toBe(true);
    expect(message.endsWith(`, got ${value}`)).toBe(true);
    expect(message).toMatch(expected);
    expect(message).not.toMatch(/\.$/);
    expect(message[0]).toBe(message[0].toLowerCase());
    // Nothing is synthesized from bad input.
    expect(stack.node.tryFindChild('Cdn')?.node.tryFindChild('Distribution')).toBeUndefined();
  }

  test.each([
    ['registry', '"registry"'],
    ['', '""'],
    ['/a//b', '"/a//b"'],
    ['/a/../b', '"/a/../b"'],
    ['/a b', '"/a b"'],
    ['/blobs/*', '"/blobs/*"'],
  ])('rootDirectory %j', (rootDirectory, shown) => {
    rejects({ rootDirectory }, 'rootDirectory', shown, /an absolute path starting with "\/"/);
  });

  test.each([
    [Duration.seconds(59), '"59 seconds"'],
    [Duration.days(2), '"2 days"'],
    [Duration.millis(1500), '"1 second 500 millis"'],
  ])('signedUrlValidity %s', (signedUrlValidity, shown) => {
    rejects({ signedUrlValidity }, 'signedUrlValidity', shown, /whole seconds from 60 seconds to 86400 seconds/);
  });

  test.each([[0, '0'], [1.5, '1.5'], [Number.NaN, 'NaN']])('keyVersion %s', (keyVersion, shown) => {
    rejects({ keyVersion }, 'keyVersion', shown, /a whole number from 1 to 1000000/);
  });

  test('a regional web ACL', () => {
    const regional = 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666';
    rejects({ webAclArn: regional }, 'webAclArn', JSON.stringify(regional), /scope CLOUDFRONT/);
  });

  test('a domain name without certificate, and a certificate outside us-east-1', () => {
    rejects({ domainName: 'blobs.example.com' }, 'certificate', 'undefined', /domainName and certificate together/);
    const euCertificate = 'arn:aws:acm:eu-west-1:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666';
    rejects({ domainName: 'blobs.example.com', certificate: Certificate.fromCertificateArn(new Stack(), 'C', euCertificate) },
      'certificate', JSON.stringify(euCertificate), /us-east-1/);
    rejects({ domainName: 'Blobs.Example.com', certificate: Certificate.fromCertificateArn(new Stack(), 'C', CERTIFICATE_ARN) },
      'domainName', '"Blobs.Example.com"', /lower case DNS host name/);
  });

  test('an environment that is not a RegistryEnvironment', () => {
    rejects({ environment: { environment: 'dev' } as unknown as RegistryEnvironment }, 'environment', '{"environment":"dev"}', /a RegistryEnvironment/);
  });
});

describe('RegistryCdn synthesis', () => {
  test('is deterministic', () => {
    const once = () => JSON.stringify(build('prod', { rootDirectory: '/registry' }).template.toJSON());
    expect(once()).toBe(once());
  });

  test('the template holds no volatile values', () => {
    const json = JSON.stringify(build('dev').template.toJSON());
    expect(json).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:/);
  });
});
