import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { MonitorMetricAlert } from '@cdktf/provider-azurerm/lib/monitor-metric-alert';
import { MonitorScheduledQueryRulesAlertV2 } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';
import { applyRemovalMode } from '../terraform/removal';
import { AZURE_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';
import { workspaceRetentionDays } from './acr-capabilities';

/*
 * What ACR sends to Azure Monitor
 * (learn.microsoft.com/azure/container-registry/monitor-container-registry-reference
 * and the generated "Supported metrics - Microsoft.ContainerRegistry/registries"):
 * log categories ContainerRegistryLoginEvents and
 * ContainerRegistryRepositoryEvents, written to the tables of the same names;
 * metrics StorageUsed (bytes, Average, time grain PT1H only),
 * TotalPullCount, SuccessfulPullCount, TotalPushCount, SuccessfulPushCount,
 * RunDuration, AgentPoolCPUTime.
 */
export const ACR_LOG_CATEGORIES = ['ContainerRegistryLoginEvents', 'ContainerRegistryRepositoryEvents'];
const METRIC_NAMESPACE = 'Microsoft.ContainerRegistry/registries';

/*
 * The queries are those of "Monitor Azure Container Registry"
 * (learn.microsoft.com/azure/container-registry/monitor-container-registry):
 * "Registry authentication failures" (`ResultDescription != "200"`) and
 * "Repository-level operation failures" (`ResultDescription contains "40"`),
 * the latter narrowed to pulls, each narrowed to this registry.
 */
export function failedLoginQuery(registryId: string): string {
  return `ContainerRegistryLoginEvents\n| where _ResourceId =~ "${registryId}"\n| where ResultDescription != "200"`;
}

/** Pulls that failed with a 4xx status, for this registry. */
export function failedPullQuery(registryId: string): string {
  return `ContainerRegistryRepositoryEvents\n| where _ResourceId =~ "${registryId}"\n| where OperationName contains "Pull"\n| where ResultDescription contains "40"`;
}

/** Share of the storage budget that raises the storage alert. */
export const STORAGE_ALERT_SHARE = 0.85;

/** Failed logins or pulls in the alert window that raise an alert: this library's default. */
export const DEFAULT_FAILURE_THRESHOLD = 5;

/** What the registry's monitoring needs. */
export interface AcrMonitoringProps {
  /** The declaration. */
  readonly environment: RegistryEnvironment;
  /** The registry's resource id. */
  readonly registryId: string;
  /** The resource group of created resources. */
  readonly resourceGroupName: string;
  /** The registry's location. */
  readonly location: string;
  /**
   * The resource id of a Log Analytics workspace you bring.
   *
   * @default - a workspace is created with the profile's log retention
   */
  readonly workspaceId?: string;
  /**
   * The location of a workspace you bring, where log alerts must live.
   *
   * @default - the registry's location
   */
  readonly workspaceLocation?: string;
  /** Whether to create alerts. */
  readonly alarms: boolean;
  /**
   * The resource id of an action group you bring for the alerts.
   *
   * @default - an action group is created that emails `alarmEmailAddresses`
   */
  readonly actionGroupId?: string;
  /** Email addresses of a created action group. */
  readonly alarmEmailAddresses: string[];
  /** The storage budget the storage alert measures against, in GiB. */
  readonly storageBudgetGiB: number;
}

/**
 * Diagnostic settings that send the registry's login and repository events
 * and all metrics to a Log Analytics workspace (given or created with the
 * profile's retention), and, when the profile enables alarms, an action
 * group with three alerts: storage used over 85 % of the budget (a metric
 * alert), failed pulls and failed logins (log alerts: the metrics count
 * pulls in total and successful ones, and a metric alert cannot subtract one
 * from the other).
 */
export class AcrMonitoring extends Construct {
  /** The workspace's resource id. */
  public readonly workspaceId: string;
  /** The created workspace, unless one was given. */
  public readonly workspace?: LogAnalyticsWorkspace;
  /** The diagnostic setting. */
  public readonly diagnostics: MonitorDiagnosticSetting;
  /** The action group's id, when alarms are on. */
  public readonly actionGroupId?: string;
  /** The alerts, when alarms are on. */
  public readonly alerts: Construct[] = [];

  constructor(scope: Construct, id: string, props: AcrMonitoringProps) {
    super(scope, id);
    const { environment, resourceGroupName, location } = props;
    if (props.workspaceId === undefined) {
      this.workspace = new LogAnalyticsWorkspace(this, 'Workspace', {
        name: `${environment.resourcePrefix}-acr-logs`,
        resourceGroupName,
        location,
        sku: 'PerGB2018',
        retentionInDays: workspaceRetentionDays(environment.settings.logRetentionDays),
        tags: tagsFor(environment, AZURE_TAG_RULES, LogAnalyticsWorkspace.tfResourceType),
      });
      applyRemovalMode(this.workspace, environment.settings.removalMode);
    }
    this.workspaceId = props.workspaceId ?? this.workspace!.id;

    this.diagnostics = new MonitorDiagnosticSetting(this, 'Diagnostics', {
      name: 'registry-audit',
      targetResourceId: props.registryId,
      logAnalyticsWorkspaceId: this.workspaceId,
      enabledLog: ACR_LOG_CATEGORIES.map((category) => ({ category })),
      enabledMetric: [{ category: 'AllMetrics' }],
    });

    if (!props.alarms) {
      return;
    }
    let actionGroupId = props.actionGroupId;
    if (actionGroupId === undefined) {
      actionGroupId = new MonitorActionGroup(this, 'ActionGroup', {
        name: `${environment.resourcePrefix}-acr-alerts`,
        resourceGroupName,
        // At most 12 characters (azurerm monitor_action_group_resource.go: StringLenBetween(1, 12)).
        shortName: `acr${environment.environment}`.slice(0, 12),
        emailReceiver: props.alarmEmailAddresses.map((address, index) => ({
          name: `email-${index + 1}`,
          emailAddress: address,
          useCommonAlertSchema: true,
        })),
        tags: tagsFor(environment, AZURE_TAG_RULES, MonitorActionGroup.tfResourceType),
      }).id;
    }
    this.actionGroupId = actionGroupId;

    const budgetBytes = props.storageBudgetGiB * 1024 ** 3;
    this.alerts.push(new MonitorMetricAlert(this, 'StorageAlert', {
      name: `${environment.resourcePrefix}-acr-storage`,
      resourceGroupName,
      scopes: [props.registryId],
      description: `Storage used by ${environment.hostname} is over ${STORAGE_ALERT_SHARE * 100} % of its budget of ${props.storageBudgetGiB} GiB`,
      severity: 2,
      // StorageUsed has a time grain of one hour only: a shorter window or frequency would find no data.
      frequency: 'PT1H',
      windowSize: 'PT1H',
      criteria: [{
        metricNamespace: METRIC_NAMESPACE,
        metricName: 'StorageUsed',
        aggregation: 'Average',
        operator: 'GreaterThan',
        threshold: Math.round(budgetBytes * STORAGE_ALERT_SHARE),
      }],
      action: [{ actionGroupId }],
      tags: tagsFor(environment, AZURE_TAG_RULES, MonitorMetricAlert.tfResourceType),
    }));

    const logAlert = (alertId: string, name: string, description: string, query: string) => new MonitorScheduledQueryRulesAlertV2(this, alertId, {
      name: `${environment.resourcePrefix}-acr-${name}`,
      resourceGroupName,
      // A log alert lives where its workspace is.
      location: props.workspaceLocation ?? location,
      scopes: [this.workspaceId],
      description,
      severity: 2,
      evaluationFrequency: 'PT5M',
      windowDuration: 'PT15M',
      criteria: [{
        query,
        timeAggregationMethod: 'Count',
        operator: 'GreaterThanOrEqual',
        threshold: DEFAULT_FAILURE_THRESHOLD,
      }],
      action: { actionGroups: [actionGroupId!] },
      tags: tagsFor(environment, AZURE_TAG_RULES, MonitorScheduledQueryRulesAlertV2.tfResourceType),
      // The query reads a table that exists only once the registry has sent its first events.
      skipQueryValidation: true,
      dependsOn: [this.diagnostics],
    });
    this.alerts.push(logAlert('FailedPullsAlert', 'failed-pulls',
      `${DEFAULT_FAILURE_THRESHOLD} or more failed pulls from ${environment.hostname} in 15 minutes`, failedPullQuery(props.registryId)));
    this.alerts.push(logAlert('FailedLoginsAlert', 'failed-logins',
      `${DEFAULT_FAILURE_THRESHOLD} or more failed logins to ${environment.hostname} in 15 minutes`, failedLoginQuery(props.registryId)));
  }
}
