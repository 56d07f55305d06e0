import { SELF_HOSTED_AWS_CAPABILITIES } from '../../core/backend-capabilities';
import { BackendCapabilities, SettingSupport, withCapabilities } from '../../core/capabilities';

/** What the maintenance window of a self-hosted registry does, as far as retention is concerned. */
export interface MaintenanceWindowFacts {
  /** Whether its runs only report (`garbageCollection.dryRun`). */
  readonly dryRun: boolean;
  /** Whether its schedule runs it (`garbageCollection.enabled`). */
  readonly scheduled: boolean;
  /** Whether garbage collection deletes every untagged manifest (`garbageCollection.deleteUntagged`). */
  readonly deleteUntagged: boolean;
  /** Whether the window has the registry's storage to enforce retention on. */
  readonly enforcesRetention: boolean;
}

/**
 * What a self-hosted registry enforces, given its maintenance window:
 * retention is enforced only by a scheduled, real (not dry) run, and a
 * mirror has no window at all.
 *
 * @param window the registry's maintenance window; undefined in mirror mode
 */
export function selfHostedCapabilities(window: MaintenanceWindowFacts | undefined): BackendCapabilities {
  const unsupported = (how: string) => ({ support: SettingSupport.UNSUPPORTED, how });
  const both = (how: string) => withCapabilities(SELF_HOSTED_AWS_CAPABILITIES, {
    maxImageCount: unsupported(how), untaggedImageRetentionDays: unsupported(how),
  });
  if (window === undefined) {
    return both('a pull-through mirror has no maintenance window: garbage collection is off in mirror mode');
  }
  if (!window.enforcesRetention) {
    return both('the maintenance window was given no storage to enforce retention on');
  }
  if (window.dryRun) {
    return both('garbage collection is a dry run (garbageCollection.dryRun): the window only reports what retention would delete');
  }
  if (!window.scheduled) {
    return both('the maintenance window\'s schedule is disabled (garbageCollection.enabled: false)');
  }
  if (window.deleteUntagged) {
    return withCapabilities(SELF_HOSTED_AWS_CAPABILITIES, {
      untaggedImageRetentionDays: unsupported('garbageCollection.deleteUntagged deletes every untagged manifest at each window, whatever its age'),
    });
  }
  return SELF_HOSTED_AWS_CAPABILITIES;
}
