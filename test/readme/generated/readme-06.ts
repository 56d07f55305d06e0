// Generated from a block of README.md (fixture "complete") by test/readme/snippets.ts: do not edit.
import { App, TerraformStack } from 'cdktf';
import { RegistryEnvironment } from '../../../lib';
import { TcrCertificate, TcrRegistry } from '../../../lib/tencentcloud';

const prod = new RegistryEnvironment({
  environment: 'prod',
  domain: 'example.com',
  primaryRegion: 'eu-west-1',
  replicaRegions: ['eu-central-1'],
});
const terraformApp = new App();
const stack = new TerraformStack(terraformApp, 'tcr-prod-registry');
new TcrRegistry(stack, 'Registry', {
  environment: prod,
  // Which TCR region serves each region the declaration names.
  regions: { 'eu-west-1': 'eu-frankfurt', 'eu-central-1': 'na-ashburn' },
  namespaces: [{ name: 'app', webhooks: [{ name: 'deploy', url: 'https://ci.example.com/hooks/tcr' }] }, { name: 'base' }],
  publicAccessCidrs: ['203.0.113.0/24'],            // your CI's egress addresses
  vpcAccess: [
    { vpcId: 'vpc-abcd1234', subnetId: 'subnet-abcd1234' },                          // primary region
    { region: 'eu-central-1', vpcId: 'vpc-efgh5678', subnetId: 'subnet-efgh5678' }, // the replica's
  ],
  customDomain: { certificate: TcrCertificate.fromCertificateId('a1B2c3D4') },    // prod-registry.example.com
  serviceAccounts: [{ name: 'ci', pushNamespaces: ['app'], pullNamespaces: ['base'] }],
});
export { App, TerraformStack, RegistryEnvironment, TcrCertificate, TcrRegistry, prod, terraformApp, stack };
