/*
 * AWS constructs. Every aws-cdk-lib import is a deep import so that loading
 * this entry point stays cheap; nothing here loads cdktf.
 *
 * Every export is named, so that a module's helpers (validators, finding
 * ids, ports and timeouts of the generated task definition) stay out of the
 * public API; test/package/public-api.test.ts pins the list.
 */
// ECR
export { EcrRegistry } from './ecr/ecr-registry';
export type { EcrRegistryAttributes, EcrRegistryProps } from './ecr/ecr-registry';
export { EcrRegistryBase } from './ecr/registry-base';
export type { IEcrRegistry } from './ecr/registry-base';
export { EcrReplicaRegistry } from './ecr/ecr-replica-registry';
export type { EcrReplicaRegistryProps } from './ecr/ecr-replica-registry';
export { EcrRegistrySettings } from './ecr/ecr-registry-settings';
export type { EcrRegistrySettingsProps, EcrReplicationDestination } from './ecr/ecr-registry-settings';
export { EcrScanning, EnhancedScanFrequency } from './ecr/scanning';
export { PULL_THROUGH_CACHE_SECRET_PREFIX, PullThroughUpstream } from './ecr/pull-through-cache';

// Self-hosted distribution registry
export { SelfHostedRegistry } from './self-hosted/self-hosted-registry';
export type { GarbageCollectionOptions, RegistryMirrorOptions, SelfHostedRegistryProps } from './self-hosted/self-hosted-registry';
export { SelfHostedRegistryReplica } from './self-hosted/self-hosted-replica';
export type { SelfHostedRegistryReplicaProps } from './self-hosted/self-hosted-replica';
export { SelfHostedReplicaStorage } from './self-hosted/self-hosted-replica-storage';
export type { SelfHostedReplicaStorageProps } from './self-hosted/self-hosted-replica-storage';
export { RegistryAuthentication } from './self-hosted/registry-authentication';
export type { TokenAuthenticationOptions } from './self-hosted/registry-authentication';
export { DEFAULT_REGISTRY_IMAGE } from './self-hosted/registry-service';
export type { ClientCertificateAuthorities } from './self-hosted/registry-service';
// The running part of a registry (`SelfHostedRegistry.running`): a type to
// name, not a construct to build, since its props are the registry's wiring.
export type { RegistryService } from './self-hosted/registry-service';
// Parts a registry exposes that also stand on their own.
export { HtpasswdUsers } from './self-hosted/htpasswd-users';
export type { HtpasswdUsersProps } from './self-hosted/htpasswd-users';
export { RegistryCdn } from './self-hosted/registry-cdn';
export type { RegistryCdnMiddlewareOptions, RegistryCdnProps } from './self-hosted/registry-cdn';
export { RegistryGarbageCollection } from './self-hosted/garbage-collection';
export type { RegistryGarbageCollectionProps } from './self-hosted/garbage-collection';
export { RegistryRetentionFunction } from './self-hosted/retention-function';
export type { RegistryRetentionFunctionProps, RegistryStorageLocation } from './self-hosted/retention-function';
