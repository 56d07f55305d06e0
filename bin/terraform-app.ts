#!/usr/bin/env node
// The CDK for Terraform app: `npm run synth` runs it with tsx (no cdktf CLI
// needed), and `cdktf synth` / `cdktf deploy` run it through cdktf.json.
import { join } from 'path';
import { buildTerraformExampleApp } from '../examples/terraform-app';
import { cdktfJsonContext, synthesizeApp } from '../lib/terraform/app';

const { outdir, stacks } = synthesizeApp(buildTerraformExampleApp({ context: cdktfJsonContext(join(__dirname, '..')) }));
process.stderr.write(`synthesized ${stacks.length} Terraform stack(s) into ${outdir}/\n`);
