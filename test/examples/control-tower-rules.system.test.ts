import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { IPolicyValidationContextBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import { ControlTowerRules } from '../../examples/compliance';
import { ruleScope } from '../../examples/control-tower/rule-scope';
import { planRuns } from '../../examples/control-tower/runs';
import { onlyTypes, Template } from '../../examples/control-tower/trim';

/*
 * examples/compliance.ts runs each Control Tower rule file only over the
 * templates that hold a type it selects, trimmed to what it reads, several
 * cfn-guard processes in all. Each way to lose a finding on the way is
 * checked against the unfiltered plugin (every rule file, whole templates):
 * a rule that follows a reference to a resource of a type it does not name
 * (CT.LAMBDA.PR.2: a permission's SourceArn must name a resource of the
 * template), or of a type other rule files select (CT.SQS.PR.2: a queue's
 * key); templates in which a rule file's types are absent; rule files that
 * name a present type without selecting it (CT.SQS.PR.2 names AWS::KMS::Key).
 */

const RULES_DIR = join(dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');

const FUNCTION = { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::111111111111:role/x', Code: { ZipFile: 'x' }, Handler: 'index.h', Runtime: 'nodejs20.x' } };

function permission(sourceArn: unknown) {
  return {
    Type: 'AWS::Lambda::Permission',
    Properties: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Principal: 'events.amazonaws.com', SourceArn: sourceArn },
  };
}

/** Templates for the plugins to disagree on if a cut loses a finding, each with findings of its own. */
const TEMPLATES: Record<string, Template & Record<string, unknown>> = {
  // A permission whose source is an EventBridge rule, a type no rule file selects.
  'events.template.json': {
    Resources: {
      Fn: FUNCTION,
      Rule: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 day)' } },
      Perm: permission({ 'Fn::GetAtt': ['Rule', 'Arn'] }),
      Unrelated: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(2 days)' } },
    },
  } as Template & Record<string, unknown>,
  // References across the rule files' types: a permission whose source is
  // a bucket (S3 rule files select it), a queue whose key is a KMS key (KMS
  // rule files select it), a queue whose dead-letter queue is a queue; and
  // a queue whose key is not a key, which CT.SQS.PR.2 reports.
  'references.template.json': {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Fn: FUNCTION,
      Bucket: { Type: 'AWS::S3::Bucket' },
      Perm: permission({ 'Fn::GetAtt': ['Bucket', 'Arn'] }),
      Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } },
      Dlq: { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true } },
      Queue: {
        Type: 'AWS::SQS::Queue',
        Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] }, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 3 } },
      },
      WrongKey: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: { Ref: 'Bucket' } } },
    },
  } as Template & Record<string, unknown>,
  // Only a key: the SQS rule files name its type but do not select it.
  'key-only.template.json': { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } } } } as Template & Record<string, unknown>,
  // Nothing any rule file selects.
  'topic-only.template.json': { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } } as Template & Record<string, unknown>,
};

/** Every finding, one line each, sorted. */
function findings(report: PolicyValidationPluginReportBeta1): string[] {
  return report.violations.flatMap((v) => v.violatingResources.map((r) =>
    [v.ruleName, r.templatePath, r.resourceLogicalId, [...r.locations].sort().join(' '), v.fix].join(' | '))).sort();
}

function contextFor(templates: Record<string, unknown>): IPolicyValidationContextBeta1 {
  const dir = mkdtempSync(join(tmpdir(), 'control-tower-'));
  const templatePaths = Object.entries(templates).map(([name, template]) => {
    writeFileSync(join(dir, name), JSON.stringify(template));
    return join(dir, name);
  });
  return { templatePaths } as unknown as IPolicyValidationContextBeta1;
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

  test('find what the unfiltered plugin finds, across templates, references and rule files', () => {
    const context = contextFor(TEMPLATES);
    const trimmed = new ControlTowerRules().validate(context);
    const full = new CfnGuardValidator().validate(context);
    // Not vacuous: the fixtures have findings, among them the reference check's.
    expect(findings(full)).toEqual(expect.arrayContaining([expect.stringMatching(/^sqs_queue_encrypted_check \| .*references.template.json \| WrongKey /)]));
    expect(findings(full).some((f) => f.includes('key-only.template.json'))).toBe(true);
    expect(findings(trimmed)).toEqual(findings(full));
    expect(trimmed.success).toBe(full.success);
  });
});

describe('which templates a rule file reads, and what of them', () => {
  const file = (helpers: string, gate = 'is_cfn_template(%INPUT_DOCUMENT)\n    %queues not empty') => `
# A comment that mentions Resources.* and AWS::SNS::Topic
let QUEUE_TYPE = "AWS::SQS::Queue"
let INPUT_DOCUMENT = this
let queues = Resources.*[ Type == %QUEUE_TYPE ]

rule queue_check when ${gate} {
    check(%queues.Properties)
        <<
        [CT.X.PR.1]: a message that mentions Resources
        >>
}

rule queue_check when is_cfn_hook(%INPUT_DOCUMENT, %QUEUE_TYPE) {
    check(%INPUT_DOCUMENT.%QUEUE_TYPE.resourceProperties)
}
${helpers}
rule is_cfn_template(doc) {
    %doc {
        AWSTemplateFormatVersion exists or
        Resources exists
    }
}

rule is_cfn_hook(doc, RESOURCE_TYPE) {
    %doc.%RESOURCE_TYPE.resourceProperties exists
}
`;
  const reads = (helpers: string) => ruleScope(file(helpers))?.reads;

  test('a rule file of the bundled shape selects its types and reads what its helpers reach', () => {
    expect(ruleScope(file('rule check(queue) {\n    %queue {\n        Resources exists\n        this is_struct\n    }\n}\n')))
      .toEqual({ types: new Set(['AWS::SQS::Queue']), reads: 'selected' });
    const lookup = `
rule check(queue) {
    %queue { check_reference(%INPUT_DOCUMENT, KmsMasterKeyId) }
}
rule check_reference(doc, value) {
    %value { Ref { query(%doc, this) } }
}
rule query(doc, key) {
    let found = %doc.Resources[ keys == %key ]
    %found not empty
}
`;
    expect(reads(lookup)).toBe('references');
  });

  test.each([
    ['a query of all resources', 'rule check(queue) {\n    Resources.*[ Type == "AWS::KMS::Key" ] not empty\n}\n'],
    ['one in a when block', 'rule check(queue) {\n    when %queue exists {\n        Resources.* not empty\n    }\n}\n'],
    ['the document as this', 'rule check(queue) {\n    other(this)\n}\nrule other(x) {\n    %x exists\n}\n'],
    ['a wildcard from the document', 'rule check(queue) {\n    * not empty\n}\n'],
    ['the document read other than by a lookup', 'rule check(queue) {\n    other(%INPUT_DOCUMENT)\n}\nrule other(doc) {\n    %doc.Resources.* not empty\n}\n'],
    ['a lookup by a literal id', 'rule check(queue) {\n    other(%INPUT_DOCUMENT)\n}\nrule other(doc) {\n    let found = %doc.Resources[ keys == "Key" ]\n    %found not empty\n}\n'],
  ])('a helper that reads more than references (%s) reads the whole template', (_, helpers) => {
    expect(reads(helpers)).toBe('template');
  });

  test.each([
    ['a rule with no selection to gate it', file('rule check(queue) {\n    %queue exists\n}\n', 'is_cfn_template(%INPUT_DOCUMENT)')],
    ['a rule gated by something else', file('rule check(queue) {\n    %queue exists\n}\n', 'is_cfn_template(%INPUT_DOCUMENT)\n    Parameters exists')],
    ['a hook helper of another shape', file('rule check(queue) {\n    %queue exists\n}\n').replace('%doc.%RESOURCE_TYPE.resourceProperties exists', 'Resources exists')],
    ['a clause at the top of the file', `${file('rule check(queue) {\n    %queue exists\n}\n')}\nParameters exists\n`],
    ['a when block at the top of the file', `${file('rule check(queue) {\n    %queue exists\n}\n')}\nwhen %queues empty {\n    Outputs exists\n}\n`],
    ['an indented rule without a gate', `${file('rule check(queue) {\n    %queue exists\n}\n')}\n  rule outputs_check {\n    Outputs exists\n  }\n`],
  ])('a rule file of another shape (%s) runs over every template, whole', (_, text) => {
    expect(ruleScope(text)).toBeUndefined();
  });

  test('every bundled rule file has the shape; those that look resources up by id read references, the others what they select', () => {
    const files: string[] = [];
    const walk = (dir: string): void => readdirSync(dir).forEach((name) => statSync(join(dir, name)).isDirectory()
      ? walk(join(dir, name)) : name.endsWith('.guard') && files.push(join(dir, name)));
    walk(RULES_DIR);
    const scopes = files.map((path) => ({ text: readFileSync(path, 'utf8'), scope: ruleScope(readFileSync(path, 'utf8')) }));
    expect(scopes.filter(({ scope }) => scope === undefined)).toHaveLength(0);
    for (const { text, scope } of scopes) {
      expect(scope!.reads).toBe(/Resources\[\s*keys\s*==/.test(text) ? 'references' : 'selected');
    }
  });

  test('a run reads every template its rule files need, at least what they need, and no other template', () => {
    const templates: Template[] = Object.values(TEMPLATES);
    const files = [
      { path: 'sqs', scope: { types: new Set(['AWS::SQS::Queue']), reads: 'references' as const } },
      { path: 'kms', scope: { types: new Set(['AWS::KMS::Key']), reads: 'selected' as const } },
      { path: 'ec2', scope: { types: new Set(['AWS::EC2::Instance']), reads: 'selected' as const } },
    ];
    const runs = planRuns(templates, files);
    const runOf = (path: string) => runs.find((run) => run.rules.includes(path));
    expect(runOf('ec2')).toBeUndefined();
    expect([...runOf('sqs')!.data.get(1)!]).toEqual(expect.arrayContaining(['Queue', 'Key', 'Dlq', 'WrongKey', 'Bucket']));
    expect(runOf('kms')!.data.get(2)).toEqual(new Set(['Key']));
    expect(runs.every((run) => !run.data.has(0) && !run.data.has(3))).toBe(true);
  });
});
