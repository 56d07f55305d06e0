import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildTerraformExampleApp } from '../../examples/terraform-app';
import { terraformExampleStack, TerraformExample } from '../../examples/terraform/example-stack';
import { Annotations, TerraformStack } from '../../lib/terraform/cdktf';
import { cdktfJsonContext, synthesizeApp, terraformApp } from '../../lib/terraform/app';
import { environment } from '../support/environment';
import { expectConformance } from '../support/terraform-schema/jest';
import { addTestStack } from './test-stacks';
import { filesIn } from '../support/terraform/synth';

const root = join(__dirname, '..', '..');

/** A test-only example: one stack per profile, built from the layer, standing for no registry. */
const TEST_EXAMPLE: TerraformExample = {
  name: 'test-only example',
  add: (app, options) => {
    for (const name of ['dev', 'prod']) {
      addTestStack(terraformExampleStack(app, `layer-${name}`, options), environment(name));
    }
  },
};

function synthesizeExample(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf-out-'));
  const lines: string[] = [];
  const result = synthesizeApp(buildTerraformExampleApp({ outdir, context }, [TEST_EXAMPLE]), (line) => lines.push(line));
  return { outdir, result, lines, files: filesIn(outdir) };
}

describe('synthesis without the cdktf CLI', () => {
  const first = synthesizeExample();

  test('writes the manifest and each stack as plain Terraform JSON in <outdir>/stacks/<name>/cdk.tf.json', () => {
    expect(Object.keys(first.files)).toEqual(['manifest.json', 'stacks/layer-dev/cdk.tf.json', 'stacks/layer-prod/cdk.tf.json']);
    expect(first.result.stacks).toEqual(['layer-dev', 'layer-prod']);
    const manifest = JSON.parse(first.files['manifest.json']);
    expect(manifest.stacks['layer-prod'].synthesizedStackPath).toBe('stacks/layer-prod/cdk.tf.json');
    const prod = JSON.parse(first.files['stacks/layer-prod/cdk.tf.json']);
    expect(prod.terraform.backend).toEqual({ local: { path: '../../../terraform.layer-prod.tfstate' } });
    expectConformance(prod, 'azurerm');
    expectConformance(prod, 'tencentcloud');
  });

  test('is deterministic: a second synthesis elsewhere writes the same bytes, with no machine path in them', () => {
    const second = synthesizeExample();
    expect(second.files).toEqual(first.files);
    for (const [name, content] of Object.entries(first.files)) {
      expect(`${name}: ${content.includes(first.outdir) || content.includes(root) || content.includes(tmpdir())}`).toBe(`${name}: false`);
    }
  });

  test('reports warnings, which cdktf only records in the manifest', () => {
    expect(first.lines).toEqual([expect.stringMatching(/^\[warning\] layer-prod\/Azure: cdnEnabled: the prod profile .*\[env-container-registries:unenforced:cdnEnabled\]$/)]);
    expect(JSON.parse(first.files['manifest.json']).stacks['layer-prod'].annotations).toEqual([
      expect.objectContaining({ level: '@cdktf/warn', constructPath: 'layer-prod/Azure' }),
    ]);
    expect(first.files['manifest.json']).not.toContain('stacktrace');
  });

  test('leaves reporting to the cdktf CLI when the CLI runs the app', () => {
    const previous = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true';
    try {
      expect(synthesizeExample().lines).toEqual([]);
    } finally {
      if (previous === undefined) {
        delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      } else {
        process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = previous;
      }
    }
  });

  test('fails on an error annotation, writing no stack', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdktf-out-'));
    const app = terraformApp({ outdir });
    Annotations.of(new TerraformStack(app, 'broken')).addError('something is wrong');
    expect(() => synthesizeApp(app, () => undefined)).toThrow(/\[broken\] something is wrong/);
    expect(readdirSync(join(outdir, 'stacks'))).toEqual(['broken']);
    expect(readdirSync(join(outdir, 'stacks', 'broken'))).toEqual([]);
  });

  test('the example app takes its state backend from the stateBackend context key', () => {
    const { files } = synthesizeExample({ stateBackend: { type: 'cos', bucket: 'tfstate-1250000000', region: 'ap-guangzhou' } });
    expect(JSON.parse(files['stacks/layer-dev/cdk.tf.json']).terraform.backend).toEqual({
      cos: { bucket: 'tfstate-1250000000', region: 'ap-guangzhou', prefix: 'terraform/state', key: 'layer-dev.tfstate', encrypt: true, acl: 'private' },
    });
  });
});

describe('the Terraform app entry (bin/terraform-app.ts) and cdktf.json', () => {
  const cdktfJson = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8'));

  test('cdktf.json runs the entry with tsx and writes to cdktf.out', () => {
    expect(cdktfJson).toEqual(expect.objectContaining({ language: 'typescript', app: 'npx tsx bin/terraform-app.ts', output: 'cdktf.out' }));
    expect(cdktfJsonContext(root)).toEqual(cdktfJson.context);
    expect(cdktfJsonContext(tmpdir())).toEqual({});
  });

  test('npm run synth synthesizes the AWS app and the Terraform app', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
    expect(scripts.synth).toBe('cdk synth --quiet && npm run --silent synth:terraform');
    expect(scripts['synth:terraform']).toBe('tsx bin/terraform-app.ts');
  });
});
