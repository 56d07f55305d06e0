import { StackProps } from 'aws-cdk-lib';
import { RegistryEnvironment } from '../lib';
import { assertDomain } from '../lib/core/dns';

/**
 * The examples' domain when the `domain` context key sets none: reserved
 * for documentation (RFC 2606, section 3), so an example deployed as it
 * stands names nobody's real hosts.
 */
export const EXAMPLE_DOMAIN = 'example.com';
export const EXAMPLE_PRIMARY_REGION = 'eu-west-1';
export const EXAMPLE_REPLICA_REGIONS = ['eu-central-1'];

/**
 * The examples' domain from the `domain` context key (`-c domain=...` for
 * `cdk`, `cdktf.json` or `CDKTF_CONTEXT_JSON` for the Terraform app),
 * checked as every declaration's domain is, under the key's name.
 *
 * @param value the context value, `undefined` when the key is not set
 */
export function exampleDomain(value: unknown): string {
  if (value === undefined) {
    return EXAMPLE_DOMAIN;
  }
  assertDomain('context.domain', value);
  return value;
}

/**
 * The example's declarations: one per environment, shared by every backend's
 * example, so that switching a registry's backend changes one line.
 *
 * @param domain the domain every registry lives under
 */
export function exampleEnvironments(domain: string = EXAMPLE_DOMAIN): RegistryEnvironment[] {
  const shared = {
    domain,
    primaryRegion: EXAMPLE_PRIMARY_REGION,
    // Only environments whose profile enables replication (prod) replicate.
    replicaRegions: EXAMPLE_REPLICA_REGIONS,
    tags: { 'cost-center': 'platform' },
  };
  return [
    new RegistryEnvironment({ environment: 'dev', ...shared }),
    new RegistryEnvironment({ environment: 'test', ...shared }),
    new RegistryEnvironment({ environment: 'prod', ...shared }),
  ];
}

/** Where an example deploys. */
export interface ExampleOptions {
  /** @default - the account of the CLI's credentials at deploy time */
  readonly account?: string;
  /**
   * The domain the registries live under (`<env>-registry.<domain>`).
   *
   * @default EXAMPLE_DOMAIN (example.com)
   */
  readonly domain?: string;
}

/** A stack that serves one environment. */
export interface EnvironmentStackProps extends StackProps {
  readonly environment: RegistryEnvironment;
}
