import { Stack } from 'aws-cdk-lib';
import { IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { IBucket } from 'aws-cdk-lib/aws-s3';

/*
 * Exactly what distribution's S3 driver calls, instead of the L2 grants'
 * wildcard actions (s3:GetObject*, s3:Abort*, ...), so that the policy reads
 * as a list of operations a reviewer can check.
 *
 * A read-only registry (a replica) reads objects (GetObject, HeadObject,
 * presigned GET redirects: s3:GetObject) and lists them (ListObjectsV2:
 * s3:ListBucket), including the storage health check's Stat of "/"
 * (registry/handlers/app.go, `RegisterHealthChecks`); it never writes.
 */
const READ_BUCKET_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation'];
const READ_OBJECT_ACTIONS = ['s3:GetObject'];
const WRITE_BUCKET_ACTIONS = ['s3:ListBucketMultipartUploads'];
const WRITE_OBJECT_ACTIONS = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];

/** How much of its storage a registry may touch. */
export enum StorageAccess {
  /** Read, write and delete (a registry you push to). */
  READ_WRITE = 'read-write',
  /** Read only (a replica filled by S3 replication). */
  READ_ONLY = 'read-only',
}

/** Lets the registry use its bucket (and the bucket's key) as `access` allows. */
export function grantStorageAccess(grantee: IGrantable, bucket: IBucket, key: IKey | undefined, access: StorageAccess = StorageAccess.READ_WRITE): void {
  const writes = access === StorageAccess.READ_WRITE;
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({
    actions: [...READ_BUCKET_ACTIONS, ...(writes ? WRITE_BUCKET_ACTIONS : [])],
    resources: [bucket.bucketArn],
  }));
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({
    actions: [...READ_OBJECT_ACTIONS, ...(writes ? WRITE_OBJECT_ACTIONS : [])],
    resources: [bucket.arnForObjects('*')],
  }));
  if (key) {
    // Only through S3 in the bucket's region: S3 asks for a data key to
    // write an object and decrypts to read one on the caller's behalf
    // (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service).
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({
      actions: writes ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(bucket).region}.amazonaws.com` } },
    }));
  }
}
