import { IConstruct } from 'constructs';
import type { EcrEnvironmentStack } from '../../../examples/ecr/ecr-example';
import type { EcrRegistry } from '../../../lib/aws';
import { testContracts } from '../../support/iam/contracts';
import { DeployedResource, DeployedStack, OTHER_ACCOUNT, SAMPLE } from '../../support/iam/deployed-template';
import { ExampleDeployment } from '../../support/iam/example-deployment';
import {
  asRole, foreignResource, OTHER_ACCOUNT_ADMIN, request, requests, service, topicKey, trustOf,
} from '../../support/iam/requests';

/*
 * Service-integration contracts of the ECR registries, evaluated on the
 * example app (eu-west-1, replica in eu-central-1) deployed into a sample
 * account.
 */

const ACCOUNT = SAMPLE.account;
let deployment: ExampleDeployment;
beforeAll(() => {
  deployment = ExampleDeployment.synthesize();
});

const stackOf = (name: string) => deployment.stack(name);
const registryOf = (name: string) => deployment.construct<EcrEnvironmentStack>(name).registry as EcrRegistry;
const child = (scope: IConstruct, ...path: string[]): IConstruct => path.reduce((c, id) => c.node.findChild(id), scope);
const repository = (stack: DeployedStack, name: string) =>
  foreignResource(`arn:aws:ecr:${stack.region}:${ACCOUNT}:repository/${name}`);
const source = (arn: string) => ({ 'aws:SourceArn': arn, 'aws:SourceAccount': arn.split(':')[4] });

/** EventBridge rules of `stack` that target `topic`. */
function rulesTargeting(stack: DeployedStack, topic: DeployedResource): string[] {
  return stack.logicalIdsOfType('AWS::Events::Rule')
    .filter((id) => (stack.resolve(stack.propertiesOf(id).Targets ?? []) as Array<{ Arn: string }>).some((t) => t.Arn === topic.arn))
    .map((id) => stack.arnOf(id));
}

function scanFindingContracts(stackName: string): Parameters<typeof testContracts>[0] {
  const stack = () => stackOf(stackName);
  const topic = () => stack().resource(registryOf(stackName).notificationTopic!);
  const rules = () => {
    const found = rulesTargeting(stack(), topic());
    if (found.length !== 2) {
      throw new Error(`expected the basic and enhanced scan rules to target the topic, found ${found.length}`);
    }
    return found;
  };
  return [
    {
      contract: `EventBridge rules of ${stackName} publish scan findings to its notification topic`,
      documentation: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html',
      allowed: () => rules().map((rule) => request(service('events.amazonaws.com'), 'sns:Publish', topic(), source(rule))),
      denied: () => [
        ...rules().map((rule) => request(service('events.amazonaws.com'), 'sns:Publish', topic(), source(rule.replace(`:${ACCOUNT}:`, `:${OTHER_ACCOUNT}:`)))),
        request(service('events.amazonaws.com'), 'sns:Publish', topic(), source(`arn:aws:events:eu-west-1:${ACCOUNT}:rule/someone-elses-rule`)),
        request(OTHER_ACCOUNT_ADMIN, 'sns:Publish', topic()),
      ],
    },
    {
      contract: `EventBridge and CloudWatch may use the key of ${stackName}'s notification topic, and only its key`,
      documentation: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
      allowed: () => ['events.amazonaws.com', 'cloudwatch.amazonaws.com']
        .flatMap((principal) => requests(service(principal), ['kms:GenerateDataKey', 'kms:Decrypt'], topicKey(stack(), topic()))),
      denied: () => {
        const images = registryOf(stackName).encryptionKey;
        return [
          request(OTHER_ACCOUNT_ADMIN, 'kms:Decrypt', topicKey(stack(), topic())),
          // The images' key (prod) is not the notification key: publishing services get nothing on it.
          ...(images ? requests(service('events.amazonaws.com'), ['kms:GenerateDataKey', 'kms:Decrypt'], stack().resource(images)) : []),
        ];
      },
    },
    {
      contract: `CloudWatch alarms of the account may publish to ${stackName}'s notification topic`,
      documentation: 'https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger',
      allowed: () => [request(service('cloudwatch.amazonaws.com'), 'sns:Publish', topic(),
        source(`arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:registry-pulls-dropped`))],
      denied: () => [request(service('cloudwatch.amazonaws.com'), 'sns:Publish', topic(),
        source(`arn:aws:cloudwatch:eu-west-1:${OTHER_ACCOUNT}:alarm:registry-pulls-dropped`))],
    },
  ];
}

function creationTemplateContracts(stackName: string, templatePath: string[], keyOf: () => IConstruct, prefix: string,
  createdRepository: string): Parameters<typeof testContracts>[0] {
  const stack = () => stackOf(stackName);
  const role = () => stack().role(child(deployment.construct<IConstruct>(stackName), ...templatePath, 'Role'));
  const viaEcr = () => ({ 'kms:ViaService': `ecr.${stack().region}.amazonaws.com` });
  return [
    {
      contract: `ECR assumes the role of ${stackName}'s creation template`,
      documentation: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html',
      allowed: () => [request(service('ecr.amazonaws.com'), 'sts:AssumeRole', trustOf(stack(), role()))],
      denied: () => [request(service('lambda.amazonaws.com'), 'sts:AssumeRole', trustOf(stack(), role()))],
    },
    {
      contract: `ECR creates, tags and encrypts ${prefix}/* repositories from ${stackName}'s creation template`,
      documentation: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html',
      allowed: () => [
        ...requests(asRole(role()), ['ecr:CreateRepository', 'ecr:TagResource'], repository(stack(), createdRepository)),
        request(asRole(role()), 'kms:CreateGrant', stack().resource(keyOf()), { ...viaEcr(), 'kms:GrantIsForAWSResource': 'true' }),
        request(asRole(role()), 'kms:DescribeKey', stack().resource(keyOf()), viaEcr()),
      ],
      denied: () => [
        request(asRole(role()), 'ecr:CreateRepository', repository(stack(), 'dev-registry/sneaked-in')),
        // A grant that is not for an AWS resource is refused by the key policy (CT.KMS.PR.3).
        request(asRole(role()), 'kms:CreateGrant', stack().resource(keyOf()), { 'kms:GrantIsForAWSResource': 'false' }),
      ],
    },
  ];
}

describe('ECR prod registry (eu-west-1) and its replica (eu-central-1)', () => {
  const PROD = 'ecr-prod-registry';
  const ciRole = () => asRole(stackOf(PROD).role(child(deployment.construct<IConstruct>(PROD), 'CiRole')));
  const repo = (name: string) => repository(stackOf(PROD), name);
  testContracts([
    ...scanFindingContracts(PROD),
    ...scanFindingContracts('ecr-test-registry'),
    ...creationTemplateContracts(PROD, ['Registry', 'PullThroughCacheTemplate'], () => registryOf(PROD).encryptionKey!,
      'prod-registry', 'prod-registry/ecr-public/docker/library/nginx'),
    ...creationTemplateContracts('ecr-prod-registry-replica-eu-central-1', ['Replica', 'ReplicationTemplate'],
      () => child(deployment.construct<IConstruct>('ecr-prod-registry-replica-eu-central-1'), 'Replica', 'Key'),
      'prod-registry', 'prod-registry/app'),
    {
      contract: 'A CI role with grantPullPush logs in, pushes and pulls the environment\'s repositories',
      documentation: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html',
      allowed: () => [
        // A wildcard-only action: the request names no resource.
        request(ciRole(), 'ecr:GetAuthorizationToken', { arn: '*', account: ACCOUNT }),
        ...requests(ciRole(), ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload',
          'ecr:PutImage', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], repo('prod-registry/app')),
      ],
      denied: () => [
        request(ciRole(), 'ecr:PutImage', repo('dev-registry/app')),
        request(ciRole(), 'ecr:DeleteRepository', repo('prod-registry/app')),
      ],
    },
    {
      contract: 'A CI role with grantPullPush pulls through the caches, which creates and tags the cached repository',
      documentation: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html',
      allowed: () => requests(ciRole(), ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage', 'ecr:TagResource'],
        repo('prod-registry/ecr-public/docker/library/nginx')),
      // Outside the cache prefixes nothing would apply the environment's settings to a new repository.
      denied: () => [
        ...requests(ciRole(), ['ecr:CreateRepository', 'ecr:TagResource'], repo('prod-registry/unplanned')),
        request(ciRole(), 'ecr:BatchImportUpstreamImage', repo('prod-registry/app')),
      ],
    },
  ]);
});
