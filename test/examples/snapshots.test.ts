import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { synthExampleApp } from './example-app';

describe('example app', () => {
  let first: { app: import('aws-cdk-lib').App; outdir: string };
  let second: { app: import('aws-cdk-lib').App; outdir: string };
  beforeAll(() => {
    // Both from one call site: acknowledgements record the caller's stack
    // trace in *.metadata.json, as they do under `cdk synth`.
    [first, second] = [1, 2].map(() => synthExampleApp());
  });

  test('has the ECR settings, dev, test and prod stacks and the prod replica', () => {
    const stacks = first.app.node.children.filter(Stack.isStack).map((s) => s.stackName);
    expect(stacks).toEqual(['ecr-registry-settings', 'ecr-dev-registry', 'ecr-test-registry', 'ecr-prod-registry', 'ecr-prod-registry-replica-eu-central-1']);
  });

  test.each(['ecr-registry-settings', 'ecr-dev-registry', 'ecr-test-registry', 'ecr-prod-registry', 'ecr-prod-registry-replica-eu-central-1'])(
    'snapshot of %s', (name) => {
      const stack = first.app.node.findChild(name) as Stack;
      expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
    });

  test('synthesizing twice gives identical files', () => {
    const files = readdirSync(first.outdir).sort();
    expect(readdirSync(second.outdir).sort()).toEqual(files);
    for (const file of files) {
      expect(`${file}\n${readFileSync(join(second.outdir, file), 'utf8')}`).toBe(`${file}\n${readFileSync(join(first.outdir, file), 'utf8')}`);
    }
  });

  test('templates hold no volatile or account-specific values', () => {
    for (const file of readdirSync(first.outdir).filter((f) => f.endsWith('.template.json'))) {
      const text = readFileSync(join(first.outdir, file), 'utf8');
      expect(text).not.toMatch(/\b\d{12}\b/); // no account id baked in
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // no timestamps
      expect(text).not.toContain('AWS::CDK::Metadata');
    }
  });
});
