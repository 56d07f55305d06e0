import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RegistryEnvironment } from '../../lib';
import { TcrRegistry, TcrRegistryProps } from '../../lib/tencentcloud';
import { TerraformStack, Testing } from '../../lib/terraform/cdktf';
import { synthesizeApp, SynthesisMessage, terraformApp } from '../../lib/terraform/app';
import { resourceOf, synthesizeStack } from '../support/terraform/synth';
import { TerraformJson } from '../support/terraform-schema';
import { expectConformance, expectTagged } from '../support/terraform-schema/jest';

/** The regions of the shared test declaration (eu-west-1, eu-central-1) as TCR regions. */
export const TEST_REGIONS = { 'eu-west-1': 'eu-frankfurt', 'eu-central-1': 'na-ashburn' };

/** The props every test registry has unless a test says otherwise. */
export function registryProps(environment: RegistryEnvironment, extra: Partial<TcrRegistryProps> = {}): TcrRegistryProps {
  return { environment, regions: TEST_REGIONS, namespaces: [{ name: 'app' }], ...extra };
}

/**
 * A stack with one registry, synthesized with cdktf's validations, after
 * checking it against the provider schema (conformance) and that every
 * taggable resource carries the declaration's tags.
 */
export function synthesizeRegistry(props: TcrRegistryProps, build?: (stack: TerraformStack) => void): TerraformJson {
  const stack = new TerraformStack(Testing.app(), 'tcr');
  build?.(stack);
  new TcrRegistry(stack, 'Registry', props);
  const config = synthesizeStack(stack);
  expectConformance(config, 'tencentcloud');
  expectTagged(config, 'tencentcloud', props.environment.tags);
  return config;
}

/** Every resource of `type` in `config`, by logical name. */
export function resourcesOf(config: TerraformJson, type: string): Record<string, Record<string, any>> {
  return (config.resource?.[type] ?? {}) as Record<string, Record<string, any>>;
}

/** The only resource of `type` (or the one named `name`). */
export { resourceOf };

/** The warnings a registry of `props` adds at synthesis. */
export function warningsOf(props: TcrRegistryProps): string[] {
  const app = terraformApp({ outdir: mkdtempSync(join(tmpdir(), 'tcr-warnings-')) });
  new TcrRegistry(new TerraformStack(app, 'tcr'), 'Registry', props);
  return synthesizeApp(app, () => undefined).messages
    .filter((message: SynthesisMessage) => message.level === 'warning')
    .map((message) => /\[env-container-registries:unenforced:(\w+)\]$/.exec(message.message)?.[1] ?? message.message);
}
