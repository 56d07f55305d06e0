import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { exampleEnvironments } from '../../examples/environments';
import { TCR_EXAMPLE } from '../../examples/tencentcloud/tcr-example';
import { buildTerraformExampleApp, TERRAFORM_EXAMPLES } from '../../examples/terraform-app';
import { synthesizeApp, SynthesisResult } from '../../lib/terraform/app';
import { TerraformJson } from '../support/terraform-schema';
import { expectConformance, expectTagged } from '../support/terraform-schema/jest';
import { filesIn } from '../support/terraform/synth';

const STACKS = ['tcr-dev-registry', 'tcr-test-registry', 'tcr-prod-registry'];

/**
 * The addresses of the example's stateful resources: changing one makes
 * Terraform replace the instance (and with it every image) or a namespace.
 */
const STATEFUL_ADDRESSES: Record<string, string[]> = Object.fromEntries(STACKS.map((stack) => [stack, [
  'tencentcloud_tcr_instance.Registry_Instance_5151B6A3',
  'tencentcloud_tcr_namespace.Registry_Namespace-app_D853954A',
  'tencentcloud_tcr_namespace.Registry_Namespace-base_05A1E717',
]]));
const STATEFUL_TYPES = ['tencentcloud_tcr_instance', 'tencentcloud_tcr_namespace'];

function synthesizeExample(): { result: SynthesisResult; files: Record<string, string> } {
  const outdir = mkdtempSync(join(tmpdir(), 'tcr-example-'));
  const result = synthesizeApp(buildTerraformExampleApp({ outdir }, [TCR_EXAMPLE]), () => undefined);
  return { result, files: filesIn(outdir) };
}

describe('TCR example', () => {
  let first: ReturnType<typeof synthesizeExample>;
  let configs: Record<string, TerraformJson>;
  beforeAll(() => {
    first = synthesizeExample();
    configs = Object.fromEntries(STACKS.map((stack) => [stack, JSON.parse(first.files[`stacks/${stack}/cdk.tf.json`])]));
  });

  test('is part of the Terraform example app, with a stack per environment of the shared declarations', () => {
    expect(TERRAFORM_EXAMPLES).toContain(TCR_EXAMPLE);
    expect([...first.result.stacks].sort()).toEqual([...STACKS].sort());
    expect(exampleEnvironments().map((environment) => `tcr-${environment.resourcePrefix}`)).toEqual(STACKS);
  });

  test.each(STACKS)('%s: every tencentcloud resource conforms to the provider schema, and every taggable one is tagged', (stack) => {
    const environment = exampleEnvironments().find((e) => stack === `tcr-${e.resourcePrefix}`)!;
    expectConformance(configs[stack], 'tencentcloud');
    expectTagged(configs[stack], 'tencentcloud', environment.tags);
  });

  test.each(STACKS)('snapshot of %s', (stack) => {
    expect(configs[stack]).toMatchSnapshot();
  });

  test.each(STACKS)('%s keeps the addresses of its stateful resources', (stack) => {
    const addresses = STATEFUL_TYPES.flatMap((type) => Object.keys(configs[stack].resource?.[type] ?? {}).map((name) => `${type}.${name}`));
    expect(addresses.sort()).toEqual([...STATEFUL_ADDRESSES[stack]].sort());
  });

  test('prod replicates to the replica region, with a VPC attached there through a provider in that region', () => {
    const prod = configs['tcr-prod-registry'];
    expect(prod.provider?.tencentcloud).toEqual(expect.arrayContaining([{ region: 'eu-frankfurt' }, { alias: 'na-ashburn', region: 'na-ashburn' }]));
    expect(prod.provider?.tencentcloud).toHaveLength(2);
    const instance = Object.values(prod.resource!.tencentcloud_tcr_instance)[0] as Record<string, unknown>;
    expect(instance.replications).toEqual([{ region_name: 'na-ashburn', syn_tag: true }]);
    const replicaVpc = (prod.resource!.tencentcloud_vpc as Record<string, Record<string, unknown>>)['Vpc-na-ashburn'];
    expect(replicaVpc.provider).toBe('tencentcloud.na-ashburn');
    const attachments = Object.values(prod.resource!.tencentcloud_tcr_vpc_attachment) as Array<Record<string, unknown>>;
    expect(attachments.map((a) => a.region_name)).toEqual([undefined, 'na-ashburn']);
  });

  test('asks for the certificate id as a variable, and gives CI its login as outputs', () => {
    for (const stack of STACKS) {
      expect(configs[stack].variable).toEqual({ certificate_id: expect.objectContaining({ type: 'string', nullable: false }) });
      expect(Object.keys(configs[stack].output as object)).toEqual(expect.arrayContaining([
        `${stack.slice(4)}-ci-username`, `${stack.slice(4)}-ci-password`, `${stack.slice(4)}-login-server`,
      ]));
    }
  });

  test('warns for exactly the profile settings TCR cannot enforce', () => {
    const warnings = first.result.messages.filter((m) => m.level === 'warning')
      .map((m) => `${m.stack}: ${/\[env-container-registries:unenforced:(\w+)\]$/.exec(m.message)?.[1] ?? m.message}`);
    expect(warnings.sort()).toEqual([
      'tcr-dev-registry: untaggedImageRetentionDays',
      'tcr-prod-registry: alarmsEnabled',
      'tcr-prod-registry: cdnEnabled',
      'tcr-prod-registry: encryptionKey',
      'tcr-prod-registry: untaggedImageRetentionDays',
      'tcr-test-registry: alarmsEnabled',
      'tcr-test-registry: untaggedImageRetentionDays',
    ]);
    expect(first.result.messages.filter((m) => m.level !== 'warning')).toEqual([]);
  });

  test('is deterministic: a second synthesis writes the same bytes, with no machine path or time in them', () => {
    const second = synthesizeExample();
    expect(Object.keys(second.files)).toEqual(Object.keys(first.files));
    for (const [file, text] of Object.entries(first.files)) {
      expect(`${file}\n${second.files[file]}`).toBe(`${file}\n${text}`);
      expect(text).not.toContain(tmpdir());
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }
  });
});
