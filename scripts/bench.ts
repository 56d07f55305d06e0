/*
 * Benchmark: synthesis of the example app against a bare aws-cdk-lib app
 * with the same number of stacks, each holding plain ECR repositories; the
 * import cost of the CDK for Terraform entry points and the Terraform
 * examples' synthesis (scripts/bench-terraform.ts); and the wall times of
 * `npm test` and `npm run test:system`. Not part of either.
 *
 *   npm run bench                 # all
 *   npm run bench -- --no-tests   # without the test runs
 *
 * Synthesis is timed in-process (modules already loaded, so the numbers
 * compare construct and synthesis work, not module loading) as the median
 * of several runs; each run synthesizes into a fresh directory.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import { Repository } from 'aws-cdk-lib/aws-ecr';
import { buildExampleApp } from '../examples/app';
import { benchTerraform } from './bench-terraform';
import { addEcrExample } from '../examples/ecr/ecr-example';
import { addSelfHostedExample } from '../examples/self-hosted/self-hosted-example';

const RUNS = 7;
/** Both apps get the context `cdk synth` uses (feature flags, no stack traces). */
const CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')).context;
const TARGET_RATIO = 1.5;
const TARGET_TEST_SECONDS = 60;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Timing {
  /** Median construct + synth time. */
  readonly ms: number;
  /** CloudFormation resources per stack, in stack order. */
  readonly resourcesPerStack: number[];
}

function timeSynth(build: (outdir: string) => App): Timing {
  const samples: number[] = [];
  let resourcesPerStack: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const outdir = mkdtempSync(join(tmpdir(), 'bench-'));
    const start = performance.now();
    const app = build(outdir);
    const assembly = app.synth();
    samples.push(performance.now() - start);
    resourcesPerStack = assembly.stacks.map((stack) => Object.keys(stack.template.Resources ?? {}).length);
    rmSync(outdir, { recursive: true, force: true });
  }
  return { ms: median(samples), resourcesPerStack };
}

/** One stack per entry, each holding that many plain ECR repositories. */
function bareApp(outdir: string, repositoriesPerStack: number[]): App {
  const app = new App({ outdir, analyticsReporting: false, context: CONTEXT });
  repositoriesPerStack.forEach((count, s) => {
    const stack = new Stack(app, `bare-${s}`, { env: { region: 'eu-west-1' } });
    for (let r = 0; r < count; r++) {
      new Repository(stack, `Repo${r}`, { repositoryName: `bare-${s}/repo-${r}` });
    }
  });
  return app;
}

/** The examples, each alone, and the whole app as `cdk synth` builds it. */
const EXAMPLES: Array<[string, (outdir: string) => App]> = [
  ['ECR example', (outdir) => withExample(outdir, (app) => addEcrExample(app))],
  ['self-hosted example', (outdir) => withExample(outdir, (app) => addSelfHostedExample(app))],
  ['whole example app', (outdir) => buildExampleApp({ outdir, analyticsReporting: false, context: CONTEXT })],
];

function withExample(outdir: string, add: (app: App) => unknown): App {
  const app = new App({ outdir, analyticsReporting: false, context: CONTEXT });
  add(app);
  return app;
}

function main(): void {
  const withTests = !process.argv.includes('--no-tests');
  // Warm up module loading for every app before timing any.
  const warm = mkdtempSync(join(tmpdir(), 'bench-warm-'));
  EXAMPLES.forEach(([, build], i) => build(join(warm, `e${i}`)).synth());
  bareApp(join(warm, 'b'), [1]).synth();
  rmSync(warm, { recursive: true, force: true });

  console.log(`CloudFormation schema validation: ${process.env.CDK_VALIDATION === 'false' ? 'off' : 'on (as in cdk synth)'}; medians of ${RUNS} runs`);
  for (const [name, build] of EXAMPLES) {
    const example = timeSynth(build);
    const stacks = example.resourcesPerStack.length;
    const resources = example.resourcesPerStack.reduce((a, b) => a + b, 0);
    // Same stacks, same resource count per stack, all plain repositories:
    // what remains is the cost of the resources' kinds and of this library.
    const bare = timeSynth((outdir) => bareApp(outdir, example.resourcesPerStack));
    const ratio = example.ms / bare.ms;
    console.log(`${name}: ${example.ms.toFixed(0)} ms (${stacks} stacks, ${resources} resources); `
      + `bare aws-cdk-lib app with ${resources} plain ECR repositories in ${stacks} stacks: ${bare.ms.toFixed(0)} ms; `
      + `ratio ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`);
  }

  benchTerraform();

  if (withTests) {
    const unit = timeScript('test');
    console.log(`npm test: ${unit.seconds.toFixed(1)} s wall, ${unit.status} (target < ${TARGET_TEST_SECONDS} s) ${unit.seconds < TARGET_TEST_SECONDS ? 'OK' : 'OVER TARGET'}`);
    const system = timeScript('test:system');
    console.log(`npm run test:system: ${system.seconds.toFixed(1)} s wall, ${system.status} (no target: CI runs it beside npm test)`);
  }
}

/** The wall time of `npm run <script>`, and whether it passed. */
function timeScript(script: string): { seconds: number; status: string } {
  const start = performance.now();
  const result = spawnSync('npm', ['run', script, '--silent'], { stdio: 'ignore', env: { ...process.env, CI: process.env.CI ?? '' } });
  return { seconds: (performance.now() - start) / 1000, status: result.status === 0 ? 'passed' : `FAILED (exit ${result.status})` };
}

main();
