import { Annotations, App, Stack } from 'aws-cdk-lib';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { cdkJsonContext } from '../../examples/example-app';
import { RegistryAuthentication, SelfHostedRegistry } from '../../../lib/aws';
import { testContracts } from '../../support/iam/contracts';
import { DeployedStack, OTHER_ACCOUNT, SAMPLE } from '../../support/iam/deployed-template';
import { asRole, foreignResource, OTHER_ACCOUNT_ADMIN, request, requests, service, taskIn, trustOf } from '../../support/iam/requests';
import { environment } from '../helpers';

/*
 * Garbage collection's Step Functions workflow as it runs for real
 * (`dryRun: false`): what the state machine's role calls, and who starts it.
 */

let stack: DeployedStack;
let registry: SelfHostedRegistry;
beforeAll(() => {
  const app = new App({ context: cdkJsonContext() });
  const cdk = new Stack(app, 'gc-contracts', { env: { region: 'eu-west-1' } });
  registry = new SelfHostedRegistry(cdk, 'Registry', {
    environment: environment('prod'),
    hostedZone: HostedZone.fromHostedZoneAttributes(cdk, 'Zone', { hostedZoneId: 'Z0000000TEST', zoneName: 'example.com' }),
    authentication: RegistryAuthentication.htpasswd(['ci']),
    garbageCollection: { dryRun: false },
  });
  for (const setting of ['imageTagMutability', 'untaggedImageRetentionDays', 'maxImageCount']) {
    Annotations.of(registry).acknowledgeWarning(`env-container-registries:unenforced:${setting}`, 'tag rules are not what these tests are about');
  }
  stack = DeployedStack.allOf([cdk]).get('gc-contracts')!;
});

const ACCOUNT = SAMPLE.account;
const gc = () => registry.garbageCollection!;
const workflowRole = () => asRole(stack.role(gc().stateMachine.role));
const clusterArn = () => stack.resource(registry.running.cluster).arn;
const clusterName = () => clusterArn().split('/').pop();
const task = (id: string) => taskIn(stack.resource(registry.running.cluster), id);

testContracts([
  {
    contract: 'Step Functions assumes the garbage collection workflow\'s role',
    documentation: 'https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html',
    allowed: () => [request(service('states.amazonaws.com'), 'sts:AssumeRole', trustOf(stack, stack.role(gc().stateMachine.role)),
      { 'aws:SourceArn': stack.resource(gc().stateMachine).arn, 'aws:SourceAccount': ACCOUNT })],
    denied: () => [
      request(service('lambda.amazonaws.com'), 'sts:AssumeRole', trustOf(stack, stack.role(gc().stateMachine.role))),
      request(service('states.amazonaws.com'), 'sts:AssumeRole', trustOf(stack, stack.role(gc().stateMachine.role)),
        { 'aws:SourceArn': `arn:aws:states:eu-west-1:${OTHER_ACCOUNT}:stateMachine:prod-registry-gc`, 'aws:SourceAccount': OTHER_ACCOUNT }),
      // A state machine of the same account in another region.
      request(service('states.amazonaws.com'), 'sts:AssumeRole', trustOf(stack, stack.role(gc().stateMachine.role)),
        { 'aws:SourceArn': `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:prod-registry-gc`, 'aws:SourceAccount': ACCOUNT }),
    ],
  },
  {
    contract: 'EventBridge Scheduler of this account assumes the schedule role and starts the workflow',
    documentation: 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html',
    allowed: () => {
      const scheduleRole = stack.role(gc().node.findChild('ScheduleRole'));
      const group = `arn:aws:scheduler:eu-west-1:${ACCOUNT}:schedule-group/default`;
      return [
        request(service('scheduler.amazonaws.com'), 'sts:AssumeRole', trustOf(stack, scheduleRole), { 'aws:SourceArn': group, 'aws:SourceAccount': ACCOUNT }),
        request(asRole(scheduleRole), 'states:StartExecution', stack.resource(gc().stateMachine)),
      ];
    },
    denied: () => {
      const scheduleRole = stack.role(gc().node.findChild('ScheduleRole'));
      return [
        request(service('scheduler.amazonaws.com'), 'sts:AssumeRole', trustOf(stack, scheduleRole),
          { 'aws:SourceArn': `arn:aws:scheduler:eu-west-1:${OTHER_ACCOUNT}:schedule-group/default`, 'aws:SourceAccount': OTHER_ACCOUNT }),
        request(OTHER_ACCOUNT_ADMIN, 'sts:AssumeRole', trustOf(stack, scheduleRole)),
      ];
    },
  },
  {
    contract: 'The workflow switches the registry read-only and back, and rolls its tasks',
    documentation: 'https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html',
    allowed: () => [
      request(workflowRole(), 'ssm:PutParameter', stack.resource(gc().readOnlyParameter)),
      ...requests(workflowRole(), ['ecs:UpdateService', 'ecs:DescribeServices'], stack.resource(registry.service)),
      request(workflowRole(), 'states:ListExecutions', stack.resource(gc().stateMachine)),
    ],
    denied: () => [
      request(workflowRole(), 'ssm:PutParameter', foreignResource(`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/someone-elses/parameter`)),
      request(workflowRole(), 'ecs:UpdateService', foreignResource(`arn:aws:ecs:eu-west-1:${ACCOUNT}:service/${clusterName()}/another-service`)),
    ],
  },
  {
    contract: 'The workflow runs the garbage collection task and waits for it (.sync)',
    documentation: 'https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html',
    allowed: () => [
      request(workflowRole(), 'ecs:RunTask', stack.resource(registry.taskDefinition), { 'ecs:cluster': clusterArn() }),
      ...[registry.taskDefinition.executionRole!, registry.taskDefinition.taskRole].map((role) =>
        request(workflowRole(), 'iam:PassRole', stack.role(role), { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' })),
      ...requests(workflowRole(), ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        foreignResource(`arn:aws:events:eu-west-1:${ACCOUNT}:rule/StepFunctionsGetEventsForECSTaskRule`)),
      // ECS puts the task's cluster in ecs:cluster (a condition key of DescribeTasks in the Service Authorization Reference).
      request(workflowRole(), 'ecs:DescribeTasks', task('0123456789abcdef'), { 'ecs:cluster': clusterArn() }),
    ],
    denied: () => [
      request(workflowRole(), 'ecs:RunTask', foreignResource(`arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/another-family:1`)),
      request(workflowRole(), 'iam:PassRole', foreignResource(`arn:aws:iam::${ACCOUNT}:role/administrator`)),
    ],
  },
  {
    contract: 'The workflow tags the task it starts (the task propagates the task definition\'s tags)',
    documentation: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html',
    allowed: () => [request(workflowRole(), 'ecs:TagResource', task('0123456789abcdef'), { 'ecs:CreateAction': 'RunTask' })],
    denied: () => [request(workflowRole(), 'ecs:TagResource', task('0123456789abcdef'), { 'ecs:CreateAction': 'CreateService' })],
  },
  {
    contract: 'The workflow stops only garbage collection tasks when a run times out',
    documentation: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security_iam_id-based-policy-examples.html',
    allowed: () => [request(workflowRole(), 'ecs:StopTask', task('0123456789abcdef'), { 'ecs:cluster': clusterArn() })],
    // A registry task of the same cluster, and a task of another cluster.
    denied: () => [
      request(workflowRole(), 'ecs:StopTask', foreignResource(`arn:aws:ecs:eu-west-1:${ACCOUNT}:task/another-cluster/fedcba9876543210`),
        { 'ecs:cluster': `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/another-cluster` }),
    ],
  },
]);
