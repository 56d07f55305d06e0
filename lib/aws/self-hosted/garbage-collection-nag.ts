import { Stack, Validations } from 'aws-cdk-lib';
import { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { resourceFindingId } from '../nag';

/** What the acknowledgements of `RegistryGarbageCollection` refer to. */
export interface GarbageCollectionFindings {
  readonly logGroup: LogGroup;
  readonly stateMachine: StateMachine;
  readonly retentionDays: number;
  /** The ARN pattern of the registry cluster's tasks. */
  readonly clusterTasks: string;
  /** The retention function the state machine invokes, if any. */
  readonly retentionFunction?: IFunction;
}

/** Acknowledges the compliance findings of garbage collection that are by design, each with its reason. */
export function acknowledgeGarbageCollectionFindings(findings: GarbageCollectionFindings): void {
  const { logGroup, stateMachine, retentionDays } = findings;
  const stack = Stack.of(stateMachine);
  Validations.of(stateMachine.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Only actions without resource-level permissions, or scoped by a condition instead: ecs:ListTasks (authorised '
      + 'on container instances, which Fargate tasks lack; limited to the registry cluster by ecs:cluster), '
      + 'ecs:TagResource (only while RunTask creates the garbage collection task, by ecs:CreateAction), and the X-Ray '
      + 'and CloudWatch Logs delivery actions of tracing and execution logging.',
  });
  Validations.of(stateMachine.role).acknowledge({
    id: resourceFindingId(stack, findings.clusterTasks),
    reason: 'A task ARN exists only once RunTask returns: DescribeTasks and StopTask are limited to the tasks of the '
      + 'registry cluster (and ecs:cluster), and the workflow only ever stops the task carrying its startedBy marker.',
  });
  if (findings.retentionFunction) {
    Validations.of(stateMachine.role).acknowledge({
      id: resourceFindingId(stack, `${findings.retentionFunction.functionArn}:*`),
      reason: 'Versions and aliases of the one retention function the workflow invokes (the Step Functions Lambda '
        + 'integration\'s grant); no other function.',
    });
  }
  if (retentionDays < 365) {
    Validations.of(logGroup).acknowledge({
      id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
      reason: `Log retention follows the environment profile (${retentionDays} days here); the log records `
        + 'garbage collection runs, which the registry and task logs also show.',
    });
  }
  Validations.of(logGroup).acknowledge({
    id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
    reason: 'The execution log holds the read-only switch value, ECS service and task descriptions and exit codes, '
      + 'never secrets; CloudWatch Logs encrypts it at rest with its own keys, and a customer key would need a key '
      + 'policy for the logs service.',
  });
}
