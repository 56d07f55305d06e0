import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, CfnBucket, IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { S3StorageProps } from '../../core/distribution/storage';
import { RegistryEnvironment } from '../../core/environment';
import { RemovalMode } from '../../core/profiles';
import { findingIdParts } from '../nag';
import { removalPolicyOf } from '../removal';
import { replicaBucketName, replicaKeyAlias } from './replica-names';
import { STORAGE_ROOT } from './registry-runtime';

/** Properties of a `RegistryBucket`. */
export interface RegistryBucketProps {
  /** The environment's registry declaration. */
  readonly environment: RegistryEnvironment;
  /**
   * The key that encrypts image data.
   *
   * @default - the AWS managed key for S3 (`aws/s3`)
   */
  readonly encryptionKey?: IKey;
  /**
   * Replicate every object (and deletions) to the replica bucket of each of
   * these regions (`replicaBucketName`). Deploy the replicas first: S3
   * checks that destination buckets exist.
   *
   * @default - no replication
   */
  readonly replicaRegions?: string[];
  /**
   * Give the bucket this name instead of a generated one (replica buckets
   * are found by name).
   *
   * @default - a generated name
   */
  readonly bucketName?: string;
  /**
   * How long a deleted or overwritten object stays recoverable (S3
   * versioning keeps it as a non-current version).
   *
   * @default - 7 days in profiles that retain data (prod), 1 day in
   * disposable ones
   */
  readonly noncurrentVersionRetention?: Duration;
}

/** Multipart uploads that a crashed push leaves behind. */
const ABORT_INCOMPLETE_UPLOADS_AFTER = Duration.days(7);
/*
 * How long deleted objects stay recoverable. Every push leaves a
 * non-current copy of each layer: distribution's S3 driver writes the
 * upload to `<repository>/_uploads/<id>/data`, then moves it to the blob
 * store with CopyObject and DeleteObject
 * (registry/storage/driver/s3-aws/s3.go, `Move`, in distribution 3.1.1), and
 * versioning keeps the deleted upload. Upload data cannot be singled out:
 * `_uploads` lies below each repository's name, and a lifecycle filter
 * matches only a key prefix, object tags (the driver sets none) or object
 * sizes (https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleRuleFilter.html).
 * So the window is short for everything: one weekly garbage-collection
 * cycle in prod, a day elsewhere.
 */
const NONCURRENT_RETENTION_RETAINED = Duration.days(7);
const NONCURRENT_RETENTION_DISPOSABLE = Duration.days(1);

/**
 * Image storage of a self-hosted registry: KMS-encrypted, versioned,
 * private, TLS-only, with server access logs and lifecycle rules for
 * abandoned multipart uploads and old versions. Reached through the task
 * role: the registry never holds static keys.
 */
export class RegistryBucket extends Construct {
  /** The image bucket. */
  public readonly bucket: Bucket;
  /** Server access logs of the image bucket. */
  public readonly accessLogsBucket: IBucket;
  /** The role S3 replicates with, when there are replicas. */
  public readonly replicationRole?: Role;

  constructor(scope: Construct, id: string, props: RegistryBucketProps) {
    super(scope, id);
    const { environment } = props;
    const removalPolicy = removalPolicyOf(environment.settings.removalMode);
    const autoDeleteObjects = environment.settings.removalMode === RemovalMode.DESTROY;
    const logs = newAccessLogsBucket(this, 'AccessLogs', environment);
    this.accessLogsBucket = logs;
    const retained = environment.settings.removalMode === RemovalMode.RETAIN;

    this.bucket = new Bucket(this, 'Images', {
      bucketName: props.bucketName,
      encryption: props.encryptionKey ? BucketEncryption.KMS : BucketEncryption.KMS_MANAGED,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      removalPolicy,
      autoDeleteObjects,
      lifecycleRules: [{
        abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS_AFTER,
        noncurrentVersionExpiration: props.noncurrentVersionRetention
          ?? (retained ? NONCURRENT_RETENTION_RETAINED : NONCURRENT_RETENTION_DISPOSABLE),
        // A delete marker whose object has no version left is removed too,
        // instead of staying (and being listed) forever.
        expiredObjectDeleteMarker: true,
      }],
    });
    // The registry sends no encryption header, so the bucket's default
    // (SSE-KMS, see `registryStorageConfig`) applies to every write; a
    // request for SSE-S3 (what distribution sends for `encrypt: true`
    // without `keyid`) is refused instead of silently storing images under
    // S3's own keys.
    this.bucket.addToResourcePolicy(new PolicyStatement({
      sid: 'DenyObjectsWithoutKms',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects('*')],
      conditions: { StringEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
    }));
    deliverServerAccessLogs(this.bucket, logs, SERVER_ACCESS_LOGS_PREFIX);
    const replicaRegions = props.replicaRegions ?? [];
    if (replicaRegions.length > 0) {
      this.replicationRole = this.replicateTo(environment, replicaRegions, props.encryptionKey);
    }
  }

  /**
   * S3 replication to the replica buckets, written as the L1 property: the
   * replicas' keys live in other stacks and are named by alias, authorised
   * by `kms:ViaService`, neither of which the L2 replication rules can
   * express.
   */
  private replicateTo(environment: RegistryEnvironment, regions: string[], sourceKey?: IKey): Role {
    const stack = Stack.of(this);
    const role = new Role(this, 'ReplicationRole', {
      assumedBy: new ServicePrincipal('s3.amazonaws.com'),
      description: `Replicates the images of ${environment.hostname} to its replica regions`,
    });
    const source = this.bucket;
    role.addToPolicy(new PolicyStatement({ actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [source.bucketArn] }));
    role.addToPolicy(new PolicyStatement({
      actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
      resources: [source.arnForObjects('*')],
    }));
    if (sourceKey) {
      sourceKey.grantDecrypt(role);
    } else {
      role.addToPolicy(kmsThroughS3(stack, stack.region, ['kms:Decrypt']));
    }
    const destinations = regions.map((region) => ({
      region,
      bucketArn: stack.formatArn({ service: 's3', region: '', account: '', resource: replicaBucketName(this, environment, region) }),
    }));
    role.addToPolicy(new PolicyStatement({
      actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
      resources: destinations.map((d) => `${d.bucketArn}/*`),
    }));
    for (const region of regions) {
      role.addToPolicy(kmsThroughS3(stack, region, ['kms:Encrypt', 'kms:GenerateDataKey']));
    }
    // Every replica has a customer-managed key of its own, found by alias:
    // S3 encrypts replicas with "the customer managed AWS KMS key" named in
    // ReplicaKmsKeyID (https://docs.aws.amazon.com/AmazonS3/latest/API/API_EncryptionConfiguration.html).
    const replicaAlias = replicaKeyAlias(environment);
    const ids = findingIdParts(stack);
    const sourceId = stack.resolve((this.bucket.node.defaultChild as CfnBucket).logicalId);
    const reason = 'S3 replication copies every object version of the registry (keys are content digests), '
      + 'and S3-managed keys are only known by alias, so grants are scoped by kms:ViaService';
    Validations.of(role).acknowledge(
      { id: `AwsSolutions-IAM5[Resource::<${sourceId}.Arn>/*]`, reason },
      ...regions.map((region) => ({ id: `AwsSolutions-IAM5[Resource::arn:${ids.partition}:s3:::${environment.resourcePrefix}-images-${region}-${ids.account}/*]`, reason })),
      ...[...regions, ...(sourceKey ? [] : [stack.region])].map((region) => ({
        id: `AwsSolutions-IAM5[Resource::arn:${ids.partition}:kms:${Token.isUnresolved(region) ? ids.region : region}:${ids.account}:key/*]`, reason,
      })),
    );
    (this.bucket.node.defaultChild as CfnBucket).replicationConfiguration = {
      role: role.roleArn,
      rules: destinations.map((d, index) => ({
        id: `to-${d.region}`,
        priority: index,
        status: 'Enabled',
        // Everything, upload data included: uploads live under each
        // repository (`<root>/docker/registry/v2/repositories/<name>/_uploads/`),
        // next to the tag links a replica must have, and a replication
        // filter matches only a key prefix or object tags
        // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationRuleFilter.html),
        // which cannot tell them apart. The replica drops the copies within
        // a day (see SelfHostedReplicaStorage).
        filter: { prefix: '' },
        // Garbage collection's deletions (and the driver's deletion of
        // finished uploads) reach the replicas too, so they do not grow forever.
        deleteMarkerReplication: { status: 'Enabled' },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
        destination: {
          bucket: d.bucketArn,
          encryptionConfiguration: {
            replicaKmsKeyId: `arn:${stack.partition}:kms:${d.region}:${stack.account}:${replicaAlias}`,
          },
        },
      })),
    };
    return role;
  }
}

/** KMS use through S3 in `region` only, for keys S3 manages (`aws/s3`). */
function kmsThroughS3(stack: Stack, region: string, actions: string[]): PolicyStatement {
  return new PolicyStatement({
    actions,
    resources: [`arn:${stack.partition}:kms:${region}:${stack.account}:key/*`],
    conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
  });
}

/** Where the image bucket's server access logs go in the access-log bucket. */
const SERVER_ACCESS_LOGS_PREFIX = 'images/';

/**
 * Server access logs of `source`, delivered to `logs` under `prefix` with a
 * bucket policy for the logging service, whatever the app's feature flags.
 *
 * The L2 `serverAccessLogsBucket` prop grants delivery with a bucket policy
 * only under the app's `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy`
 * flag; without it, it enables ACLs on the log bucket (`ObjectWriter`)
 * and grants the Log Delivery group through the `LogDeliveryWrite` ACL. A
 * log bucket with ACLs disabled (`BucketOwnerEnforced`) admits delivery
 * through its policy only
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLogging.html,
 * "Permissions for server access log delivery" in the S3 User Guide), so
 * the logging configuration is set on the CloudFormation resource and the
 * statement written here: the one the flag writes, scoped to the source
 * bucket and account against confused deputies.
 */
function deliverServerAccessLogs(source: Bucket, logs: Bucket, prefix: string): void {
  (source.node.defaultChild as CfnBucket).loggingConfiguration = { destinationBucketName: logs.bucketName, logFilePrefix: prefix };
  logs.addToResourcePolicy(new PolicyStatement({
    effect: Effect.ALLOW,
    principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [logs.arnForObjects(`${prefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': source.bucketArn },
      StringEquals: { 'aws:SourceAccount': source.env.account },
    },
  }));
}

/**
 * A bucket for S3 server access logs and load balancer access logs: those
 * services deliver only to SSE-S3 buckets. Both are granted through the
 * bucket policy, so ACLs stay disabled (`BucketOwnerEnforced`) whatever the
 * app's feature flags. Logs expire after the profile's `logRetentionDays`.
 */
export function newAccessLogsBucket(scope: Construct, id: string, environment: RegistryEnvironment): Bucket {
  return new Bucket(scope, id, {
    // Server access log delivery cannot write with a customer key.
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    // As the image and CDN log buckets: requests below TLS 1.2 are denied.
    minimumTLSVersion: 1.2,
    versioned: true,
    removalPolicy: removalPolicyOf(environment.settings.removalMode),
    // Emptying on delete needs a custom resource; only disposable profiles get it.
    autoDeleteObjects: environment.settings.removalMode === RemovalMode.DESTROY,
    lifecycleRules: [{
      expiration: Duration.days(environment.settings.logRetentionDays),
      noncurrentVersionExpiration: Duration.days(1),
    }],
  });
}

/**
 * The registry's `storage.s3` section for a `RegistryBucket`, in agreement
 * with the bucket's encryption: the registry sends no encryption header
 * (`encrypt: false`), and S3 encrypts every object with the bucket's
 * default, SSE-KMS under the registry's key (or `aws/s3`) with a bucket key.
 *
 * Naming the key in the registry instead would not be the same:
 * distribution's S3 driver sends `AES256` (SSE-S3) for `encrypt: true`
 * without `keyid` (`getEncryptionMode` in
 * registry/storage/driver/s3-aws/s3.go, 2.8.3 and 3.1.1), and with `keyid`
 * its writer still opens some multipart uploads with `aws:kms` but no key
 * id (`Write`, the `CreateMultipartUploadWithContext` call that sends no
 * `SSEKMSKeyId`), which S3 encrypts under `aws/s3` instead of the bucket's key.
 */
export function registryS3Storage(bucket: IBucket, region: string): S3StorageProps {
  return { bucket: bucket.bucketName, region, encrypt: false, rootDirectory: STORAGE_ROOT };
}
