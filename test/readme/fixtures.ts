/**
 * The context a documentation snippet may assume, as jsii-rosetta's
 * fixtures do: a snippet marked `<!-- snippet: <fixture> -->` right above its
 * code fence is placed after the fixture's preamble. Fixture names start with
 * `$` or are plain words a snippet uses without declaring (`stack`, `prod`).
 * Imports here are namespaced (`$cdk`), so that a snippet's own imports never
 * collide with them.
 */
export interface SnippetFixture {
  /** Code placed before the snippet. */
  readonly preamble: string;
  /**
   * Whether the test also runs the snippet and synthesizes `app` (a
   * snippet that only shows part of a program is type-checked only).
   */
  readonly synth: boolean;
  /** Whether the snippet is a jest test file of its own. @default false */
  readonly jestTest?: boolean;
}

const DECLARATIONS = `import * as $core from 'env-container-registries';
const $shared = { domain: 'example.com', primaryRegion: 'eu-west-1', replicaRegions: ['eu-central-1'] };
const dev = new $core.RegistryEnvironment({ environment: 'dev', ...$shared });
const test = new $core.RegistryEnvironment({ environment: 'test', ...$shared });
const prod = new $core.RegistryEnvironment({ environment: 'prod', ...$shared });
`;

/** Every fixture, by name. */
export const FIXTURES: Record<string, SnippetFixture> = {
  /** A complete program: nothing before it. */
  'complete': { preamble: '', synth: true },
  /**
   * A complete jest test file: generated as `*.test.ts`, so jest runs it as
   * it would run the user's own test (snapshots included).
   */
  'jest-test': { preamble: '', synth: false, jestTest: true },
  /**
   * An AWS CDK app with the declarations `dev`, `test`, `prod` (example.com,
   * eu-west-1, replica eu-central-1), a `stack` in eu-west-1, a
   * `settingsStack` beside it, a `replicaStack` in eu-central-1 and a
   * `ciRole`; the test synthesizes `app`.
   */
  'aws-app': {
    preamble: `import * as $cdk from 'aws-cdk-lib';
import * as $iam from 'aws-cdk-lib/aws-iam';
${DECLARATIONS}const app = new $cdk.App();
const stack = new $cdk.Stack(app, 'registry', { env: { region: 'eu-west-1' } });
const settingsStack = new $cdk.Stack(app, 'settings', { env: { region: 'eu-west-1' } });
const replicaStack = new $cdk.Stack(app, 'replica', { env: { region: 'eu-central-1' } });
const ciRole = new $iam.Role(stack, 'CiRole', { assumedBy: new $iam.ServicePrincipal('codebuild.amazonaws.com') });
`,
    synth: true,
  },
  /**
   * A CDK for Terraform app with the declarations `dev`, `test`, `prod` and
   * a `stack`; the test synthesizes `stack` with cdktf's validations. The
   * user's code imports cdktf itself (test/package/cdktf-imports.test.ts
   * lets documentation do so).
   */
  'cdktf-app': {
    preamble: `import * as $cdktf from 'cdktf';
${DECLARATIONS}const app = new $cdktf.App();
const stack = new $cdktf.TerraformStack(app, 'registry');
`,
    synth: true,
  },
};
