import { Stack } from 'aws-cdk-lib';
import { AccountPrincipal, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';

/** Actions that read images. */
export const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
/** Actions that write images. */
export const PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
];
/** Actions a first pull through a cache rule needs: ECR creates the repository and imports the image. */
export const PULL_THROUGH_CACHE_ACTIONS = ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'];
/**
 * What the puller itself needs for a first pull through a cache rule whose
 * creation template tags repositories: `ecr:TagResource` as well, in an
 * identity policy (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html).
 */
export const FIRST_PULL_THROUGH_CACHE_ACTIONS = [...PULL_THROUGH_CACHE_ACTIONS, 'ecr:TagResource'];

/**
 * ARN pattern of every repository under `<prefix>/`, in `env`'s account and
 * region (by default the stack's).
 */
export function repositoryArnPattern(stack: Stack, prefix: string, env: { account?: string; region?: string } = {}): string {
  return stack.formatArn({ service: 'ecr', account: env.account, region: env.region, resource: 'repository', resourceName: `${prefix}/*` });
}

/** A repository policy that lets other accounts pull. */
export function crossAccountPullPolicy(accounts: string[]): PolicyDocument {
  return new PolicyDocument({
    statements: [crossAccountPullStatement(accounts)],
  });
}

/** The statement of `crossAccountPullPolicy`, for repositories that take statements one by one. */
export function crossAccountPullStatement(accounts: string[]): PolicyStatement {
  return new PolicyStatement({
    sid: 'CrossAccountPull',
    principals: accounts.map((account) => new AccountPrincipal(account)),
    actions: [...PULL_ACTIONS],
  });
}
