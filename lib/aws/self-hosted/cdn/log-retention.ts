import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The retention periods CloudWatch Logs accepts, in days, ascending (INFINITE excluded). */
const ALLOWED_DAYS: number[] = Object.values(RetentionDays)
  .filter((days): days is number => typeof days === 'number' && days !== RetentionDays.INFINITE)
  .sort((a, b) => a - b);

/**
 * The shortest CloudWatch retention that keeps logs at least `days` days:
 * profiles speak in any number of days, CloudWatch only in fixed steps.
 */
export function logRetentionOf(days: number): RetentionDays {
  const match = ALLOWED_DAYS.find((allowed) => allowed >= days) ?? ALLOWED_DAYS[ALLOWED_DAYS.length - 1];
  return match as RetentionDays;
}
