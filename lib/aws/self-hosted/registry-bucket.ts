import { Duration, FeatureFlags, Stack, Token, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, CfnBucket, IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { EncryptionKeyKind, RemovalMode } from '../../core/profiles';
import { findingIdParts } from '../nag';
import { removalPolicyOf } from '../removal';
import { replicaBucketName, replicaKeyAlias } from './replica-names';

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
}

/** Multipart uploads that a crashed push leaves behind. */
const ABORT_INCOMPLETE_UPLOADS_AFTER = Duration.days(7);
/** Deleted blobs stay recoverable this long (versioning), then go. */
const NONCURRENT_VERSIONS_EXPIRE_AFTER = Duration.days(30);

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
    // Emptying on delete needs a custom resource; only disposable profiles get it.
    const autoDeleteObjects = environment.settings.removalMode === RemovalMode.DESTROY;

    // Apps without this (recommended) flag grant log delivery through an ACL,
    // which needs ACLs enabled; with it, a bucket policy and no ACLs.
    const logDeliveryByPolicy = FeatureFlags.of(this).isEnabled(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY) ?? false;
    const logs = new Bucket(this, 'AccessLogs', {
      // Server access log delivery cannot write with a customer key.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: logDeliveryByPolicy ? ObjectOwnership.BUCKET_OWNER_ENFORCED : ObjectOwnership.OBJECT_WRITER,
      enforceSSL: true,
      versioned: true,
      removalPolicy,
      autoDeleteObjects,
      lifecycleRules: [{
        expiration: Duration.days(environment.settings.logRetentionDays),
        noncurrentVersionExpiration: Duration.days(1),
      }],
    });
    this.accessLogsBucket = logs;

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
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'images/',
      removalPolicy,
      autoDeleteObjects,
      lifecycleRules: [{
        abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS_AFTER,
        noncurrentVersionExpiration: NONCURRENT_VERSIONS_EXPIRE_AFTER,
      }],
    });
    const replicaRegions = props.replicaRegions ?? [];
    if (replicaRegions.length > 0) {
      this.replicationRole = this.replicateTo(environment, replicaRegions, props.encryptionKey);
    }
  }

  /**
   * S3 replication to the replica buckets, written as the L1 property: the
   * replicas' keys live in other stacks and are named by alias (the
   * replica's own key, or `aws/s3`), authorised by `kms:ViaService`, neither
   * of which the L2 replication rules can express.
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
    // Replicas of a customer-managed profile have their own key, by alias.
    const replicaAlias = environment.settings.encryptionKey === EncryptionKeyKind.CUSTOMER_MANAGED ? replicaKeyAlias(environment) : 'alias/aws/s3';
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
        filter: { prefix: '' },
        // Garbage collection's deletions reach the replicas too, so they do not grow forever.
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
