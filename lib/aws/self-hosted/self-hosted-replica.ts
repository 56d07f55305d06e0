import { CfnOutput, Stack } from 'aws-cdk-lib';
import { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { IHostedZone } from 'aws-cdk-lib/aws-route53';
import { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DistributionConfig } from '../../core/distribution/config';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { EncryptionKeyKind } from '../../core/profiles';
import { assertKnownKeys, assertOptionalBoolean, assertPlainObject } from '../../core/type-checks';
import { newRegistryKey } from '../ecr/registry-key';
import { tagWithEnvironment } from '../tags';
import { DeployStep, joinDeployment } from './deploy-order';
import { htpasswdFingerprint } from './htpasswd-users';
import { claimName, NameScope } from './name-claims';
import { assertRegistryBasics, RegistryAuthentication } from './registry-authentication';
import { newAccessLogsBucket, registryS3Storage } from './registry-bucket';
import { allowLogsToUseKey } from './registry-log-group';
import { checkAvailabilityZones, newRegistryVpc } from './registry-network';
import { ClientCertificateAuthorities, registryImage, RegistryService } from './registry-service';
import { newAlarmTopic, newHttpSecret, RegistryWiring, registryHttpConfig, registryLogConfig } from './registry-wiring';
import { htpasswdSecretName, replicaBucketName } from './replica-names';
import { acknowledgeAccessLogBucketFindings, acknowledgeServiceFindings } from './self-hosted-findings';
import { checkServiceProps } from './self-hosted-props';
import { assertReplicaRegion, SelfHostedReplicaStorage } from './self-hosted-replica-storage';
import { StorageAccess } from './storage-access';

/** Properties of a `SelfHostedRegistryReplica`. */
export interface SelfHostedRegistryReplicaProps {
  /**
   * The environment's registry declaration. The stack's region must be one
   * of its replica regions, and its profile must replicate.
   */
  readonly environment: RegistryEnvironment;

  /**
   * The replica's storage in this region, in a stack deployed before the
   * primary (and so before this replica's stack, with htpasswd
   * authentication).
   */
  readonly storage: SelfHostedReplicaStorage;

  /** The public hosted zone of the declaration's domain (or of a parent domain). */
  readonly hostedZone: IHostedZone;

  /**
   * The primary's authentication, so that the same credentials work here.
   * With htpasswd, the file comes from the primary's secret, which Secrets
   * Manager replicates to this region: deploy this replica after the primary.
   */
  readonly authentication: RegistryAuthentication;

  /**
   * The VPC the replica's tasks and load balancer run in.
   *
   * @default - a new VPC like the primary's
   */
  readonly vpc?: IVpc;

  /**
   * The availability zones of the VPC the replica creates, by name: at
   * least two, all in the stack's region. Not with `vpc`. See
   * `SelfHostedRegistryProps.availabilityZones`.
   *
   * @default - as for the primary: the first two of the stack's own zones
   * (override, cached lookup or fallback context) where they need no lookup,
   * otherwise the first two that `Fn::GetAZs` lists
   */
  readonly availabilityZones?: string[];

  /**
   * The registry image; use the primary's, so that both run the same release.
   *
   * @default - the primary's default image (distribution 3.1.1), or the official image pinned by `imageDigest`
   */
  readonly image?: ContainerImage;

  /**
   * Pin the official registry image by digest (`sha256:...`). Not together with `image`.
   *
   * @default - the `3.1.1` tag
   */
  readonly imageDigest?: string;

  /**
   * IPv4 ranges allowed to reach the replica.
   *
   * @default ['0.0.0.0/0']
   */
  readonly allowedIpv4Cidrs?: string[];

  /**
   * Require client certificates signed by a CA in this bundle (ALB mutual TLS).
   *
   * @default - no client certificates
   */
  readonly clientCertificateAuthorities?: ClientCertificateAuthorities;

  /**
   * Where alarms go. Only when the profile enables alarms.
   *
   * @default - a new KMS-encrypted topic, when the profile enables alarms
   */
  readonly alarmTopic?: ITopic;

  /**
   * The security group of the Prometheus servers that scrape the replica's
   * metrics (port 5001, which also serves pprof and a health-down endpoint).
   *
   * @default - no access to port 5001
   */
  readonly prometheusSecurityGroup?: ISecurityGroup;

  /**
   * Whether to add a stack output with the replica's URL. (The users'
   * password secrets live in the primary's region; the primary outputs
   * their ARNs.)
   *
   * @default true
   */
  readonly outputs?: boolean;
}

const REPLICA_PROPS = [
  'environment', 'storage', 'hostedZone', 'authentication', 'vpc', 'availabilityZones', 'image', 'imageDigest', 'allowedIpv4Cidrs',
  'clientCertificateAuthorities', 'alarmTopic', 'prometheusSecurityGroup', 'outputs',
];

/**
 * A read-only copy of an environment's self-hosted registry in a replica
 * region, at `<region>.<env>-<service>.<domain>`: it serves pulls from the
 * bucket of a `SelfHostedReplicaStorage`, which S3 replication fills from
 * the primary's, and refuses pushes (distribution's read-only mode; its
 * task role may only read). Pushes go to the primary.
 *
 * Deploy order: the storage stack, then the primary, then this replica
 * (its tasks read the htpasswd secret that the primary creates and Secrets
 * Manager copies here). Replication is asynchronous, so a tag pushed to the
 * primary shows up here after S3 has copied its blobs (usually seconds,
 * longer for big layers).
 */
export class SelfHostedRegistryReplica extends Construct {
  /** The replica's address, `https://<region>.<env>-<service>.<domain>`. */
  public readonly url: string;
  /** The replica's image bucket (S3 replication's destination). */
  public readonly bucket: IBucket;
  /** The configuration this replica runs with. */
  public readonly config: DistributionConfig;
  /** The service, load balancer and alarms. */
  public readonly running: RegistryService;
  /** The shared `http.secret` of this replica's tasks. */
  public readonly httpSecret: ISecret;
  /** The customer-managed key of this replica's secrets, logs and alarms, when the profile asks for one. */
  public readonly encryptionKey?: IKey;
  /** The alarm topic, when alarms are enabled. */
  public readonly alarmTopic?: ITopic;

  constructor(scope: Construct, id: string, props: SelfHostedRegistryReplicaProps) {
    super(scope, id);
    assertPlainObject('props', props, 'an object with environment, storage, hostedZone and authentication');
    assertKnownKeys('', props as unknown as Record<string, unknown>, REPLICA_PROPS);
    assertRegistryBasics(props, 'the primary\'s RegistryAuthentication');
    const environment = assertReplicaRegion(this, props.environment);
    const stack = Stack.of(this);
    const region = stack.region;
    checkServiceProps(props, environment);
    assertOptionalBoolean('outputs', props.outputs);
    const availabilityZones = checkAvailabilityZones(this, props.availabilityZones, props.vpc);
    const storage = checkStorage(this, props.storage, environment, props.authentication);
    const image = registryImage(props.image, props.imageDigest);
    const hostname = environment.replicaHostname(region);
    claimName(this, { kind: 'host name', name: hostname, scope: NameScope.GLOBAL }, 'environment', environment.hostname);
    this.url = `https://${hostname}`;
    // By name, as the primary's replication rule names it: a plain ARN in
    // the task's policy and a plain name in its configuration.
    this.bucket = Bucket.fromBucketName(this, 'Images', replicaBucketName(this, environment, region));
    const logGroups: LogGroup[] = [];

    // Secrets, logs and alarms get a key of this stack: the storage's key
    // lives in the storage stack, deployed earlier, whose key policy must
    // not depend on anything here.
    this.encryptionKey = environment.settings.encryptionKey === EncryptionKeyKind.CUSTOMER_MANAGED
      ? newRegistryKey(this, 'Key', environment, `replica secrets and logs in ${region}`)
      : undefined;
    if (this.encryptionKey) {
      allowLogsToUseKey(this.encryptionKey);
    }
    let vpc = props.vpc;
    if (!vpc) {
      const network = newRegistryVpc(this, environment, this.encryptionKey, availabilityZones);
      vpc = network.vpc;
      logGroups.push(network.flowLogs);
    }
    const accessLogs = newAccessLogsBucket(this, 'AccessLogs', environment);

    const wiring = new RegistryWiring();
    this.httpSecret = newHttpSecret(this, environment, hostname, wiring, this.encryptionKey);
    const users = props.authentication.users;
    const htpasswd = users ? Secret.fromSecretNameV2(this, 'Htpasswd', htpasswdSecretName(environment)) : undefined;
    if (users) {
      // ECS reads secrets only when a task starts, and this stack cannot see
      // the primary's secret version: a fingerprint of what makes the primary
      // rewrite the file rolls these tasks whenever it may have changed.
      wiring.environmentVariables.HTPASSWD_FINGERPRINT = htpasswdFingerprint(users);
    }
    const auth = wiring.addAuthentication(props.authentication, environment.hostname, htpasswd);

    this.config = new DistributionConfig({
      storage: {
        s3: registryS3Storage(this.bucket, region),
        // Content arrives by S3 replication only; the primary deletes.
        readOnly: true,
        deleteEnabled: false,
        uploadPurging: { enabled: false },
      },
      auth,
      http: registryHttpConfig(this.url),
      log: registryLogConfig(environment, region),
      replicas: environment.settings.maxInstances,
    });

    if (environment.settings.alarmsEnabled) {
      this.alarmTopic = props.alarmTopic ?? newAlarmTopic(this, environment, hostname);
    }
    this.running = new RegistryService(this, 'Service', {
      environment,
      hostname,
      certificateFallbackNames: [environment.hostname, environment.address.domain],
      hostedZone: props.hostedZone,
      vpc,
      config: this.config,
      files: wiring.files,
      secrets: wiring.secrets,
      environmentVariables: wiring.environmentVariables,
      bucket: this.bucket,
      encryptionKey: this.encryptionKey,
      storageEncryptionKey: storage.encryptionKey,
      storageAccess: StorageAccess.READ_ONLY,
      accessLogsBucket: accessLogs,
      image,
      allowedIpv4Cidrs: props.allowedIpv4Cidrs,
      clientCertificateAuthorities: props.clientCertificateAuthorities,
      alarmTopic: this.alarmTopic,
      prometheusSecurityGroup: props.prometheusSecurityGroup,
    });
    logGroups.push(this.running.logGroup);

    if (props.outputs ?? true) {
      new CfnOutput(this, 'Url', { description: `Read-only replica of ${environment.hostname} in ${region}`, value: this.url });
    }
    joinDeployment({ step: DeployStep.REPLICA, hostname: environment.hostname, region, construct: this, htpasswdUsers: users });
    acknowledgeAccessLogBucketFindings(environment, accessLogs);
    acknowledgeServiceFindings({
      environment, running: this.running, httpSecret: this.httpSecret, imageBucket: this.bucket, writesImages: false, logGroups,
    });
    tagWithEnvironment(this, environment);
  }
}

/**
 * The storage must serve this declaration in this region, and, with
 * htpasswd, live in another stack: its stack deploys before the primary,
 * this one after it.
 */
function checkStorage(scope: Construct, storage: unknown, environment: RegistryEnvironment, authentication: RegistryAuthentication): SelfHostedReplicaStorage {
  if (!(storage instanceof SelfHostedReplicaStorage)) {
    throw invalid('storage', storage, `the SelfHostedReplicaStorage of ${environment.hostname} in this region`);
  }
  const region = Stack.of(scope).region;
  if (storage.environment.hostname !== environment.hostname || storage.region !== region) {
    throw invalid('storage', `the storage of ${storage.environment.hostname} in ${storage.region}`,
      `the storage of ${environment.hostname} in ${region}`);
  }
  if (Stack.of(storage).account !== Stack.of(scope).account) {
    throw invalid('storage', `the storage in account ${Stack.of(storage).account}`,
      `storage in the account of stack ${Stack.of(scope).stackName} (${Stack.of(scope).account})`);
  }
  if (authentication.users && Stack.of(storage) === Stack.of(scope)) {
    throw invalid('storage', storage.node.path,
      `storage in a stack of its own: it deploys before the primary, and this replica after it (its tasks read the primary's htpasswd secret), `
      + `so they cannot share stack ${Stack.of(scope).stackName}`);
  }
  return storage;
}
