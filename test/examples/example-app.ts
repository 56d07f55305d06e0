import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { buildExampleApp } from '../../examples/app';

/** The context `cdk synth` uses (feature flags from cdk.json), so tests see what users deploy. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
}

/** The example app as `cdk synth` builds it, synthesized into a fresh directory. */
export function synthExampleApp(extraContext: Record<string, unknown> = {}): { app: App; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'example-app-'));
  const context = { ...cdkJsonContext(), ...extraContext };
  const app = buildExampleApp({ outdir, analyticsReporting: false, context });
  app.synth();
  return { app, outdir };
}
