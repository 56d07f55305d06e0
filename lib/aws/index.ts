/*
 * AWS constructs. Every aws-cdk-lib import is a deep import so that loading
 * this entry point stays cheap; nothing here loads cdktf.
 */
export * from './ecr/creation-template';
export * from './ecr/ecr-registry';
export * from './ecr/ecr-registry-settings';
export * from './ecr/ecr-replica-registry';
export * from './ecr/pull-through-cache';
export * from './ecr/registry-base';
export * from './ecr/scanning';
export * from './nag';
export * from './self-hosted/htpasswd-users';
export * from './self-hosted/registry-authentication';
export * from './self-hosted/registry-bucket';
export * from './self-hosted/registry-cdn';
export * from './self-hosted/registry-service';
export * from './self-hosted/self-hosted-registry';
export * from './self-hosted/garbage-collection';
export * from './self-hosted/retention-function';
export * from './self-hosted/self-hosted-replica';
export * from './self-hosted/self-hosted-replica-storage';
export { StorageAccess } from './self-hosted/storage-access';
