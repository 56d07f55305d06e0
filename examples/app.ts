import { App, AppProps } from 'aws-cdk-lib';
import { exampleDomain } from './environments';
import { addEcrExample } from './ecr/ecr-example';
import { addSelfHostedExample } from './self-hosted/self-hosted-example';

/**
 * Every example stack, as `cdk synth` and the tests build them.
 *
 * Context keys: `account` (deploy target; default: the CLI credentials'
 * account at deploy time, so synthesis needs none), `domain` (the domain
 * the registries live under; default: example.com), `hostedZoneId` (the
 * public zone of that domain or a parent, for the self-hosted registries)
 * and `compliance` (`true` runs cdk-nag and the Control Tower controls
 * during synthesis).
 */
export function buildExampleApp(props: AppProps = {}): App {
  // Creation stack traces hold absolute paths of the checkout; without them
  // the cloud assembly is the same on every machine. (Set here, not in
  // cdk.json, where the CLI reserves the `aws:` prefix.)
  const app = new App({ ...props, context: { 'aws:cdk:disable-creation-stack-traces': true, ...props.context } });
  const account: string | undefined = app.node.tryGetContext('account');
  const compliance = String(app.node.tryGetContext('compliance')) === 'true';
  if (compliance) {
    // Loaded only when asked for: cdk-nag alone takes about a second to
    // load, which every plain `cdk synth` would pay.
    const { enableComplianceChecks }: typeof import('./compliance') = require('./compliance');
    enableComplianceChecks(app);
  }
  const domain = exampleDomain(app.node.tryGetContext('domain'));
  addEcrExample(app, { account, domain });
  addSelfHostedExample(app, { account, domain, hostedZoneId: app.node.tryGetContext('hostedZoneId') });
  return app;
}
