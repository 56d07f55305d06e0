/*
 * Equality check and timing: the example app's Control Tower findings from
 * examples/compliance.ts (`ControlTowerRules`: the rule files that can
 * apply, over trimmed copies of the templates) against the unfiltered
 * `CfnGuardValidator` (every rule file, whole templates). Exits 1 when they
 * differ. Not part of `npm test` (the unfiltered plugin takes a minute).
 *
 *   npx tsx scripts/compare-control-tower.ts             # cdk.json's context, then none
 *   npx tsx scripts/compare-control-tower.ts --runs 3    # time each plugin three times
 *
 * A finding is compared whole: rule, template, logical id, locations,
 * description and fix. Times are wall clock and the CPU time of the
 * cfn-guard processes (user + system, from /proc, so Linux only), each the
 * median of the runs.
 */
import { readFileSync } from 'fs';
import { performance } from 'perf_hooks';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import { ControlTowerRules } from '../examples/compliance';
import { synthExampleApp } from '../test/examples/example-app';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 1;

/** CPU seconds of the finished child processes (cutime + cstime of /proc/self/stat). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** Every finding, one line each, sorted. */
function findings(report: PolicyValidationPluginReportBeta1): string[] {
  return report.violations.flatMap((v) => v.violatingResources.map((r) => JSON.stringify({
    rule: v.ruleName, template: r.templatePath, id: r.resourceLogicalId, locations: [...r.locations].sort(), description: v.description, fix: v.fix,
  }))).sort();
}

function timed(plugin: IPolicyValidationPluginBeta1, context: IPolicyValidationContextBeta1) {
  const walls: number[] = [];
  const cpus: number[] = [];
  let report!: PolicyValidationPluginReportBeta1;
  for (let i = 0; i < RUNS; i++) {
    const cpu = childCpuSeconds();
    const start = performance.now();
    report = plugin.validate(context);
    walls.push((performance.now() - start) / 1000);
    cpus.push(childCpuSeconds() - cpu);
  }
  return { report, wall: median(walls), cpu: median(cpus) };
}

let same = true;
for (const featureFlags of [true, false]) {
  const { app } = synthExampleApp({}, { featureFlags });
  const templatePaths = app.synth().stacksRecursively.map((stack) => stack.templateFullPath);
  const context = { templatePaths } as unknown as IPolicyValidationContextBeta1;
  const trimmed = timed(new ControlTowerRules(), context);
  const full = timed(new CfnGuardValidator(), context);
  const a = findings(trimmed.report);
  const b = findings(full.report);
  const equal = JSON.stringify(a) === JSON.stringify(b) && trimmed.report.success === full.report.success;
  same &&= equal;
  console.log(`${featureFlags ? "cdk.json's context" : 'no context'}: ${templatePaths.length} templates`);
  console.log(`  ControlTowerRules:  ${a.length} findings, ${trimmed.wall.toFixed(2)} s wall, ${trimmed.cpu.toFixed(2)} s cfn-guard CPU`);
  console.log(`  CfnGuardValidator:  ${b.length} findings, ${full.wall.toFixed(2)} s wall, ${full.cpu.toFixed(2)} s cfn-guard CPU`);
  console.log(`  ${equal ? 'same findings' : 'DIFFERENT findings'}`);
  if (!equal) {
    a.filter((f) => !b.includes(f)).forEach((f) => console.log(`  only trimmed: ${f}`));
    b.filter((f) => !a.includes(f)).forEach((f) => console.log(`  only full:    ${f}`));
  }
}
process.exit(same ? 0 : 1);
