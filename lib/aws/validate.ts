import { Token } from 'aws-cdk-lib';
import { invalid } from '../core/errors';

const ACCOUNT_ID = /^\d{12}$/;

/** Checks a list of AWS account ids (12 digits each); tokens pass through. */
export function assertAccountIds(property: string, accounts: readonly string[] | undefined): string[] {
  const list = accounts ?? [];
  list.forEach((account, index) => {
    if (!Token.isUnresolved(account) && (typeof account !== 'string' || !ACCOUNT_ID.test(account))) {
      throw invalid(`${property}[${index}]`, account, 'a 12-digit AWS account id');
    }
  });
  return [...list];
}

/**
 * An AWS region code (`eu-west-1`, `us-gov-west-1`, `cn-north-1`): a
 * two-to-four-letter area, one or more words, a number. Shared with the
 * availability-zone names, which are the region code and a letter.
 */
export const AWS_REGION_SOURCE = '[a-z]{2,4}(?:-[a-z]+)+-\\d+';
const AWS_REGION = new RegExp(`^${AWS_REGION_SOURCE}$`);

/** Checks an optional AWS account id (12 digits); tokens pass through. */
export function assertOptionalAccountId(property: string, account: unknown): void {
  if (account !== undefined && !Token.isUnresolved(account) && (typeof account !== 'string' || !ACCOUNT_ID.test(account))) {
    throw invalid(property, account, 'a 12-digit AWS account id');
  }
}

/** Checks an optional AWS region code; tokens pass through. */
export function assertOptionalRegion(property: string, region: unknown): void {
  if (region !== undefined && !Token.isUnresolved(region) && (typeof region !== 'string' || !AWS_REGION.test(region))) {
    throw invalid(property, region, 'an AWS region code, e.g. "eu-west-1"');
  }
}
