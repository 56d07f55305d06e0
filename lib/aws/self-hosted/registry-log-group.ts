import { ArnFormat, Stack } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../../core/environment';
import { removalPolicyOf } from '../removal';
import { logRetentionOf } from '../log-retention';

/**
 * Lets CloudWatch Logs use `key` for this account's log groups in this region (once per key).
 *
 * CloudWatch Logs sends the log group's ARN as the encryption context
 * `kms:EncryptionContext:aws:logs:arn`, in the colon form
 * `arn:<partition>:logs:<region>:<account>:log-group:<name>`
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 * `formatArn`'s default slash form (`log-group/<name>`) never matches it.
 */
export function allowLogsToUseKey(key: IKey): void {
  const stack = Stack.of(key);
  key.grant(new ServicePrincipal(`logs.${stack.region}.amazonaws.com`, {
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArnPattern(stack) } },
  }), 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey');
}

/** Every log group of the stack's account and region, in the form CloudWatch Logs puts in the encryption context. */
export function logGroupArnPattern(stack: Stack): string {
  return stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/**
 * A log group with the profile's retention and removal, encrypted with the
 * registry's customer-managed key when it has one (see `allowLogsToUseKey`).
 */
export function registryLogGroup(scope: Construct, id: string, environment: RegistryEnvironment, key?: IKey): LogGroup {
  return new LogGroup(scope, id, {
    retention: logRetentionOf(environment.settings.logRetentionDays),
    encryptionKey: key,
    removalPolicy: removalPolicyOf(environment.settings.removalMode),
  });
}
