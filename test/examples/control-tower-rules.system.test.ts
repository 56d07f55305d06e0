import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { IPolicyValidationContextBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import { ControlTowerRules, onlyTypes, Template } from '../../examples/compliance';

/*
 * examples/compliance.ts runs the Control Tower rules over trimmed copies
 * of the templates. A rule that follows a reference to a resource of a type
 * it does not name must still find that resource: CT.LAMBDA.PR.2 checks
 * that a Lambda permission's SourceArn names a resource of the template,
 * here an EventBridge rule, a type no rule file selects.
 */
const TEMPLATE: Template & Record<string, unknown> = {
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::111111111111:role/x', Code: { ZipFile: 'x' }, Handler: 'index.h', Runtime: 'nodejs20.x' } },
    Rule: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 day)' } },
    Perm: {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': ['Rule', 'Arn'] } },
    },
    Unrelated: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(2 days)' } },
  },
} as Template & Record<string, unknown>;

function findings(report: PolicyValidationPluginReportBeta1): string[] {
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId}`)).sort();
}

describe('the Control Tower rules over trimmed templates', () => {
  test('keep the resources of the selected types and what they refer to, transitively', () => {
    const template: Template = {
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Bucket' }, Key: { 'Fn::Sub': '${Key.Arn}/${AWS::Region}' } } } as never,
        Key: { Type: 'AWS::KMS::Key', Properties: { Alias: { 'Fn::GetAtt': 'Alias.Name' } } } as never,
        Alias: { Type: 'AWS::KMS::Alias' },
        Unrelated: { Type: 'AWS::SNS::Topic' },
      },
    };
    expect(Object.keys(onlyTypes(template, new Set(['AWS::S3::BucketPolicy'])).Resources ?? {}).sort()).toEqual(['Alias', 'Bucket', 'Key', 'Policy']);
  });

  test('find what the unfiltered plugin finds when a rule follows a reference to a type it does not name', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'control-tower-')), 'app.template.json');
    writeFileSync(path, JSON.stringify(TEMPLATE));
    const context = { templatePaths: [path] } as unknown as IPolicyValidationContextBeta1;
    const trimmed = new ControlTowerRules().validate(context);
    const full = new CfnGuardValidator().validate(context);
    expect(findings(trimmed)).toEqual(findings(full));
    expect(trimmed.success).toBe(full.success);
    // The trimmed run still reports against the template it was given.
    expect(trimmed.violations.flatMap((v) => v.violatingResources.map((r) => r.templatePath))).toEqual(
      full.violations.flatMap((v) => v.violatingResources.map((r) => r.templatePath)));
  });
});
