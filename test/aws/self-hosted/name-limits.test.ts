import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnTopic } from 'aws-cdk-lib/aws-sns';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { RegistryEnvironment } from '../../../lib';
import { HtpasswdUsers, RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryReplica, SelfHostedReplicaStorage } from '../../../lib/aws';
import { cdkJsonContext } from '../../examples/example-app';
import { limitViolations } from '../../support/name-limits';
import { acknowledgeUnenforced } from '../helpers';

const ACCOUNT = '111111111111';
/** The longest domain whose apex can still be a certificate's first name (ACM: 64 characters). */
const DOMAIN = `${'a'.repeat(41)}.${'b'.repeat(10)}.example.com`;
const auth = RegistryAuthentication.htpasswd(['ci']);

/*
 * The longest names a working declaration can have: host names of 100+
 * characters, the longest service whose replica bucket name still fits in
 * 63 characters (prod), the longest first label there is (dev). Every name
 * and description in the synthesized templates must fit its resource.
 */
describe('the longest names fit every resource they name', () => {
  const app = new App({ context: cdkJsonContext() });
  const zone = (stack: Stack) => HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: DOMAIN });

  // <prefix>-images-eu-central-1-<account>: the prefix may have 63 - 33 = 30 characters.
  const prod = new RegistryEnvironment({ environment: 'prod', service: `s${'v'.repeat(24)}`, domain: DOMAIN, primaryRegion: 'eu-west-1', replicaRegions: ['eu-central-1'] });
  const storageStack = new Stack(app, 'storage', { env: { account: ACCOUNT, region: 'eu-central-1' } });
  const storage = new SelfHostedReplicaStorage(storageStack, 'Replica', { environment: prod });
  const primaryStack = new Stack(app, 'primary', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  primaryStack.addStackDependency(storageStack);
  acknowledgeUnenforced(new SelfHostedRegistry(primaryStack, 'Registry', { environment: prod, hostedZone: zone(primaryStack), authentication: auth }));
  const replicaStack = new Stack(app, 'replica', { env: { account: ACCOUNT, region: 'eu-central-1' } });
  replicaStack.addStackDependency(primaryStack);
  new SelfHostedRegistryReplica(replicaStack, 'Replica', { environment: prod, storage, hostedZone: zone(replicaStack), authentication: auth });

  // A first label of 63 characters (no replicas, so no bucket name limits it).
  const dev = new RegistryEnvironment({ environment: 'dev', service: `s${'w'.repeat(58)}`, domain: DOMAIN, primaryRegion: 'eu-west-1', profile: prod.profile.withOverrides({ replicationEnabled: false }) });
  const devStack = new Stack(app, 'dev', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  acknowledgeUnenforced(new SelfHostedRegistry(devStack, 'Registry', { environment: dev, hostedZone: zone(devStack), authentication: auth }));

  test('the declarations are as long as they can be', () => {
    expect(DOMAIN.length).toBe(64);
    expect(prod.resourcePrefix.length).toBe(30);
    expect(dev.resourcePrefix.length).toBe(63);
    expect(dev.hostname.length).toBe(128);
    expect(prod.replicaHostname('eu-central-1').length).toBeGreaterThan(100);
  });

  test.each(['storage', 'primary', 'replica', 'dev'])('%s', (name) => {
    const template = Template.fromStack(app.node.findChild(name) as Stack).toJSON();
    expect(Object.keys(template.Resources).length).toBeGreaterThan(3);
    expect(limitViolations(template)).toEqual([]);
  });

  test('htpasswd users of a registry whose host name has 253 characters (no certificate limits them)', () => {
    const domain = [61, 61, 61, 54].map((n, i) => String.fromCharCode(99 + i).repeat(n)).join('.');
    const longest = new RegistryEnvironment({ environment: 'dev', domain, primaryRegion: 'eu-west-1' });
    expect(longest.hostname.length).toBe(253);
    const stack = new Stack(new App(), 'users', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    new HtpasswdUsers(stack, 'Users', { environment: longest, users: ['ci'] });
    expect(limitViolations(Template.fromStack(stack).toJSON())).toEqual([]);
  });

  test('the check finds a value that is too long', () => {
    const stack = new Stack(new App(), 'bad');
    new CfnTopic(stack, 'Topic', { displayName: 'x'.repeat(101) });
    expect(limitViolations(Template.fromStack(stack).toJSON())).toEqual(['Topic.DisplayName: 101 > 100']);
  });
});
