import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { TerraformStack, Testing } from '../../lib/terraform/cdktf';
import { FIXTURES } from './fixtures';
import { allSnippets, GENERATED_DIR } from './snippets';

/**
 * Every TypeScript block of the README and the docs compiles against the
 * package (the generated modules are part of the project's type-check, `npm run typecheck`),
 * and every block that is a whole program, or a part placed in a fixture
 * that makes it one, runs and synthesizes.
 */
describe('documentation snippets', () => {
  const snippets = allSnippets();

  test('the generated modules are up to date (npx tsx test/readme/snippets.ts)', () => {
    const generated = existsSync(GENERATED_DIR) ? readdirSync(GENERATED_DIR).filter((name) => name.endsWith('.ts')).sort() : [];
    expect(generated).toEqual(snippets.map((s) => s.file).sort());
    for (const snippet of snippets) {
      expect(`${snippet.file}\n${readFileSync(join(GENERATED_DIR, snippet.file), 'utf8')}`).toBe(`${snippet.file}\n${snippet.module}`);
    }
  });

  test('the README has TypeScript blocks to check', () => {
    expect(snippets.filter((s) => s.document === 'README.md').length).toBeGreaterThanOrEqual(3);
  });

  const runnable = snippets.filter((s) => FIXTURES[s.fixture].synth);
  test.each(runnable.map((s) => [`${s.document}:${s.line}`, s.file]))('%s runs and synthesizes', (_, file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported: { app?: App; stack?: unknown } = require(join(GENERATED_DIR, file));
    if (exported.stack instanceof TerraformStack) {
      // A CDK for Terraform program: synthesized in memory, validations on, as the Terraform backends' tests do.
      expect(Object.keys(JSON.parse(Testing.synth(exported.stack, true)).resource ?? {}).length).toBeGreaterThan(0);
    } else if (exported.app) {
      const assembly = exported.app.synth();
      expect(assembly.stacks.length).toBeGreaterThan(0);
    }
  });
});
