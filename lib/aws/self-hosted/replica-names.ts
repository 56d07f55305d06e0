import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { NAME_LIMITS } from './physical-names';

/*
 * The primary and each replica live in different stacks (different
 * regions), so they find each other by name instead of by reference: the
 * replica's bucket and the replicated htpasswd secret have names derived
 * from the declaration alone.
 */

const ACCOUNT_ID_LENGTH = 12;

/**
 * Name of the image bucket of the replica in `region`:
 * `<env>-<service>-images-<region>-<account>`, with the account of `scope`'s
 * stack (both sides must name the same account, or both leave it to deploy time).
 */
export function replicaBucketName(scope: IConstruct, environment: RegistryEnvironment, region: string): string {
  const stem = `${environment.resourcePrefix}-images-${region}-`;
  if (stem.length + ACCOUNT_ID_LENGTH > NAME_LIMITS.bucketName) {
    throw invalid('environment.replicaRegions', region,
      `a region whose replica bucket name "${stem}<account>" fits in ${NAME_LIMITS.bucketName} characters (shorten the environment or service name)`);
  }
  return `${stem}${Stack.of(scope).account}`;
}

/*
 * The secret name and the alias below are built from the resource prefix,
 * a DNS label of at most 63 characters, so they stay far below their
 * limits (NAME_LIMITS.secretName, NAME_LIMITS.kmsAliasName); the test of
 * the longest declaration checks every synthesized name against them.
 */

/** Name of the htpasswd secret, replicated by Secrets Manager to every replica region. */
export function htpasswdSecretName(environment: RegistryEnvironment): string {
  return `${environment.resourcePrefix}/registry/htpasswd`;
}

/**
 * Alias of a replica's customer-managed key (prod-like profiles). S3
 * replication names the destination key by this alias.
 */
export function replicaKeyAlias(environment: RegistryEnvironment): string {
  return `alias/${environment.resourcePrefix}-registry-replica`;
}
