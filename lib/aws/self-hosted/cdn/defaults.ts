import { Duration } from 'aws-cdk-lib';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { RegistryEnvironment } from '../../../core/environment';

/** The defaults of `RegistryCdn`, in one place. */
export const CDN_DEFAULTS = {
  /** The bucket root: distribution's own default `rootdirectory`. */
  rootDirectory: '/',
  /** The cloudfront middleware's own default `duration`. */
  signedUrlValidity: Duration.minutes(20),
  keyVersion: 1,
} as const;

/*
 * Prod serves pulls from everywhere; the cheapest class (North America,
 * Europe, Israel) is enough for development and tests. Decided by the base
 * profile's name (`prod`, with or without overrides), as profiles have no
 * setting for where clients are.
 */
export function defaultPriceClass(environment: RegistryEnvironment): PriceClass {
  const base = environment.profile.name.split('+')[0];
  return base === 'prod' ? PriceClass.PRICE_CLASS_ALL : PriceClass.PRICE_CLASS_100;
}
