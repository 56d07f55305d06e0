import { Token } from 'aws-cdk-lib';
import { AWS_REGION } from '../core/aws-region';
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
