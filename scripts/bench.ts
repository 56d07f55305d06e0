/*
 * Benchmark: synthesis of the example app against a bare aws-cdk-lib app
 * with the same number of stacks, each holding plain ECR repositories, and
 * the wall time of `npm test`. Not part of `npm test`.
 *
 *   npm run bench                 # both
 *   npm run bench -- --no-tests   # synthesis only
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

function main(): void {
  const withTests = !process.argv.includes('--no-tests');
  // Warm up module loading for both apps before timing either.
  const warm = mkdtempSync(join(tmpdir(), 'bench-warm-'));
  buildExampleApp({ outdir: join(warm, 'a'), analyticsReporting: false, context: CONTEXT }).synth();
  bareApp(join(warm, 'b'), [1]).synth();
  rmSync(warm, { recursive: true, force: true });

  const example = timeSynth((outdir) => buildExampleApp({ outdir, analyticsReporting: false, context: CONTEXT }));
  const stacks = example.resourcesPerStack.length;
  const resources = example.resourcesPerStack.reduce((a, b) => a + b, 0);
  // Same stacks, same resource count per stack: what remains is this
  // library's own overhead per resource.
  const bare = timeSynth((outdir) => bareApp(outdir, example.resourcesPerStack));
  // Same stacks, only the example's repositories: the cost of everything
  // the constructs add beyond a repository (keys, topics, rules, roles).
  const repositoriesOnly = timeSynth((outdir) => bareApp(outdir, example.resourcesPerStack.map(() => 2)));
  const ratio = example.ms / bare.ms;
  console.log(`example app synth:          ${example.ms.toFixed(0)} ms (${stacks} stacks, ${resources} resources, median of ${RUNS})`);
  console.log(`bare aws-cdk-lib ECR app:   ${bare.ms.toFixed(0)} ms (${stacks} stacks, ${resources} plain repositories)`);
  console.log(`bare, repositories only:    ${repositoriesOnly.ms.toFixed(0)} ms (${stacks} stacks x 2 plain repositories)`);
  console.log(`ratio to the same-size bare app: ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`);

  if (withTests) {
    const start = performance.now();
    const result = spawnSync('npm', ['test', '--silent'], { stdio: 'ignore', env: { ...process.env, CI: process.env.CI ?? '' } });
    const seconds = (performance.now() - start) / 1000;
    const status = result.status === 0 ? 'passed' : `FAILED (exit ${result.status})`;
    console.log(`npm test: ${seconds.toFixed(1)} s wall, ${status} (target < ${TARGET_TEST_SECONDS} s) ${seconds < TARGET_TEST_SECONDS ? 'OK' : 'OVER TARGET'}`);
  }
}

main();
