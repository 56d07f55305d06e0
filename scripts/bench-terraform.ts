/*
 * The CDK for Terraform part of `npm run bench`: what importing
 * `env-container-registries/azure` and `/tencentcloud` costs in a fresh
 * Node process, and the synthesis time of each Terraform example
 * (examples/terraform-app.ts: an example added there is benchmarked too).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { buildTerraformExampleApp, TERRAFORM_EXAMPLES } from '../examples/terraform-app';
import { synthesizeApp } from '../lib/terraform/app';

const ROOT = join(__dirname, '..');
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface ImportCost {
  readonly ms: number;
  readonly modules: number;
  readonly awsCdkLib: boolean;
  readonly providerRoot: boolean;
}

/** Requires `target` in a fresh Node process (`loader` args first) and measures the require alone. */
function importCost(target: string, loader: string[]): ImportCost {
  const script = `const s = performance.now(); require(${JSON.stringify(target)}); const ms = performance.now() - s;`
    + 'const m = Object.keys(require.cache); console.log(JSON.stringify({ ms, modules: m.length,'
    + ' awsCdkLib: m.some((p) => p.includes("node_modules/aws-cdk-lib/")),'
    + ' providerRoot: m.some((p) => /node_modules\\/@cdktf\\/provider-[^/]+\\/lib\\/index\\.js$/.test(p)) }))';
  const samples: ImportCost[] = [];
  // The first run warms tsx's transform cache and the file system cache; it is not counted.
  for (let i = 0; i <= RUNS; i++) {
    const result = spawnSync(process.execPath, [...loader, '-e', script], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`requiring ${target} failed: ${result.stderr}`);
    }
    if (i > 0) {
      samples.push(JSON.parse(result.stdout.trim().split('\n').pop()!));
    }
  }
  return { ...samples[0], ms: median(samples.map((s) => s.ms)) };
}

function describeCost(cost: ImportCost): string {
  return `${cost.ms.toFixed(0)} ms, ${cost.modules} modules, aws-cdk-lib ${cost.awsCdkLib ? 'LOADED' : 'not loaded'}, `
    + `provider package root ${cost.providerRoot ? 'LOADED' : 'not loaded'}`;
}

/** Prints the import costs and the Terraform examples' synthesis times. */
export function benchTerraform(): void {
  console.log(`Import cost in a fresh Node process (require alone, median of ${RUNS}):`);
  for (const entry of ['azure', 'tencentcloud']) {
    console.log(`  env-container-registries/${entry} from lib/ (tsx): ${describeCost(importCost(join(ROOT, 'lib', entry, 'index.ts'), ['--import', 'tsx']))}`);
    const compiled = join(ROOT, 'dist', entry, 'index.js');
    if (existsSync(compiled)) {
      console.log(`  env-container-registries/${entry} from dist/: ${describeCost(importCost(compiled, []))}`);
    }
  }
  if (!existsSync(join(ROOT, 'dist'))) {
    console.log('  (run `npm run build` first to also measure dist/, as users import it)');
  }

  if (TERRAFORM_EXAMPLES.length === 0) {
    console.log('Terraform examples: none yet (examples/terraform-app.ts lists them)');
    return;
  }
  for (const example of TERRAFORM_EXAMPLES) {
    const samples: number[] = [];
    let stacks = 0;
    // One unmeasured run loads the modules.
    for (let i = 0; i <= RUNS; i++) {
      const outdir = mkdtempSync(join(tmpdir(), 'bench-tf-'));
      const start = performance.now();
      stacks = synthesizeApp(buildTerraformExampleApp({ outdir }, [example]), () => undefined).stacks.length;
      if (i > 0) {
        samples.push(performance.now() - start);
      }
      rmSync(outdir, { recursive: true, force: true });
    }
    console.log(`${example.name} (Terraform, ${stacks} stacks): ${median(samples).toFixed(0)} ms to build and synthesize, median of ${RUNS}`);
  }
}
