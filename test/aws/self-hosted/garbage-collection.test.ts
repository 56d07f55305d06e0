import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IVpc, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import {
  Cluster, ContainerDefinition, ContainerImage, ContainerInsights, FargateService, FargateTaskDefinition, LogDrivers,
} from 'aws-cdk-lib/aws-ecs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { enableComplianceChecks } from '../../../examples/compliance';
import { RegistryValidationError } from '../../../lib';
import { RegistryGarbageCollection, RegistryGarbageCollectionProps } from '../../../lib/aws/self-hosted/garbage-collection';
import { environment, stackIn } from '../helpers';

const READ_ONLY = '{"enabled":true}';
const WRITABLE = '{"enabled":false}';
const IMAGE = ContainerImage.fromRegistry('registry:3.1.0');

/** The registry around the construct: VPC, cluster, registry service, and a task definition for garbage collection. */
interface Fixture {
  readonly stack: Stack;
  readonly vpc: IVpc;
  readonly service: FargateService;
  readonly registryContainer: ContainerDefinition;
  readonly gcTask: FargateTaskDefinition;
  /** Container log groups (compliant fixtures only). */
  readonly containerLogs: LogGroup[];
}

/** The minimal registry a caller would have. `compliant` adds what the compliance packs ask of the fixture itself. */
function fixture(stack: Stack, compliant = false): Fixture {
  const vpc = new Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'private', subnetType: SubnetType.PRIVATE_ISOLATED }],
  });
  const cluster = new Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ContainerInsights.ENABLED });
  const containerLogs: LogGroup[] = [];
  const containerOptions = (id: string) => {
    const logGroup = compliant ? new LogGroup(stack, `${id}Logs`, { retention: RetentionDays.ONE_YEAR }) : undefined;
    if (logGroup) containerLogs.push(logGroup);
    return {
      image: IMAGE,
      memoryLimitMiB: 512,
      readonlyRootFilesystem: true,
      user: '1000',
      logging: logGroup ? LogDrivers.awsLogs({ streamPrefix: id, logGroup }) : undefined,
    };
  };
  const registryTask = new FargateTaskDefinition(stack, 'RegistryTask');
  const registryContainer = registryTask.addContainer('registry', containerOptions('Registry'));
  const service = new FargateService(stack, 'Service', {
    cluster, taskDefinition: registryTask, vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
  });
  const gcTask = new FargateTaskDefinition(stack, 'GcTask');
  gcTask.addContainer('registry', containerOptions('Gc'));
  return { stack, vpc, service, registryContainer, gcTask, containerLogs };
}

function garbageCollection(f: Fixture, props: Partial<RegistryGarbageCollectionProps> = {}, envName = 'dev'): RegistryGarbageCollection {
  const gc = new RegistryGarbageCollection(f.stack, 'Gc', {
    environment: environment(envName),
    service: f.service,
    taskDefinition: f.gcTask,
    containerName: 'registry',
    subnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
    ...props,
  });
  gc.addReadOnlySwitch(f.registryContainer);
  return gc;
}

type States = Record<string, any>;
interface Definition { StartAt: string; States: States; QueryLanguage?: string }

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

describe('RegistryGarbageCollection, real run (dryRun: false)', () => {
  let template: Template;
  let def: Definition;
  let gc: RegistryGarbageCollection;
  beforeAll(() => {
    const f = fixture(stackIn());
    gc = garbageCollection(f, { dryRun: false, alarmTopic: new Topic(f.stack, 'Alarms') });
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

  test('on success: read-only, restart, wait loop, garbage collection, writable, restart', () => {
    const happy = path(def, def.StartAt, (_name, state) => (state.Choices[0].Condition.includes('$otherRuns') ? state.Default : state.Choices[0].Next));
    expect(happy).toEqual([
      'Check no other run', 'Only run?',
      'Make registry read-only', 'Restart registry read-only',
      'Wait for rollout', 'Describe registry service', 'Read-only everywhere?',
      'Collect garbage', 'Garbage collection exited cleanly?',
      'Make registry writable', 'Restart registry writable', 'Everything succeeded?', 'Done',
    ]);
    expect(actions(def, happy)).toEqual([
      'sfn:listExecutions',
      `ssm:putParameter ${READ_ONLY}`, 'ecs:updateService force=true',
      'ecs:describeServices',
      'ecs:runTask.sync',
      `ssm:putParameter ${WRITABLE}`, 'ecs:updateService force=true',
    ]);
    expect(def.QueryLanguage).toBe('JSONata');
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

  test('waits until the new deployment alone runs every task, at most 30 polls of 30 s', () => {
    expect(def.States['Restart registry read-only'].Assign.deploymentId).toContain("Deployments[Status = 'PRIMARY'].Id");
    expect(def.States['Wait for rollout']).toEqual({ Type: 'Wait', Seconds: 30, Next: 'Describe registry service' });
    const condition = def.States['Describe registry service'].Assign.readOnly;
    for (const part of ['$count($d) = 1', '$d[0].Id = $deploymentId', "$d[0].RolloutState = 'COMPLETED'", '$d[0].RunningCount = $d[0].DesiredCount']) {
      expect(condition).toContain(part);
    }
    const choice = def.States['Read-only everywhere?'];
    expect(choice.Choices).toEqual([
      { Condition: '{% $readOnly %}', Next: 'Collect garbage' },
      { Condition: '{% $polls >= 30 %}', Next: 'Read-only not reached' },
    ]);
    expect(choice.Default).toBe('Wait for rollout');
    // Giving up still restores writes.
    expect(def.States['Read-only not reached'].Next).toBe('Make registry writable');
  });

  test('restores writes from every failure and then fails the execution', () => {
    for (const name of ['Make registry read-only', 'Restart registry read-only', 'Describe registry service', 'Collect garbage']) {
      expect(def.States[name].Catch).toContainEqual({
        ErrorEquals: ['States.ALL'], Next: 'Make registry writable', Assign: { failure: '{% $states.errorOutput %}' },
      });
    }
    // A non-zero exit code counts as a failure, whatever the integration reports.
    expect(def.States['Garbage collection exited cleanly?']).toMatchObject({
      Choices: [{ Condition: '{% $gcResult.ExitCode = 0 %}', Next: 'Make registry writable' }],
      Default: 'Garbage collection failed',
    });
    expect(def.States['Garbage collection failed'].Next).toBe('Make registry writable');
    const failurePath = path(def, 'Make registry writable', (_name, state) => state.Default);
    expect(failurePath).toEqual(['Make registry writable', 'Restart registry writable', 'Everything succeeded?', 'Failed, writes restored']);
    expect(def.States['Failed, writes restored'].Type).toBe('Fail');
    // The restore steps retry instead of catching: they must not be skipped.
    expect(def.States['Make registry writable'].Retry).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 4 })]);
    expect(def.States['Make registry writable'].Catch).toBeUndefined();
  });

  test('stops a timed-out garbage collection task and lets it exit before restoring writes', () => {
    const collect = def.States['Collect garbage'];
    expect(collect.TimeoutSeconds).toBe(4 * 3600);
    expect(collect.Catch[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'Find running garbage collection' });
    expect(def.States['Find running garbage collection'].Arguments).toMatchObject({ Family: expect.any(String), DesiredStatus: 'RUNNING' });
    expect(def.States['Find running garbage collection'].Catch).toBeUndefined();
    expect(def.States['Stop garbage collection']).toMatchObject({ Type: 'Map', Next: 'Let stopped tasks exit' });
    expect(def.States['Let stopped tasks exit']).toEqual({ Type: 'Wait', Seconds: 150, Next: 'Make registry writable' });
  });

  test('refuses to run next to another execution, before touching anything', () => {
    expect(def.States['Only run?'].Choices).toEqual([{ Condition: '{% $otherRuns > 0 %}', Next: 'Another run is in progress' }]);
    expect(def.States['Another run is in progress'].Type).toBe('Fail');
  });

  test('runs the garbage collection command without --dry-run on the registry image', () => {
    expect(gc.command).toEqual(['registry', 'garbage-collect', '/etc/distribution/config.yml']);
    expect(def.States['Collect garbage'].Resource).toMatch(/:states:::ecs:runTask\.sync$/);
    expect(def.States['Collect garbage'].Arguments).toMatchObject({
      Overrides: { ContainerOverrides: [{ Name: 'registry', Command: gc.command }] },
      LaunchType: 'FARGATE',
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [expect.stringMatching(/privateSubnet1/), expect.stringMatching(/privateSubnet2/)] } },
    });
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

  test('grants the state machine only what each step needs', () => {
    const statements = policyStatements(template, 'GcStateMachineRoleDefaultPolicy');
    const byAction = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));
    expect(byAction('ssm:putParameter')).toEqual([expect.objectContaining({
      Resource: { 'Fn::Join': ['', expect.arrayContaining([{ Ref: 'GcReadOnlyA18DEF42' }])] },
    })]);
    for (const action of ['ecs:updateService', 'ecs:describeServices']) {
      expect(byAction(action)).toHaveLength(1);
      expect(byAction(action)[0].Resource).toEqual({ Ref: expect.stringMatching(/^Service/) });
    }
    // The exact task definition, not every revision of its family.
    expect(byAction('ecs:RunTask')).toEqual([expect.objectContaining({ Resource: { Ref: expect.stringMatching(/^GcTask/) } })]);
    expect(byAction('iam:PassRole')).toEqual([expect.objectContaining({
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^GcTaskTaskRole/), 'Arn'] },
    })]);
    expect(byAction('states:ListExecutions')).toEqual([expect.objectContaining({
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:eu-west-1:111111111111:stateMachine:dev-registry-gc']] },
    })]);
    // "*" only where no resource-level permission exists or the ARN is known at run time only.
    const onAnyResource = statements.filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat()).sort();
    expect(onAnyResource).toEqual([
      'ecs:DescribeTasks', 'ecs:StopTask', 'ecs:listTasks', 'ecs:stopTask',
      'logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies',
      'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:UpdateLogDelivery',
      'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
    ]);
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a: string) => a.includes('*'))).toEqual([]);
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

  test('alarms on failed and on stopped executions', () => {
    for (const metric of ['ExecutionsFailed', 'ExecutionsAborted']) {
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
    expect(gc.alarms).toHaveLength(2);
  });

  test('tags its resources with the environment tags', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      Tags: Match.arrayWith([{ Key: 'registry:environment', Value: 'dev' }]),
    });
  });
});

describe('RegistryGarbageCollection, dry run (the default)', () => {
  let template: Template;
  let def: Definition;
  let gc: RegistryGarbageCollection;
  beforeAll(() => {
    const f = fixture(stackIn());
    gc = garbageCollection(f);
    template = Template.fromStack(f.stack);
    def = definitionOf(template);
  });

  test('runs garbage-collect with --dry-run', () => {
    expect(gc.dryRun).toBe(true);
    expect(gc.command).toEqual(['registry', 'garbage-collect', '--dry-run', '/etc/distribution/config.yml']);
    expect(def.States[def.StartAt].Arguments.Overrides.ContainerOverrides[0].Command).toContain('--dry-run');
  });

  test('never switches the registry read-only nor restarts it', () => {
    expect(path(def, def.StartAt, (_name, state) => state.Choices[0].Next)).toEqual(['Collect garbage (dry run)', 'Dry run exited cleanly?', 'Dry run done']);
    const resources = Object.values(def.States).map((s: any) => s.Resource).filter(Boolean);
    expect(resources).toEqual([expect.stringMatching(/ecs:runTask\.sync$/)]);
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/putParameter|updateService/i);
    expect(def.States['Dry run exited cleanly?'].Default).toBe('Dry run failed');
  });

  test('still creates the parameter the registry service reads', () => {
    template.resourceCountIs('AWS::SSM::Parameter', 1);
    expect(gc.readOnlyParameter).toBeDefined();
  });

  test('creates no alarms without a topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(gc.alarms).toEqual([]);
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

  test('polls at most maxWaitForReadOnly', () => {
    expect(def.States['Read-only everywhere?'].Choices[1].Condition).toBe('{% $polls >= 10 %}');
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

interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: Array<{ ruleName: string; violatingResources?: Array<{ resourceLogicalId?: string; constructPath?: string }> }>;
  suppressedViolations: Array<{ ruleName: string; reason?: string; violatingResources?: Array<{ constructPath?: string }> }>;
}

describe('RegistryGarbageCollection, compliance', () => {
  let report: { pluginReports: PluginReport[] };
  beforeAll(() => {
    const app = new App({ analyticsReporting: false });
    enableComplianceChecks(app);
    for (const envName of ['dev', 'prod']) {
      const stack = new Stack(app, `gc-${envName}`, { env: { account: '111111111111', region: 'eu-west-1' } });
      const f = fixture(stack, true);
      garbageCollection(f, { dryRun: false, alarmTopic: new Topic(stack, 'Alarms', { enforceSSL: true }) }, envName);
      // The fixture around the construct, not the construct, needs these.
      Validations.of(f.vpc).acknowledge({
        id: 'AwsSolutions-VPC7',
        reason: 'A test fixture VPC without traffic; flow logs belong to the registry VPC a real deployment brings.',
      });
      for (const logGroup of f.containerLogs) {
        Validations.of(logGroup).acknowledge({
          id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
          reason: 'The container log groups of this test fixture stand in for the registry task logs a real deployment configures.',
        });
      }
    }
    try {
      app.synth();
    } catch {
      // The report below says what failed.
    }
    report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8'));
  });

  test('cdk-nag AwsSolutions and the Control Tower controls find nothing unacknowledged', () => {
    // A plugin without findings may be left out of the report (cdk-nag drops
    // what was acknowledged); test/examples/compliance.test.ts proves both run.
    for (const plugin of report.pluginReports) {
      const violations = plugin.violations.map((v) => `${v.ruleName} ${(v.violatingResources ?? []).map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`);
      expect({ plugin: plugin.pluginName, violations }).toEqual({ plugin: plugin.pluginName, violations: [] });
      expect(plugin.conclusion).toBe('success');
    }
  });

  test('every acknowledgement of the construct carries a reason a reviewer can check', () => {
    const ours = report.pluginReports.flatMap((p) => p.suppressedViolations)
      .filter((s) => JSON.stringify(s).includes('/Gc/'));
    expect(ours.length).toBeGreaterThan(0);
    for (const suppressed of ours) {
      expect(suppressed.reason?.length ?? 0).toBeGreaterThan(40);
    }
  });
});
