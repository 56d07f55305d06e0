import { Stack } from 'aws-cdk-lib';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { RegistryAuthentication, SelfHostedRegistry, SelfHostedRegistryProps } from '../../../lib/aws';
import { acknowledgeUnenforced, environment } from '../helpers';

/** What the availability-zone tests of both tiers share. */
export const ACCOUNT = '111111111111';
export const auth = RegistryAuthentication.htpasswd(['ci']);
/** The key under which aws-cdk-lib's availability-zone lookup caches its answer (cdk.context.json). */
export const CACHED_LOOKUP = `availability-zones:account=${ACCOUNT}:region=eu-west-1`;

/** A self-hosted registry of `profile` in `stack`, behind a hosted zone of example.com. */
export function primaryIn(stack: Stack, extra: Partial<SelfHostedRegistryProps> = {}, profile = 'dev'): SelfHostedRegistry {
  const hostedZone = HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
  const registry = new SelfHostedRegistry(stack, 'Registry', { environment: environment(profile), hostedZone, authentication: auth, ...extra });
  acknowledgeUnenforced(registry);
  return registry;
}
