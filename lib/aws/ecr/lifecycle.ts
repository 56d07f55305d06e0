import { Duration } from 'aws-cdk-lib';
import { LifecycleRule, TagStatus } from 'aws-cdk-lib/aws-ecr';
import { ProfileSettings } from '../../core/profiles';

/*
 * One retention model, two renderings: lifecycle rules for the repositories
 * this library creates, and the same rules as lifecycle policy JSON for the
 * repositories ECR creates from a creation template (replication, pull-through
 * cache). Keeping both here means they cannot drift apart.
 */

/** Lifecycle rules for a repository, from the profile's retention settings. */
export function lifecycleRulesOf(settings: ProfileSettings): LifecycleRule[] {
  return [
    {
      rulePriority: 1,
      description: `Expire untagged images after ${settings.untaggedImageRetentionDays} days`,
      tagStatus: TagStatus.UNTAGGED,
      maxImageAge: Duration.days(settings.untaggedImageRetentionDays),
    },
    {
      rulePriority: 2,
      description: `Keep at most ${settings.maxImageCount} images`,
      tagStatus: TagStatus.ANY,
      maxImageCount: settings.maxImageCount,
    },
  ];
}

/** The same rules as an ECR lifecycle policy document (JSON text). */
export function lifecyclePolicyTextOf(settings: ProfileSettings): string {
  const rules = lifecycleRulesOf(settings).map((rule) => ({
    rulePriority: rule.rulePriority,
    description: rule.description,
    selection: rule.maxImageAge
      ? { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: rule.maxImageAge.toDays(), countUnit: 'days' }
      : { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: rule.maxImageCount },
    action: { type: 'expire' },
  }));
  return JSON.stringify({ rules });
}
