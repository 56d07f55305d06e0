import { RemovalPolicy } from 'aws-cdk-lib';
import { RemovalMode } from '../core/profiles';

/** The CloudFormation removal policy for a profile's removal mode. */
export function removalPolicyOf(mode: RemovalMode): RemovalPolicy {
  return mode === RemovalMode.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}
