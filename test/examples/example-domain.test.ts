import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp } from '../../examples/app';
import { EXAMPLE_DOMAIN } from '../../examples/environments';
import { SelfHostedRegistryStack } from '../../examples/self-hosted/self-hosted-example';
import { TCR_EXAMPLE } from '../../examples/tencentcloud/tcr-example';
import { buildTerraformExampleApp } from '../../examples/terraform-app';
import { RegistryValidationError } from '../../lib';
import { synthesizeApp } from '../../lib/terraform/app';
import { filesIn } from '../support/terraform/synth';
import { cdkJsonContext } from './example-app';

/*
 * The examples' domain is the `domain` context key (`-c domain=...`, or
 * cdktf.json's context for the Terraform app); the default is a domain
 * reserved for documentation.
 */

const DOMAIN = 'registries.example.org';

describe('the AWS example app', () => {
  test('uses example.com, reserved for documentation, when the context sets no domain', () => {
    expect(EXAMPLE_DOMAIN).toBe('example.com');
    const app = buildExampleApp({ context: cdkJsonContext() });
    expect((app.node.findChild('self-hosted-dev-registry') as SelfHostedRegistryStack).registry.url).toBe('https://dev-registry.example.com');
  });

  test('puts every registry under the domain of -c domain=...: names, records, tags', () => {
    const app = buildExampleApp({ context: { ...cdkJsonContext(), domain: DOMAIN } });
    const selfHosted = app.node.findChild('self-hosted-prod-registry') as SelfHostedRegistryStack;
    expect(selfHosted.registry.url).toBe(`https://prod-registry.${DOMAIN}`);
    const template = Template.fromStack(selfHosted);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: `prod-registry.${DOMAIN}.`, Type: 'A' });
    const ecr = Template.fromStack(app.node.findChild('ecr-dev-registry') as Stack);
    ecr.hasResourceProperties('AWS::ECR::Repository', { Tags: Match.arrayWith([{ Key: 'registry:hostname', Value: `dev-registry.${DOMAIN}` }]) });
  });

  test.each([['Example.COM'], ['localhost'], ['']])('refuses -c domain=%j, naming the context key', (domain) => {
    expect(() => buildExampleApp({ context: { domain } })).toThrow(RegistryValidationError);
    expect(() => buildExampleApp({ context: { domain } })).toThrow(`context.domain: expected a lower case domain of at least two dot-separated labels`);
  });
});

test('the Terraform example app reads the same context key', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'example-domain-'));
  synthesizeApp(buildTerraformExampleApp({ outdir, context: { domain: DOMAIN } }, [TCR_EXAMPLE]), () => undefined);
  const dev = filesIn(outdir)['stacks/tcr-dev-registry/cdk.tf.json'];
  expect(dev).toContain(`"dev-registry.${DOMAIN}"`);
  expect(dev).not.toContain('example.com');
});
