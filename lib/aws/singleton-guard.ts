import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RegistryValidationError } from '../core/errors';

/*
 * Some ECR resources exist once per account and region (scanning,
 * replication, registry policy, signing), and repository names must be unique
 * there too. Two constructs declaring the same one would overwrite each other
 * at deploy time, so the second declaration in an app fails at construction.
 * Stacks without an explicit account or region share one key: they can be
 * deployed anywhere, including on top of each other.
 */
const claims = new WeakMap<IConstruct, Map<string, string>>();

/** Claims `what` in the account and region of `scope`'s stack, or throws naming the first claimant. */
export function claimPerAccountRegion(scope: IConstruct, what: string, property: string): void {
  const stack = Stack.of(scope);
  const key = `${stack.account}/${stack.region}/${what}`;
  const root = scope.node.root;
  const claimed = claims.get(root) ?? new Map<string, string>();
  claims.set(root, claimed);
  const owner = claimed.get(key);
  if (owner !== undefined) {
    throw new RegistryValidationError(property,
      `${property}: expected one ${what} per account and region, got a second one at ${scope.node.path} (the first is ${owner})`);
  }
  claimed.set(key, scope.node.path);
}
