import { App, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { EcrRegistry } from '../../../lib/aws';
import { environment } from '../../support/environment';
import { testContracts } from '../../support/iam/contracts';
import { DeployedStack } from '../../support/iam/deployed-template';
import { asRole, request, requests } from '../../support/iam/requests';

/*
 * A consumer in one account pulls from an environment's registry in
 * another (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html):
 * IAM allows the request only when both the consumer's identity policy
 * (from `grantPull` on the imported registry) and the repository's policy
 * (from the registry's `pullAccounts`) allow it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
 */

const CONSUMER = '111111111111';
const REGISTRY = '222222222222';
const AWS = { partition: 'aws', urlSuffix: 'amazonaws.com' };

/** The registry's and the consumer's stacks, resolved as deployed into their accounts. */
function deploy() {
  const app = new App();
  const prod = environment('prod');
  const registryStack = new Stack(app, 'registry', { env: { account: REGISTRY, region: 'eu-west-1' } });
  new EcrRegistry(registryStack, 'Registry', { environment: prod, repositories: ['app'], pullAccounts: [CONSUMER] });
  // Another environment's registry, which does not let the consumer's account in.
  const closedStack = new Stack(app, 'closed', { env: { account: REGISTRY, region: 'eu-west-1' } });
  new EcrRegistry(closedStack, 'Registry', { environment: environment('test'), repositories: ['app'] });

  const consumerStack = new Stack(app, 'consumer', { env: { account: CONSUMER, region: 'eu-west-1' } });
  const role = (id: string) => new Role(consumerStack, id, { assumedBy: new AccountRootPrincipal() });
  const roles = { imported: role('Deployer'), importedWithoutAccount: role('Misdirected'), closed: role('Closed') };
  EcrRegistry.fromRegistryAttributes(consumerStack, 'Prod', { environment: prod, account: REGISTRY }).grantPull(roles.imported);
  // Without `account`, the grant names the consumer's own account (the only behaviour before `account` existed).
  EcrRegistry.fromRegistryAttributes(consumerStack, 'ProdHere', { environment: prod }).grantPull(roles.importedWithoutAccount);
  EcrRegistry.fromRegistryAttributes(consumerStack, 'Test', { environment: environment('test'), account: REGISTRY }).grantPull(roles.closed);

  const consumer = DeployedStack.allOf([consumerStack], { account: CONSUMER, ...AWS }).get('consumer')!;
  const registries = DeployedStack.allOf([registryStack, closedStack], { account: REGISTRY, ...AWS });
  const repositoryIn = (name: string) => {
    const stack = registries.get(name)!;
    return stack.resourceById(stack.logicalIdsOfType('AWS::ECR::Repository')[0]);
  };
  return {
    role: (name: keyof typeof roles) => asRole(consumer.role(roles[name])),
    repository: repositoryIn('registry'),
    closedRepository: repositoryIn('closed'),
  };
}

const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

describe('pulling across accounts from an imported registry', () => {
  let deployed: ReturnType<typeof deploy>;
  beforeAll(() => {
    deployed = deploy();
  });
  const roleOf = (name: 'imported' | 'importedWithoutAccount' | 'closed') => deployed.role(name);

  test('the consumer\'s identity policy names the repositories in the registry\'s account and region', () => {
    const statements = roleOf('imported').identityPolicies!.flatMap((p) => p.policy.Statement);
    expect(statements).toContainEqual(expect.objectContaining({
      Action: expect.arrayContaining(PULL), Resource: `arn:aws:ecr:eu-west-1:${REGISTRY}:repository/prod-registry/*`,
    }));
  });

  testContracts([
    {
      contract: 'A role of another account with grantPull on the imported registry pulls, when the registry lets that account in (pullAccounts)',
      documentation: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html',
      allowed: () => requests(roleOf('imported'), PULL, deployed.repository),
      denied: () => [
        // The registry does not let the consumer's account in: its side is needed as well.
        ...requests(roleOf('closed'), PULL, deployed.closedRepository),
        // A grant on an import without `account` names the consumer's own account, which has no such repository.
        ...requests(roleOf('importedWithoutAccount'), PULL, deployed.repository),
        // Pull only: no push.
        request(roleOf('imported'), 'ecr:PutImage', deployed.repository),
      ],
    },
  ]);
});
