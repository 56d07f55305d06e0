// The compiled package, as users import it: every subpath export loads, the
// CDK for Terraform entries load without aws-cdk-lib, and the AWS constructs
// and the Terraform layer synthesize from dist/ (Lambda handlers copied,
// assets found). Run after `npm run build`.
const { execFileSync } = require('child_process');
const { mkdtempSync, readdirSync, readFileSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');
const pkg = require('../package.json');

// In fresh processes, before this one loads aws-cdk-lib.
for (const entry of ['azure', 'tencentcloud']) {
  const target = join(__dirname, '..', pkg.exports[`./${entry}`].default);
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', `require(${JSON.stringify(target)}); console.log(JSON.stringify(Object.keys(require.cache)))`], { encoding: 'utf8' }));
  const awsModules = loaded.filter((m) => m.includes('node_modules/aws-cdk-lib/'));
  if (awsModules.length > 0 || !loaded.some((m) => m.includes('node_modules/cdktf/'))) {
    throw new Error(`./${entry} should load cdktf and no aws-cdk-lib; aws-cdk-lib modules loaded: ${awsModules.length}`);
  }
  console.log(`export ./${entry}: loads cdktf without aws-cdk-lib (${loaded.length} modules)`);
}

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

// The Terraform layer from dist/: a stack with its state backend, synthesized without the cdktf CLI.
const { TerraformStack } = require('../dist/terraform/cdktf');
const terraform = require('../dist/terraform');
const tfOutdir = mkdtempSync(join(tmpdir(), 'dist-check-tf-'));
const tfApp = terraform.terraformApp({ outdir: tfOutdir });
require('../dist/azure').TerraformStateBackend.azurerm({ resourceGroupName: 'tfstate', storageAccountName: 'tfstate1234', containerName: 'registries' })
  .bind(new TerraformStack(tfApp, 'dist-check'));
terraform.synthesizeApp(tfApp);
const tfJson = JSON.parse(readFileSync(join(tfOutdir, 'stacks', 'dist-check', 'cdk.tf.json'), 'utf8'));
if (tfJson.terraform.backend.azurerm.key !== 'dist-check.tfstate') {
  throw new Error(`unexpected backend from dist/: ${JSON.stringify(tfJson.terraform.backend)}`);
}
console.log('dist/ synthesizes a Terraform stack with its state backend');

// The TCR registry from dist/, as users import it.
const tencentcloud = require('../dist/tencentcloud');
const tcrOutdir = mkdtempSync(join(tmpdir(), 'dist-check-tcr-'));
const tcrApp = terraform.terraformApp({ outdir: tcrOutdir });
const tcrEnvironment = new core.RegistryEnvironment({ environment: 'dev', domain: 'example.com', primaryRegion: 'ap-guangzhou' });
new tencentcloud.TcrRegistry(new TerraformStack(tcrApp, 'dist-check-tcr'), 'Registry', { environment: tcrEnvironment, namespaces: [{ name: 'app' }] });
terraform.synthesizeApp(tcrApp, () => undefined);
const tcrJson = JSON.parse(readFileSync(join(tcrOutdir, 'stacks', 'dist-check-tcr', 'cdk.tf.json'), 'utf8'));
if (Object.keys(tcrJson.resource.tencentcloud_tcr_instance).length !== 1 || tcrJson.provider.tencentcloud[0].region !== 'ap-guangzhou') {
  throw new Error(`unexpected TCR registry from dist/: ${JSON.stringify(tcrJson.resource)}`);
}
console.log('dist/ synthesizes a TCR registry');
