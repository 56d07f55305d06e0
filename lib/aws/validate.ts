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
