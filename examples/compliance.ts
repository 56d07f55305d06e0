import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join } from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * Runs cdk-nag's AwsSolutions pack and the Control Tower proactive controls
 * (cfn-guard) on every stack at synthesis; any unacknowledged finding fails it.
 */
export function enableComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ControlTowerRules());
}

const RULES_DIR = join(dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');
const RESOURCE_TYPE = /AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g;

/** Every Control Tower rule file, with the resource types it selects. */
function ruleFiles(dir: string = RULES_DIR): Array<{ path: string; types: Set<string> }> {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return ruleFiles(path);
    }
    return name.endsWith('.guard') ? [{ path, types: new Set(readFileSync(path, 'utf8').match(RESOURCE_TYPE) ?? []) }] : [];
  });
}

/**
 * The Control Tower proactive controls of `@cdklabs/cdk-validator-cfnguard`,
 * run with the rule files that select a resource type the templates hold.
 *
 * Each rule file selects resources by type (`Resources.*[ Type == 'AWS::...' ]`)
 * and skips templates without them, but the cfn-guard binary still pays for
 * every pair of rule file and template: running only the rule files that can
 * apply gives the same findings in about a third of the time. A rule file
 * that names no type at all would always run (today none does).
 */
export class ControlTowerRules implements IPolicyValidationPluginBeta1 {
  /** The name findings are reported and acknowledged under, as with `CfnGuardValidator`. */
  public readonly name = 'cdk-validator-cfnguard';

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const present = new Set(context.templatePaths.flatMap((path) => Object.values(
      (JSON.parse(readFileSync(path, 'utf8')).Resources ?? {}) as Record<string, { Type: string }>).map((resource) => resource.Type)));
    const rules = ControlTowerRules.rulesFor(present);
    if (rules.length === 0) {
      return { success: true, violations: [] };
    }
    return new CfnGuardValidator({ controlTowerRulesEnabled: false, rules }).validate(context);
  }

  /** The rule files that select one of `types`, or no type at all. */
  public static rulesFor(types: ReadonlySet<string>): string[] {
    return ruleFiles().filter((rule) => rule.types.size === 0 || [...rule.types].some((type) => types.has(type))).map((rule) => rule.path);
  }
}
