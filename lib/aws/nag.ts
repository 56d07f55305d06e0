import { Stack, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { repositoryArnPattern } from './ecr/policies';

/**
 * How cdk-nag's AwsSolutions-IAM5 names a grant on every repository under
 * `<prefix>/` in `stack`'s own account and region: unresolved parts as
 * `<AWS::...>` placeholders. (A registry's grants, which may point
 * elsewhere, are named from their ARNs in `acknowledgeNamespaceGrant`.)
 */
export function repositoryNamespaceFindingId(stack: Stack, prefix: string): string {
  return resourceFindingId(stack, repositoryArnPattern(stack, prefix));
}

/** How cdk-nag shows this stack's partition, region and account in finding ids: literal where known, placeholders otherwise. */
export function findingIdParts(stack: Stack): { partition: string; region: string; account: string } {
  return {
    partition: Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition,
    region: Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region,
    account: Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account,
  };
}

/**
 * How cdk-nag's AwsSolutions-IAM5 names a resource in its finding id: the
 * resolved value with `Ref` as `<Id>` (pseudo parameters as
 * `<AWS::Partition>`) and `Fn::GetAtt` as `<Id.Attribute>`.
 */
export function resourceFindingId(stack: Stack, resource: string): string {
  const render = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const intrinsic = value as { Ref?: string; 'Fn::GetAtt'?: string[]; 'Fn::Join'?: [string, unknown[]] };
    if (intrinsic.Ref !== undefined) return `<${intrinsic.Ref}>`;
    if (intrinsic['Fn::GetAtt']) return `<${intrinsic['Fn::GetAtt'].join('.')}>`;
    if (intrinsic['Fn::Join']) return intrinsic['Fn::Join'][1].map(render).join(intrinsic['Fn::Join'][0]);
    throw new Error(`cannot render ${JSON.stringify(value)} as cdk-nag does`);
  };
  return `AwsSolutions-IAM5[Resource::${render(stack.resolve(resource))}]`;
}

/**
 * Acknowledges, on `scope`, the IAM5 finding of a grant on the whole
 * `<prefix>/*` namespace of `scope`'s own account and region (the creation
 * template roles). A registry's grants, which may point at another account
 * or region, are acknowledged with `IEcrRegistry.acknowledgeNamespaceGrant`.
 */
export function acknowledgeRepositoryNamespace(scope: IConstruct, prefix: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: repositoryNamespaceFindingId(Stack.of(scope), prefix), reason });
}
