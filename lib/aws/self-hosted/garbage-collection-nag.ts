import { Validations } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';

/** What the acknowledgements of `RegistryGarbageCollection` refer to. */
export interface GarbageCollectionFindings {
  readonly logGroup: LogGroup;
  readonly stateMachine: StateMachine;
  readonly retentionDays: number;
}

/** Acknowledges the compliance findings of garbage collection that are by design, each with its reason. */
export function acknowledgeGarbageCollectionFindings(findings: GarbageCollectionFindings): void {
  const { logGroup, stateMachine, retentionDays } = findings;
  Validations.of(stateMachine.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Only actions without resource-level permissions, or on resources named at run time, get "*": '
      + 'ecs:StopTask and ecs:DescribeTasks for the garbage collection task (its ARN exists only once it runs; '
      + 'the .sync integration polls and stops it), ecs:ListTasks (authorised on container instances, which Fargate '
      + 'tasks lack), and the X-Ray and CloudWatch Logs delivery actions of tracing and execution logging.',
  });
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
