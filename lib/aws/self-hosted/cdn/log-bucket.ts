import { Duration } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../../core/environment';
import { RemovalMode } from '../../../core/profiles';
import { removalPolicyOf } from '../../removal';

/**
 * A bucket for CloudFront standard access logs. Its shape follows
 * CloudFront's log delivery: ACLs enabled (it grants itself write access
 * through the bucket ACL), objects owned by the bucket owner, and SSE-S3
 * (SSE-KMS would need a customer key whose policy admits the log delivery,
 * which dev environments do not have). Logs expire after the profile's
 * `logRetentionDays`.
 */
export function newCdnLogBucket(scope: Construct, id: string, environment: RegistryEnvironment): Bucket {
  const settings = environment.settings;
  const destroy = settings.removalMode === RemovalMode.DESTROY;
  const bucket = new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    versioned: true,
    // Versioned (Control Tower's s3_bucket_versioning_enabled_check), so an
    // expired log leaves a noncurrent version and a delete marker: both are
    // cleaned up as well.
    lifecycleRules: [
      {
        id: 'expire-access-logs',
        expiration: Duration.days(settings.logRetentionDays),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
      { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
    ],
    removalPolicy: removalPolicyOf(settings.removalMode),
    // Without emptying, deleting a dev stack would fail on a non-empty bucket.
    autoDeleteObjects: destroy ? true : undefined,
  });
  // New log files become EventBridge events that a security pipeline can
  // pick up (Control Tower CT.S3.PR.4). Set on the CloudFormation resource:
  // the L2's eventBridgeEnabled would add a notifications Lambda.
  (bucket.node.defaultChild as CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  return bucket;
}
