import { Stack, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * How cdk-nag's AwsSolutions-IAM5 names a `repository/<prefix>/*` resource
 * in its finding id: unresolved parts appear as `<AWS::...>` placeholders.
 */
export function repositoryNamespaceFindingId(stack: Stack, prefix: string): string {
  const { partition, region, account } = findingIdParts(stack);
  return `AwsSolutions-IAM5[Resource::arn:${partition}:ecr:${region}:${account}:repository/${prefix}/*]`;
}

/** How cdk-nag shows this stack's partition, region and account in finding ids: literal where known, placeholders otherwise. */
export function findingIdParts(stack: Stack): { partition: string; region: string; account: string } {
  return {
    partition: Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition,
    region: Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region,
    account: Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account,
  };
}

/** Acknowledges the IAM5 finding of a grant on a whole `<prefix>/*` repository namespace. */
export function acknowledgeRepositoryNamespace(scope: IConstruct, prefix: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: repositoryNamespaceFindingId(Stack.of(scope), prefix), reason });
}
