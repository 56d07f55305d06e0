import { CfnOutput, Stack, Token } from 'aws-cdk-lib';
import { IVpc } from 'aws-cdk-lib/aws-ec2';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { IHostedZone } from 'aws-cdk-lib/aws-route53';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DistributionConfig } from '../../core/distribution/config';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { EncryptionKeyKind } from '../../core/profiles';
import { newRegistryKey } from '../ecr/registry-key';
import { assertRegistryBasics, RegistryAuthentication } from './registry-authentication';
import { RegistryBucket } from './registry-bucket';
import { newRegistryVpc } from './registry-network';
import { STORAGE_ROOT } from './registry-runtime';
import { ClientCertificateAuthorities, RegistryService } from './registry-service';
import { newAlarmTopic, newHttpSecret, RegistryWiring, registryHttpConfig, registryLogConfig } from './registry-wiring';
import { allowLogsToUseKey } from './registry-log-group';
import { htpasswdSecretName, replicaBucketName, replicaKeyAlias } from './replica-names';
import { tagWithEnvironment } from '../tags';
import { acknowledgeSelfHostedFindings } from './self-hosted-findings';

/** Properties of a `SelfHostedRegistryReplica`. */
export interface SelfHostedRegistryReplicaProps {
  /**
   * The environment's registry declaration. The stack's region must be one
   * of its replica regions, and its profile must replicate.
   */
  readonly environment: RegistryEnvironment;

  /** The public hosted zone of the declaration's domain. */
  readonly hostedZone: IHostedZone;

  /**
   * The primary's authentication, so that the same credentials work here.
   * With htpasswd, the file comes from the primary's secret, which Secrets
   * Manager replicates to this region.
   */
  readonly authentication: RegistryAuthentication;

  /** @default - a new VPC like the primary's */
  readonly vpc?: IVpc;

  /** @default - the primary's default image (distribution 3.1.1) */
  readonly image?: ContainerImage;

  /** @default ['0.0.0.0/0'] */
  readonly allowedIpv4Cidrs?: string[];

  /** @default - no client certificates */
  readonly clientCertificateAuthorities?: ClientCertificateAuthorities;

  /** @default - a new KMS-encrypted topic, when the profile enables alarms */
  readonly alarmTopic?: ITopic;
}

/**
 * A read-only copy of an environment's self-hosted registry in a replica
 * region, at `<region>.<env>-<service>.<domain>`: S3 replication fills its
 * bucket from the primary's, and its registry serves pulls locally and
 * refuses pushes (distribution's read-only mode). Pushes go to the primary.
 *
 * Deploy it before the primary: S3 checks that replication destinations
 * exist. Replication is asynchronous, so a tag pushed to the primary shows
 * up here after S3 has copied its blobs (usually seconds, longer for big
 * layers).
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
  /** The alarm topic, when alarms are enabled. */
  public readonly alarmTopic?: ITopic;

  constructor(scope: Construct, id: string, props: SelfHostedRegistryReplicaProps) {
    super(scope, id);
    assertRegistryBasics(props, 'the primary\'s RegistryAuthentication');
    const environment = props.environment;
    const stack = Stack.of(this);
    const region = stack.region;
    if (Token.isUnresolved(region)) {
      throw invalid('region', 'unresolved', 'a stack with an explicit region (the replica\'s name and bucket derive from it)');
    }
    if (!environment.activeReplicaRegions.includes(region)) {
      throw invalid('environment.replicaRegions', environment.replicaRegions, environment.settings.replicationEnabled
        ? `a list that holds the region of stack ${stack.stackName} ("${region}")`
        : `replication enabled in the ${environment.profile.name} profile (overrides.replicationEnabled) for a replica in "${region}"`);
    }
    const hostname = environment.replicaHostname(region);
    this.url = `https://${hostname}`;
    const logGroups: LogGroup[] = [];

    // Prod-like profiles get a key of this region; S3 replication finds it by alias.
    const key = environment.settings.encryptionKey === EncryptionKeyKind.CUSTOMER_MANAGED
      ? newRegistryKey(this, 'Key', environment, `replica images and secrets in ${region}`)
      : undefined;
    key?.addAlias(replicaKeyAlias(environment));
    if (key) {
      allowLogsToUseKey(key);
    }
    const storage = new RegistryBucket(this, 'Storage', { environment, encryptionKey: key, bucketName: replicaBucketName(this, environment, region) });
    this.bucket = storage.bucket;
    let vpc = props.vpc;
    if (!vpc) {
      const network = newRegistryVpc(this, environment, key);
      vpc = network.vpc;
      logGroups.push(network.flowLogs);
    }

    const wiring = new RegistryWiring();
    this.httpSecret = newHttpSecret(this, environment, hostname, wiring, key);
    const htpasswd = props.authentication.users
      ? Secret.fromSecretNameV2(this, 'Htpasswd', htpasswdSecretName(environment))
      : undefined;
    const auth = wiring.addAuthentication(props.authentication, environment.hostname, htpasswd);

    this.config = new DistributionConfig({
      storage: {
        s3: { bucket: this.bucket.bucketName, region, kmsKeyId: key?.keyArn, rootDirectory: STORAGE_ROOT },
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
      hostedZone: props.hostedZone,
      vpc,
      config: this.config,
      files: wiring.files,
      secrets: wiring.secrets,
      environmentVariables: wiring.environmentVariables,
      bucket: this.bucket,
      encryptionKey: key,
      accessLogsBucket: storage.accessLogsBucket,
      image: props.image,
      allowedIpv4Cidrs: props.allowedIpv4Cidrs,
      clientCertificateAuthorities: props.clientCertificateAuthorities,
      alarmTopic: this.alarmTopic,
    });
    logGroups.push(this.running.logGroup);

    new CfnOutput(this, 'Url', { description: `Read-only replica of ${environment.hostname} in ${region}`, value: this.url });
    acknowledgeSelfHostedFindings({ environment, running: this.running, httpSecret: this.httpSecret, storage, logGroups });
    tagWithEnvironment(this, environment);
  }
}
