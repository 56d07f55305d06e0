import { Annotations as CoreAnnotations, App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { EcrRegistry, RegistryAuthentication, SelfHostedRegistry } from '../../lib/aws';
import { acknowledgeUnenforced, environment, stackIn } from './helpers';

/*
 * Region names have the right shape when the declaration is built; whether
 * AWS has such a region only aws-cdk-lib's region facts can tell. An unknown
 * one warns (a typo fails only at deploy time) rather than fails (a region
 * newer than the aws-cdk-lib release is real).
 */
const warningsOf = (stack: Stack): string[] => Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
const unknownRegion = (stack: Stack): string[] => warningsOf(stack).filter((w) => w.includes('env-container-registries:unknownRegion'));

describe('regions the installed aws-cdk-lib does not know', () => {
  test('an ECR registry warns, naming the unknown replica region, and only it', () => {
    const stack = stackIn();
    new EcrRegistry(stack, 'Registry', { environment: environment('prod', { replicaRegions: ['eu-central-1', 'eu-centrall-1'] }), repositories: ['app'] });
    expect(unknownRegion(stack)).toEqual([expect.stringMatching(/^"eu-centrall-1": not a region this aws-cdk-lib release knows/)]);
  });

  test('a self-hosted registry warns for an unknown primary region', () => {
    const stack = stackIn('eu-west-9');
    const hostedZone = HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
    const registry = new SelfHostedRegistry(stack, 'Registry', {
      environment: environment('dev', { primaryRegion: 'eu-west-9', replicaRegions: [] }),
      hostedZone,
      authentication: RegistryAuthentication.htpasswd(['ci']),
      availabilityZones: ['eu-west-9a', 'eu-west-9b'],
    });
    acknowledgeUnenforced(registry);
    expect(unknownRegion(stack)).toEqual([expect.stringContaining('"eu-west-9": not a region this aws-cdk-lib release knows')]);
  });

  test('known regions give no warning, and the warning can be acknowledged', () => {
    const known = stackIn();
    new EcrRegistry(known, 'Registry', { environment: environment('prod'), repositories: ['app'] });
    expect(unknownRegion(known)).toEqual([]);
    const acknowledged = stackIn('eu-west-1', new App(), 'acknowledged');
    const registry = new EcrRegistry(acknowledged, 'Registry', { environment: environment('prod', { replicaRegions: ['ap-newregion-1'] }), repositories: ['app'] });
    CoreAnnotations.of(registry).acknowledgeWarning('env-container-registries:unknownRegion', 'ap-newregion-1 opened after this aws-cdk-lib release');
    expect(unknownRegion(acknowledged)).toEqual([]);
  });
});
