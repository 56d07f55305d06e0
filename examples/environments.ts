import { StackProps } from 'aws-cdk-lib';
import { RegistryEnvironment } from '../lib';

/**
 * The example's declarations: one per environment, shared by every backend's
 * example, so that switching a registry's backend changes one line.
 */
export const EXAMPLE_DOMAIN = 'example.com';
export const EXAMPLE_PRIMARY_REGION = 'eu-west-1';
export const EXAMPLE_REPLICA_REGIONS = ['eu-central-1'];

export function exampleEnvironments(): RegistryEnvironment[] {
  const shared = {
    domain: EXAMPLE_DOMAIN,
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
}

/** A stack that serves one environment. */
export interface EnvironmentStackProps extends StackProps {
  readonly environment: RegistryEnvironment;
}
