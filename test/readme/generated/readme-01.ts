// Generated from a block of README.md (fixture "complete") by test/readme/snippets.ts: do not edit.
import { EnvironmentProfile, RegistryEnvironment } from '../../../lib';

const prod = new RegistryEnvironment({
  environment: 'prod',              // dev | test | prod pick their profile by name
  service: 'registry',              // default 'registry'
  domain: 'example.com',
  primaryRegion: 'eu-west-1',
  replicaRegions: ['eu-central-1'], // used only when the profile replicates
  overrides: { maxImageCount: 1000 },
  tags: { 'cost-center': 'platform' },
});
prod.hostname;       // 'prod-registry.example.com'
prod.resourcePrefix; // 'prod-registry' (names repositories, buckets, ...)

const qa = new RegistryEnvironment({
  environment: 'qa', domain: 'internal.corp', primaryRegion: 'eu-west-1',
  profile: EnvironmentProfile.TEST, // any other name must choose a profile
});
export { EnvironmentProfile, RegistryEnvironment, prod, qa };
