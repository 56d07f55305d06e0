// The compiled package, as users import it: every subpath export loads, and
// the AWS constructs synthesize from dist/ (Lambda handlers copied, assets found).
// Run after `npm run build`.
const { mkdtempSync, readdirSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');
const pkg = require('../package.json');

for (const [subpath, target] of Object.entries(pkg.exports)) {
  if (typeof target !== 'string') {
    require(join(__dirname, '..', target.default));
    console.log(`export ${subpath}: loads`);
  }
}

const { App, Stack } = require('aws-cdk-lib');
const { HostedZone } = require('aws-cdk-lib/aws-route53');
const core = require('../dist');
const aws = require('../dist/aws');

process.env.CDK_VALIDATION = 'false';
const outdir = mkdtempSync(join(tmpdir(), 'dist-check-'));
const app = new App({ outdir });
const stack = new Stack(app, 'dist-check', { env: { region: 'eu-west-1' } });
const environment = new core.RegistryEnvironment({ environment: 'prod', domain: 'example.com', primaryRegion: 'eu-west-1' });
const hostedZone = HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
new aws.SelfHostedRegistry(stack, 'SelfHosted', { environment, hostedZone, authentication: aws.RegistryAuthentication.htpasswd(['ci']) });
new aws.EcrRegistry(stack, 'Ecr', { environment, repositories: ['app'] });
app.synth();
const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
if (assets.length < 2) {
  throw new Error(`expected the htpasswd and CloudFront key handlers as assets, found ${assets.length}`);
}
console.log(`dist/ synthesizes a self-hosted and an ECR registry (${assets.length} Lambda assets)`);
