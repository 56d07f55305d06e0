import { Annotations, App, Stack } from 'aws-cdk-lib';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EcrRegistry, RegistryAuthentication, SelfHostedRegistry } from '../../lib/aws';
import { DeployedStack, SAMPLE } from '../support/iam/deployed-template';
import { evaluate } from '../support/iam/evaluate';
import { request, service } from '../support/iam/requests';
import { environment } from './helpers';

/** Account-agnostic, as the examples: the resolver deploys it into the sample account. */
const newStack = () => new Stack(new App(), 'topics', { env: { region: 'eu-west-1' } });

/*
 * A topic the caller brings (alarmTopic, notificationTopic) gets the same
 * publishers as the ones the library creates, when its policy is ours to
 * change: the alarms and rules that the library points at it must work.
 */

function deployed(stack: Stack, topic: Topic) {
  const resolved = DeployedStack.allOf([stack]).get(stack.stackName)!;
  return { stack: resolved, topic: resolved.resource(topic) };
}

test('a caller\'s alarm topic lets the registry\'s alarms and its stopped-task rule publish', async () => {
  const stack = newStack();
  const topic = new Topic(stack, 'Alarms');
  const registry = new SelfHostedRegistry(stack, 'Registry', {
    environment: environment('test'),
    hostedZone: HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0000000TEST', zoneName: 'example.com' }),
    authentication: RegistryAuthentication.htpasswd(['ci']),
    alarmTopic: topic,
  });
  Annotations.of(registry).acknowledgeWarning('env-container-registries:unenforced:untaggedImageRetentionDays', 'not under test');
  Annotations.of(registry).acknowledgeWarning('env-container-registries:unenforced:maxImageCount', 'not under test');
  const d = deployed(stack, topic);
  const alarm = d.stack.arnOf(d.stack.logicalIdsOfType('AWS::CloudWatch::Alarm')[0]);
  const rule = d.stack.arnOf(d.stack.logicalIdsOfType('AWS::Events::Rule')[0]);
  const publish = (principal: string, sourceArn: string) => evaluate(request(service(principal), 'sns:Publish', d.topic,
    { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceArn.split(':')[4] }));
  expect((await publish('cloudwatch.amazonaws.com', alarm)).result).toBe('Allowed');
  expect((await publish('events.amazonaws.com', rule)).result).toBe('Allowed');
  expect((await publish('events.amazonaws.com', rule.replace(/rule\/.*/, 'rule/another'))).result).toBe('ImplicitlyDenied');
  // One statement for CloudWatch, however many alarms use the topic.
  const statements = d.topic.policy!.Statement.filter((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
  expect(statements).toHaveLength(1);
});

test('a caller\'s notification topic receives only the registry\'s scan rules', async () => {
  const stack = newStack();
  const topic = new Topic(stack, 'Findings');
  new EcrRegistry(stack, 'Registry', { environment: environment('dev'), scanFindingsNotifications: true, notificationTopic: topic });
  const d = deployed(stack, topic);
  const rules = d.stack.logicalIdsOfType('AWS::Events::Rule').map((id) => d.stack.arnOf(id));
  expect(rules).toHaveLength(2);
  for (const rule of rules) {
    const decision = await evaluate(request(service('events.amazonaws.com'), 'sns:Publish', d.topic,
      { 'aws:SourceArn': rule, 'aws:SourceAccount': SAMPLE.account }));
    expect(decision.result).toBe('Allowed');
  }
  const foreign = await evaluate(request(service('events.amazonaws.com'), 'sns:Publish', d.topic,
    { 'aws:SourceArn': rules[0].replace(SAMPLE.account, '444455556666'), 'aws:SourceAccount': '444455556666' }));
  expect(foreign.result).toBe('ImplicitlyDenied');
});
