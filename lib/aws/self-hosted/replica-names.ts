import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';

/*
 * The primary and each replica live in different stacks (different
 * regions), so they find each other by name instead of by reference: the
 * replica's bucket and the replicated htpasswd secret have names derived
 * from the declaration alone.
 */

const MAX_BUCKET_NAME_LENGTH = 63;
const ACCOUNT_ID_LENGTH = 12;

/**
 * Name of the image bucket of the replica in `region`:
 * `<env>-<service>-images-<region>-<account>`, with the account of `scope`'s
 * stack (both sides must name the same account, or both leave it to deploy time).
 */
export function replicaBucketName(scope: IConstruct, environment: RegistryEnvironment, region: string): string {
  const stem = `${environment.resourcePrefix}-images-${region}-`;
  if (stem.length + ACCOUNT_ID_LENGTH > MAX_BUCKET_NAME_LENGTH) {
    throw invalid('replicaRegions', region,
      `a region whose replica bucket name "${stem}<account>" fits in ${MAX_BUCKET_NAME_LENGTH} characters (shorten the environment or service name)`);
  }
  return `${stem}${Stack.of(scope).account}`;
}

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
