import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AcrRegistry, AcrRegistryProps } from '../../lib/azure';
import { TerraformStack } from '../../lib/terraform/cdktf';
import { synthesizeApp, terraformApp } from '../../lib/terraform/app';
import { acrEnvironment, LOCATIONS } from './helpers';

/** The ids of the synth-time warnings of one registry. */
function warningIds(name: string, props: Partial<AcrRegistryProps> = {}): string[] {
  const app = terraformApp({ outdir: mkdtempSync(join(tmpdir(), 'acr-warnings-')) });
  new AcrRegistry(new TerraformStack(app, `${name}-registry`), 'Registry', { environment: acrEnvironment(name), locations: LOCATIONS, ...props });
  return synthesizeApp(app, () => undefined).messages.map((m) => /\[env-container-registries:unenforced:(\w+)\]$/.exec(m.message)![1]);
}

/*
 * A profile setting the registry cannot enforce, in its configuration,
 * warns at synthesis; the rest stays quiet.
 */
describe('capability warnings of AcrRegistry', () => {
  test('dev: a log retention below what a workspace keeps (7 < 30 days)', () => {
    expect(warningIds('dev')).toEqual(['logRetentionDays']);
  });

  test('test: nothing', () => {
    expect(warningIds('test')).toEqual([]);
  });

  test('prod: immutable tags and CDN (ACR has neither); retention, which no task can run on a private registry without an agent pool', () => {
    expect(warningIds('prod')).toEqual(['imageTagMutability', 'untaggedImageRetentionDays', 'maxImageCount', 'cdnEnabled']);
  });

  test('prod with an agent pool enforces retention', () => {
    expect(warningIds('prod', { retentionAgentPool: true })).toEqual(['imageTagMutability', 'cdnEnabled']);
  });

  test('a workspace you bring keeps logs as it is set up: the profile\'s retention warns', () => {
    const workspace = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/central';
    expect(warningIds('test', { logAnalyticsWorkspaceId: workspace })).toEqual(['logRetentionDays']);
  });
});
