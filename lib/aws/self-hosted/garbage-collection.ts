import { createHash } from 'crypto';
import { Annotations, ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, IAlarm, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ISecurityGroup, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { ContainerDefinition, FargateTaskDefinition, IBaseService, Secret as EcsSecret } from 'aws-cdk-lib/aws-ecs';
import { CfnRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { IStringParameter, ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { LogLevel, QueryLanguage, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { STEPFUNCTIONS_TASKS_FIX_RUN_ECS_TASK_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { DistributionEnvironment } from '../../core/distribution/environment';
import { RegistryEnvironment } from '../../core/environment';
import { invalid } from '../../core/errors';
import { assertBoolean } from '../../core/validate';
import { removalPolicyOf } from '../removal';
import { claimPerAccountRegion } from '../singleton-guard';
import { acknowledgeGarbageCollectionFindings } from './garbage-collection-nag';
import { logRetentionOf } from '../log-retention';
import { tagWithEnvironment } from '../tags';
import {
  garbageCollectionDefinition, MAX_RETENTION_CALLS, READ_ONLY_VALUE, ROLLOUT_POLL_INTERVAL, STOPPED_TASK_GRACE, tasksOfCluster, WRITABLE_VALUE,
} from './garbage-collection-workflow';
import { RegistryRetentionFunction, RegistryStorageLocation } from './retention-function';

/** Properties of a `RegistryGarbageCollection`. */
export interface RegistryGarbageCollectionProps {
  /** The environment's registry declaration. */
  readonly environment: RegistryEnvironment;

  /**
   * The ECS service that runs the registry. Every one of its tasks must read
   * `REGISTRY_STORAGE_MAINTENANCE_READONLY` from `readOnlyParameter` (see
   * `addReadOnlySwitch`), or writes stay open during garbage collection.
   * Garbage collection runs in the service's cluster.
   */
  readonly service: IBaseService;

  /**
   * The task definition that runs garbage collection: the registry's image,
   * configuration, storage settings and task role (it deletes from
   * storage), usually built like the registry's own task definition.
   *
   * Its container's command is replaced by `command` or `dryRunCommand`
   * (a container override), so the command it was defined with does not matter.
   */
  readonly taskDefinition: FargateTaskDefinition;

  /** Name of the container in `taskDefinition` that runs `registry garbage-collect`. */
  readonly containerName: string;

  /**
   * Path of the registry configuration file inside that container, for the
   * default `command` and `dryRunCommand`.
   *
   * @default '/etc/distribution/config.yml' (the official 3.x image)
   */
  readonly configPath?: string;

  /**
   * The container command of a real run (`dryRun: false`). The default
   * suits the official image, whose entry point runs its command. A
   * container with an `sh -c` entry point (for example one that writes its
   * configuration file first) passes its script here, ending in
   * `exec registry garbage-collect [--delete-untagged] <config>`.
   *
   * It must contain `garbage-collect`, must not contain `--dry-run`, and
   * must contain `--delete-untagged` exactly when `deleteUntagged` is set.
   *
   * @default ['registry', 'garbage-collect', '--delete-untagged' (with deleteUntagged), configPath]
   */
  readonly command?: string[];

  /**
   * The container command of a dry run (`dryRun: true`); see `command`.
   * It must contain `garbage-collect` and `--dry-run`: a dry run leaves the
   * registry writable, so it must never delete.
   *
   * @default ['registry', 'garbage-collect', '--dry-run', '--delete-untagged' (with deleteUntagged), configPath]
   */
  readonly dryRunCommand?: string[];

  /**
   * Subnets of the garbage collection task. They must reach the storage
   * (for example through an S3 gateway endpoint) and the image registry.
   *
   * @default - the private subnets with egress of the cluster's VPC
   */
  readonly subnets?: SubnetSelection;

  /**
   * Security groups of the garbage collection task. It needs no inbound
   * traffic.
   *
   * @default - a new security group that allows all outbound traffic and no inbound traffic
   */
  readonly securityGroups?: ISecurityGroup[];

  /**
   * The String parameter that holds the registry's read-only switch, a JSON
   * map `{"enabled":false}` or `{"enabled":true}`.
   *
   * @default - a new parameter `/<environment>-<service>/registry/maintenance-readonly`
   * holding `{"enabled":false}`
   */
  readonly readOnlyParameter?: IStringParameter;

  /**
   * When garbage collection runs (EventBridge Scheduler). Pick a window with
   * few pushes: pushes fail while the registry is read-only.
   *
   * @default - weekly, Sunday 03:00 UTC: `ScheduleExpression.cron({ weekDay: 'SUN', hour: '3', minute: '0' })`
   */
  readonly schedule?: ScheduleExpression;

  /**
   * Whether the schedule is enabled. The state machine can still be started by hand.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Only report what would be deleted (`--dry-run`).
   *
   * A dry run deletes nothing, so it skips the read-only switch entirely:
   * the registry stays writable and is never restarted, and the task only
   * runs `registry garbage-collect --dry-run`. Its report can therefore
   * differ slightly from what a real run would delete. Set `false` once the
   * dry run's output (in the task's logs) looks right.
   *
   * @default true
   */
  readonly dryRun?: boolean;

  /**
   * Also delete manifests that no tag references (`--delete-untagged`).
   *
   * distribution 2.8's `--delete-untagged` also deletes the child manifests
   * of multi-arch images (image indexes), breaking them; 3.x fixed this.
   * Only enable it with a 3.1.x image, which is what this library runs in
   * the cloud.
   *
   * @default false
   */
  readonly deleteUntagged?: boolean;

  /**
   * How long to wait for every registry task to have restarted, read-only
   * before garbage collection (on timeout writes are restored and the
   * execution fails) and writable after it (on timeout the execution fails
   * at once, so that the alarms report a registry that may still be
   * read-only). Between 1 and 60 minutes.
   *
   * @default Duration.minutes(15)
   */
  readonly maxWaitForReadOnly?: Duration;

  /**
   * The registry's storage, to enforce the environment's retention in the
   * window: before garbage collection, while the registry is read-only, a
   * function deletes the manifests beyond `maxImageCount` per repository
   * and the untagged ones pushed more than `untaggedImageRetentionDays`
   * ago (see `RegistryRetentionFunction`); garbage collection then frees
   * their blobs. A dry run only reports them (in the function's log).
   *
   * @default - retention is not enforced: the window only collects garbage
   */
  readonly storage?: RegistryStorageLocation;

  /**
   * How long garbage collection may run. A run that takes longer is stopped,
   * and writes are restored once it has exited. Between 15 minutes and 24 hours.
   *
   * @default Duration.hours(4)
   */
  readonly garbageCollectionTimeout?: Duration;

  /**
   * A topic notified when an execution fails (including a failed garbage
   * collection after which writes were restored), times out or is stopped
   * by hand. The last two, and a failure to restore or confirm writes,
   * can leave the registry read-only.
   *
   * @default - no alarms (a real run then warns at synthesis: a registry
   * left read-only would show only in the execution history)
   */
  readonly alarmTopic?: ITopic;
}

/** The defaults of `RegistryGarbageCollectionProps`, in one place. */
const DEFAULTS = {
  configPath: '/etc/distribution/config.yml',
  schedule: ScheduleExpression.cron({ weekDay: 'SUN', hour: '3', minute: '0' }),
  enabled: true,
  dryRun: true,
  deleteUntagged: false,
  maxWaitForReadOnly: Duration.minutes(15),
  garbageCollectionTimeout: Duration.hours(4),
  /** A scheduled run that cannot start within this time waits for the next window. */
  maxEventAge: Duration.hours(1),
  retryAttempts: 3,
};

const DRY_RUN = '--dry-run';
const DELETE_UNTAGGED = '--delete-untagged';
/** ECS container names: letters, digits, hyphens and underscores. */
const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** distribution's storage.s3.rootdirectory: path segments, no "..", no empty segment. */
const STORAGE_ROOT_DIRECTORY = /^\/?(?:(?!\.\.?(?:\/|$))[A-Za-z0-9._-]+\/?)*$/;
/** An absolute path without control characters. */
const CONFIG_PATH = /^\/[^\u0000-\u001f\u007f]{0,4095}$/;

/**
 * Scheduled, stop-the-world garbage collection (`registry garbage-collect`)
 * of a self-hosted distribution registry on ECS Fargate.
 *
 * distribution deletes blobs that no manifest references, so a push that
 * lands during garbage collection can lose its layers. Every replica
 * therefore has to be read-only while it runs. The registry service reads
 * `REGISTRY_STORAGE_MAINTENANCE_READONLY` (always the whole map, never the
 * `..._ENABLED` leaf variable) from an SSM parameter, and a Step Functions
 * state machine, started by an EventBridge Scheduler schedule:
 *
 * 1. fails without changing anything when another run is in progress;
 * 2. writes `{"enabled":true}` into the parameter and forces a new
 *    deployment of the service, since tasks read secrets only at start;
 * 3. polls the service until that deployment is the only one, completed,
 *    with all tasks running (at most `maxWaitForReadOnly`);
 * 4. with `storage`, enforces the environment's retention settings
 *    (`RegistryRetentionFunction`);
 * 5. runs `registry garbage-collect [--delete-untagged] <config>` as a
 *    Fargate task marked with `startedBy` and waits for it (at most
 *    `garbageCollectionTimeout`); a task that failed or timed out is found
 *    by that marker (never by task definition family, which the service's
 *    tasks share), stopped and confirmed stopped;
 * 6. always writes `{"enabled":false}` back, forces another deployment and
 *    waits until it completed, then fails the execution if any step
 *    failed, so the alarm sees it. When writes cannot be restored or the
 *    writable rollout does not complete, or the garbage collection task
 *    cannot be stopped, the execution fails at once: the registry may
 *    still be read-only.
 *
 * With `dryRun` (the default) the state machine only reports: the
 * retention function lists what it would delete and the task runs
 * `registry garbage-collect --dry-run <config>`. Nothing is deleted, so
 * pushes are never blocked.
 *
 * The registry refuses pushes while it is read-only; pulls keep working.
 * Do not deploy the registry stack during the maintenance window (an update
 * of the parameter resource writes `{"enabled":false}` back), and do not
 * stop an execution by hand: a stopped execution cannot restore writes
 * (put `{"enabled":false}` into the parameter and force a new deployment
 * yourself; the `alarmTopic` alarm reminds you).
 *
 * @example
 * const gc = new RegistryGarbageCollection(this, 'GarbageCollection', {
 *   environment, service, taskDefinition: gcTask, containerName: 'registry', dryRun: false,
 * });
 * // Every registry container reads the switch at start.
 * gc.addReadOnlySwitch(registryContainer);
 */
export class RegistryGarbageCollection extends Construct {
  /** The parameter value that makes the registry read-only: the whole map `{"enabled":true}`. */
  public static readonly READ_ONLY_VALUE: string = READ_ONLY_VALUE;
  /** The parameter value that keeps the registry writable: `{"enabled":false}`. */
  public static readonly WRITABLE_VALUE: string = WRITABLE_VALUE;

  /** The parameter that holds the read-only switch. */
  public readonly readOnlyParameter: IStringParameter;
  /** The state machine that runs garbage collection. */
  public readonly stateMachine: StateMachine;
  /** The schedule that starts it. */
  public readonly schedule: Schedule;
  /** The state machine's execution log. */
  public readonly logGroup: LogGroup;
  /** The command that the garbage collection container runs. */
  public readonly command: string[];
  /** Whether runs only report (`--dry-run`) and leave the registry writable. */
  public readonly dryRun: boolean;
  /** Whether the schedule starts runs. */
  public readonly scheduled: boolean;
  /** Whether garbage collection deletes every untagged manifest (`--delete-untagged`). */
  public readonly deleteUntagged: boolean;
  /** Alarms on failed, timed-out and stopped executions; empty without `alarmTopic`. */
  public readonly alarms: IAlarm[];
  /** The function that enforces retention in the window, with `storage`. */
  public readonly retention?: RegistryRetentionFunction;
  /** The `startedBy` of the garbage collection task, which tells it apart from the registry service's tasks. */
  public readonly startedBy: string;

  /** Whether the window enforces the environment's retention (it was given `storage`). */
  public get enforcesRetention(): boolean {
    return this.retention !== undefined;
  }

  constructor(scope: Construct, id: string, props: RegistryGarbageCollectionProps) {
    super(scope, id);
    // Lets the RunTask policy name the task definition's ARN rather than every
    // revision of its family, whatever the app's feature flags say.
    this.node.setContext(STEPFUNCTIONS_TASKS_FIX_RUN_ECS_TASK_POLICY, true);
    const settings = validate(props);
    const { environment } = props;
    // Two of these for one registry could overlap and reopen writes under each other.
    claimPerAccountRegion(this, `garbage collection of ${environment.hostname}`, 'environment');
    const stack = Stack.of(this);
    const removalPolicy = removalPolicyOf(environment.settings.removalMode);

    this.readOnlyParameter = props.readOnlyParameter ?? new StringParameter(this, 'ReadOnly', {
      parameterName: `/${environment.resourcePrefix}/registry/maintenance-readonly`,
      description: `Read-only switch of the ${environment.hostname} registry (${DistributionEnvironment.READ_ONLY_VARIABLE}); `
        + 'garbage collection sets it while it runs',
      stringValue: WRITABLE_VALUE,
      // SSM refuses anything else, e.g. the leaf form or a typo that would leave writes open.
      allowedPattern: '^\\{"enabled":(true|false)\\}$',
      tier: ParameterTier.STANDARD,
    });

    this.dryRun = settings.dryRun;
    this.scheduled = settings.enabled;
    this.deleteUntagged = settings.deleteUntagged;
    this.command = settings.command;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: logRetentionOf(environment.settings.logRetentionDays),
      removalPolicy,
    });

    // A fixed name, so the definition can name its own ARN (for the
    // concurrency check) without a dependency cycle through the role policy.
    const stateMachineName = `${environment.resourcePrefix}-gc`;
    const stateMachineArn = stack.formatArn({
      service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.startedBy = startedByMarker(stateMachineName);
    if (props.storage) {
      this.retention = new RegistryRetentionFunction(this, 'Retention', {
        environment,
        storage: props.storage,
        dryRun: settings.dryRun,
        vpc: props.service.cluster.vpc,
        vpcSubnets: props.subnets,
      });
    }
    const workflow = garbageCollectionDefinition(this, {
      service: props.service,
      taskDefinition: props.taskDefinition,
      containerName: props.containerName,
      command: this.command,
      subnets: props.subnets,
      securityGroups: props.securityGroups,
      readOnlyParameter: this.readOnlyParameter,
      dryRun: settings.dryRun,
      maxRolloutPolls: Math.ceil(settings.maxWaitForReadOnly.toMilliseconds() / ROLLOUT_POLL_INTERVAL.toMilliseconds()),
      garbageCollectionTimeout: settings.garbageCollectionTimeout,
      stateMachineArn,
      startedBy: this.startedBy,
      retention: this.retention?.handler,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName,
      comment: `Garbage collection of the ${environment.hostname} registry${settings.dryRun ? ' (dry run)' : ''}`,
      queryLanguage: QueryLanguage.JSONATA,
      definitionBody: workflow.definition,
      // Every step is bounded; this bounds them all, and a timed-out execution is alarmed.
      timeout: executionTimeout(settings, this.retention !== undefined),
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    trustOnlyStateMachinesOf(this.stateMachine, stack);
    for (const statement of workflow.policyStatements) {
      this.stateMachine.addToRolePolicy(statement);
    }

    // An own role in this construct rather than the stack-wide one the target would create.
    const scheduleRole = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            // Schedules without a group belong to the "default" group.
            'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
      description: `Starts garbage collection of the ${environment.hostname} registry`,
    });
    this.schedule = new Schedule(this, 'Schedule', {
      schedule: settings.schedule,
      enabled: settings.enabled,
      description: `Garbage collection of the ${environment.hostname} registry${settings.dryRun ? ' (dry run)' : ''}`,
      target: new StepFunctionsStartExecution(this.stateMachine, {
        role: scheduleRole,
        maxEventAge: DEFAULTS.maxEventAge,
        retryAttempts: DEFAULTS.retryAttempts,
      }),
    });

    this.alarms = props.alarmTopic ? this.createAlarms(props.alarmTopic, stateMachineName) : [];
    if (!settings.dryRun && !props.alarmTopic) {
      Annotations.of(this).addWarningV2('env-container-registries:gc-without-alarms',
        `garbage collection of ${environment.hostname} runs for real without alarmTopic: a window that cannot restore `
        + 'writes leaves the registry read-only, and only the execution history shows it');
    }

    acknowledgeGarbageCollectionFindings({
      logGroup: this.logGroup,
      stateMachine: this.stateMachine,
      retentionDays: environment.settings.logRetentionDays,
      clusterTasks: tasksOfCluster(this, props.service.cluster),
      retentionFunction: this.retention?.handler,
    });
    tagWithEnvironment(this, environment);
  }

  /**
   * The ECS secret to inject as `REGISTRY_STORAGE_MAINTENANCE_READONLY` into
   * every registry container (it grants the execution role read access).
   */
  public readOnlySecret(): EcsSecret {
    return EcsSecret.fromSsmParameter(this.readOnlyParameter);
  }

  /**
   * Wires the read-only switch into a registry container: adds the secret
   * `REGISTRY_STORAGE_MAINTENANCE_READONLY` from `readOnlyParameter`. The
   * container must not set that variable (or its `_ENABLED` leaf) itself,
   * and its configuration file must not set `storage.maintenance.readonly`.
   */
  public addReadOnlySwitch(container: ContainerDefinition): void {
    container.addSecret(DistributionEnvironment.READ_ONLY_VARIABLE, this.readOnlySecret());
  }

  private createAlarms(topic: ITopic, name: string): IAlarm[] {
    const action = new SnsAction(topic);
    const alarmOn = (id: string, metric: Metric, what: string): IAlarm => {
      const alarm = new Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: what,
      });
      alarm.addAlarmAction(action);
      return alarm;
    };
    const period = Duration.minutes(5);
    return [
      alarmOn('FailedAlarm', this.stateMachine.metricFailed({ period, statistic: 'Sum' }),
        `Garbage collection (${name}) failed; with error RegistryMayBeReadOnly the registry may still be read-only, otherwise writes were restored`),
      alarmOn('AbortedAlarm', this.stateMachine.metricAborted({ period, statistic: 'Sum' }),
        `Garbage collection (${name}) was stopped by hand; the registry may still be read-only`),
      alarmOn('TimedOutAlarm', this.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
        `Garbage collection (${name}) timed out; the registry may still be read-only`),
    ];
  }
}

interface ValidatedSettings {
  readonly command: string[];
  readonly schedule: ScheduleExpression;
  readonly enabled: boolean;
  readonly dryRun: boolean;
  readonly deleteUntagged: boolean;
  readonly maxWaitForReadOnly: Duration;
  readonly garbageCollectionTimeout: Duration;
}

function validate(props: RegistryGarbageCollectionProps): ValidatedSettings {
  if (props === null || typeof props !== 'object') {
    throw invalid('props', props, 'an object with environment, service, taskDefinition and containerName');
  }
  if (!(props.environment instanceof RegistryEnvironment)) {
    throw invalid('environment', props.environment, 'a RegistryEnvironment');
  }
  if (props.service === undefined || props.service === null) {
    throw invalid('service', props.service, 'the ECS service that runs the registry');
  }
  if (props.taskDefinition === undefined || props.taskDefinition === null) {
    throw invalid('taskDefinition', props.taskDefinition, 'the Fargate task definition that runs garbage collection');
  }
  if (typeof props.containerName !== 'string' || !CONTAINER_NAME.test(props.containerName)) {
    throw invalid('containerName', props.containerName, 'a container name of 1-255 letters, digits, hyphens or underscores');
  }
  if (!props.taskDefinition.findContainer(props.containerName)) {
    throw invalid('containerName', props.containerName, 'the name of a container of taskDefinition');
  }
  const configPath = props.configPath ?? DEFAULTS.configPath;
  if (typeof configPath !== 'string' || Token.isUnresolved(configPath) || !CONFIG_PATH.test(configPath)) {
    throw invalid('configPath', configPath, 'an absolute path inside the container, e.g. "/etc/distribution/config.yml"');
  }
  if (props.storage !== undefined) {
    if (props.storage === null || typeof props.storage !== 'object' || !props.storage.bucket) {
      throw invalid('storage', props.storage, 'the registry\'s bucket, as { bucket, rootDirectory?, encryptionKey? }');
    }
    const root = props.storage.rootDirectory;
    if (root !== undefined && (typeof root !== 'string' || Token.isUnresolved(root) || !STORAGE_ROOT_DIRECTORY.test(root))) {
      throw invalid('storage.rootDirectory', root, 'distribution\'s rootdirectory, e.g. "/registry": "/"-separated names of letters, digits, ".", "_" or "-"');
    }
  }
  const enabled = props.enabled ?? DEFAULTS.enabled;
  assertBoolean('enabled', enabled);
  const dryRun = props.dryRun ?? DEFAULTS.dryRun;
  assertBoolean('dryRun', dryRun);
  const deleteUntagged = props.deleteUntagged ?? DEFAULTS.deleteUntagged;
  assertBoolean('deleteUntagged', deleteUntagged);
  const defaultCommand = (flags: string[]): string[] => [
    'registry', 'garbage-collect', ...flags, ...(deleteUntagged ? [DELETE_UNTAGGED] : []), configPath,
  ];
  const realCommand = checkCommand('command', props.command ?? defaultCommand([]), { [DRY_RUN]: false, [DELETE_UNTAGGED]: deleteUntagged });
  const dryRunCommand = checkCommand('dryRunCommand', props.dryRunCommand ?? defaultCommand([DRY_RUN]), { [DRY_RUN]: true, [DELETE_UNTAGGED]: deleteUntagged });
  const command = dryRun ? dryRunCommand : realCommand;
  const maxWaitForReadOnly = props.maxWaitForReadOnly ?? DEFAULTS.maxWaitForReadOnly;
  assertDuration('maxWaitForReadOnly', maxWaitForReadOnly, Duration.minutes(1), Duration.minutes(60), 'from 1 to 60 minutes');
  const garbageCollectionTimeout = props.garbageCollectionTimeout ?? DEFAULTS.garbageCollectionTimeout;
  assertDuration('garbageCollectionTimeout', garbageCollectionTimeout, Duration.minutes(15), Duration.hours(24),
    'from 15 minutes to 24 hours');
  const schedule = props.schedule ?? DEFAULTS.schedule;
  if (!(schedule instanceof ScheduleExpression)) {
    throw invalid('schedule', schedule, 'a ScheduleExpression, e.g. ScheduleExpression.cron({ weekDay: "SUN", hour: "3", minute: "0" })');
  }
  if (/^at\(/.test(schedule.expressionString)) {
    throw invalid('schedule', schedule.expressionString, 'a recurring cron or rate expression (garbage collection is maintenance, not a one-off)');
  }
  return { command, schedule, enabled, dryRun, deleteUntagged, maxWaitForReadOnly, garbageCollectionTimeout };
}

/**
 * Checks a container command: a list of strings that runs `garbage-collect`,
 * with each flag present exactly when `flags` says so. The flags decide
 * whether skipping the read-only switch is safe, so they are not taken on trust.
 */
function checkCommand(property: string, command: unknown, flags: { [flag: string]: boolean }): string[] {
  if (!Array.isArray(command) || command.length === 0 || command.some((part) => typeof part !== 'string' || Token.isUnresolved(part))) {
    throw invalid(property, command, 'a non-empty list of strings');
  }
  // The state machine is written in JSONata, which would evaluate such a string instead of passing it on.
  if (command.some((part: string) => /^\{%[\s\S]*%\}$/.test(part))) {
    throw invalid(property, command, 'strings that are not JSONata expressions ("{% ... %}")');
  }
  const has = (word: string) => command.some((part: string) => new RegExp(`(^|[\\s'"])${word}($|[\\s'"])`).test(part));
  if (!has('garbage-collect')) {
    throw invalid(property, command, 'a command that runs "registry garbage-collect"');
  }
  for (const [flag, wanted] of Object.entries(flags)) {
    if (has(flag) !== wanted) {
      const why = flag === DRY_RUN ? (wanted ? 'a dry run leaves the registry writable' : 'dryRun is false') : `deleteUntagged is ${wanted}`;
      throw invalid(property, command, `a command ${wanted ? 'with' : 'without'} ${flag} (${why})`);
    }
  }
  return [...command];
}

function assertDuration(property: string, value: unknown, min: Duration, max: Duration, expected: string): asserts value is Duration {
  if (!(value instanceof Duration) || value.isUnresolved()
    || value.toMilliseconds() < min.toMilliseconds() || value.toMilliseconds() > max.toMilliseconds()) {
    throw invalid(property, value instanceof Duration ? value.toHumanString() : value, `a duration ${expected}`);
  }
}


/**
 * The garbage collection task's `startedBy`: at most 36 letters, digits,
 * hyphens, underscores or slashes (RunTask API reference). The state
 * machine's name is unique per account and region.
 */
function startedByMarker(stateMachineName: string): string {
  const name = stateMachineName.replace(/[^A-Za-z0-9_-]/g, '-');
  return name.length <= 36 ? name : `${name.slice(0, 27)}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** Longer than every bounded step of a run together, so that it only ends an execution that hangs. */
function executionTimeout(settings: ValidatedSettings, retention: boolean): Duration {
  const apiCalls = Duration.minutes(15);
  const minutes = 2 * settings.maxWaitForReadOnly.toMinutes()
    + (retention ? MAX_RETENTION_CALLS * 15 : 0)
    + settings.garbageCollectionTimeout.toMinutes()
    + STOPPED_TASK_GRACE.toMinutes({ integral: false })
    + apiCalls.toMinutes();
  return Duration.minutes(Math.ceil(minutes));
}

/**
 * Sets the trust policy of the role aws-cdk-lib creates for a state machine
 * to what its releases since 2.274 write, whatever the installed release:
 * Step Functions of this account and region only (confused-deputy
 * conditions, https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html);
 * earlier releases trust every state machine of every account. Set on the
 * CloudFormation resource, so the role keeps its logical id and is updated
 * in place, never replaced under a running execution.
 */
function trustOnlyStateMachinesOf(stateMachine: StateMachine, stack: Stack): void {
  const role = stateMachine.role.node.defaultChild as CfnRole;
  role.assumeRolePolicyDocument = {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: 'states.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        StringEquals: { 'aws:SourceAccount': stack.account },
      },
    }],
  };
}
