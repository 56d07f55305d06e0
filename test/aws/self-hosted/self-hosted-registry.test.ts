import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { RegistryValidationError } from '../../../lib';
import { RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryProps } from '../../../lib/aws';
import { environment } from '../helpers';

const CERT_BUNDLE = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

function build(name: string, extra: Partial<SelfHostedRegistryProps> = {}): { stack: Stack; registry: SelfHostedRegistry; template: Template } {
  const app = new App({ context: { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true } });
  const stack = new Stack(app, `self-hosted-${name}`, { env: { account: '111111111111', region: 'eu-west-1' } });
  const hostedZone = HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0000000TEST', zoneName: 'example.com' });
  const registry = new SelfHostedRegistry(stack, 'Registry', {
    environment: environment(name),
    hostedZone,
    authentication: RegistryAuthentication.htpasswd(['ci']),
    ...extra,
  });
  return { stack, registry, template: Template.fromStack(stack) };
}

function loadBalancerAttributes(template: Template): { [key: string]: string } {
  const [lb] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
  return Object.fromEntries(lb.Properties.LoadBalancerAttributes.map((a: { Key: string; Value: string }) => [a.Key, a.Value]));
}

/** Every ingress rule of the template, inline or separate. */
function ingressRules(template: Template): any[] {
  const separate = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
  const inline = Object.values(template.findResources('AWS::EC2::SecurityGroup')).flatMap((r) => r.Properties.SecurityGroupIngress ?? []);
  return [...separate, ...inline];
}

function registryContainer(template: Template): any {
  const tasks = template.findResources('AWS::ECS::TaskDefinition');
  const [, task] = Object.entries(tasks).find(([id]) => id.startsWith('RegistryServiceTask'))!;
  return task.Properties.ContainerDefinitions[0];
}

describe('SelfHostedRegistry in dev', () => {
  let built: ReturnType<typeof build>;
  beforeAll(() => {
    built = build('dev');
  });

  test('one small ARM task with a read-only root filesystem and a hard memory limit', () => {
    built.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '256', Memory: '512', RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [Match.objectLike({
        Image: 'public.ecr.aws/docker/library/registry:3.1.1', ReadonlyRootFilesystem: true, Memory: 512,
        MountPoints: [{ ContainerPath: '/run/distribution', SourceVolume: 'runtime', ReadOnly: false }],
      })],
    });
    built.template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 1, LaunchType: 'FARGATE' });
    built.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 1 });
  });

  test('images in a private, versioned, KMS-encrypted, TLS-only bucket that is emptied on delete', () => {
    built.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'images/' }),
        LifecycleConfiguration: { Rules: [Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } })] },
      }),
    });
    built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    built.template.resourceCountIs('Custom::S3AutoDeleteObjects', 2);
  });

  test('the task reaches S3 through its role with the driver\'s operations only', () => {
    const policies = Object.values(built.template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('RegistryServiceTaskTaskRole'));
    const actions = policies.flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => s.Action));
    expect(actions.sort()).toEqual(['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket',
      's3:ListBucketMultipartUploads', 's3:ListMultipartUploadParts', 's3:PutObject'].sort());
    expect(JSON.stringify(built.template.toJSON())).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
  });

  test('HTTPS only with a TLS 1.2+ policy, HTTP redirected, long idle timeout, health check on /', () => {
    built.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    built.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    expect(loadBalancerAttributes(built.template)).toMatchObject({
      'idle_timeout.timeout_seconds': '600',
      'deletion_protection.enabled': 'false',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'access_logs.s3.enabled': 'true',
    });
    built.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 5000, Protocol: 'HTTP', TargetType: 'ip', HealthCheckPath: '/', Matcher: { HttpCode: '200' },
    });
  });

  test('a DNS-validated certificate for the name and its replicas, and an alias record', () => {
    built.template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'dev-registry.example.com',
      SubjectAlternativeNames: ['*.dev-registry.example.com'],
      ValidationMethod: 'DNS',
    });
    built.template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'dev-registry.example.com.', Type: 'A', HostedZoneId: 'Z0000000TEST' });
  });

  test('nothing reaches the debug port without a Prometheus security group; the API only from the load balancer', () => {
    const rules = ingressRules(built.template);
    expect(rules.filter((rule: any) => rule.FromPort === 5001 || rule.ToPort === 5001 || rule.IpProtocol === '-1')).toEqual([]);
    const api = rules.filter((rule: any) => rule.FromPort === 5000);
    expect(api).toEqual([expect.objectContaining({ SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^RegistryServiceLoadBalancerSecurityGroup/), 'GroupId'] } })]);
  });

  test('a deployment or scale-in drains requests as long as the load balancer keeps them open, within Fargate\'s stop timeout', () => {
    const idle = Number(loadBalancerAttributes(built.template)['idle_timeout.timeout_seconds']);
    const [group] = Object.values(built.template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'));
    const delay = Number(group.Properties.TargetGroupAttributes.find((a: any) => a.Key === 'deregistration_delay.timeout_seconds').Value);
    expect({ idle, delay }).toEqual({ idle: 600, delay: 600 });
    const container = registryContainer(built.template);
    // Fargate's maximum; the registry's own drain ends before SIGKILL.
    expect(container.StopTimeout).toBe(120);
    const drain = Number(/^(\d+)s$/.exec(built.registry.config.toObject().http.draintimeout)![1]);
    expect(drain).toBeLessThan(container.StopTimeout);
  });

  test('secrets reach the container through ECS secrets, never through the template', () => {
    const container = registryContainer(built.template);
    expect(container.Secrets.map((s: any) => s.Name).sort()).toEqual(['HTPASSWD', 'REGISTRY_HTTP_SECRET', 'REGISTRY_STORAGE_MAINTENANCE_READONLY']);
    const text = JSON.stringify(built.template.toJSON());
    expect(text).not.toMatch(/\$2[aby]\$/); // no bcrypt hash
    expect(text).not.toContain('BEGIN RSA PRIVATE KEY');
    const config = JSON.parse(container.Environment.find((e: any) => e.Name === 'DISTRIBUTION_CONFIG').Value['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'X')).join(''));
    expect(config.http.secret).toBeUndefined();
  });

  test('every taggable resource carries the declaration\'s tags', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::ECS::Service', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::SecretsManager::Secret', 'AWS::Logs::LogGroup']) {
      built.template.allResourcesProperties(type, { Tags: Match.arrayWith([{ Key: 'registry:hostname', Value: 'dev-registry.example.com' }]) });
    }
  });

  test('no CDN and no alarms in dev', () => {
    built.template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    built.template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(built.registry.config.toObject().middleware).toBeUndefined();
  });

  test('the configuration: s3 through the task role, deletes on, htpasswd, metrics on the debug port', () => {
    const config = built.stack.resolve(built.registry.config.toObject());
    expect(config.storage.s3).toEqual({ bucket: { Ref: expect.stringMatching(/^RegistryStorageImages/) }, region: 'eu-west-1', encrypt: false, rootdirectory: '/registry' });
    expect(config.storage.delete).toEqual({ enabled: true });
    expect(config.auth).toEqual({ htpasswd: { realm: 'dev-registry.example.com', path: '/run/distribution/htpasswd' } });
    expect(config.http).toMatchObject({ addr: ':5000', host: 'https://dev-registry.example.com', debug: { addr: ':5001', prometheus: { enabled: true, path: '/metrics' } } });
  });
});

describe('SelfHostedRegistry in prod', () => {
  let built: ReturnType<typeof build>;
  beforeAll(() => {
    built = build('prod');
  });

  test('a customer-managed key for images, secrets and logs; data retained', () => {
    built.template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    built.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ KMSMasterKeyID: Match.anyValue() }) })] } }),
    });
    const logGroups = built.template.findResources('AWS::Logs::LogGroup');
    for (const id of ['RegistryServiceLogs', 'RegistryFlowLogsGroup']) {
      const [, group] = Object.entries(logGroups).find(([logicalId]) => logicalId.startsWith(id))!;
      expect(group.Properties).toMatchObject({ KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^RegistryKey/), 'Arn'] }, RetentionInDays: 365 });
    }
    built.template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    expect(loadBalancerAttributes(built.template)['deletion_protection.enabled']).toBe('true');
  });

  test('at least two large tasks, autoscaling to six', () => {
    built.template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '1024', Memory: '2048' });
    built.template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 2 });
    built.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 6 });
  });

  test('blob downloads through CloudFront: the middleware signs with the key group\'s key', () => {
    built.template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    const middleware = built.stack.resolve(built.registry.config.toObject().middleware.storage[0]);
    expect(middleware.name).toBe('cloudfront');
    expect(middleware.options).toMatchObject({ privatekey: '/run/distribution/cloudfront.pem', keypairid: { Ref: expect.stringMatching(/PublicKey/) } });
    expect(registryContainer(built.template).Secrets.map((s: any) => s.Name)).toContain('CLOUDFRONT_PRIVATE_KEY');
  });

  test('alarms for 5xx rate, slow responses and unhealthy targets, and a rule for stopped tasks', () => {
    const alarms = Object.entries(built.template.findResources('AWS::CloudWatch::Alarm'))
      .filter(([id]) => id.startsWith('RegistryServiceAlarms')).map(([, a]) => a.Properties);
    expect(alarms.map((a) => a.AlarmDescription).sort()).toEqual([
      'prod-registry.example.com: a registry task fails its health check (503 means storage is unreachable)',
      'prod-registry.example.com: more than 5% of requests fail with 5xx',
      'prod-registry.example.com: p90 response time above 2s (slow pulls)',
    ]);
    expect(alarms.find((a) => a.ExtendedStatistic === 'p90')).toMatchObject({ Threshold: 2, MetricName: 'TargetResponseTime' });
    built.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'detail-type': ['ECS Task State Change'], 'detail': Match.objectLike({ lastStatus: ['STOPPED'] }) }),
    });
    built.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });
});

describe('SelfHostedRegistry options', () => {
  test('mirror mode: proxy settings, no deletes, upstream password as a secret', () => {
    const app = new App();
    const stack = new Stack(app, 'mirror', { env: { region: 'eu-west-1' } });
    const password = Secret.fromSecretNameV2(stack, 'Upstream', 'docker-hub-token');
    const registry = new SelfHostedRegistry(stack, 'Registry', {
      environment: environment('test'),
      hostedZone: HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' }),
      authentication: RegistryAuthentication.htpasswd(['cluster']),
      mirror: { remoteUrl: 'https://registry-1.docker.io', username: 'me', password },
    });
    const config = registry.config.toObject();
    expect(config.proxy).toEqual({ remoteurl: 'https://registry-1.docker.io', username: 'me' });
    expect(config.storage.delete).toEqual({ enabled: false });
    expect(registryContainer(Template.fromStack(stack)).Secrets.map((s: any) => s.Name)).toContain('REGISTRY_PROXY_PASSWORD');
  });

  test('token authentication: the issuer\'s bundle travels as a file, no htpasswd users', () => {
    const { registry, template } = build('test', {
      authentication: RegistryAuthentication.token({ realm: 'https://auth.example.com/token', service: 'test-registry.example.com', issuer: 'sso', rootCertificateBundle: CERT_BUNDLE }),
    });
    expect(registry.config.toObject().auth).toEqual({
      token: { realm: 'https://auth.example.com/token', service: 'test-registry.example.com', issuer: 'sso', rootcertbundle: '/run/distribution/token-issuer.pem' },
    });
    expect(registry.users).toBeUndefined();
    const container = registryContainer(template);
    expect(container.Environment.find((e: any) => e.Name === 'TOKEN_CERT_BUNDLE').Value).toBe(CERT_BUNDLE);
    expect(container.Secrets.map((s: any) => s.Name)).not.toContain('HTPASSWD');
  });

  test('mutual TLS through an ALB trust store', () => {
    const app = new App();
    const stack = new Stack(app, 'mtls', { env: { region: 'eu-west-1' } });
    new SelfHostedRegistry(stack, 'Registry', {
      environment: environment('dev'),
      hostedZone: HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' }),
      authentication: RegistryAuthentication.htpasswd(['ci']),
      clientCertificateAuthorities: { bucket: Bucket.fromBucketName(stack, 'Cas', 'my-cas'), key: 'ca-bundle.pem' },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TrustStore', { CaCertificatesBundleS3Bucket: 'my-cas', CaCertificatesBundleS3Key: 'ca-bundle.pem' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, MutualAuthentication: { Mode: 'verify', TrustStoreArn: Match.anyValue() } });
  });

  test('allowed CIDRs replace the open internet', () => {
    const { template } = build('dev', { allowedIpv4Cidrs: ['203.0.113.0/24'] });
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroup')).flatMap((r) => r.Properties.SecurityGroupIngress ?? []);
    expect(ingress.filter((rule: any) => rule.FromPort === 443).map((rule: any) => rule.CidrIp)).toEqual(['203.0.113.0/24']);
  });
});

test('a CDN name of your own gets TLS 1.2 and the blob cache under the storage root', () => {
  const certificate = Certificate.fromCertificateArn(new Stack(), 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abcd');
  const { template } = build('prod', { cdnDomainName: 'prod-registry-blobs.example.com', cdnCertificate: certificate });
  template.hasResourceProperties('AWS::CloudFront::Distribution', {
    DistributionConfig: Match.objectLike({
      Aliases: ['prod-registry-blobs.example.com'],
      ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
      CacheBehaviors: Match.arrayWith([Match.objectLike({ PathPattern: '/registry/docker/registry/v2/blobs/*' })]),
    }),
  });
});

describe('SelfHostedRegistry rejects bad input', () => {
  test.each<[string, () => unknown, string]>([
    ['no authentication', () => build('dev', { authentication: undefined as never }), 'authentication: expected RegistryAuthentication.htpasswd([...]) or RegistryAuthentication.token({...}), got undefined'],
    ['no users', () => RegistryAuthentication.htpasswd([]), 'authentication.users: expected a list of 1 to 50 user names, got []'],
    ['a token bundle that is not PEM', () => RegistryAuthentication.token({ realm: 'https://a.example.com', service: 's', issuer: 'i', rootCertificateBundle: 'nope' }),
      'authentication.rootCertificateBundle: expected a PEM bundle with at least one certificate, got "<not a PEM bundle>"'],
    ['a bad CIDR', () => build('dev', { allowedIpv4Cidrs: ['10.0.0.0'] }), 'allowedIpv4Cidrs[0]: expected an IPv4 CIDR such as "10.0.0.0/8", got "10.0.0.0"'],
    ['a mirror with a plaintext upstream', () => build('dev', { mirror: { remoteUrl: 'http://registry-1.docker.io' } }), 'mirror.remoteUrl: expected an https:// URL of the upstream registry'],
  ])('%s', (_, make, message) => {
    expect(make).toThrow(RegistryValidationError);
    expect(make).toThrow(message);
  });
});

describe('settings the self-hosted registry cannot enforce', () => {
  const unenforced = (name: string): string[] => Annotations.fromStack(build(name).stack)
    .findWarning('*', Match.stringLikeRegexp('cannot enforce'))
    .map((w) => String(w.entry.data).split(':')[0]);

  test('prod warns about the immutable tags it asks for', () => {
    expect(unenforced('prod')).toEqual(expect.arrayContaining(['imageTagMutability']));
  });

  test('dev, with mutable tags, does not warn about tag immutability', () => {
    expect(unenforced('dev')).not.toContain('imageTagMutability');
  });
});

/*
 * What distribution's S3 driver sends for a storage.s3 section: `getEncryptionMode`
 * in registry/storage/driver/s3-aws/s3.go (2.8.3 and 3.1.1): nothing without
 * `encrypt`, "AES256" with `encrypt` and no `keyid`, "aws:kms" with both.
 */
function encryptionHeaderSent(s3: { encrypt?: boolean; keyid?: unknown }): string | undefined {
  if (!s3.encrypt) {
    return undefined;
  }
  return s3.keyid === undefined ? 'AES256' : 'aws:kms';
}

/** What S3 does with a PutObject carrying `header` into the images bucket: the algorithm stored, or "denied". */
function s3Outcome(template: Template, header: string | undefined): string {
  const [[id, bucket]] = Object.entries(template.findResources('AWS::S3::Bucket')).filter(([logicalId]) => logicalId.startsWith('RegistryStorageImages'));
  const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === id)!;
  const denied = policy.Properties.PolicyDocument.Statement.some((st: any) => st.Effect === 'Deny' && [st.Action].flat().includes('s3:PutObject')
    && st.Condition?.StringEquals?.['s3:x-amz-server-side-encryption'] === header);
  if (denied) {
    return 'denied';
  }
  return header ?? bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm;
}

describe('the registry\'s encryption agrees with its bucket', () => {
  test.each(['dev', 'prod'])('%s: the registry sends no encryption header, so the bucket\'s SSE-KMS default (with a bucket key) applies', (name) => {
    const { registry, stack, template } = build(name);
    const s3 = stack.resolve(registry.config.toObject().storage.s3);
    expect(s3.keyid).toBeUndefined();
    expect(s3Outcome(template, encryptionHeaderSent(s3))).toBe('aws:kms');
    const [images] = Object.entries(template.findResources('AWS::S3::Bucket')).filter(([id]) => id.startsWith('RegistryStorageImages'));
    const rule = images[1].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(rule.BucketKeyEnabled).toBe(true);
    // prod: the registry's own key; dev: the AWS managed key aws/s3 (no key id).
    expect(rule.ServerSideEncryptionByDefault.KMSMasterKeyID === undefined).toBe(name === 'dev');
  });

  test('what distribution sends for `encrypt: true` without `keyid` (SSE-S3) is refused by the bucket', () => {
    expect(s3Outcome(build('dev').template, encryptionHeaderSent({ encrypt: true }))).toBe('denied');
  });
});

describe('versioning keeps deleted objects briefly and drops expired delete markers', () => {
  const rulesOf = (template: Template) => Object.entries(template.findResources('AWS::S3::Bucket'))
    .find(([id]) => id.startsWith('RegistryStorageImages'))![1].Properties.LifecycleConfiguration.Rules;

  test.each<[string, number]>([['dev', 1], ['prod', 7]])('%s: non-current versions expire after %d day(s)', (name, days) => {
    expect(rulesOf(build(name).template)).toEqual([expect.objectContaining({
      Status: 'Enabled',
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      NoncurrentVersionExpiration: { NoncurrentDays: days },
      ExpiredObjectDeleteMarker: true,
    })]);
  });
});

describe('SelfHostedRegistry options (network and image)', () => {
  test('a Prometheus security group, and only it, reaches the debug port', () => {
    const app = new App();
    const stack = new Stack(app, 'metrics', { env: { account: '111111111111', region: 'eu-west-1' } });
    const prometheus = SecurityGroup.fromSecurityGroupId(stack, 'Prometheus', 'sg-0123456789abcdef0');
    new SelfHostedRegistry(stack, 'Registry', {
      environment: environment('dev'),
      hostedZone: HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' }),
      authentication: RegistryAuthentication.htpasswd(['ci']),
      prometheusSecurityGroup: prometheus,
    });
    const debug = ingressRules(Template.fromStack(stack)).filter((rule: any) => rule.FromPort === 5001);
    expect(debug).toEqual([expect.objectContaining({ SourceSecurityGroupId: 'sg-0123456789abcdef0', ToPort: 5001, IpProtocol: 'tcp' })]);
  });

  test('the official image pinned by digest', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const { template } = build('dev', { imageDigest: digest });
    expect(registryContainer(template).Image).toBe(`public.ecr.aws/docker/library/registry@${digest}`);
  });
});

describe('stack outputs', () => {
  /** Every output of the template, by logical id: description and value. */
  const outputsOf = (template: Template) => template.findOutputs('*') as { [id: string]: { Description: string; Value: unknown } };
  /** The logical ids of the password secrets, by user name (from their descriptions). */
  const passwordSecrets = (template: Template): { [user: string]: string } => Object.fromEntries(
    Object.entries(template.findResources('AWS::SecretsManager::Secret'))
      .map(([id, secret]) => [/^Password of registry user "(.+)" of /.exec(secret.Properties.Description)?.[1], id])
      .filter(([user]) => user !== undefined));

  test('by default: the URL and, per htpasswd user, the ARN of its password secret', () => {
    const { template } = build('test', { authentication: RegistryAuthentication.htpasswd(['ci', 'deploy']) });
    const secrets = passwordSecrets(template);
    expect(Object.keys(secrets).sort()).toEqual(['ci', 'deploy']);
    expect(Object.values(outputsOf(template)).sort((a, b) => a.Description.localeCompare(b.Description))).toEqual([
      { Description: 'Registry test-registry.example.com', Value: 'https://test-registry.example.com' },
      { Description: 'Secret {"username","password"} of registry user "ci" of test-registry.example.com', Value: { Ref: secrets.ci } },
      { Description: 'Secret {"username","password"} of registry user "deploy" of test-registry.example.com', Value: { Ref: secrets.deploy } },
    ]);
  });

  test('a password secret output is the secret\'s ARN, never its value', () => {
    const { template } = build('dev');
    const secret = passwordSecrets(template).ci;
    // A secret's Ref is its ARN; its value would take a dynamic reference or GetAtt.
    expect(template.findResources('AWS::SecretsManager::Secret')[secret].Properties.GenerateSecretString).toBeDefined();
    const text = JSON.stringify(outputsOf(template));
    expect(text).not.toMatch(/resolve:secretsmanager|SecretString|Fn::GetAtt/);
    expect(text).toContain(JSON.stringify({ Ref: secret }));
  });

  test('with the CDN on: its CloudFront domain name', () => {
    const certificate = Certificate.fromCertificateArn(new Stack(), 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abcd');
    const { template } = build('prod', { cdnDomainName: 'prod-registry-blobs.example.com', cdnCertificate: certificate });
    const [distribution] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
    expect(Object.values(outputsOf(template)).filter((o) => o.Description.startsWith('CloudFront'))).toEqual([{
      Description: 'CloudFront domain of the blob downloads of prod-registry.example.com: point prod-registry-blobs.example.com at it',
      Value: { 'Fn::GetAtt': [distribution, 'DomainName'] },
    }]);
  });

  test('token authentication has no users, so no secret outputs', () => {
    const { template } = build('dev', {
      authentication: RegistryAuthentication.token({ realm: 'https://auth.example.com/token', service: 'dev-registry.example.com', issuer: 'sso', rootCertificateBundle: CERT_BUNDLE }),
    });
    expect(Object.values(outputsOf(template)).map((o) => o.Description)).toEqual(['Registry dev-registry.example.com']);
  });

  test('outputs: false adds none', () => {
    expect(outputsOf(build('prod', { outputs: false }).template)).toEqual({});
  });

  test('outputs must be a boolean', () => {
    expect(() => build('dev', { outputs: 'yes' as never })).toThrow(RegistryValidationError);
    expect(() => build('dev', { outputs: 'yes' as never })).toThrow(/^outputs: expected /);
  });
});
