import { readFileSync } from 'fs';
import { join } from 'path';

/** One plugin's section of `validation-report.json`, as aws-cdk-lib writes it. */
export interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: Array<{ ruleName: string }>;
  suppressedViolations: Array<{ ruleName: string; reason?: string }>;
}

/** The plugin reports of a synthesized cloud assembly. */
export function pluginReports(outdir: string): PluginReport[] {
  return (JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] }).pluginReports;
}

/**
 * Expects every plugin of the report to have passed with no finding left,
 * and every acknowledged finding to carry a reason a reviewer can check.
 */
export function expectNothingUnacknowledged(reports: PluginReport[]): void {
  for (const plugin of reports) {
    expect({ plugin: plugin.pluginName, violations: plugin.violations }).toEqual({ plugin: plugin.pluginName, violations: [] });
    expect(plugin.conclusion).toBe('success');
    for (const suppressed of plugin.suppressedViolations) {
      expect(suppressed.reason?.length ?? 0).toBeGreaterThan(40);
    }
  }
}

/**
 * Expects cdk-nag and the Control Tower controls to have found nothing
 * unacknowledged in the cloud assembly at `outdir`.
 */
export function expectCompliant(outdir: string): void {
  const reports = pluginReports(outdir);
  // Plugins without findings leave no section (cdk-nag when all are
  // acknowledged); the Control Tower one always reports what it suppressed,
  // which shows that it ran.
  const guard = reports.find((p) => p.pluginName === 'cdk-validator-cfnguard');
  expect(guard?.suppressedViolations.length).toBeGreaterThan(0);
  expectNothingUnacknowledged(reports);
}

/** Synthesizes with aws-cdk-lib's CloudFormation schema validation on, as `cdk synth` does (test/setup-env.js turns it off elsewhere). */
export function withSchemaValidation<T>(synthesize: () => T): T {
  if (process.env.REGISTRY_TEST_TIER === 'unit') {
    // Loading the engine alone takes seconds: see test/setup-unit.js.
    throw new Error('CloudFormation schema validation in a unit test: it belongs to the system tier (name the file *.system.test.ts; see jest.config.js)');
  }
  const saved = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  try {
    return synthesize();
  } finally {
    process.env.CDK_VALIDATION = saved;
  }
}
