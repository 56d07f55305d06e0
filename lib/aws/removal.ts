import { RemovalPolicy } from 'aws-cdk-lib';
import { invalid } from '../core/errors';
import { RemovalMode } from '../core/profiles';

/** The CloudFormation removal policy for a profile's removal mode. */
export function removalPolicyOf(mode: RemovalMode): RemovalPolicy {
  return mode === RemovalMode.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}

/**
 * Refuses `RemovalPolicy.SNAPSHOT` for resources that have no snapshots
 * (repositories, keys): CloudFormation's Snapshot policy applies only to the
 * resource types aws-cdk-lib lists in `CfnResource.applyRemovalPolicy`
 * (DB clusters and instances, volumes, caches, Redshift), and aws-cdk-lib
 * refuses it elsewhere only behind a feature flag.
 */
export function assertRemovalPolicyWithoutSnapshot(policy: RemovalPolicy): void {
  if (!Object.values(RemovalPolicy).includes(policy) || policy === RemovalPolicy.SNAPSHOT) {
    throw invalid('removalPolicy', policy, 'RemovalPolicy.RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY (ECR repositories and KMS keys have no snapshots)');
  }
}
