import { ACR_CAPABILITIES } from '../core/backend-capabilities';
import { BackendCapabilities, SettingCapabilities, SettingCapability, SettingSupport, withCapabilities } from '../core/capabilities';
import { RegistryEnvironment } from '../core/environment';
import { AcrSku } from './sku';

/** What the construct's configuration decides about enforcement. */
export interface AcrEnforcement {
  /** The registry's tier. */
  readonly sku: AcrSku;
  /** Whether the purge task can reach the registry (public access, or an agent pool in its network). */
  readonly purgeTaskReachesRegistry: boolean;
  /** Whether the construct creates the workspace (and so decides its retention). */
  readonly ownWorkspace: boolean;
}

/**
 * Log Analytics keeps data 30-730 days in a workspace of the PerGB2018 SKU
 * (azurerm internal/services/loganalytics/log_analytics_workspace_resource.go:
 * `retention_in_days` IntBetween(30, 730)).
 */
export const WORKSPACE_RETENTION_DAYS = { min: 30, max: 730 };

/** The Premium retention policy's longest period (container-registry-retention-policy.md: 0-365 days). */
export const MAX_RETENTION_POLICY_DAYS = 365;

/**
 * `ACR_CAPABILITIES` narrowed to one registry's configuration, so that what
 * this registry cannot enforce warns at synthesis.
 */
export function acrCapabilities(environment: RegistryEnvironment, enforcement: AcrEnforcement): BackendCapabilities {
  const changes: { -readonly [K in keyof SettingCapabilities]?: SettingCapability } = {};
  const { UNSUPPORTED } = SettingSupport;
  if (!enforcement.purgeTaskReachesRegistry) {
    const why = 'ACR Tasks run on shared agents outside the registry\'s network and cannot reach a registry without public network '
      + 'access unless an agent pool in its network runs them (retentionAgentPool: true)';
    changes.maxImageCount = { support: UNSUPPORTED, how: why };
    changes.untaggedImageRetentionDays = {
      support: UNSUPPORTED,
      how: enforcement.sku === AcrSku.PREMIUM && environment.settings.untaggedImageRetentionDays <= MAX_RETENTION_POLICY_DAYS
        ? `the retention policy deletes untagged Docker manifests only (not OCI ones), and ${why}`
        : why,
    };
  }
  const days = environment.settings.logRetentionDays;
  if (!enforcement.ownWorkspace) {
    changes.logRetentionDays = { support: UNSUPPORTED, how: 'the Log Analytics workspace you gave keeps logs as it is configured' };
  } else if (days < WORKSPACE_RETENTION_DAYS.min || days > WORKSPACE_RETENTION_DAYS.max) {
    changes.logRetentionDays = {
      support: UNSUPPORTED,
      how: `a Log Analytics workspace keeps logs ${WORKSPACE_RETENTION_DAYS.min}-${WORKSPACE_RETENTION_DAYS.max} days; this one keeps them ${workspaceRetentionDays(days)}`,
    };
  }
  return withCapabilities(ACR_CAPABILITIES, changes);
}

/** The profile's log retention, brought into what a workspace accepts. */
export function workspaceRetentionDays(days: number): number {
  return Math.min(WORKSPACE_RETENTION_DAYS.max, Math.max(WORKSPACE_RETENTION_DAYS.min, days));
}
