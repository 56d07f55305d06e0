import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join } from 'path';
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
 * run with only what can apply: the rule files that select a resource type
 * the templates hold, over copies of the templates that keep the resources
 * of the types those rules select and every resource those refer to.
 *
 * Each rule file selects resources by type (`Resources.*[ Type == 'AWS::...' ]`),
 * but the cfn-guard binary pays for every rule file in proportion to the
 * whole template it reads. Some rules follow a reference to a resource of a
 * type they do not name (CT.LAMBDA.PR.2 checks that a permission's
 * `SourceArn` names a resource of the template), so what the kept resources
 * refer to (`Ref`, `Fn::GetAtt`, `Fn::Sub`) is kept too, transitively.
 * Both cuts give the same findings as the unfiltered plugin on the example
 * app in about a third of the time. A rule file that names no type at all
 * would always run, over whole templates (today none does).
 */
export class ControlTowerRules implements IPolicyValidationPluginBeta1 {
  /** The name findings are reported and acknowledged under, as with `CfnGuardValidator`. */
  public readonly name = 'cdk-validator-cfnguard';

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const templates = context.templatePaths.map((path) => ({ path, template: JSON.parse(readFileSync(path, 'utf8')) as Template }));
    const present = new Set(templates.flatMap(({ template }) => Object.values(template.Resources ?? {}).map((resource) => resource.Type)));
    const rules = ruleFiles().filter((rule) => rule.types.size === 0 || [...rule.types].some((type) => present.has(type)));
    if (rules.length === 0) {
      return { success: true, violations: [] };
    }
    const selected = rules.some((rule) => rule.types.size === 0) ? undefined : new Set(rules.flatMap((rule) => [...rule.types]));
    const workdir = mkdtempSync(join(tmpdir(), 'control-tower-'));
    try {
      const original = new Map<string, string>();
      const copies = templates.map(({ path, template }, index) => {
        const copy = join(workdir, `${index}-${basename(path)}`);
        original.set(copy, path);
        writeFileSync(copy, JSON.stringify(selected ? onlyTypes(template, selected) : template));
        return copy;
      });
      const report = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: rules.map((rule) => rule.path) })
        .validate({ ...context, templatePaths: copies });
      return {
        ...report,
        violations: report.violations.map((violation) => ({
          ...violation,
          violatingResources: violation.violatingResources.map((resource) => ({
            ...resource, templatePath: original.get(resource.templatePath) ?? resource.templatePath,
          })),
        })),
      };
    } finally {
      rmSync(workdir, { recursive: true, force: true });
    }
  }

  /** The rule files that select one of `types`, or no type at all. */
  public static rulesFor(types: ReadonlySet<string>): string[] {
    return ruleFiles().filter((rule) => rule.types.size === 0 || [...rule.types].some((type) => types.has(type))).map((rule) => rule.path);
  }
}

/** The part of a CloudFormation template the filter reads. */
export interface Template {
  Resources?: Record<string, { Type: string }>;
}

/**
 * The template with the resources of `types` and what they refer to,
 * transitively; the others go (kept resources keep their metadata, for
 * finding paths).
 */
export function onlyTypes(template: Template, types: ReadonlySet<string>): Template {
  const resources = template.Resources ?? {};
  const kept = new Set(Object.keys(resources).filter((id) => types.has(resources[id].Type)));
  const pending = [...kept];
  while (pending.length > 0) {
    for (const id of referencesIn(resources[pending.pop()!])) {
      if (id in resources && !kept.has(id)) {
        kept.add(id);
        pending.push(id);
      }
    }
  }
  return { ...template, Resources: Object.fromEntries(Object.entries(resources).filter(([id]) => kept.has(id))) };
}

/** The logical ids a template value refers to with `Ref`, `Fn::GetAtt` or `Fn::Sub`. */
function referencesIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    return found;
  }
  if (Array.isArray(value)) {
    value.forEach((item) => referencesIn(item, found));
    return found;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') {
        found.add(inner);
      } else if (key === 'Fn::GetAtt') {
        found.add(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        for (const match of String(text).matchAll(/\$\{([^}.!]+)[^}]*\}/g)) {
          found.add(match[1]);
        }
      }
      referencesIn(inner, found);
    }
  }
  return found;
}
