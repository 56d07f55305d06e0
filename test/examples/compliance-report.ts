import { readFileSync } from 'fs';
import { join } from 'path';

/** One plugin's section of a cloud assembly's `validation-report.json`. */
export interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: unknown[];
  suppressedViolations: Array<{ ruleName: string; reason?: string }>;
}

/** The policy validation report of a synthesized cloud assembly. */
export function validationReport(outdir: string): { pluginReports: PluginReport[] } {
  return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
}

/**
 * Asserts that cdk-nag and the Control Tower controls found nothing
 * unacknowledged in the assembly at `outdir`, and that every
 * acknowledgement carries a reason a reviewer can check.
 */
export function expectNoUnacknowledgedFindings(outdir: string): void {
  const report = validationReport(outdir);
  // Plugins without findings leave no section (cdk-nag when all are
  // acknowledged); the Control Tower one always reports what it suppressed.
  const guard = report.pluginReports.find((p) => p.pluginName === 'cdk-validator-cfnguard');
  expect(guard?.suppressedViolations.length).toBeGreaterThan(0);
  for (const plugin of report.pluginReports) {
    expect({ plugin: plugin.pluginName, violations: plugin.violations }).toEqual({ plugin: plugin.pluginName, violations: [] });
    expect(plugin.conclusion).toBe('success');
    for (const suppressed of plugin.suppressedViolations) {
      expect(suppressed.reason?.length ?? 0).toBeGreaterThan(40);
    }
  }
}
