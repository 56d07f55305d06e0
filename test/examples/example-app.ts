import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { buildExampleApp } from '../../examples/app';
import { PhysicalName } from '../support/deploy-order';

/** The context `cdk synth` uses (feature flags from cdk.json), so tests see what users deploy. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
}

/**
 * The example app as `cdk synth` builds it, synthesized into a fresh
 * directory. With `featureFlags: false`, without cdk.json's context: as in
 * an app that sets none of the flags.
 */
export function synthExampleApp(extraContext: Record<string, unknown> = {}, options: { featureFlags?: boolean } = {}): { app: App; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'example-app-'));
  const context = { ...(options.featureFlags === false ? {} : cdkJsonContext()), ...extraContext };
  const app = buildExampleApp({ outdir, analyticsReporting: false, context });
  app.synth();
  return { app, outdir };
}

/**
 * What exists before the first `cdk deploy` of the example: what
 * `cdk bootstrap` creates (qualifier hnb659fds), the hosted zone you pass
 * with `-c hostedZoneId` (the placeholder here), and AWS managed key aliases.
 */
export function providedBeforeDeploy(name: PhysicalName): boolean {
  return (name.kind === 'ssm parameter' && name.name === 'cdk-bootstrap/hnb659fds/version')
    || (name.kind === 'bucket' && name.name.startsWith('cdk-hnb659fds-assets-'))
    || (name.kind === 'hosted zone' && name.name === 'Z0000000EXAMPLE')
    || (name.kind === 'kms alias' && name.name.startsWith('alias/aws/'));
}
