import { Duration } from 'aws-cdk-lib';
import { ISecurityGroup, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { FargatePlatformVersion, FargateTaskDefinition, IBaseService, PropagatedTagSource } from 'aws-cdk-lib/aws-ecs';
import { IStringParameter } from 'aws-cdk-lib/aws-ssm';
import {
  Choice, Condition, DefinitionBody, Errors, Fail, IChainable, IntegrationPattern, Map as MapState,
  Pass, ProvideItems, Succeed, TaskStateBase, Timeout, Wait, WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { CallAwsService, EcsFargateLaunchTarget, EcsRunTask } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DistributionEnvironment } from '../../core/distribution/environment';

/** The read-only switch, always the whole map (the leaf variable is ignored or crashes the registry). */
export const READ_ONLY_VALUE = DistributionEnvironment.readOnly()[DistributionEnvironment.READ_ONLY_VARIABLE];
/** The value that keeps the registry writable. */
export const WRITABLE_VALUE = JSON.stringify({ enabled: false });

/** Time between two looks at the registry service while it restarts read-only. */
export const ROLLOUT_POLL_INTERVAL = Duration.seconds(30);
/**
 * Time given to stopped garbage collection tasks to exit before writes are
 * restored: Fargate sends SIGKILL at most 120 s after SIGTERM.
 */
export const STOPPED_TASK_GRACE = Duration.seconds(150);

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
  readonly maxReadOnlyPolls: number;
  readonly garbageCollectionTimeout: Duration;
  /** ARN of the state machine itself, for the check that no other execution runs. */
  readonly stateMachineArn: string;
}

/*
 * The definition is written in JSONata: workflow variables carry the poll
 * count, the deployment to wait for and the first failure, so that every
 * failure path shares one "restore writes" chain that ends in a Fail state.
 */

/** Retries of the API calls: throttling must not strand the registry read-only. */
const API_RETRY = { errors: [Errors.ALL], maxAttempts: 4, interval: Duration.seconds(5), backoffRate: 2 };

/** The state machine definition for one registry service; see `RegistryGarbageCollection`. */
export function garbageCollectionDefinition(scope: Construct, props: GarbageCollectionWorkflowProps): DefinitionBody {
  const collect = collectGarbage(scope, props);
  const exitedCleanly = Condition.jsonata('{% $gcResult.ExitCode = 0 %}');

  if (props.dryRun) {
    // A dry run deletes nothing, so pushes stay open and there is nothing to restore.
    const outcome = Choice.jsonata(scope, 'DryRunExited', { stateName: 'Dry run exited cleanly?' })
      .when(exitedCleanly, Succeed.jsonata(scope, 'DryRunDone', { stateName: 'Dry run done' }))
      .otherwise(Fail.jsonata(scope, 'DryRunFailed', {
        stateName: 'Dry run failed',
        error: 'GarbageCollectionFailed',
        cause: '{% $string($gcResult) %}',
      }));
    return DefinitionBody.fromChainable(collect.next(outcome));
  }

  const restore = restoreWrites(scope, props);
  const recordFailure = { errors: [Errors.ALL], assign: { failure: '{% $states.errorOutput %}' } };

  const guard = sdkCall(scope, 'CheckConcurrency', 'Check no other run', {
    service: 'sfn',
    action: 'listExecutions',
    iamAction: 'states:ListExecutions',
    iamResources: [props.stateMachineArn],
    parameters: { StateMachineArn: '{% $states.context.StateMachine.Id %}', StatusFilter: 'RUNNING' },
    assign: {
      polls: 0,
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
    .addCatch(restore, recordFailure);
  const restartReadOnly = forceNewDeployment(scope, 'RestartReadOnly', 'Restart registry read-only', props.service, {
    // The deployment whose tasks read {"enabled":true}: the one to wait for.
    deploymentId: "{% $states.result.Service.Deployments[Status = 'PRIMARY'].Id %}",
  }).addCatch(restore, recordFailure);
  const wait = Wait.jsonata(scope, 'WaitForRollout', { stateName: 'Wait for rollout', time: WaitTime.duration(ROLLOUT_POLL_INTERVAL) });
  const describe = sdkCall(scope, 'DescribeService', 'Describe registry service', {
    service: 'ecs',
    action: 'describeServices',
    iamResources: [props.service.serviceArn],
    parameters: { Cluster: props.service.cluster.clusterArn, Services: [props.service.serviceArn] },
    // The service description is large; keep it out of the execution log.
    outputs: {},
    assign: {
      polls: '{% $polls + 1 %}',
      // Read-only everywhere: our deployment is the only one left (every old,
      // writable task is gone), its rollout completed and all its tasks run.
      readOnly: '{% ($d := $states.result.Services[0].Deployments; $count($d) = 1 and $d[0].Id = $deploymentId'
        + " and $d[0].RolloutState = 'COMPLETED' and $d[0].RunningCount = $d[0].DesiredCount) %}",
    },
  }).addCatch(restore, recordFailure);
  const readOnlyTimedOut = failure(scope, 'ReadOnlyTimedOut', 'Read-only not reached', 'ReadOnlyTimeout',
    `the registry service did not finish restarting read-only within ${props.maxReadOnlyPolls} checks`);
  readOnlyTimedOut.next(restore);
  const readOnlyReached = Choice.jsonata(scope, 'ReadOnlyReached', { stateName: 'Read-only everywhere?' })
    .when(Condition.jsonata('{% $readOnly %}'), collect)
    .when(Condition.jsonata(`{% $polls >= ${props.maxReadOnlyPolls} %}`), readOnlyTimedOut)
    .otherwise(wait);

  // A timed-out task may still be deleting: stop it before writes reopen.
  collect.addCatch(stopGarbageCollection(scope, props, restore), { errors: [Errors.TIMEOUT], assign: recordFailure.assign });
  collect.addCatch(restore, recordFailure);
  const gcFailed = failure(scope, 'GarbageCollectionFailed', 'Garbage collection failed', 'GarbageCollectionFailed',
    '{% $string($gcResult) %}');
  gcFailed.next(restore);
  collect.next(Choice.jsonata(scope, 'GarbageCollectionExited', { stateName: 'Garbage collection exited cleanly?' })
    .when(exitedCleanly, restore)
    .otherwise(gcFailed));

  return DefinitionBody.fromChainable(guard.next(alone.otherwise(makeReadOnly
    .next(restartReadOnly)
    .next(wait)
    .next(describe)
    .next(readOnlyReached))));
}

/** Runs `registry garbage-collect` to completion and records the container's exit code. */
function collectGarbage(scope: Construct, props: GarbageCollectionWorkflowProps): EcsRunTask {
  const container = props.taskDefinition.findContainer(props.containerName)!;
  return EcsRunTask.jsonata(scope, 'CollectGarbage', {
    stateName: props.dryRun ? 'Collect garbage (dry run)' : 'Collect garbage',
    integrationPattern: IntegrationPattern.RUN_JOB,
    cluster: props.service.cluster,
    taskDefinition: props.taskDefinition,
    launchTarget: new EcsFargateLaunchTarget({ platformVersion: FargatePlatformVersion.LATEST }),
    subnets: props.subnets,
    securityGroups: props.securityGroups,
    assignPublicIp: false,
    propagatedTagSource: PropagatedTagSource.TASK_DEFINITION,
    containerOverrides: [{ containerDefinition: container, command: props.command }],
    taskTimeout: Timeout.duration(props.garbageCollectionTimeout),
    // A stopped task is not a failed one: the exit code decides. The object
    // is never undefined, so the assignment itself cannot fail.
    assign: {
      gcResult: `{% {"ExitCode": $states.result.Containers[Name = "${props.containerName}"].ExitCode,`
        + ' "StoppedReason": $states.result.StoppedReason} %}',
    },
  });
}

/** Stops every running garbage collection task, then gives it time to exit, then restores writes. */
function stopGarbageCollection(scope: Construct, props: GarbageCollectionWorkflowProps, restore: IChainable): IChainable {
  const { cluster } = props.service;
  const find = sdkCall(scope, 'FindGarbageCollection', 'Find running garbage collection', {
    service: 'ecs',
    action: 'listTasks',
    // ListTasks is authorised on container instances, which Fargate tasks do not have.
    iamResources: ['*'],
    parameters: { Cluster: cluster.clusterArn, Family: props.taskDefinition.family, DesiredStatus: 'RUNNING' },
  });
  const stop = sdkCall(scope, 'StopTask', 'Stop garbage collection task', {
    service: 'ecs',
    action: 'stopTask',
    // The .sync RunTask integration already needs StopTask on any task (it
    // stops the task when the execution is stopped); a narrower statement
    // here would add nothing.
    iamResources: ['*'],
    parameters: { Cluster: cluster.clusterArn, Task: '{% $states.input %}', Reason: 'registry garbage collection timed out' },
  });
  const stopAll = MapState.jsonata(scope, 'StopGarbageCollection', {
    stateName: 'Stop garbage collection',
    items: ProvideItems.jsonata('{% $states.input.TaskArns %}'),
  }).itemProcessor(stop);
  const grace = Wait.jsonata(scope, 'LetTasksExit', { stateName: 'Let stopped tasks exit', time: WaitTime.duration(STOPPED_TASK_GRACE) });
  // No Catch here on purpose: when the task cannot be stopped, the registry
  // stays read-only and the execution fails, rather than reopening writes
  // under a running garbage collection.
  return find.next(stopAll).next(grace).next(restore);
}

/** Puts `{"enabled":false}` back and restarts the registry writable, then ends the run. */
function restoreWrites(scope: Construct, props: GarbageCollectionWorkflowProps): IChainable {
  const outcome = Choice.jsonata(scope, 'Outcome', { stateName: 'Everything succeeded?' })
    .when(Condition.jsonata('{% $failure = null %}'), Succeed.jsonata(scope, 'Done', { stateName: 'Done' }))
    .otherwise(Fail.jsonata(scope, 'Failed', {
      stateName: 'Failed, writes restored',
      error: "{% $exists($failure.Error) ? $string($failure.Error) : 'GarbageCollectionFailed' %}",
      cause: "{% $exists($failure.Cause) ? $string($failure.Cause) : 'see the execution history' %}",
    }));
  return putParameter(scope, 'MakeWritable', 'Make registry writable', props.readOnlyParameter, WRITABLE_VALUE)
    .next(forceNewDeployment(scope, 'RestartWritable', 'Restart registry writable', props.service))
    .next(outcome);
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

function forceNewDeployment(scope: Construct, id: string, stateName: string, service: IBaseService,
  assign?: { [name: string]: unknown }): TaskStateBase {
  return sdkCall(scope, id, stateName, {
    service: 'ecs',
    action: 'updateService',
    iamResources: [service.serviceArn],
    // Tasks read the parameter only when they start.
    parameters: { Cluster: service.cluster.clusterArn, Service: service.serviceName, ForceNewDeployment: true },
    outputs: {},
    assign,
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
