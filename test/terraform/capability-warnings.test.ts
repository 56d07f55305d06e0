import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SettingSupport } from '../../lib/core/capabilities';
import { ECR_CAPABILITIES } from '../../lib/core/backend-capabilities';
import { TerraformStack } from '../../lib/terraform/cdktf';
import { synthesizeApp, terraformApp } from '../../lib/terraform/app';
import { warnUnenforcedSettings } from '../../lib/terraform/capability-warnings';
import { environment } from '../support/environment';
import { TestAzureGroup } from './test-stacks';

/** Synthesizes one stack per environment name, each with a TestAzureGroup, and returns the messages. */
function messagesFor(...names: string[]) {
  const app = terraformApp({ outdir: mkdtempSync(join(tmpdir(), 'cdktf-warnings-')) });
  for (const name of names) {
    new TestAzureGroup(new TerraformStack(app, `${name}-registry`), 'Registry', environment(name));
  }
  return synthesizeApp(app, () => undefined).messages;
}

describe('capability warnings on Terraform backends', () => {
  test('a setting the profile asks for and the backend cannot enforce is a synth-time warning with the shared id', () => {
    expect(messagesFor('prod')).toEqual([{
      stack: 'prod-registry',
      constructPath: 'prod-registry/Registry',
      level: 'warning',
      message: 'cdnEnabled: the prod profile of prod-registry.example.com asks for true, which test backend cannot enforce (it has no CDN); '
        + 'it is not applied [env-container-registries:unenforced:cdnEnabled]',
    }]);
  });

  test('a profile that asks nothing the backend lacks stays quiet', () => {
    expect(messagesFor('dev', 'test')).toEqual([]);
  });

  test('every unsupported setting warns, in the order of the profile settings', () => {
    const app = terraformApp({ outdir: mkdtempSync(join(tmpdir(), 'cdktf-warnings-')) });
    const stack = new TerraformStack(app, 'prod-registry');
    const nothing = Object.fromEntries(Object.keys(ECR_CAPABILITIES.settings).map((s) => [s, { support: SettingSupport.UNSUPPORTED, how: 'no' }]));
    warnUnenforcedSettings(stack, environment('prod'), { backend: 'nothing', settings: nothing as typeof ECR_CAPABILITIES.settings });
    const ids = synthesizeApp(app, () => undefined).messages.map((m) => /\[(.*)\]$/.exec(m.message)![1]);
    expect(ids).toEqual(Object.keys(ECR_CAPABILITIES.settings).filter((s) => s !== 'immutableTagExclusions').map((s) => `env-container-registries:unenforced:${s}`));
  });
});
