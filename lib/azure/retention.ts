import { ContainerRegistryAgentPool } from '@cdktf/provider-azurerm/lib/container-registry-agent-pool';
import { ContainerRegistryTask } from '@cdktf/provider-azurerm/lib/container-registry-task';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { AZURE_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';

/*
 * Retention through `acr purge`
 * (learn.microsoft.com/azure/container-registry/container-registry-auto-purge):
 * `--filter <repository regex>:<tag regex>` with `--ago <duration>` deletes
 * the tags last modified before the duration; `--keep N` keeps "the latest
 * number of to-be-deleted tags per repository"; `--untagged-only` deletes
 * only untagged manifests and, with `--ago`, only those older than that.
 * `acr purge` skips images and repositories whose `write-enabled` is false.
 *
 * The image is pinned: the task YAML reference's `acr` alias points at
 * acr-cli 0.14 (container-registry-tasks-reference-yaml.md), which lacks
 * `--untagged-only` (added in acr-cli 0.18, Azure/acr-cli#489); the purge
 * page names 0.19 as the current image. The step names the registry as the
 * alias example does (`--registry $RegistryName`); the task authenticates
 * to the registry it runs in.
 */
export const ACR_CLI_IMAGE = 'mcr.microsoft.com/acr/acr-cli:0.19';

/**
 * A scheduled task's run may last 3,600 seconds by default (the purge page);
 * each step gets half of it.
 */
const STEP_TIMEOUT_SECONDS = 1800;

/**
 * Five cron fields, minute to day of week, in UTC
 * (learn.microsoft.com/azure/container-registry/container-registry-tasks-scheduled:
 * "a string with five fields specifying the minute, hour, day, month, and
 * day of week").
 */
const CRON = /^\S+ \S+ \S+ \S+ \S+$/;

/** Daily at 03:00 UTC: this library's default. */
export const DEFAULT_PURGE_SCHEDULE = '0 3 * * *';

/** The YAML of the purge task: keep the newest tags, then delete old untagged manifests. */
export function purgeTaskYaml(maxImageCount: number, untaggedDays: number): string {
  const step = (args: string) => [
    `  - cmd: ${ACR_CLI_IMAGE} purge --registry $RegistryName ${args}`,
    '    disableWorkingDirectoryOverride: true',
    `    timeout: ${STEP_TIMEOUT_SECONDS}`,
  ].join('\n');
  return [
    'version: v1.1.0',
    'steps:',
    // Every repository, every tag, any age: all but the newest N tags of each repository lose their tag.
    step(`--filter '.*:.*' --ago 0d --keep ${maxImageCount}`),
    step(`--untagged-only --ago ${untaggedDays}d`),
    '',
  ].join('\n');
}

/** Checks a purge schedule. */
export function assertSchedule(property: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !CRON.test(value)) {
    throw invalid(property, value, 'a cron expression of five fields (minute hour day month day-of-week, UTC), e.g. "0 3 * * *"');
  }
}

/** What the purge task needs. */
export interface AcrRetentionProps {
  /** The declaration whose retention settings apply. */
  readonly environment: RegistryEnvironment;
  /** The registry's resource id. */
  readonly registryId: string;
  /** The registry's name, for an agent pool. */
  readonly registryName: string;
  /** The registry's resource group, for an agent pool. */
  readonly resourceGroupName: string;
  /** The registry's location, for an agent pool. */
  readonly location: string;
  /** The cron schedule (UTC). */
  readonly schedule: string;
  /**
   * The resource id of a subnet for a dedicated agent pool that runs the
   * task inside the registry's network.
   *
   * @default - the task runs on ACR's shared agents
   */
  readonly agentPoolSubnetId?: string;
}

/**
 * A scheduled ACR task that runs `acr purge` for the profile's
 * `maxImageCount` and `untaggedImageRetentionDays`, on the shared agents or
 * on a dedicated agent pool in the registry's network.
 */
export class AcrRetention extends Construct {
  /** The scheduled ACR task that runs `acr purge`. */
  public readonly task: ContainerRegistryTask;
  /** The dedicated agent pool, when there is one. */
  public readonly agentPool?: ContainerRegistryAgentPool;

  constructor(scope: Construct, id: string, props: AcrRetentionProps) {
    super(scope, id);
    const { environment } = props;
    if (props.agentPoolSubnetId !== undefined) {
      // Dedicated agent pools (preview, Premium): learn.microsoft.com/azure/container-registry/tasks-agent-pools.
      // S1 (2 CPU, 3 GB), one instance: the smallest tier; billed while allocated.
      this.agentPool = new ContainerRegistryAgentPool(this, 'AgentPool', {
        name: 'retention',
        containerRegistryName: props.registryName,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        tier: 'S1',
        instanceCount: 1,
        virtualNetworkSubnetId: props.agentPoolSubnetId,
        tags: tagsFor(environment, AZURE_TAG_RULES, ContainerRegistryAgentPool.tfResourceType),
      });
    }
    this.task = new ContainerRegistryTask(this, 'Task', {
      name: 'retention-purge',
      containerRegistryId: props.registryId,
      platform: { os: 'Linux' },
      // azurerm base64-encodes task content that is not already (StateFunc of encoded_step.task_content,
      // internal/services/containers/container_registry_task_resource.go), so it stays readable here.
      encodedStep: { taskContent: purgeTaskYaml(environment.settings.maxImageCount, environment.settings.untaggedImageRetentionDays) },
      timerTrigger: [{ name: 'retention', schedule: props.schedule, enabled: true }],
      agentPoolName: this.agentPool?.name,
      tags: tagsFor(environment, AZURE_TAG_RULES, ContainerRegistryTask.tfResourceType),
    });
  }
}
