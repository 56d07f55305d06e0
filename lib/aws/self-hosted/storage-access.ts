import { IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { IBucket } from 'aws-cdk-lib/aws-s3';

/*
 * Exactly what distribution's S3 driver calls, instead of the L2 grants'
 * wildcard actions (s3:GetObject*, s3:Abort*, ...), so that the policy reads
 * as a list of operations a reviewer can check.
 */
const BUCKET_ACTIONS = ['s3:ListBucket', 's3:ListBucketMultipartUploads', 's3:GetBucketLocation'];
const OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];

/** Lets the registry read, write and delete image data (and use the bucket's key). */
export function grantStorageAccess(grantee: IGrantable, bucket: IBucket, key?: IKey): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: BUCKET_ACTIONS, resources: [bucket.bucketArn] }));
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: OBJECT_ACTIONS, resources: [bucket.arnForObjects('*')] }));
  key?.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey');
}
