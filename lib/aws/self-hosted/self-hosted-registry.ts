import { CfnOutput, Duration, Stack, Token } from 'aws-cdk-lib';
import { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { ContainerImage, FargateService, FargateTaskDefinition, Secret as EcsSecret } from 'aws-cdk-lib/aws-ecs';
import { ApplicationLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { IHostedZone } from 'aws-cdk-lib/aws-route53';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DistributionConfig } from '../../core/distribution/config';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { EncryptionKeyKind } from '../../core/profiles';
import {
  assertKnownKeys, assertOptionalBoolean, assertOptionalResource, assertOptionalString, assertPlainObject,
} from '../../core/type-checks';
import { newRegistryKey } from '../ecr/registry-key';
import { HtpasswdUsers } from './htpasswd-users';
import { assertRegistryBasics, RegistryAuthentication } from './registry-authentication';
import { RegistryBucket, registryS3Storage } from './registry-bucket';
import { RegistryCdn } from './registry-cdn';
import { allowLogsToUseKey } from './registry-log-group';
import { checkAvailabilityZones, newRegistryVpc } from './registry-network';
import { RegistryGarbageCollection } from './garbage-collection';
import { assertCustomDomain } from './cdn/validate';
import { DeployStep, joinDeployment } from './deploy-order';
import { claimName, NameScope } from './name-claims';
import { CLOUDFRONT_KEY_PATH, CONFIG_PATH, STORAGE_ROOT } from './registry-runtime';
import { newAlarmTopic, newHttpSecret, RegistryWiring, registryHttpConfig, registryLogConfig } from './registry-wiring';
import { ClientCertificateAuthorities, registryImage, RegistryService, REQUEST_DRAIN_TIME } from './registry-service';
import { warnUnenforcedSettings } from '../capability-warnings';
import { warnUnknownRegions } from '../region-warnings';
import { tagWithEnvironment } from '../tags';
import { acknowledgeServiceFindings, acknowledgeStorageFindings } from './self-hosted-findings';
import { selfHostedCapabilities } from './self-hosted-capabilities';
import { checkServiceProps, checkStackRegion } from './self-hosted-props';

/** A pull-through mirror of an upstream registry (`registry-mirrors`). */
export interface RegistryMirrorOptions {
  /** https:// URL of the upstream, e.g. `https://registry-1.docker.io`. */
  readonly remoteUrl: string;
  /**
   * The user name to log in to the upstream with.
   *
   * @default - anonymous upstream pulls
   */
  readonly username?: string;
  /**
   * Secret holding the upstream password or token (the whole secret string).
   *
   * @default - anonymous upstream pulls
   */
  readonly password?: ISecret;
}

/** When and how garbage collection runs. */
export interface GarbageCollectionOptions {
  /**
   * The maintenance window.
   *
   * @default - weekly, Sunday 03:00 UTC
   */
  readonly schedule?: ScheduleExpression;
  /**
   * Only report what would be deleted. A real run first switches every
   * task to read-only (distribution's garbage collection is stop-the-world),
   * so pushes fail during the window; it then enforces the profile's
   * `maxImageCount` and `untaggedImageRetentionDays` and collects garbage.
   * A dry run enforces neither (both warn at synthesis).
   *
   * @default true
   */
  readonly dryRun?: boolean;
  /**
   * Also delete every untagged manifest at each window (`--delete-untagged`),
   * however recently it was pushed. Without it, the window deletes untagged
   * manifests once they are older than the profile's
   * `untaggedImageRetentionDays`; with it, that setting warns as not enforced.
   *
   * @default false
   */
  readonly deleteUntagged?: boolean;
  /**
   * Whether the schedule is active.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/** Properties of a `SelfHostedRegistry`. */
export interface SelfHostedRegistryProps {
  /** The environment's registry declaration. */
  readonly environment: RegistryEnvironment;

  /**
   * The public hosted zone of the declaration's domain: the certificate is
   * validated there and `<env>-<service>.<domain>` is created there. Use
   * `HostedZone.fromHostedZoneAttributes` (no lookup needed).
   */
  readonly hostedZone: IHostedZone;

  /**
   * How clients authenticate.
   *
   * @default RegistryAuthentication.htpasswd(['admin'])... is not a default:
   * the property is required, so that nobody deploys an open registry by accident
   */
  readonly authentication: RegistryAuthentication;

  /**
   * The VPC the registry tasks and load balancer run in.
   *
   * @default - a new VPC over two availability zones with private subnets,
   * NAT (one gateway, two in prod-sized profiles), an S3 gateway endpoint
   * and flow logs
   */
  readonly vpc?: IVpc;

  /**
   * The availability zones of the VPC the registry creates, by name (e.g.
   * `['eu-west-1a', 'eu-west-1b']`): at least two, all in the stack's
   * region. In the oldest regions a zone name maps to a different physical
   * zone in each account, so only you can choose them; pinning them also
   * keeps the subnets where they are should `Fn::GetAZs` list the zones in
   * another order (its order is not guaranteed). Not with `vpc`.
   *
   * @default - the first two of the stack's own zones where they need no
   * lookup: a stack (class or object) that overrides `availabilityZones`,
   * the availability-zone lookup cached in the app's context
   * (`cdk.context.json`) for a stack with an account, the app's fallback
   * zones for one without; otherwise the first two that CloudFormation's
   * `Fn::GetAZs` lists at deploy time (a warning in a profile that retains
   * data). Synthesis never needs a lookup, nor credentials.
   */
  readonly availabilityZones?: string[];

  /**
   * The registry image, when it is not the official one (a mirror of it in
   * your own ECR, for example).
   *
   * @default - `DEFAULT_REGISTRY_IMAGE` (distribution 3.1.1), or the official
   * image pinned by `imageDigest`
   */
  readonly image?: ContainerImage;

  /**
   * Pin the official registry image (`public.ecr.aws/docker/library/registry`)
   * by digest, e.g. `sha256:...` as `skopeo inspect` reports it, so that a
   * re-pushed tag cannot change what runs. Not together with `image`.
   *
   * @default - the `3.1.1` tag
   */
  readonly imageDigest?: string;

  /**
   * The security group of the Prometheus servers that scrape the registry's
   * metrics (port 5001). That port also serves pprof and a health-down
   * endpoint, so nothing else may reach it.
   *
   * @default - no access to port 5001
   */
  readonly prometheusSecurityGroup?: ISecurityGroup;

  /**
   * Run as a pull-through mirror of an upstream registry instead of a
   * registry you push to.
   *
   * @default - a normal registry
   */
  readonly mirror?: RegistryMirrorOptions;

  /**
   * Front blob downloads with CloudFront (signed URLs through the
   * registry's `cloudfront` middleware). Needs a customer-managed key for
   * the images (the profile's `encryptionKey`), since CloudFront can only
   * decrypt with a key whose policy lets it.
   *
   * @default - the profile's `cdnEnabled` (prod)
   */
  readonly cdn?: boolean;

  /**
   * A host name of yours for the CDN (e.g. `prod-registry-blobs.example.com`),
   * with `cdnCertificate`. Only with a certificate of yours can CloudFront
   * require TLS 1.2; the `*.cloudfront.net` certificate allows TLS 1.0.
   * Only with the CDN on.
   *
   * @default - the distribution's `*.cloudfront.net` name
   */
  readonly cdnDomainName?: string;

  /**
   * An ACM certificate in us-east-1 for `cdnDomainName`.
   *
   * @default - the `*.cloudfront.net` certificate
   */
  readonly cdnCertificate?: ICertificate;

  /**
   * Require client certificates signed by a CA in this bundle (ALB mutual
   * TLS, the equivalent of nginx's `ssl_verify_client on`).
   *
   * @default - no client certificates
   */
  readonly clientCertificateAuthorities?: ClientCertificateAuthorities;

  /**
   * IPv4 ranges allowed to reach the registry.
   *
   * @default ['0.0.0.0/0']
   */
  readonly allowedIpv4Cidrs?: string[];

  /**
   * Where alarms go. Only when the profile enables alarms.
   *
   * @default - a new KMS-encrypted topic, when the profile enables alarms
   */
  readonly alarmTopic?: ITopic;

  /**
   * Scheduled garbage collection. Not available in mirror mode (a mirror
   * manages its own content).
   *
   * @default - a weekly dry run
   */
  readonly garbageCollection?: GarbageCollectionOptions;

  /**
   * Whether to add stack outputs: the registry's URL, the CloudFront domain
   * name of the CDN (with the CDN on), and, with htpasswd authentication,
   * the ARN of each user's password secret. Outputs carry ARNs and names,
   * never a password.
   *
   * @default true
   */
  readonly outputs?: boolean;
}


/**
 * One environment's self-hosted registry: the CNCF distribution registry on
 * ECS Fargate, images in S3 (through the task role, no static keys), behind
 * an HTTPS-only load balancer at `<env>-<service>.<domain>`, with an ACM
 * certificate validated in Route 53, optional CloudFront for blob
 * downloads, and alarms.
 */
export class SelfHostedRegistry extends Construct {
  /** The environment this registry serves. */
  public readonly environment: RegistryEnvironment;
  /** The registry's address, `https://<env>-<service>.<domain>`. */
  public readonly url: string;
  /** The S3 bucket that holds the images (versioned, KMS-encrypted, TLS-only). */
  public readonly bucket: IBucket;
  /** The customer-managed key, when the profile asks for one. */
  public readonly encryptionKey?: IKey;
  /** The service, load balancer and alarms. */
  public readonly running: RegistryService;
  /** The Fargate service that runs the registry tasks (also `running.service`). */
  public readonly service: FargateService;
  /** The task definition of the registry. */
  public readonly taskDefinition: FargateTaskDefinition;
  /** The HTTPS-only load balancer that `url` points at (also `running.loadBalancer`). */
  public readonly loadBalancer: ApplicationLoadBalancer;
  /** The configuration the registry runs with (also run by the integration tests). */
  public readonly config: DistributionConfig;
  /** The shared `http.secret` of all tasks. */
  public readonly httpSecret: ISecret;
  /** The htpasswd users, with htpasswd authentication. */
  public readonly users?: HtpasswdUsers;
  /** The CDN, when enabled. */
  public readonly cdn?: RegistryCdn;
  /** The alarm topic, when alarms are enabled. */
  public readonly alarmTopic?: ITopic;
  /** Scheduled garbage collection (not in mirror mode). */
  public readonly garbageCollection?: RegistryGarbageCollection;
  private readonly logGroups: LogGroup[] = [];

  constructor(scope: Construct, id: string, props: SelfHostedRegistryProps) {
    super(scope, id);
    assertPlainObject('props', props, 'an object with environment, hostedZone and authentication');
    assertKnownKeys('', props as unknown as Record<string, unknown>, PRIMARY_PROPS);
    assertRegistryBasics(props, 'RegistryAuthentication.htpasswd([...]) or RegistryAuthentication.token({...})');
    const environment = props.environment;
    const settings = environment.settings;
    checkStackRegion(this, environment);
    checkServiceProps(props, environment);
    const availabilityZones = checkAvailabilityZones(this, props.availabilityZones, props.vpc);
    const mirror = checkMirror(props.mirror);
    const cdnEnabled = checkCdn(props, environment);
    checkGarbageCollection(props.garbageCollection, mirror !== undefined);
    assertOptionalBoolean('outputs', props.outputs);
    const image = registryImage(props.image, props.imageDigest);
    claimName(this, { kind: 'host name', name: environment.hostname, scope: NameScope.GLOBAL }, 'environment', environment.hostname);
    if (cdnEnabled && props.cdnDomainName !== undefined && !Token.isUnresolved(props.cdnDomainName)) {
      claimName(this, { kind: 'host name', name: props.cdnDomainName, scope: NameScope.GLOBAL }, 'cdnDomainName', props.cdnDomainName);
    }

    this.environment = environment;
    this.url = `https://${environment.hostname}`;
    const stack = Stack.of(this);

    this.encryptionKey = settings.encryptionKey === EncryptionKeyKind.CUSTOMER_MANAGED
      ? newRegistryKey(this, 'Key', environment, 'images and secrets')
      : undefined;
    if (this.encryptionKey) {
      allowLogsToUseKey(this.encryptionKey);
    }
    const replicaRegions = environment.activeReplicaRegions;
    const storage = new RegistryBucket(this, 'Storage', { environment, encryptionKey: this.encryptionKey, replicaRegions });
    this.bucket = storage.bucket;

    let vpc = props.vpc;
    if (!vpc) {
      const network = newRegistryVpc(this, environment, this.encryptionKey, availabilityZones);
      vpc = network.vpc;
      this.logGroups.push(network.flowLogs);
    }

    // --- What the container receives ---------------------------------
    const wiring = new RegistryWiring();
    this.httpSecret = newHttpSecret(this, environment, environment.hostname, wiring, this.encryptionKey);
    const auth = props.authentication;
    if (auth.users) {
      this.users = new HtpasswdUsers(this, 'Users', { environment, users: auth.users, encryptionKey: this.encryptionKey, vpc, replicaRegions });
      // ECS reads secrets only when a task starts: a new htpasswd version
      // changes the task definition, which rolls the tasks.
      wiring.environmentVariables.HTPASSWD_VERSION = this.users.htpasswdVersionId;
    }
    const authConfig = wiring.addAuthentication(auth, environment.hostname, this.users?.htpasswdSecret);

    if (mirror?.password) {
      wiring.secrets.REGISTRY_PROXY_PASSWORD = EcsSecret.fromSecretsManager(mirror.password);
    }

    if (cdnEnabled) {
      this.cdn = new RegistryCdn(this, 'Cdn', {
        environment,
        bucket: this.bucket,
        encryptionKey: this.encryptionKey,
        rootDirectory: STORAGE_ROOT,
        domainName: props.cdnDomainName,
        certificate: props.cdnCertificate,
      });
      wiring.addSecretFile('CLOUDFRONT_PRIVATE_KEY', CLOUDFRONT_KEY_PATH, this.cdn.privateKeySecret);
    }

    this.config = new DistributionConfig({
      storage: {
        s3: registryS3Storage(this.bucket, stack.region),
        // A mirror manages its own content; a registry you push to needs
        // deletes for garbage collection.
        deleteEnabled: mirror ? false : true,
        uploadPurging: { age: '168h', interval: '24h' },
      },
      auth: authConfig,
      http: registryHttpConfig(this.url),
      log: registryLogConfig(environment),
      cloudFront: this.cdn ? { ...this.cdn.middlewareOptions(), privateKeyPath: CLOUDFRONT_KEY_PATH } : undefined,
      proxy: mirror
        ? { remoteUrl: mirror.remoteUrl, username: mirror.username, passwordFromEnvironment: mirror.password ? true : undefined }
        : undefined,
      replicas: settings.maxInstances,
    });

    // --- Service, load balancer, DNS, alarms -----------------------
    if (settings.alarmsEnabled) {
      this.alarmTopic = props.alarmTopic ?? newAlarmTopic(this, environment, environment.hostname);
    }
    this.running = new RegistryService(this, 'Service', {
      environment,
      hostname: environment.hostname,
      // Replicas live below the primary name (`<region>.<hostname>`).
      subjectAlternativeNames: [`*.${environment.hostname}`],
      certificateFallbackNames: [environment.address.domain],
      hostedZone: props.hostedZone,
      vpc,
      config: this.config,
      files: wiring.files,
      secrets: wiring.secrets,
      environmentVariables: wiring.environmentVariables,
      bucket: this.bucket,
      encryptionKey: this.encryptionKey,
      accessLogsBucket: storage.accessLogsBucket,
      image,
      allowedIpv4Cidrs: props.allowedIpv4Cidrs,
      clientCertificateAuthorities: props.clientCertificateAuthorities,
      alarmTopic: this.alarmTopic,
      prometheusSecurityGroup: props.prometheusSecurityGroup,
    });
    this.service = this.running.service;
    this.taskDefinition = this.running.taskDefinition;
    this.loadBalancer = this.running.loadBalancer;
    this.logGroups.push(this.running.logGroup);

    if (!mirror) {
      const gc = props.garbageCollection ?? {};
      const flags = gc.deleteUntagged ? ['--delete-untagged'] : [];
      this.garbageCollection = new RegistryGarbageCollection(this, 'GarbageCollection', {
        environment,
        service: this.service,
        // The registry's own task, with the command replaced: same image,
        // configuration, secrets and storage access.
        taskDefinition: this.taskDefinition,
        containerName: this.running.container.containerName,
        configPath: CONFIG_PATH,
        command: this.running.startupCommand(['garbage-collect', ...flags, CONFIG_PATH]),
        dryRunCommand: this.running.startupCommand(['garbage-collect', '--dry-run', ...flags, CONFIG_PATH]),
        securityGroups: [this.running.serviceSecurityGroup],
        schedule: gc.schedule,
        dryRun: gc.dryRun,
        deleteUntagged: gc.deleteUntagged,
        enabled: gc.enabled,
        alarmTopic: this.alarmTopic,
        // A rollout drains every old task for up to REQUEST_DRAIN_TIME.
        maxWaitForReadOnly: REQUEST_DRAIN_TIME.plus(Duration.minutes(15)),
        // Retention (maxImageCount, untaggedImageRetentionDays) is enforced in the window.
        storage: { bucket: this.bucket, rootDirectory: STORAGE_ROOT, encryptionKey: this.encryptionKey },
      });
      this.garbageCollection.addReadOnlySwitch(this.running.container);
    }

    if (props.outputs ?? true) {
      this.addOutputs(props.cdnDomainName);
    }
    joinDeployment({
      step: DeployStep.PRIMARY, hostname: environment.hostname, region: stack.region, construct: this, htpasswdUsers: auth.users,
    });
    acknowledgeStorageFindings(environment, storage);
    acknowledgeServiceFindings({
      environment, running: this.running, httpSecret: this.httpSecret, imageBucket: this.bucket, writesImages: true, logGroups: this.logGroups,
    });
    warnUnenforcedSettings(this, environment, selfHostedCapabilities(this.garbageCollection));
    warnUnknownRegions(this, environment);
    tagWithEnvironment(this, environment);
  }

  /** What clients and operators need to find the registry: no output holds a secret value. */
  private addOutputs(cdnDomainName: string | undefined): void {
    const hostname = this.environment.hostname;
    new CfnOutput(this, 'Url', { description: `Registry ${hostname}`, value: this.url });
    if (this.cdn) {
      // With a name of your own, its DNS record (yours to create) points here.
      new CfnOutput(this, 'CdnDomainName', {
        description: cdnDomainName
          ? `CloudFront domain of the blob downloads of ${hostname}: point ${cdnDomainName} at it`
          : `CloudFront domain of the blob downloads of ${hostname}`,
        value: this.cdn.distribution.distributionDomainName,
      });
    }
    for (const user of this.users?.users ?? []) {
      // The secret's ARN (its Ref), not its value: reading the password takes secretsmanager:GetSecretValue.
      new CfnOutput(this, `PasswordSecretArn-${user}`, {
        description: `Secret {"username","password"} of registry user "${user}" of ${hostname}`,
        value: this.users!.passwordSecret(user).secretArn,
      });
    }
  }
}

/** Every property of `SelfHostedRegistryProps`, to refuse misspelt ones. */
const PRIMARY_PROPS = [
  'environment', 'hostedZone', 'authentication', 'vpc', 'availabilityZones', 'image', 'imageDigest', 'prometheusSecurityGroup', 'mirror', 'cdn',
  'cdnDomainName', 'cdnCertificate', 'clientCertificateAuthorities', 'allowedIpv4Cidrs', 'alarmTopic', 'garbageCollection', 'outputs',
];

function checkMirror(mirror: unknown): RegistryMirrorOptions | undefined {
  if (mirror === undefined) {
    return undefined;
  }
  assertPlainObject('mirror', mirror, 'an object { remoteUrl, username?, password? }');
  assertKnownKeys('mirror', mirror, ['remoteUrl', 'username', 'password']);
  const options = mirror as unknown as RegistryMirrorOptions;
  if (typeof options.remoteUrl !== 'string' || !options.remoteUrl.startsWith('https://')) {
    throw invalid('mirror.remoteUrl', options.remoteUrl, 'an https:// URL of the upstream registry, e.g. "https://registry-1.docker.io"');
  }
  assertOptionalString('mirror.username', options.username);
  assertOptionalResource('mirror.password', options.password, 'secretArn', 'an ISecret holding the upstream password or token');
  if ((options.username === undefined) !== (options.password === undefined)) {
    throw invalid(options.username === undefined ? 'mirror.username' : 'mirror.password', undefined,
      'mirror.username and mirror.password together (upstream credentials), or neither (anonymous upstream pulls)');
  }
  return options;
}

/** Whether the CDN is on; refuses CDN options without a CDN, and a CDN that could not read the images. */
function checkCdn(props: SelfHostedRegistryProps, environment: RegistryEnvironment): boolean {
  assertOptionalBoolean('cdn', props.cdn);
  const enabled = props.cdn ?? environment.settings.cdnEnabled;
  if (!enabled) {
    for (const option of ['cdnDomainName', 'cdnCertificate'] as const) {
      if (props[option] !== undefined) {
        throw invalid(option, option === 'cdnCertificate' ? props.cdnCertificate?.certificateArn : props.cdnDomainName,
          `no ${option} while the CDN is off (cdn: true, or overrides: { cdnEnabled: true }, turns it on)`);
      }
    }
    return false;
  }
  assertCustomDomain(props.cdnDomainName, props.cdnCertificate, { domainName: 'cdnDomainName', certificate: 'cdnCertificate' });
  if (environment.settings.encryptionKey !== EncryptionKeyKind.CUSTOMER_MANAGED) {
    // CloudFront's origin access control decrypts SSE-KMS objects only with
    // kms:Decrypt granted in the key policy, and the key policy of an AWS
    // managed key (aws/s3) cannot be changed
    // (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying.html).
    throw invalid(props.cdn !== undefined ? 'cdn' : 'overrides.cdnEnabled', true,
      `a customer-managed key for the images when the CDN is on (overrides: { encryptionKey: EncryptionKeyKind.CUSTOMER_MANAGED }); `
      + `the ${environment.profile.name} profile uses the AWS managed key aws/s3, whose key policy cannot let CloudFront decrypt`);
  }
  return true;
}

function checkGarbageCollection(options: unknown, mirror: boolean): void {
  if (options === undefined) {
    return;
  }
  if (mirror) {
    throw invalid('garbageCollection', options, 'no garbage collection in mirror mode (a pull-through cache manages its own content)');
  }
  assertPlainObject('garbageCollection', options, 'an object { schedule?, dryRun?, deleteUntagged?, enabled? }');
  assertKnownKeys('garbageCollection', options, ['schedule', 'dryRun', 'deleteUntagged', 'enabled']);
  if (options.schedule !== undefined && !(options.schedule instanceof ScheduleExpression)) {
    throw invalid('garbageCollection.schedule', options.schedule, 'a ScheduleExpression, e.g. ScheduleExpression.cron({ weekDay: \'SUN\', hour: \'3\', minute: \'0\' })');
  }
  for (const flag of ['dryRun', 'deleteUntagged', 'enabled']) {
    assertOptionalBoolean(`garbageCollection.${flag}`, options[flag]);
  }
}
