import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The retention periods CloudWatch Logs accepts, in days, ascending. */
const ALLOWED_DAYS: number[] = Object.values(RetentionDays)
  .filter((days): days is number => typeof days === 'number' && days !== RetentionDays.INFINITE)
  .sort((a, b) => a - b);

/**
 * The shortest retention CloudWatch Logs accepts that keeps logs at least
 * `days` days: profiles speak in any number of days, CloudWatch in fixed steps.
 */
export function logRetentionOf(days: number): RetentionDays {
  return (ALLOWED_DAYS.find((allowed) => allowed >= days) ?? RetentionDays.INFINITE) as RetentionDays;
}
