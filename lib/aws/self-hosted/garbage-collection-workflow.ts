import { Aws, Duration, Stack } from 'aws-cdk-lib';
import { ISecurityGroup, SecurityGroup, SubnetSelection, SubnetType } from 'aws-cdk-lib/aws-ec2';
import { FargateTaskDefinition, IBaseService, ICluster } from 'aws-cdk-lib/aws-ecs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { IFunction } from 'aws-cdk-lib/aws-lambda';
import { IStringParameter } from 'aws-cdk-lib/aws-ssm';
import {
  Choice, Condition, CustomState, DefinitionBody, Errors, Fail, IChainable, Map as MapState,
  Pass, ProvideItems, Succeed, TaskInput, TaskStateBase, Wait, WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { CallAwsService, LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DistributionEnvironment } from '../../core/distribution/environment';

/** The read-only switch, always the whole map (the leaf variable is ignored or crashes the registry). */
export const READ_ONLY_VALUE = DistributionEnvironment.readOnly()[DistributionEnvironment.READ_ONLY_VARIABLE];
/** The value that keeps the registry writable. */
export const WRITABLE_VALUE = JSON.stringify({ enabled: false });

/** Time between two looks at the registry service while it restarts. */
export const ROLLOUT_POLL_INTERVAL = Duration.seconds(30);
/**
 * Time given to stopped garbage collection tasks to exit before their
 * state is checked: Fargate sends SIGKILL at most 120 s after SIGTERM.
 */
export const STOPPED_TASK_GRACE = Duration.seconds(150);
/** Calls of the retention function in one window (each continues where the last stopped). */
export const MAX_RETENTION_CALLS = 20;

/** What the workflow acts on. */
export interface GarbageCollectionWorkflowProps {
  readonly service: IBaseService;
  readonly taskDefinition: FargateTaskDefinition;
  readonly containerName: string;
  readonly command: string[];
  readonly subnets?: SubnetSelection;
  readonly securityGroups?: ISecurityGroup[];
  readonly readOnlyParameter: IStringParameter;
  readonly dryRun: boolean;
  /** Looks at the service before a rollout counts as failed, read-only and writable alike. */
  readonly maxRolloutPolls: number;
  readonly garbageCollectionTimeout: Duration;
  /** ARN of the state machine itself, for the check that no other execution runs. */
  readonly stateMachineArn: string;
  /** `startedBy` of the garbage collection task: the one task the workflow may stop. */
  readonly startedBy: string;
  /** The function that enforces retention before garbage collection, if any. */
  readonly retention?: IFunction;
}

/** The definition, and what its hand-written states need in the state machine's role. */
export interface GarbageCollectionWorkflow {
  readonly definition: DefinitionBody;
  readonly policyStatements: PolicyStatement[];
}

/*
 * The definition is written in JSONata: workflow variables carry the poll
 * count, the deployment to wait for and the first failure, so that every
 * failure path shares one "restore writes" chain.
 *
 * A real run: refuse to overlap another run; put {"enabled":true} into the
 * parameter and roll the service; wait until that rollout completed (every
 * task read-only); enforce retention; collect garbage; put
 * {"enabled":false} back and roll the service; wait until that rollout
 * completed too. Any failure restores writes and then fails the
 * execution; a failure to restore (or to confirm the restore) fails it at
 * once, for the alarms. A garbage collection task that failed or timed out
 * is found by its `startedBy` marker, stopped and confirmed stopped before
 * writes reopen; if that cannot be done, the registry stays read-only and
 * the execution fails.
 */

/** Retries of the API calls: throttling must not strand the registry read-only. */
const API_RETRY = { errors: [Errors.ALL], maxAttempts: 4, interval: Duration.seconds(5), backoffRate: 2 };
const RECORD_FAILURE = { failure: '{% $states.errorOutput %}' };

/** The state machine definition for one registry service; see `RegistryGarbageCollection`. */
export function garbageCollectionDefinition(scope: Construct, props: GarbageCollectionWorkflowProps): GarbageCollectionWorkflow {
  const policyStatements: PolicyStatement[] = [];
  const ecs = new EcsTaskCalls(scope, props, policyStatements);
  const collect = ecs.runGarbageCollection();
  const exitedCleanly = Condition.jsonata('{% $gcResult.ExitCode = 0 %}');

  if (props.dryRun) {
    // A dry run deletes nothing, so pushes stay open and there is nothing to restore.
    const failed = Fail.jsonata(scope, 'DryRunFailed', {
      stateName: 'Dry run failed',
      error: "{% $exists($failure.Error) ? $string($failure.Error) : 'GarbageCollectionFailed' %}",
      cause: "{% $exists($failure.Cause) ? $string($failure.Cause) : 'see the execution history' %}",
    });
    const exitCodeFailure = failure(scope, 'DryRunExitCode', 'Dry run exited with an error', 'GarbageCollectionFailed', '{% $string($gcResult) %}');
    collect.addCatch(ecs.stopGarbageCollection(failed, failed), { errors: [Errors.ALL], assign: RECORD_FAILURE });
    collect.next(Choice.jsonata(scope, 'DryRunExited', { stateName: 'Dry run exited cleanly?' })
      .when(exitedCleanly, Succeed.jsonata(scope, 'DryRunDone', { stateName: 'Dry run done' }))
      .otherwise(exitCodeFailure.next(failed)));
    const start = props.retention ? retentionLoop(scope, props.retention, true, collect, failed) : collect;
    return { definition: DefinitionBody.fromChainable(start), policyStatements };
  }

  const restore = restoreWrites(scope, props);
  const guard = sdkCall(scope, 'CheckConcurrency', 'Check no other run', {
    service: 'sfn',
    action: 'listExecutions',
    iamAction: 'states:ListExecutions',
    iamResources: [props.stateMachineArn],
    parameters: { StateMachineArn: '{% $states.context.StateMachine.Id %}', StatusFilter: 'RUNNING' },
    assign: {
      failure: null,
      otherRuns: '{% $count($states.result.Executions[ExecutionArn != $states.context.Execution.Id]) %}',
    },
  });
  // Two runs must never overlap: the second run's restore would reopen
  // writes under the first run's garbage collection.
  const alone = Choice.jsonata(scope, 'Alone', { stateName: 'Only run?' })
    .when(Condition.jsonata('{% $otherRuns > 0 %}'), Fail.jsonata(scope, 'AlreadyRunning', {
      stateName: 'Another run is in progress',
      error: 'GarbageCollectionAlreadyRunning',
      cause: 'another execution of this state machine is running; this one changed nothing',
    }));

  const makeReadOnly = putParameter(scope, 'MakeReadOnly', 'Make registry read-only', props.readOnlyParameter, READ_ONLY_VALUE)
    .addCatch(restore, { errors: [Errors.ALL], assign: RECORD_FAILURE });
  const restartReadOnly = forceNewDeployment(scope, 'RestartReadOnly', 'Restart registry read-only', props.service)
    .addCatch(restore, { errors: [Errors.ALL], assign: RECORD_FAILURE });
  const readOnlyNotReached = failure(scope, 'ReadOnlyTimedOut', 'Read-only not reached', 'ReadOnlyNotReached',
    `the registry service's read-only rollout failed or did not complete within ${props.maxRolloutPolls} checks`);
  readOnlyNotReached.next(restore);

  // A failed or timed-out task may still be deleting: stop it before writes reopen.
  collect.addCatch(ecs.stopGarbageCollection(restore, notRestored(scope, 'GarbageCollectionNotStopped', 'Garbage collection not stopped',
    '{% "the garbage collection task could not be stopped, so the registry stays read-only: " & $string($failure) %}')),
  { errors: [Errors.ALL], assign: RECORD_FAILURE });
  const gcFailed = failure(scope, 'GarbageCollectionFailed', 'Garbage collection failed', 'GarbageCollectionFailed', '{% $string($gcResult) %}');
  gcFailed.next(restore);
  collect.next(Choice.jsonata(scope, 'GarbageCollectionExited', { stateName: 'Garbage collection exited cleanly?' })
    .when(exitedCleanly, restore)
    .otherwise(gcFailed));
  const maintenance = props.retention ? retentionLoop(scope, props.retention, false, collect, restore) : collect;

  const readOnly = awaitRollout(scope, props, {
    idPrefix: '', stateNameSuffix: 'read-only', onCompleted: maintenance, onNotCompleted: readOnlyNotReached,
    onError: { handler: restore, assign: RECORD_FAILURE },
  });
  return {
    definition: DefinitionBody.fromChainable(guard.next(alone.otherwise(makeReadOnly.next(restartReadOnly).next(readOnly)))),
    policyStatements,
  };
}

interface RolloutOptions {
  /** Prefix of the construct ids (`''` keeps the ids of the read-only wait). */
  readonly idPrefix: string;
  /** How the registry restarts, for state names: `read-only` or `writable`. */
  readonly stateNameSuffix: string;
  readonly onCompleted: IChainable;
  readonly onNotCompleted: IChainable;
  /** Where a failed look at the service goes, and what it records. */
  readonly onError: { readonly handler: IChainable; readonly assign?: { [name: string]: unknown } };
}

/**
 * Waits until the deployment started by the previous state (`$deploymentId`)
 * is the service's only one, completed, with every task running: then no
 * task of the previous switch value is left. Gives up at once when that
 * deployment failed or was replaced, and after `maxRolloutPolls` looks.
 */
function awaitRollout(scope: Construct, props: GarbageCollectionWorkflowProps, options: RolloutOptions): IChainable {
  const { idPrefix, stateNameSuffix } = options;
  const wait = Wait.jsonata(scope, `${idPrefix}WaitForRollout`, {
    stateName: `Wait for ${stateNameSuffix} rollout`,
    time: WaitTime.duration(ROLLOUT_POLL_INTERVAL),
  });
  const describe = sdkCall(scope, `${idPrefix}DescribeService`, `Describe registry service (${stateNameSuffix})`, {
    service: 'ecs',
    action: 'describeServices',
    iamResources: [props.service.serviceArn],
    parameters: { Cluster: props.service.cluster.clusterArn, Services: [props.service.serviceArn] },
    // The service description is large; keep it out of the execution log.
    outputs: {},
    assign: {
      polls: '{% $polls + 1 %}',
      rolledOut: '{% ($d := $states.result.Services[0].Deployments; $count($d) = 1 and $d[0].Id = $deploymentId'
        + " and $d[0].RolloutState = 'COMPLETED' and $d[0].RunningCount = $d[0].DesiredCount) %}",
      // The circuit breaker failed it, or another deployment replaced it: it will never complete.
      rolloutFailed: "{% ($d := $states.result.Services[0].Deployments; $count($d[Id = $deploymentId]) = 0 or $d[Id = $deploymentId].RolloutState = 'FAILED') %}",
    },
  }).addCatch(options.onError.handler, { errors: [Errors.ALL], assign: options.onError.assign });
  const done = Choice.jsonata(scope, `${idPrefix}RolloutDone`, { stateName: `Registry ${stateNameSuffix} everywhere?` })
    .when(Condition.jsonata('{% $rolledOut %}'), options.onCompleted)
    .when(Condition.jsonata(`{% $rolloutFailed or $polls >= ${props.maxRolloutPolls} %}`), options.onNotCompleted)
    .otherwise(wait);
  return wait.next(describe).next(done);
}

/**
 * Calls the retention function until it has been through every
 * repository, then goes on to `next`. A failure, or more than
 * MAX_RETENTION_CALLS calls, goes to `onFailure` with `$failure` set.
 */
function retentionLoop(scope: Construct, fn: IFunction, dryRun: boolean, next: IChainable, onFailure: IChainable): IChainable {
  const begin = Pass.jsonata(scope, 'BeginRetention', {
    stateName: dryRun ? 'Begin retention report' : 'Begin retention',
    assign: { retentionNext: null, retentionCalls: 0, manifestsDeleted: 0 },
  });
  const invoke = LambdaInvoke.jsonata(scope, 'EnforceRetention', {
    stateName: dryRun ? 'Report retention (dry run)' : 'Enforce retention',
    lambdaFunction: fn,
    // The window's start: every call measures ages from the same moment.
    payload: TaskInput.fromObject({ now: '{% $states.context.Execution.StartTime %}', startAfter: '{% $retentionNext %}' }),
    outputs: '{% $states.result.Payload.summary %}',
    assign: {
      retentionNext: '{% $states.result.Payload.next %}',
      retentionDone: '{% $states.result.Payload.done %}',
      retentionCalls: '{% $retentionCalls + 1 %}',
      manifestsDeleted: '{% $manifestsDeleted + $states.result.Payload.summary.manifestsDeleted %}',
    },
  });
  // Throttling is not among LambdaInvoke's default retries, and must not end the window.
  invoke.addRetry({ errors: ['Lambda.TooManyRequestsException'], maxAttempts: 6, interval: Duration.seconds(10), backoffRate: 2 });
  invoke.addCatch(onFailure, { errors: [Errors.ALL], assign: RECORD_FAILURE });
  const tooLong = failure(scope, 'RetentionTooLong', 'Retention did not finish', 'RetentionNotFinished',
    `the retention function had not been through every repository after ${MAX_RETENTION_CALLS} calls`);
  tooLong.next(onFailure);
  const finished = Choice.jsonata(scope, 'RetentionFinished', { stateName: dryRun ? 'Retention report finished?' : 'Retention finished?' })
    .when(Condition.jsonata('{% $retentionDone %}'), next)
    .when(Condition.jsonata(`{% $retentionCalls >= ${MAX_RETENTION_CALLS} %}`), tooLong)
    .otherwise(invoke);
  return begin.next(invoke).next(finished);
}

/** Puts `{"enabled":false}` back, restarts the registry writable and waits for it, then ends the run. */
function restoreWrites(scope: Construct, props: GarbageCollectionWorkflowProps): IChainable {
  const notRestoredState = notRestored(scope, 'WritesNotRestored', 'Writes not restored',
    '{% "writes could not be restored: " & $string($states.input) & "; first failure: " & $string($failure) %}');
  const notConfirmed = notRestored(scope, 'WritesNotConfirmed', 'Writes not confirmed',
    `{% "the writable rollout of the registry service failed or did not complete within ${props.maxRolloutPolls} checks; first failure: " & $string($failure) %}`);
  const outcome = Choice.jsonata(scope, 'Outcome', { stateName: 'Everything succeeded?' })
    .when(Condition.jsonata('{% $failure = null %}'), Succeed.jsonata(scope, 'Done', { stateName: 'Done' }))
    .otherwise(Fail.jsonata(scope, 'Failed', {
      stateName: 'Failed, writes restored',
      error: "{% $exists($failure.Error) ? $string($failure.Error) : 'GarbageCollectionFailed' %}",
      cause: "{% $exists($failure.Cause) ? $string($failure.Cause) : 'see the execution history' %}",
    }));
  // Retried, then caught into a Fail of their own: the registry may still be read-only, which the alarms report.
  const makeWritable = putParameter(scope, 'MakeWritable', 'Make registry writable', props.readOnlyParameter, WRITABLE_VALUE)
    .addCatch(notRestoredState, { errors: [Errors.ALL] });
  const restartWritable = forceNewDeployment(scope, 'RestartWritable', 'Restart registry writable', props.service)
    .addCatch(notRestoredState, { errors: [Errors.ALL] });
  return makeWritable.next(restartWritable).next(awaitRollout(scope, props, {
    idPrefix: 'Writable', stateNameSuffix: 'writable', onCompleted: outcome, onNotCompleted: notConfirmed,
    onError: { handler: notConfirmed },
  }));
}

/** A Fail state for a registry that may still be read-only. */
function notRestored(scope: Construct, id: string, stateName: string, cause: string): Fail {
  return Fail.jsonata(scope, id, { stateName, error: 'RegistryMayBeReadOnly', cause });
}

/** A Pass state that records a failure of our own making. */
function failure(scope: Construct, id: string, stateName: string, error: string, cause: string): Pass {
  return Pass.jsonata(scope, id, { stateName, assign: { failure: { Error: error, Cause: cause } } });
}

function putParameter(scope: Construct, id: string, stateName: string, parameter: IStringParameter, value: string): TaskStateBase {
  return sdkCall(scope, id, stateName, {
    service: 'ssm',
    action: 'putParameter',
    iamResources: [parameter.parameterArn],
    parameters: { Name: parameter.parameterName, Value: value, Overwrite: true },
  });
}

/** Restarts every task of the service (tasks read the parameter only when they start) and remembers the new deployment. */
function forceNewDeployment(scope: Construct, id: string, stateName: string, service: IBaseService): TaskStateBase {
  return sdkCall(scope, id, stateName, {
    service: 'ecs',
    action: 'updateService',
    iamResources: [service.serviceArn],
    parameters: { Cluster: service.cluster.clusterArn, Service: service.serviceName, ForceNewDeployment: true },
    outputs: {},
    assign: {
      // The deployment whose tasks read the new value: the one to wait for.
      deploymentId: "{% $states.result.Service.Deployments[Status = 'PRIMARY'].Id %}",
      polls: 0,
    },
  });
}

interface SdkCallProps {
  readonly service: string;
  readonly action: string;
  readonly iamAction?: string;
  readonly iamResources: string[];
  readonly parameters: { [name: string]: unknown };
  readonly outputs?: unknown;
  readonly assign?: { [name: string]: unknown };
}

/** An AWS SDK call, retried with backoff. */
function sdkCall(scope: Construct, id: string, stateName: string, props: SdkCallProps): TaskStateBase {
  return CallAwsService.jsonata(scope, id, { stateName, ...props }).addRetry(API_RETRY);
}

/** Every task of `cluster`: `arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}` (Service Authorization Reference). */
export function tasksOfCluster(scope: Construct, cluster: ICluster): string {
  return Stack.of(scope).formatArn({ service: 'ecs', resource: 'task', resourceName: `${cluster.clusterName}/*` });
}

/**
 * The states that touch ECS tasks, written by hand so that their IAM
 * statements can name the cluster (`CallAwsService` and `EcsRunTask` grant
 * these actions on "*"), and the garbage collection task can carry its
 * `startedBy` marker (`EcsRunTask` has no such property).
 *
 * ARN formats and condition keys: Service Authorization Reference, Amazon
 * Elastic Container Service,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
 * (RunTask: task-definition, condition ecs:cluster; StopTask and
 * DescribeTasks: task `arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}`,
 * condition ecs:cluster; ListTasks: container-instance, condition
 * ecs:cluster; TagResource: condition ecs:CreateAction).
 */
class EcsTaskCalls {
  private readonly clusterArn: string;
  private readonly tasksOfCluster: string;

  constructor(private readonly scope: Construct, private readonly props: GarbageCollectionWorkflowProps,
    private readonly statements: PolicyStatement[]) {
    const { cluster } = props.service;
    this.clusterArn = cluster.clusterArn;
    this.tasksOfCluster = tasksOfCluster(scope, cluster);
  }

  /** Runs `registry garbage-collect` to completion (`.sync`) and records the container's exit code. */
  public runGarbageCollection(): CustomState {
    const { props } = this;
    const { cluster } = props.service;
    const subnets = cluster.vpc.selectSubnets(props.subnets ?? { subnetType: SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
    // Where EcsRunTask put its security group, so that its logical id stays.
    const securityGroups = props.securityGroups
      ?? [new SecurityGroup(new Construct(this.scope, 'CollectGarbage'), 'SecurityGroup', { vpc: cluster.vpc })];
    const state = new CustomState(this.scope, props.dryRun ? 'Collect garbage (dry run)' : 'Collect garbage', {
      stateJson: {
        Type: 'Task',
        Resource: `arn:${Aws.PARTITION}:states:::ecs:runTask.sync`,
        Arguments: {
          Cluster: this.clusterArn,
          // The exact revision, which is what RunTask is granted on.
          TaskDefinition: props.taskDefinition.taskDefinitionArn,
          LaunchType: 'FARGATE',
          PlatformVersion: 'LATEST',
          NetworkConfiguration: {
            AwsvpcConfiguration: { Subnets: subnets, SecurityGroups: securityGroups.map((group) => group.securityGroupId), AssignPublicIp: 'DISABLED' },
          },
          Overrides: { ContainerOverrides: [{ Name: props.containerName, Command: props.command }] },
          PropagateTags: 'TASK_DEFINITION',
          // The service's tasks share the task definition family (and here
          // the task definition): this marker is what tells this task apart.
          StartedBy: props.startedBy,
        },
        TimeoutSeconds: props.garbageCollectionTimeout.toSeconds(),
        // A stopped task is not a failed one: the exit code decides. The
        // object is never undefined, so the assignment itself cannot fail.
        Assign: {
          gcResult: `{% {"ExitCode": $states.result.Containers[Name = "${props.containerName}"].ExitCode,`
            + ' "StoppedReason": $states.result.StoppedReason} %}',
        },
      },
    });
    const taskDefinition = props.taskDefinition;
    this.statements.push(
      new PolicyStatement({
        actions: ['ecs:RunTask'],
        resources: [taskDefinition.taskDefinitionArn],
        conditions: { ArnEquals: { 'ecs:cluster': this.clusterArn } },
      }),
      // RunTask with PropagateTags tags the task it creates, which ECS
      // authorises as ecs:TagResource ("Grant permission to tag resources on
      // creation", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html);
      // the condition limits it to tagging during RunTask, as that page's example does.
      new PolicyStatement({
        actions: ['ecs:TagResource'],
        resources: ['*'],
        conditions: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
      }),
      // The .sync integration watches the task and stops it when the
      // execution is stopped (https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html).
      this.onTasks(['ecs:DescribeTasks', 'ecs:StopTask']),
      new PolicyStatement({
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [Stack.of(this.scope).formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForECSTaskRule' })],
      }),
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [taskDefinition.taskRole.roleArn, ...(taskDefinition.executionRole ? [taskDefinition.executionRole.roleArn] : [])],
      }),
    );
    return state;
  }

  /**
   * Finds the running garbage collection tasks by their `startedBy` marker
   * (never by family: the service's tasks share it), stops them, gives them
   * time to exit and confirms they stopped; then goes on to `afterStop`.
   * When they cannot be found, stopped or confirmed stopped, goes to
   * `notStopped` instead.
   */
  public stopGarbageCollection(afterStop: IChainable, notStopped: IChainable): IChainable {
    const { scope } = this;
    const catchAll = (state: CustomState) => state.addCatch(notStopped, { errors: [Errors.ALL] });
    const find = catchAll(this.call('Find running garbage collection', 'listTasks', {
      // startedBy must be the only filter (ListTasks API reference); the default status filter is RUNNING.
      Cluster: this.clusterArn, StartedBy: this.props.startedBy,
    }, { gcTasks: '{% $states.result.TaskArns %}' }));
    this.statements.push(new PolicyStatement({
      actions: ['ecs:ListTasks'],
      // ListTasks is authorised on container instances, which Fargate tasks
      // lack: the ecs:cluster condition is what scopes it.
      resources: ['*'],
      conditions: { ArnEquals: { 'ecs:cluster': this.clusterArn } },
    }));
    const stop = this.call('Stop garbage collection task', 'stopTask', {
      Cluster: this.clusterArn, Task: '{% $states.input %}', Reason: 'registry garbage collection failed or timed out',
    });
    const stopAll = MapState.jsonata(scope, 'StopGarbageCollection', {
      stateName: 'Stop garbage collection',
      items: ProvideItems.jsonata('{% $gcTasks %}'),
    }).itemProcessor(stop).addCatch(notStopped, { errors: [Errors.ALL] });
    const grace = Wait.jsonata(scope, 'LetTasksExit', { stateName: 'Let stopped tasks exit', time: WaitTime.duration(STOPPED_TASK_GRACE) });
    const check = catchAll(this.call('Check garbage collection stopped', 'describeTasks', {
      Cluster: this.clusterArn, Tasks: '{% $gcTasks %}',
    }, { gcStillRunning: "{% $count($states.result.Tasks[LastStatus != 'STOPPED']) %}" }));
    this.statements.push(this.onTasks(['ecs:StopTask', 'ecs:DescribeTasks']));
    const stopped = Choice.jsonata(scope, 'GarbageCollectionStopped', { stateName: 'Garbage collection stopped?' })
      .when(Condition.jsonata('{% $gcStillRunning = 0 %}'), afterStop)
      .otherwise(notStopped);
    const anyRunning = Choice.jsonata(scope, 'AnyGarbageCollectionRunning', { stateName: 'Garbage collection running?' })
      .when(Condition.jsonata('{% $count($gcTasks) > 0 %}'), stopAll.next(grace).next(check).next(stopped))
      .otherwise(afterStop);
    return find.next(anyRunning);
  }

  /** A statement for task actions, limited to this cluster's tasks. */
  private onTasks(actions: string[]): PolicyStatement {
    return new PolicyStatement({ actions, resources: [this.tasksOfCluster], conditions: { ArnEquals: { 'ecs:cluster': this.clusterArn } } });
  }

  /** An ECS API call; a custom state's name is its construct id. */
  private call(stateName: string, action: string, args: { [name: string]: unknown }, assign?: { [name: string]: unknown }): CustomState {
    return new CustomState(this.scope, stateName, {
      stateJson: {
        Type: 'Task',
        Resource: `arn:${Aws.PARTITION}:states:::aws-sdk:ecs:${action}`,
        Arguments: args,
        // Only what later states read goes into the execution history.
        Output: {},
        ...(assign ? { Assign: assign } : {}),
      },
    }).addRetry(API_RETRY);
  }
}
