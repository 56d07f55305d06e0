import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join } from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ruleScope } from './control-tower/rule-scope';
import { planRuns, ScopedRuleFile } from './control-tower/runs';
import { Template, withResources } from './control-tower/trim';

/**
 * Runs cdk-nag's AwsSolutions pack and the Control Tower proactive controls
 * (cfn-guard) on every stack at synthesis; any unacknowledged finding fails it.
 */
export function enableComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ControlTowerRules());
}

const RULES_DIR = join(dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');

const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** The bundled rule files, read once per process. */
let bundledRuleFiles: ScopedRuleFile[] | undefined;

/** Every Control Tower rule file, with its scope. */
function ruleFiles(dir: string = RULES_DIR): ScopedRuleFile[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return ruleFiles(path);
    }
    return name.endsWith('.guard') ? [{ path, scope: ruleScope(readFileSync(path, 'utf8')) }] : [];
  });
}

/**
 * The Control Tower proactive controls of `@cdklabs/cdk-validator-cfnguard`,
 * with the findings of its unfiltered `CfnGuardValidator`, each rule file
 * run only over the templates it can report on, trimmed to what it reads.
 *
 * cfn-guard's time grows with (rule files) × (size of the data each reads),
 * and a process costs 60-80 ms: on the example app this takes about 3.5 s,
 * where one run of the applicable rule files over templates trimmed to all
 * their types took 11 s, and the unfiltered plugin 33 s
 * (scripts/compare-control-tower.ts checks that the findings are the same).
 *
 * The cuts are safe because of the shape every bundled rule file has
 * (`ruleScope` checks it in the file's text; test/examples pins it):
 * - each rule cfn-guard evaluates on its own runs only when the template
 *   holds a resource of a type the file selects (`%selection not empty`)
 *   or has the type as a key (a hook's input), so elsewhere the file finds
 *   nothing: rule files whose types no template holds, and templates
 *   without the types, are left out;
 * - a file reads its selected resources and, if it looks a resource up by
 *   the logical id a property refers to (CT.LAMBDA.PR.2 checks that a
 *   permission's `SourceArn` names a resource of the template, of a type no
 *   rule file selects), what those refer to with `Ref`, `Fn::GetAtt` or
 *   `Fn::Sub`, transitively. A copy of the template that keeps at least
 *   these resources, whole, and the other sections gives the same findings,
 *   at the same logical ids and paths;
 * - one cfn-guard run serves rule files whose copies are merged: each copy
 *   is the union of what its files need, still such a copy for each.
 * A file that does not have the shape runs over every template, whole; one
 * whose helpers may reach other resources reads whole templates.
 *
 * Findings report the original template paths, under the plugin name of
 * `CfnGuardValidator`, so acknowledgements apply as to it. The plugin stays
 * synchronous: the runs follow one another.
 */
export class ControlTowerRules implements IPolicyValidationPluginBeta1 {
  /** The name findings are reported and acknowledged under, as with `CfnGuardValidator`. */
  public readonly name = 'cdk-validator-cfnguard';

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const templates = context.templatePaths.map((path) => JSON.parse(readFileSync(path, 'utf8')) as Template);
    bundledRuleFiles ??= ruleFiles();
    const runs = planRuns(templates, bundledRuleFiles);
    const workdir = mkdtempSync(join(tmpdir(), 'control-tower-'));
    try {
      const original = new Map<string, string>();
      const reports = runs.map((run, index) => {
        const copies = [...run.data].map(([template, ids]) => {
          const path = context.templatePaths[template];
          const copy = join(workdir, `${index}-${template}-${basename(path)}`);
          original.set(copy, path);
          writeFileSync(copy, JSON.stringify(withResources(templates[template], ids)));
          return copy;
        });
        // cfn-guard's JSON report reaches hundreds of KB (one run of all the
        // applicable rule files writes 0.9 MB for the example app); with
        // Node's default buffer of 1 MiB, a larger app fails (ENOBUFS).
        return new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [...run.rules], maxBuffer: MAX_REPORT_BYTES })
          .validate({ ...context, templatePaths: copies });
      });
      return {
        success: reports.every((report) => report.success),
        violations: reports.flatMap((report) => report.violations).map((violation) => ({
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
}
