import { TcrVulnerabilitySeverity } from './tcr-registry-props';

/*
 * Every default and fixed value of the TCR backend, in one place, with
 * where each value comes from.
 */

/** Namespaces block pulls of vulnerable images unless told otherwise. */
export const DEFAULT_BLOCK_VULNERABLE_IMAGES = true;

/** The level blocked by default: high, in every profile. */
export const DEFAULT_VULNERABILITY_SEVERITY = TcrVulnerabilitySeverity.HIGH;

/**
 * When tag retention runs: "Execution cycle, currently only available
 * selections are: manual; daily; weekly; monthly"
 * (tencentcloud_tcr_tag_retention_rule.cron_setting, which forces a new rule).
 */
export const RETENTION_SCHEDULE = 'daily';

/**
 * Keep the latest K pushed versions: "latestPushedK (retain the latest K
 * pushed versions)" (tencentcloud_tcr_tag_retention_rule.retention_rule.key).
 */
export const RETENTION_KEEP_LATEST_PUSHED = 'latestPushedK';

/**
 * Filters of an immutable-tag rule: "repository decoration type:
 * repoMatches or repoExcludes", "tag decoration type: matches or excludes"
 * (tencentcloud_tcr_immutable_tag_rule.rule). In patterns, `*` matches
 * anything but `/`, `**` anything, `{a,b}` either (TCR's guide
 * "触发器(Webhook)", section 正则匹配规则).
 */
export const IMMUTABLE_RULE = {
  repositoryDecoration: 'repoMatches',
  repositoryPattern: '**',
  tagsMatch: 'matches',
  tagsExcluded: 'excludes',
  allTags: '**',
} as const;

/** The pull and push actions of a service account (tencentcloud_tcr_service_account.permissions.actions). */
export const SERVICE_ACCOUNT_ACTIONS = {
  pull: ['tcr:PullRepository'],
  push: ['tcr:PushRepository', 'tcr:PullRepository'],
} as const;

/**
 * A service account logs in as `tcr$<name>`: the provider addresses the
 * account by that full name (TCR_NAME_PREFIX, tencentcloud/services/tcr/extension_tcr.go).
 */
export const SERVICE_ACCOUNT_USER_PREFIX = 'tcr$';

/**
 * A webhook on pushes: event type `pushImage` and condition `.*`, as the
 * provider's own example writes them (tencentcloud_tcr_webhook_trigger);
 * TCR also triggers on image deletion and Helm chart pushes and deletions,
 * whose event names it does not document.
 */
export const WEBHOOK_PUSH_EVENT = 'pushImage';
/** The trigger condition that takes every repository and tag of the namespace. */
export const WEBHOOK_ANY_REPOSITORY = '.*';

/**
 * The DNSPod record line every resolver gets, `默认` ("default"), as in the
 * provider's example (tencentcloud_dnspod_record.record_line), and the
 * provider's default TTL, 600 seconds ("the minimum value of different
 * levels of domain names is different", tencentcloud_dnspod_record.ttl).
 */
export const DNS_RECORD_LINE = '默认';
/** TTL of the CNAME record, in seconds. */
export const DNS_RECORD_TTL_SECONDS = 600;
