import { ArnFormat, Stack } from 'aws-cdk-lib';
import { IRuleTarget, RuleTargetConfig } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';
import { newRegistryKey } from './ecr/registry-key';

/*
 * The topics that alarms and events of a registry go to (the self-hosted
 * registry's alarms, ECR's scan findings). Both backends share this file.
 *
 * An AWS::SNS::TopicPolicy replaces SNS's default topic policy, so every
 * service that publishes must be allowed by name, and an encrypted topic's
 * key must let that service encrypt: CloudWatch and EventBridge cannot use
 * the AWS managed SNS key, so each topic gets a customer-managed key of its
 * own, used by nothing else.
 */

const CLOUDWATCH = 'cloudwatch.amazonaws.com';
const EVENTBRIDGE = 'events.amazonaws.com';
const PUBLISHERS_ALLOWED = Symbol.for('env-container-registries.alarmsMayPublish');

/** A topic and the key that encrypts it. */
export interface NotificationTopic {
  readonly topic: Topic;
  readonly key: Key;
}

/** What `newNotificationTopic` creates, and where. */
export interface NotificationTopicOptions {
  /** Construct id of the topic. */
  readonly topicId: string;
  /** Construct id of its key. */
  readonly keyId: string;
  readonly environment: RegistryEnvironment;
  readonly displayName: string;
  /** What the key encrypts, for its description (e.g. `alarms`). */
  readonly purpose: string;
}

/**
 * A TLS-only topic encrypted with a new key of its own, which CloudWatch
 * alarms and EventBridge rules of this account can publish to.
 */
export function newNotificationTopic(scope: Construct, options: NotificationTopicOptions): NotificationTopic {
  const key = newRegistryKey(scope, options.keyId, options.environment, options.purpose);
  // The documented key policy for services that publish to encrypted topics
  // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services):
  // kms:GenerateDataKey* and kms:Decrypt for the service principal. AWS
  // documents no aws:SourceArn / aws:SourceAccount on the KMS request that
  // SNS makes for these publishers, so a condition on them could drop every
  // notification; the topic policy below carries those conditions, and the
  // key encrypts nothing but this topic's messages.
  for (const service of [CLOUDWATCH, EVENTBRIDGE]) {
    key.addToResourcePolicy(new PolicyStatement({
      sid: service === CLOUDWATCH ? 'CloudWatchAlarmsEncryptNotifications' : 'EventBridgeRulesEncryptNotifications',
      principals: [new ServicePrincipal(service)],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
  }
  const topic = new Topic(scope, options.topicId, { displayName: options.displayName, masterKey: key, enforceSSL: true });
  allowAlarmsToPublish(topic);
  return { topic, key };
}

/**
 * Lets CloudWatch alarms of the topic's account and region publish to it
 * (once per topic), scoped by `aws:SourceArn` and `aws:SourceAccount`
 * against the confused deputy. An alarm's ARN is
 * `arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`
 * (https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger).
 * Imported topics are left alone: their policy is not ours.
 */
export function allowAlarmsToPublish(topic: ITopic): void {
  const marked = topic as unknown as { [PUBLISHERS_ALLOWED]?: boolean };
  if (marked[PUBLISHERS_ALLOWED]) {
    return;
  }
  marked[PUBLISHERS_ALLOWED] = true;
  const stack = Stack.of(topic);
  topic.addToResourcePolicy(new PolicyStatement({
    sid: 'CloudWatchAlarmsOfThisAccountPublish',
    principals: [new ServicePrincipal(CLOUDWATCH)],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
      StringEquals: { 'aws:SourceAccount': stack.account },
    },
  }));
}

/**
 * An EventBridge rule target that publishes to a topic, and lets only that
 * rule do so: the topic policy names the rule's ARN (`aws:SourceArn`, which
 * "must be the rule ARN" for rule targets:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html)
 * and its account. aws-cdk-lib's `SnsTopic` target allows every rule of
 * every account instead.
 */
export class TopicTarget implements IRuleTarget {
  constructor(private readonly topic: ITopic) {}

  public bind(rule: Parameters<IRuleTarget['bind']>[0]): RuleTargetConfig {
    const ruleArn = rule.ruleRef.ruleArn;
    this.topic.addToResourcePolicy(new PolicyStatement({
      principals: [new ServicePrincipal(EVENTBRIDGE)],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: {
        ArnEquals: { 'aws:SourceArn': ruleArn },
        StringEquals: { 'aws:SourceAccount': Stack.of(this.topic).account },
      },
    }));
    return { arn: this.topic.topicArn, targetResource: this.topic };
  }
}
