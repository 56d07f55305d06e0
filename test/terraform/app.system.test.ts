import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildTerraformExampleApp, TERRAFORM_EXAMPLES } from '../../examples/terraform-app';
import { synthesizeApp } from '../../lib/terraform/app';

const root = join(__dirname, '..', '..');

/* The Terraform app entry run as the cdktf CLI runs it: in a process of its own. */
describe('the Terraform app entry (bin/terraform-app.ts), run by the cdktf.json command', () => {
  const cdktfJson = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8'));

  test('run as the cdktf CLI runs it (CDKTF_OUTDIR set), it writes the manifest of the example app', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdktf-cli-'));
    execFileSync('sh', ['-c', cdktfJson.app], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: 'pipe' });
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    const inProcess = synthesizeApp(buildTerraformExampleApp({ outdir: mkdtempSync(join(tmpdir(), 'cdktf-out-')) }, TERRAFORM_EXAMPLES), () => undefined);
    expect(Object.keys(manifest.stacks)).toEqual(inProcess.stacks);
    expect(manifest.version).toBe('0.21.0');
  });

  test('a bad stateBackend in CDKTF_CONTEXT_JSON fails with the property named', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin', 'terraform-app.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CDKTF_OUTDIR: mkdtempSync(join(tmpdir(), 'cdktf-cli-')), CDKTF_CONTEXT_JSON: JSON.stringify({ stateBackend: { type: 'azurerm', storageAccountName: 'X' } }) },
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('stateBackend.resourceGroupName: expected 1-90 letters');
  });
});
