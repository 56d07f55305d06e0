import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cliDeployOrder, deployOrderViolations, readAssembly } from '../support/deploy-order';
import { providedBeforeDeploy, synthExampleApp } from './example-app';
import { STATEFUL_LOGICAL_IDS, STATEFUL_TYPES } from './stateful-logical-ids';

const STACKS = [
  'ecr-registry-settings', 'ecr-dev-registry', 'ecr-test-registry', 'ecr-prod-registry', 'ecr-prod-registry-replica-eu-central-1',
  'self-hosted-dev-registry', 'self-hosted-test-registry', 'self-hosted-prod-registry', 'self-hosted-prod-registry-replica-storage-eu-central-1',
  'self-hosted-prod-registry-replica-eu-central-1',
];

/** Every file below `dir`, relative, sorted (assets are directories). */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = join(prefix, entry.name);
    return entry.isDirectory() ? filesBelow(dir, path) : [path];
  }).sort();
}

/** What `synthesize` returns when run as under `cdk synth`, which records stack traces. */
function withStackTraces<T>(synthesize: () => T): T {
  const saved = { context: process.env.CDK_CONTEXT_JSON, traces: process.env.CDK_DISABLE_STACK_TRACE };
  delete process.env.CDK_CONTEXT_JSON;
  delete process.env.CDK_DISABLE_STACK_TRACE;
  try {
    return synthesize();
  } finally {
    process.env.CDK_CONTEXT_JSON = saved.context;
    process.env.CDK_DISABLE_STACK_TRACE = saved.traces;
  }
}

/** AWS's own accounts that deliver load balancer access logs in eu-west-1 and eu-central-1 (principals in the log bucket policies). */
const ELB_LOG_DELIVERY_ACCOUNTS = ['156460612806', '054676820928'];

describe('example app', () => {
  let first: { app: import('aws-cdk-lib').App; outdir: string };
  let second: { app: import('aws-cdk-lib').App; outdir: string };
  beforeAll(() => {
    // Both from one call site, with the stack traces the test set-up turns
    // off (test/setup-env.js) back on, as under `cdk synth`: acknowledgements
    // record the caller's stack trace in *.metadata.json.
    [first, second] = [1, 2].map(() => withStackTraces(synthExampleApp));
  });

  test('has the ECR and self-hosted stacks of dev, test and prod, and the prod replicas', () => {
    const stacks = first.app.node.children.filter(Stack.isStack).map((s) => s.stackName);
    expect(stacks).toEqual(STACKS);
  });

  test.each(STACKS)(
    'snapshot of %s', (name) => {
      const stack = first.app.node.findChild(name) as Stack;
      expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
    });

  test('every warning is acknowledged with its reason (a setting the backend cannot enforce, a window without alarms)', () => {
    // Read from the assembly as `cdk synth` wrote it (Annotations.fromStack would synthesize into it again);
    // a stack's metadata may sit in its own *.metadata.json.
    type Metadata = Record<string, Array<{ type: string; data: unknown }>>;
    const manifest = JSON.parse(readFileSync(join(first.outdir, 'manifest.json'), 'utf8'));
    const warnings = Object.entries(manifest.artifacts as Record<string, { metadata?: Metadata; additionalMetadataFile?: string }>)
      .flatMap(([artifact, { metadata, additionalMetadataFile }]) => {
        const all: Metadata = { ...metadata, ...(additionalMetadataFile ? JSON.parse(readFileSync(join(first.outdir, additionalMetadataFile), 'utf8')) : {}) };
        return Object.entries(all).flatMap(([path, entries]) => entries
          .filter((entry) => entry.type === 'aws:cdk:warning').map((entry) => `${artifact} ${path}: ${String(entry.data)}`));
      });
    expect(warnings).toEqual([]);
  });

  // Changing one of these ids replaces data in users' accounts (see stateful-logical-ids.ts).
  test.each(Object.keys(STATEFUL_LOGICAL_IDS))('%s keeps the logical ids of its stateful resources', (stackName) => {
    const resources = Template.fromStack(first.app.node.findChild(stackName) as Stack).toJSON().Resources as Record<string, { Type: string }>;
    const stateful = Object.entries(resources).filter(([, r]) => STATEFUL_TYPES.includes(r.Type)).map(([id]) => id);
    expect(stateful.sort()).toEqual([...STATEFUL_LOGICAL_IDS[stackName]].sort());
  });

  test('synthesizing twice gives identical files, with no creation stack traces (they hold this machine\'s paths)', () => {
    const files = filesBelow(first.outdir);
    // examples/app.ts turns creation traces off; only the acknowledgements'
    // traces in *.metadata.json name the checkout, as under `cdk synth`.
    const checkout = join(__dirname, '..', '..');
    const contents = files.map((file) => ({ file, text: readFileSync(join(first.outdir, file), 'utf8') }));
    expect(contents.filter(({ text }) => text.includes('"aws:cdk:creationStack"')).map(({ file }) => file)).toEqual([]);
    expect(contents.filter(({ file, text }) => !file.endsWith('.metadata.json') && text.includes(checkout)).map(({ file }) => file)).toEqual([]);
    expect(files.filter((f) => f.endsWith('.template.json'))).toHaveLength(STACKS.length);
    expect(filesBelow(second.outdir)).toEqual(files);
    for (const file of files) {
      expect(`${file}\n${readFileSync(join(second.outdir, file), 'utf8')}`).toBe(`${file}\n${readFileSync(join(first.outdir, file), 'utf8')}`);
    }
  });

  // The proof of the deploy order (test/support/deploy-order.ts; its own tests are in deploy-order.test.ts).
  test('deployed in the CLI\'s order, every stack finds what it uses by name already deployed, by a stack it depends on', () => {
    const stacks = readAssembly(first.outdir);
    expect(deployOrderViolations(stacks, providedBeforeDeploy)).toEqual([]);
    expect(cliDeployOrder(stacks).map((stack) => stack.id).filter((id) => id.startsWith('self-hosted-prod'))).toEqual([
      'self-hosted-prod-registry-replica-storage-eu-central-1',
      'self-hosted-prod-registry',
      'self-hosted-prod-registry-replica-eu-central-1',
    ]);
  });

  test('templates hold no volatile or account-specific values', () => {
    for (const file of readdirSync(first.outdir).filter((f) => f.endsWith('.template.json'))) {
      const text = ELB_LOG_DELIVERY_ACCOUNTS.reduce((t, account) => t.split(`arn:aws:iam::${account}:root`).join(''), readFileSync(join(first.outdir, file), 'utf8'));
      expect(text).not.toMatch(/\b\d{12}\b/); // no account id baked in
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // no timestamps
      expect(text).not.toContain('AWS::CDK::Metadata');
    }
  });
});
