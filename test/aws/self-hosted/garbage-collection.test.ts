import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { RegistryValidationError } from '../../../lib';
import { RegistryGarbageCollection, RegistryGarbageCollectionProps } from '../../../lib/aws/self-hosted/garbage-collection';
import { RegistryStorageLocation } from '../../../lib/aws/self-hosted/retention-function';
import { environment, stackIn } from '../helpers';
import { DeployedStack, PolicyResource, SAMPLE } from '../../support/iam/deployed-template';
import { evaluate, PolicyRequest, RequestPrincipal } from '../../support/iam/evaluate';
import {
  asRole, containerInstanceIn, foreignResource, LAMBDA_VPC_ACCESS, objectOf, request, taskIn, withDefaultKeyPolicy,
} from '../../support/iam/requests';
import { allPaths, allStates } from '../../support/state-machine-paths';
import { fixture, Fixture, garbageCollection, IMAGES_BUCKET, IMAGES_KEY_ID } from './garbage-collection-fixture';
import { checkWindow, confirmsRollout, stopsOnlyTheGarbageCollectionTask, unboundedCycles, WindowFacts } from './garbage-collection-window';

const READ_ONLY = '{"enabled":true}';
const WRITABLE = '{"enabled":false}';
const TASK_ID = '0123456789abcdef0123456789abcdef';

/** The fixture's stack as deployed into its own account, for the IAM simulator. */
function deployed(stack: Stack): DeployedStack {
  return DeployedStack.allOf([stack], { ...SAMPLE, account: stack.account }).get(stack.stackName)!;
}

/** What IAM decides for `request`. */
async function decide(policyRequest: PolicyRequest): Promise<string> {
  return (await evaluate(policyRequest)).result;
}

type States = Record<string, any>;
interface Definition { StartAt: string; States: States; QueryLanguage?: string; TimeoutSeconds?: number }

/**
 * The state machine definition as JSON. References in the Fn::Join become
 * `${Ref:Id}` / `${Id.Attr}` placeholders inside their JSON strings.
 */
function definitionOf(template: Template): Definition {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const parts: unknown[] = machine.Properties.DefinitionString['Fn::Join'][1];
  const text = parts.map((part) => {
    if (typeof part === 'string') return part;
    const ref = (part as { Ref?: string }).Ref;
    if (ref) return `\${Ref:${ref}}`;
    const getAtt = (part as { 'Fn::GetAtt'?: string[] })['Fn::GetAtt'];
    if (getAtt) return `\${${getAtt.join('.')}}`;
    throw new Error(`unexpected part ${JSON.stringify(part)}`);
  }).join('');
  return JSON.parse(text);
}

/** The states visited from `start` by following `Next`, a Choice's first branch or its default, until a terminal state. */
function path(def: Definition, start: string, choose: (name: string, state: any) => string): string[] {
  const visited: string[] = [];
  let name: string | undefined = start;
  while (name !== undefined && visited.length < 50) {
    visited.push(name);
    const state: any = def.States[name];
    name = state.Type === 'Choice' ? choose(name, state) : state.Next;
  }
  return visited;
}

/** Tasks along a path, as `resource` or `resource value`, to read the order at a glance. */
function actions(def: Definition, names: string[]): string[] {
  return names.map((name) => def.States[name]).filter((s) => s.Type === 'Task').map((s) => {
    const action = String(s.Resource).replace(/^arn:\$\{Ref:AWS::Partition\}:states:::(aws-sdk:)?/, '');
    if (action === 'ssm:putParameter') return `${action} ${s.Arguments.Value}`;
    if (action === 'ecs:updateService') return `${action} force=${s.Arguments.ForceNewDeployment}`;
    return action;
  });
}

function policyStatements(template: Template, policyIdPrefix: string): any[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const id = Object.keys(policies).find((key) => key.startsWith(policyIdPrefix));
  if (!id) throw new Error(`no policy ${policyIdPrefix}`);
  return policies[id].Properties.PolicyDocument.Statement;
}

/** The window's facts from the template: switch values, marker, which functions delete, which alarms exist. */
function windowFacts(template: Template, gc: RegistryGarbageCollection): WindowFacts {
  const json = template.toJSON();
  const functions = template.findResources('AWS::Lambda::Function');
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
  return {
    readOnlyValue: READ_ONLY,
    writableValue: WRITABLE,
    startedBy: gc.startedBy,
    functionDeletes: (name) => {
      const id = /^\$\{(\w+)\.Arn\}$/.exec(String(name))?.[1];
      if (!id || !functions[id]) throw new Error(`unknown function ${String(name)}`);
      return functions[id].Properties.Environment.Variables.DRY_RUN === 'false';
    },
    failedAlarm: alarms.some((a) => a.Properties.MetricName === 'ExecutionsFailed' && a.Properties.Namespace === 'AWS/States'
      && JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'StateMachineArn', Value: { Ref: stateMachineId(json) } }])),
  };
}

function stateMachineId(json: any): string {
  return Object.keys(json.Resources).find((id) => json.Resources[id].Type === 'AWS::StepFunctions::StateMachine')!;
}

/** The ends that leave the registry possibly read-only: writes could not be restored or confirmed, or the garbage collection task could not be stopped. */
const ALARMED_ENDS = [
  { end: 'Fail', last: 'Garbage collection not stopped' },
  { end: 'Fail', last: 'Writes not confirmed' },
  { end: 'Fail', last: 'Writes not restored' },
];

describe('RegistryGarbageCollection, real run (dryRun: false) with retention and alarms', () => {
  let template: Template;
  let def: Definition;
  let gc: RegistryGarbageCollection;
  let f: Fixture;
  beforeAll(() => {
    f = fixture(stackIn());
    gc = garbageCollection(f, { dryRun: false, alarmTopic: new Topic(f.stack, 'Alarms'), storage: f.storage });
    template = Template.fromStack(f.stack);
    def = definitionOf(template);
  });

  test('schedules a weekly run on Sunday 03:00 UTC, enabled, through an own role', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 ? * SUN *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { Ref: Match.stringLikeRegexp('^GcStateMachine') },
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GcScheduleRole'), 'Arn'] },
        // A run that cannot start within the hour waits for the next window.
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
      },
    });
    expect(policyStatements(template, 'GcScheduleRoleDefaultPolicy')).toEqual([
      { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: expect.stringMatching(/^GcStateMachine/) } },
    ]);
  });

  test('on success: read-only, confirmed; retention; garbage collection; writable, confirmed', () => {
    const happy = path(def, def.StartAt, (_name, state) => (state.Choices[0].Condition.includes('$otherRuns') ? state.Default : state.Choices[0].Next));
    expect(happy).toEqual([
      'Check no other run', 'Only run?',
      'Make registry read-only', 'Restart registry read-only',
      'Wait for read-only rollout', 'Describe registry service (read-only)', 'Registry read-only everywhere?',
      'Begin retention', 'Enforce retention', 'Retention finished?',
      'Collect garbage', 'Garbage collection exited cleanly?',
      'Make registry writable', 'Restart registry writable',
      'Wait for writable rollout', 'Describe registry service (writable)', 'Registry writable everywhere?',
      'Everything succeeded?', 'Done',
    ]);
    expect(actions(def, happy)).toEqual([
      'sfn:listExecutions',
      `ssm:putParameter ${READ_ONLY}`, 'ecs:updateService force=true', 'ecs:describeServices',
      'lambda:invoke',
      'ecs:runTask.sync',
      `ssm:putParameter ${WRITABLE}`, 'ecs:updateService force=true', 'ecs:describeServices',
    ]);
    expect(def.QueryLanguage).toBe('JSONata');
  });

  test('on every path, nothing deletes before read-only is set and confirmed, and every end restores and confirms writes or is alarmed', () => {
    const report = checkWindow(def, windowFacts(template, gc));
    expect(report.violations).toEqual([]);
    // Only where restoring itself failed, or the garbage collection task might still run.
    expect(report.alarmedEnds).toEqual(ALARMED_ENDS);
    // The walk covers the failures it must: every state that can fail, caught or not.
    const failing = new Set(report.paths.flatMap((p) => p.steps.filter((s) => s.outcome === 'error').map((s) => s.state)));
    expect([...failing].sort()).toEqual(Object.entries(def.States).filter(([, s]) => ['Task', 'Map'].includes(s.Type)).map(([n]) => n).sort());
    expect(report.paths.length).toBeGreaterThan(30);
  });

  test('every failure, including timeouts and a failed or overdue garbage collection, is caught', () => {
    // A Catch on every fallible state after the first (which changes nothing), so each failure reaches restore or a Fail of our own.
    const uncaught = allPaths(def).paths.filter((p) => p.end === 'UncaughtError').map((p) => p.last);
    expect(uncaught).toEqual(['Check no other run']);
    const collect = def.States['Collect garbage'];
    expect(collect.TimeoutSeconds).toBe(4 * 3600);
    expect(collect.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'Find running garbage collection', Assign: { failure: '{% $states.errorOutput %}' } }]);
    // A non-zero exit code counts as a failure, whatever the integration reports.
    expect(def.States['Garbage collection exited cleanly?']).toMatchObject({
      Choices: [{ Condition: '{% $gcResult.ExitCode = 0 %}', Next: 'Make registry writable' }],
      Default: 'Garbage collection failed',
    });
  });

  test('every loop is bounded: the rollout waits and the retention calls count and give up', () => {
    const { cycles } = allPaths(def);
    expect(new Set(cycles.map((c) => [...c].sort().join(' | ')))).toEqual(new Set([
      ['Wait for read-only rollout', 'Describe registry service (read-only)', 'Registry read-only everywhere?'].sort().join(' | '),
      ['Wait for writable rollout', 'Describe registry service (writable)', 'Registry writable everywhere?'].sort().join(' | '),
      ['Enforce retention', 'Retention finished?'].sort().join(' | '),
    ]));
    expect(unboundedCycles(def, cycles)).toEqual([]);
    expect(def.States['Registry read-only everywhere?'].Choices[1].Condition).toBe('{% $rolloutFailed or $polls >= 30 %}');
    expect(def.States['Registry writable everywhere?'].Choices[1].Condition).toBe('{% $rolloutFailed or $polls >= 30 %}');
    expect(def.States['Retention finished?'].Choices[1].Condition).toBe('{% $retentionCalls >= 20 %}');
    // And the whole execution is bounded, so a hung one is alarmed as timed out.
    expect(def.TimeoutSeconds).toBeGreaterThan(4 * 3600 + 2 * 15 * 60 + 20 * 15 * 60);
  });

  test('a rollout counts only when the new deployment alone runs every task; a failed or replaced one gives up at once', () => {
    for (const suffix of ['read-only', 'writable']) {
      const describe = def.States[`Describe registry service (${suffix})`];
      expect(confirmsRollout(describe.Assign.rolledOut)).toBe(true);
      expect(describe.Assign.rolloutFailed).toContain("RolloutState = 'FAILED'");
      expect(describe.Assign.rolloutFailed).toContain('$count($d[Id = $deploymentId]) = 0');
      expect(def.States[`Wait for ${suffix} rollout`]).toEqual({ Type: 'Wait', Seconds: 30, Next: `Describe registry service (${suffix})` });
    }
    expect(def.States['Restart registry writable'].Assign).toEqual({ deploymentId: "{% $states.result.Service.Deployments[Status = 'PRIMARY'].Id %}", polls: 0 });
  });

  test('stops only the garbage collection task, found by its startedBy marker', () => {
    expect(gc.startedBy).toBe('dev-registry-gc');
    expect(stopsOnlyTheGarbageCollectionTask(def, gc.startedBy)).toEqual([]);
    // A service's tasks carry the service deployment in startedBy (RunTask API reference), never this marker.
    expect(gc.startedBy).not.toMatch(/^ecs-svc\//);
    expect(def.States['Find running garbage collection'].Arguments).toEqual({ Cluster: '${ClusterEB0386A7.Arn}', StartedBy: 'dev-registry-gc' });
    expect(def.States['Let stopped tasks exit']).toEqual({ Type: 'Wait', Seconds: 150, Next: 'Check garbage collection stopped' });
  });

  test('refuses to run next to another execution, before touching anything', () => {
    expect(def.States['Only run?'].Choices).toEqual([{ Condition: '{% $otherRuns > 0 %}', Next: 'Another run is in progress' }]);
    expect(def.States['Another run is in progress'].Type).toBe('Fail');
  });

  test('writes the read-only switch as the whole map, never the leaf variable', () => {
    expect(def.States['Make registry read-only'].Arguments).toEqual({
      Name: '${Ref:GcReadOnlyA18DEF42}', Value: READ_ONLY, Overwrite: true,
    });
    expect(JSON.parse(def.States['Make registry read-only'].Arguments.Value)).toEqual({ enabled: true });
    expect(def.States['Make registry writable'].Arguments.Value).toBe(WRITABLE);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/READONLY_ENABLED/);
    expect(RegistryGarbageCollection.READ_ONLY_VALUE).toBe(READ_ONLY);
  });

  test('runs the garbage collection command without --dry-run, of the exact task definition, tagged and marked', () => {
    expect(gc.command).toEqual(['registry', 'garbage-collect', '/etc/distribution/config.yml']);
    expect(def.States['Collect garbage'].Resource).toMatch(/:states:::ecs:runTask\.sync$/);
    expect(def.States['Collect garbage'].Arguments).toEqual({
      Cluster: '${ClusterEB0386A7.Arn}',
      TaskDefinition: expect.stringMatching(/^\$\{Ref:GcTask/),
      LaunchType: 'FARGATE',
      PlatformVersion: 'LATEST',
      NetworkConfiguration: { AwsvpcConfiguration: {
        Subnets: [expect.stringMatching(/privateSubnet1/), expect.stringMatching(/privateSubnet2/)],
        SecurityGroups: [expect.stringMatching(/^\$\{GcCollectGarbageSecurityGroup.*\.GroupId\}$/)],
        AssignPublicIp: 'DISABLED',
      } },
      Overrides: { ContainerOverrides: [{ Name: 'registry', Command: gc.command }] },
      PropagateTags: 'TASK_DEFINITION',
      StartedBy: 'dev-registry-gc',
    });
  });

  test('enforces retention with the environment\'s settings, measured from the window\'s start', () => {
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler', Timeout: 900 } }));
    expect(fn.Properties.Environment.Variables).toEqual({
      BUCKET_NAME: IMAGES_BUCKET,
      ROOT_DIRECTORY: 'registry',
      MAX_IMAGE_COUNT: '50',
      UNTAGGED_RETENTION_DAYS: '7',
      DRY_RUN: 'false',
    });
    expect(fn.Properties.VpcConfig).toEqual({
      SubnetIds: [{ Ref: expect.stringMatching(/privateSubnet1/) }, { Ref: expect.stringMatching(/privateSubnet2/) }],
      SecurityGroupIds: [{ 'Fn::GetAtt': [expect.stringMatching(/^GcRetentionSecurityGroup/), 'GroupId'] }],
    });
    expect(def.States['Enforce retention'].Arguments.Payload).toEqual({
      now: '{% $states.context.Execution.StartTime %}', startAfter: '{% $retentionNext %}',
    });
    expect(def.States['Begin retention'].Assign).toMatchObject({ retentionNext: null, retentionCalls: 0 });
    expect(gc.retention).toBeDefined();
  });

  test('creates the read-only parameter, writable, refusing any other value', () => {
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/dev-registry/registry/maintenance-readonly',
      Type: 'String',
      Value: WRITABLE,
      AllowedPattern: '^\\{"enabled":(true|false)\\}$',
    });
  });

  test('injects the parameter into the registry container as REGISTRY_STORAGE_MAINTENANCE_READONLY', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: Match.stringLikeRegexp('RegistryTask'),
      ContainerDefinitions: [Match.objectLike({
        Secrets: [{
          Name: 'REGISTRY_STORAGE_MAINTENANCE_READONLY',
          ValueFrom: { 'Fn::Join': ['', Match.arrayWith([{ Ref: 'GcReadOnlyA18DEF42' }])] },
        }],
      })],
    });
    const statements = policyStatements(template, 'RegistryTaskExecutionRoleDefaultPolicy');
    expect(statements).toContainEqual(expect.objectContaining({
      Action: expect.arrayContaining(['ssm:GetParameters']),
      Resource: { 'Fn::Join': ['', expect.arrayContaining([{ Ref: 'GcReadOnlyA18DEF42' }])] },
    }));
  });

  describe('what IAM allows the state machine (evaluated with the IAM simulator)', () => {
    let deployment: DeployedStack;
    let workflow: RequestPrincipal;
    let cluster: PolicyResource;
    let otherCluster: PolicyResource;
    beforeAll(() => {
      deployment = deployed(f.stack);
      workflow = asRole(deployment.role(gc.stateMachine.role));
      cluster = deployment.resource(f.service.cluster);
      otherCluster = foreignResource(cluster.arn.replace(/[^/]+$/, 'other'));
    });
    const inCluster = (c: PolicyResource) => ({ 'ecs:cluster': c.arn });

    test('RunTask of the garbage collection task definition, in the registry cluster only', async () => {
      const gcTask = deployment.resource(f.gcTask);
      expect(await decide(request(workflow, 'ecs:RunTask', gcTask, inCluster(cluster)))).toBe('Allowed');
      expect(await decide(request(workflow, 'ecs:RunTask', gcTask, inCluster(otherCluster)))).not.toBe('Allowed');
      const registryTask = deployment.resource(f.service.taskDefinition);
      expect(await decide(request(workflow, 'ecs:RunTask', registryTask, inCluster(cluster)))).not.toBe('Allowed');
    });

    test('tags the task it runs (PropagateTags is a tag on create: ecs:TagResource with ecs:CreateAction RunTask), and nothing else', async () => {
      expect(await decide(request(workflow, 'ecs:TagResource', taskIn(cluster, TASK_ID), { 'ecs:CreateAction': 'RunTask' }))).toBe('Allowed');
      // Tagging an existing task, service or cluster directly stays denied.
      expect(await decide(request(workflow, 'ecs:TagResource', taskIn(cluster, TASK_ID)))).not.toBe('Allowed');
      expect(await decide(request(workflow, 'ecs:TagResource', cluster, { 'ecs:CreateAction': 'CreateCluster' }))).not.toBe('Allowed');
    });

    test('stops, describes and lists tasks of the registry cluster only', async () => {
      for (const action of ['ecs:StopTask', 'ecs:DescribeTasks']) {
        expect({ action, decision: await decide(request(workflow, action, taskIn(cluster, TASK_ID), inCluster(cluster))) })
          .toEqual({ action, decision: 'Allowed' });
        expect({ action, decision: await decide(request(workflow, action, taskIn(otherCluster, TASK_ID), inCluster(otherCluster))) })
          .toEqual({ action, decision: 'ImplicitlyDenied' });
      }
      expect(await decide(request(workflow, 'ecs:ListTasks', containerInstanceIn(cluster, TASK_ID), inCluster(cluster)))).toBe('Allowed');
      expect(await decide(request(workflow, 'ecs:ListTasks', containerInstanceIn(otherCluster, TASK_ID), inCluster(otherCluster)))).toBe('ImplicitlyDenied');
    });

    test('switches and restarts only this registry, and invokes only its retention function', async () => {
      const service = deployment.resource(f.service);
      for (const action of ['ecs:UpdateService', 'ecs:DescribeServices']) {
        expect(await decide(request(workflow, action, service, inCluster(cluster)))).toBe('Allowed');
        expect(await decide(request(workflow, action, foreignResource(service.arn.replace(/[^/]+$/, 'other')), inCluster(cluster)))).not.toBe('Allowed');
      }
      const parameter = deployment.resource(gc.readOnlyParameter);
      expect(parameter.arn).toBe(`arn:aws:ssm:eu-west-1:${f.stack.account}:parameter/dev-registry/registry/maintenance-readonly`);
      expect(await decide(request(workflow, 'ssm:PutParameter', parameter))).toBe('Allowed');
      expect(await decide(request(workflow, 'ssm:PutParameter', foreignResource(`${parameter.arn}-other`)))).not.toBe('Allowed');
      const fn = deployment.resource(gc.retention!.handler);
      expect(await decide(request(workflow, 'lambda:InvokeFunction', fn))).toBe('Allowed');
      expect(await decide(request(workflow, 'lambda:InvokeFunction', foreignResource(fn.arn.replace(/[^:]+$/, 'other'))))).not.toBe('Allowed');
    });
  });

  test('the retention function reads distribution\'s layout and deletes only tag and revision links', async () => {
    const deployment = deployed(f.stack);
    const fnRole = asRole(deployment.role(gc.retention!.handler.role!), LAMBDA_VPC_ACCESS);
    const bucket = deployment.imported(f.storage.bucket.bucketArn);
    const key = withDefaultKeyPolicy(deployment.imported(f.storage.encryptionKey!.keyArn));
    const layout = 'registry/docker/registry/v2';
    const link = objectOf(bucket, `${layout}/repositories/team/app/_manifests/tags/v1/current/link`);
    const revision = objectOf(bucket, `${layout}/repositories/team/app/_manifests/revisions/sha256/${'a'.repeat(64)}/link`);
    const blob = objectOf(bucket, `${layout}/blobs/sha256/aa/${'a'.repeat(64)}/data`);
    const layer = objectOf(bucket, `${layout}/repositories/team/app/_layers/sha256/${'a'.repeat(64)}/link`);
    const cases: Array<[string, PolicyResource, string, Record<string, string>?]> = [
      ['s3:ListBucket', bucket, 'Allowed', { 's3:prefix': 'registry/docker/registry/v2/repositories/' }],
      ['s3:ListBucket', bucket, 'ImplicitlyDenied', { 's3:prefix': 'other/' }],
      ['s3:GetObject', link, 'Allowed'],
      ['s3:GetObject', blob, 'Allowed'],
      ['s3:DeleteObject', link, 'Allowed'],
      ['s3:DeleteObject', revision, 'Allowed'],
      ['s3:DeleteObject', blob, 'ImplicitlyDenied'],
      ['s3:DeleteObject', layer, 'ImplicitlyDenied'],
      ['s3:PutObject', link, 'ImplicitlyDenied'],
      ['kms:Decrypt', key, 'Allowed', { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' }],
      ['kms:Decrypt', key, 'ImplicitlyDenied', { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' }],
    ];
    // The fixture's bucket and key, not look-alikes: the policies name them by these ARNs.
    expect([bucket.arn, key.arn]).toEqual([`arn:aws:s3:::${IMAGES_BUCKET}`, `arn:aws:kms:eu-west-1:${f.stack.account}:key/${IMAGES_KEY_ID}`]);
    const decisions = await Promise.all(cases.map(([action, resource, , context]) => decide(request(fnRole, action, resource, context))));
    const row = (action: string, resource: PolicyResource, result: string) => `${action} ${resource.arn.replace(`${bucket.arn}/${layout}`, '')} ${result}`;
    expect(cases.map(([action, resource], i) => row(action, resource, decisions[i])))
      .toEqual(cases.map(([action, resource, expected]) => row(action, resource, expected)));
  });

  test('logs every execution with data to a log group and traces with X-Ray', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'dev-registry-gc',
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: true,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GcLogs'), 'Arn'] } } }],
      },
      TracingConfiguration: { Enabled: true },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Delete',
      Properties: { RetentionInDays: 7, Tags: Match.anyValue() },
    });
  });

  test('alarms on failed, timed-out and stopped executions', () => {
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: Match.stringLikeRegexp('^GcStateMachine') } }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
      });
    }
    expect(gc.alarms).toHaveLength(3);
  });

  test('tags its resources with the environment tags', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      Tags: Match.arrayWith([{ Key: 'registry:environment', Value: 'dev' }]),
    });
  });
});

describe('RegistryGarbageCollection, real run without an alarm topic', () => {
  let template: Template;
  let gc: RegistryGarbageCollection;
  let stack: Stack;
  beforeAll(() => {
    const f = fixture(stackIn());
    stack = f.stack;
    gc = garbageCollection(f, { dryRun: false });
    template = Template.fromStack(f.stack);
  });

  test('exactly the ends that may leave the registry read-only go unreported, and synthesis warns about it', () => {
    const report = checkWindow(definitionOf(template), windowFacts(template, gc));
    expect(report.alarmedEnds).toEqual(ALARMED_ENDS);
    expect(report.violations.length).toBeGreaterThan(0);
    expect(report.violations.every((v) => /with the registry possibly read-only and no alarm/.test(v))).toBe(true);
    const warnings = Annotations.fromStack(stack).findWarning('/stack-eu-west-1/Gc', Match.stringLikeRegexp('without alarmTopic'));
    expect(warnings).toHaveLength(1);
    expect(gc.alarms).toEqual([]);
  });

  test('without storage, the window only collects garbage', () => {
    const def = definitionOf(template);
    expect(Object.keys(def.States).filter((name) => /retention/i.test(name))).toEqual([]);
    expect(gc.retention).toBeUndefined();
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });
});

describe('RegistryGarbageCollection, dry run (the default)', () => {
  let template: Template;
  let def: Definition;
  let gc: RegistryGarbageCollection;
  let stack: Stack;
  let f: Fixture;
  beforeAll(() => {
    f = fixture(stackIn());
    stack = f.stack;
    gc = garbageCollection(f, { storage: f.storage });
    template = Template.fromStack(f.stack);
    def = definitionOf(template);
  });

  test('reports retention, then runs garbage-collect with --dry-run', () => {
    expect(gc.dryRun).toBe(true);
    expect(gc.command).toEqual(['registry', 'garbage-collect', '--dry-run', '/etc/distribution/config.yml']);
    expect(path(def, def.StartAt, (_name, state) => state.Choices[0].Next)).toEqual([
      'Begin retention report', 'Report retention (dry run)', 'Retention report finished?',
      'Collect garbage (dry run)', 'Dry run exited cleanly?', 'Dry run done',
    ]);
    expect(def.States['Collect garbage (dry run)'].Arguments.Overrides.ContainerOverrides[0].Command).toContain('--dry-run');
  });

  test('never switches the registry read-only nor restarts it, and no path deletes', () => {
    const resources = allStates(def).map(([, s]) => s.Resource).filter(Boolean).map((r: string) => r.replace(/^.*:states:::(aws-sdk:)?/, '')).sort();
    expect(resources).toEqual(['ecs:describeTasks', 'ecs:listTasks', 'ecs:runTask.sync', 'ecs:stopTask', 'lambda:invoke']);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/putParameter|updateService/i);
    const report = checkWindow(def, windowFacts(template, gc));
    expect(report.violations).toEqual([]);
    expect(report.alarmedEnds).toEqual([]);
    expect(stopsOnlyTheGarbageCollectionTask(def, gc.startedBy)).toEqual([]);
    expect(unboundedCycles(def, report.cycles)).toEqual([]);
  });

  test('the retention function only reports: DRY_RUN and no permission to delete', async () => {
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(fn.Properties.Environment.Variables.DRY_RUN).toBe('true');
    const deployment = deployed(f.stack);
    const role = asRole(deployment.role(gc.retention!.handler.role!), LAMBDA_VPC_ACCESS);
    const bucket = deployment.imported(f.storage.bucket.bucketArn);
    expect(bucket.arn).toBe(`arn:aws:s3:::${IMAGES_BUCKET}`);
    const link = objectOf(bucket, 'registry/docker/registry/v2/repositories/team/app/_manifests/tags/v1/current/link');
    expect(await decide(request(role, 's3:GetObject', link))).toBe('Allowed');
    expect(await decide(request(role, 's3:DeleteObject', link))).toBe('ImplicitlyDenied');
  });

  test('a failed or overdue dry run is stopped and fails the execution', () => {
    expect(def.States['Collect garbage (dry run)'].Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'Find running garbage collection' })]);
    expect(def.States['Dry run exited cleanly?'].Default).toBe('Dry run exited with an error');
    expect(def.States['Dry run failed'].Type).toBe('Fail');
  });

  test('still creates the parameter the registry service reads, and no alarms without a topic (and no warning: nothing to restore)', () => {
    template.resourceCountIs('AWS::SSM::Parameter', 1);
    expect(gc.readOnlyParameter).toBeDefined();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(gc.alarms).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('without alarmTopic'))).toEqual([]);
  });
});

describe('RegistryGarbageCollection, prod with own parameter and schedule', () => {
  let template: Template;
  let def: Definition;
  beforeAll(() => {
    const f = fixture(stackIn());
    const parameter = StringParameter.fromStringParameterName(f.stack, 'Switch', '/platform/registry/readonly');
    garbageCollection(f, {
      dryRun: false,
      deleteUntagged: true,
      configPath: '/etc/docker/registry/config.yml',
      readOnlyParameter: parameter,
      schedule: ScheduleExpression.cron({ weekDay: 'SAT', hour: '22', minute: '30' }),
      enabled: false,
      maxWaitForReadOnly: Duration.minutes(5),
      garbageCollectionTimeout: Duration.hours(1),
    }, 'prod');
    template = Template.fromStack(f.stack);
    def = definitionOf(template);
  });

  test('uses the given parameter and creates none', () => {
    template.resourceCountIs('AWS::SSM::Parameter', 0);
    expect(def.States['Make registry read-only'].Arguments.Name).toBe('/platform/registry/readonly');
  });

  test('passes --delete-untagged and the config path', () => {
    expect(def.States['Collect garbage'].Arguments.Overrides.ContainerOverrides[0].Command)
      .toEqual(['registry', 'garbage-collect', '--delete-untagged', '/etc/docker/registry/config.yml']);
    expect(def.States['Collect garbage'].TimeoutSeconds).toBe(3600);
  });

  test('polls at most maxWaitForReadOnly, read-only and writable alike', () => {
    expect(def.States['Registry read-only everywhere?'].Choices[1].Condition).toBe('{% $rolloutFailed or $polls >= 10 %}');
    expect(def.States['Registry writable everywhere?'].Choices[1].Condition).toBe('{% $rolloutFailed or $polls >= 10 %}');
  });

  test('keeps the schedule disabled', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(30 22 ? * SAT *)', State: 'DISABLED' });
  });

  test('retains a year of execution logs', () => {
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ RetentionInDays: 365 }) });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'prod-registry-gc' });
  });
});

describe('RegistryGarbageCollection, commands for an sh -c entry point', () => {
  // The shape of a start-up script that writes the config file, then execs the registry.
  const script = (args: string) => `set -eu\nwrite_file DISTRIBUTION_CONFIG /run/registry/config.yml\nexec registry ${args}`;
  const commandOf = (props: Partial<RegistryGarbageCollectionProps>): string[] => {
    const f = fixture(stackIn());
    garbageCollection(f, {
      command: [script('garbage-collect --delete-untagged /run/registry/config.yml')],
      dryRunCommand: [script('garbage-collect --dry-run --delete-untagged /run/registry/config.yml')],
      deleteUntagged: true,
      ...props,
    });
    return definitionOf(Template.fromStack(f.stack)).States['Collect garbage' + (props.dryRun === false ? '' : ' (dry run)')]
      .Arguments.Overrides.ContainerOverrides[0].Command;
  };

  test('runs the caller\'s dry-run script by default and the real one when dryRun is false', () => {
    expect(commandOf({})).toEqual([script('garbage-collect --dry-run --delete-untagged /run/registry/config.yml')]);
    expect(commandOf({ dryRun: false })).toEqual([script('garbage-collect --delete-untagged /run/registry/config.yml')]);
  });
});

describe('RegistryGarbageCollection, bad input', () => {
  let f: Fixture;
  beforeAll(() => {
    f = fixture(stackIn());
  });

  // Each case builds in its own scope, so a refused construct leaves nothing behind to clash with.
  const build = (props: Partial<RegistryGarbageCollectionProps>) => () => {
    const scope = new Stack(new App(), 'bad', { env: { account: '111111111111', region: 'eu-west-1' } });
    return new RegistryGarbageCollection(scope, 'Gc', {
      environment: environment('dev'), service: f.service, taskDefinition: f.gcTask, containerName: 'registry', ...props,
    });
  };
  const cases: Array<[string, Partial<RegistryGarbageCollectionProps>, RegExp]> = [
    ['an unknown container', { containerName: 'other' },
      /^containerName: expected the name of a container of taskDefinition, got "other"$/],
    ['a container name JSONata would choke on', { containerName: 'a"b' },
      /^containerName: expected a container name of 1-255 letters, digits, hyphens or underscores, got "a\\"b"$/],
    ['a relative config path', { configPath: 'config.yml' }, /^configPath: expected an absolute path inside the container/],
    ['a wait under a minute', { maxWaitForReadOnly: Duration.seconds(30) },
      /^maxWaitForReadOnly: expected a duration from 1 to 60 minutes, got "30 seconds"$/],
    ['a wait over an hour', { maxWaitForReadOnly: Duration.minutes(61) }, /^maxWaitForReadOnly: expected a duration from 1 to 60 minutes/],
    ['a garbage collection timeout too short', { garbageCollectionTimeout: Duration.minutes(5) },
      /^garbageCollectionTimeout: expected a duration from 15 minutes to 24 hours, got "5 minutes"$/],
    ['a dry-run command that would delete', { dryRunCommand: ['registry', 'garbage-collect', '/etc/distribution/config.yml'] },
      /^dryRunCommand: expected a command with --dry-run \(a dry run leaves the registry writable\), got \["registry",/],
    ['a real command that only reports', { dryRun: false, command: ['sh', '-c', 'exec registry garbage-collect --dry-run /c.yml'] },
      /^command: expected a command without --dry-run \(dryRun is false\)/],
    ['a command that does not collect garbage', { dryRun: false, command: ['registry', 'serve', '/c.yml'] },
      /^command: expected a command that runs "registry garbage-collect"/],
    ['a command that disagrees with deleteUntagged', { dryRun: false, deleteUntagged: true, command: ['registry', 'garbage-collect', '/c.yml'] },
      /^command: expected a command with --delete-untagged \(deleteUntagged is true\)/],
    ['an empty command', { dryRunCommand: [] }, /^dryRunCommand: expected a non-empty list of strings, got \[\]$/],
    ['a command part the JSONata state machine would evaluate', { dryRun: false, command: ['registry', 'garbage-collect', '{% $states.input %}'] },
      /^command: expected strings that are not JSONata expressions \("\{% \.\.\. %\}"\)/],
    ['storage without a bucket', { storage: {} as RegistryStorageLocation }, /^storage: expected the registry's bucket, as \{ bucket, rootDirectory\?, encryptionKey\? \}, got \{\}$/],
    ['a storage root that climbs out', { storage: { bucket: { bucketName: 'b' } as unknown as RegistryStorageLocation['bucket'], rootDirectory: '/registry/../other' } },
      /^storage\.rootDirectory: expected distribution's rootdirectory, e\.g\. "\/registry".*, got "\/registry\/\.\.\/other"$/],
    ['a non-boolean dryRun', { dryRun: 'no' as unknown as boolean }, /^dryRun: expected true or false, got "no"$/],
    ['a non-boolean deleteUntagged', { deleteUntagged: 1 as unknown as boolean }, /^deleteUntagged: expected true or false, got 1$/],
    ['a one-time schedule', { schedule: ScheduleExpression.at(new Date(Date.UTC(2030, 0, 1))) },
      /^schedule: expected a recurring cron or rate expression .*, got "at\(2030-01-01T00:00:00\)"$/],
  ];
  test.each(cases)('refuses %s', (_what, props, message) => {
    expect(build(props)).toThrow(RegistryValidationError);
    expect(build(props)).toThrow(message);
  });

  test('refuses a second garbage collection of the same registry in one account and region', () => {
    const stack = stackIn();
    const g = fixture(stack);
    garbageCollection(g);
    expect(() => new RegistryGarbageCollection(stack, 'Gc2', {
      environment: environment('dev'), service: g.service, taskDefinition: g.gcTask, containerName: 'registry',
    })).toThrow(/^environment: expected one garbage collection of dev-registry\.example\.com per account and region/);
  });
});
