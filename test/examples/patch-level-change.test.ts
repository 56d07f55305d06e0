import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { RegistryEnvironment } from '../../lib';
import { EcrRegistry, RegistryAuthentication, SelfHostedRegistry } from '../../lib/aws';

/**
 * What a platform pipeline's snapshot shows for a patch-level change of its
 * own app: changing one tag value must change only the lines that carry it,
 * so a reviewer reads a one-line diff per tagged resource, not a rewrite.
 */
function templatesWithCostCenter(costCenter: string): Record<string, string[]> {
  const app = new App({ analyticsReporting: false, context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const environment = new RegistryEnvironment({
    environment: 'prod', domain: 'example.com', primaryRegion: 'eu-west-1', tags: { 'cost-center': costCenter },
  });
  const ecr = new Stack(app, 'ecr', { env: { region: 'eu-west-1' } });
  new EcrRegistry(ecr, 'Registry', { environment, repositories: ['app'] });
  const selfHosted = new Stack(app, 'self-hosted', { env: { region: 'eu-west-1' } });
  new SelfHostedRegistry(selfHosted, 'Registry', {
    environment,
    hostedZone: HostedZone.fromHostedZoneAttributes(selfHosted, 'Zone', { hostedZoneId: 'Z0000000TEST', zoneName: 'example.com' }),
    authentication: RegistryAuthentication.htpasswd(['ci']),
  });
  return Object.fromEntries([ecr, selfHosted].map((stack) => [stack.stackName, JSON.stringify(Template.fromStack(stack).toJSON(), null, 1).split('\n')]));
}

describe('a patch-level change of a tag value', () => {
  const before = templatesWithCostCenter('platform');
  const after = templatesWithCostCenter('platform-ops');

  test.each(Object.keys(before))('changes only the tag value lines of %s', (stackName) => {
    const [a, b] = [before[stackName], after[stackName]];
    // Same length, line for line: nothing moved, nothing was renamed or rehashed.
    expect(b).toHaveLength(a.length);
    const changed = a.map((line, index) => [line, b[index]]).filter(([x, y]) => x !== y);
    expect(changed.length).toBeGreaterThan(0);
    for (const [x, y] of changed) {
      expect({ before: x, after: y }).toEqual({ before: x, after: x.replace('"platform"', '"platform-ops"') });
    }
  });
});
