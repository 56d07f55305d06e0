import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

/*
 * CDK for Terraform is archived; its fork (cdktn) keeps the API. Every
 * import of cdktf goes through lib/terraform/cdktf.ts, so that moving to the
 * fork changes one file (and package.json). Provider packages are imported
 * by path (`@cdktf/provider-azurerm/lib/<resource>`): their root loads every
 * resource of the provider and costs seconds.
 */
const root = join(__dirname, '..', '..');
const LAYER = 'lib/terraform/cdktf.ts';
/**
 * Documentation shows the user's own program, which imports cdktf directly:
 * the README's snippet fixtures and the modules generated from them.
 */
const DOCUMENTATION = ['test/readme/fixtures.ts', 'test/readme/generated/'];

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) {
      // Documentation snippets (test/readme/generated) are users' code, which imports cdktf as users do.
      return name === 'node_modules' || name === 'fixtures' || path === join('test', 'readme', 'generated') ? [] : sources(path);
    }
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

const files = ['lib', 'bin', 'examples', 'scripts', 'test'].flatMap(sources);
const imports = (file: string) => [...readFileSync(join(root, file), 'utf8').matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('imports of CDK for Terraform', () => {
  test('the sources were found', () => {
    expect(files).toEqual(expect.arrayContaining([LAYER, 'bin/terraform-app.ts', 'examples/terraform-app.ts']));
  });

  // The generated tencentcloud bindings too: their generator script points
  // their cdktf import at the layer (scripts/generate-tencentcloud-bindings.ts).
  test(`only ${LAYER} imports cdktf, the generated bindings included`, () => {
    const importers = files.filter((file) => !DOCUMENTATION.some((doc) => file.startsWith(doc)))
      .filter((file) => imports(file).some((name) => name === 'cdktf' || name.startsWith('cdktf/')));
    expect(importers.map((file) => relative('.', file))).toEqual([LAYER]);
    expect(files.filter((file) => file.startsWith('lib/tencentcloud/bindings/')).length).toBeGreaterThan(0);
  });

  test('provider packages are imported by resource path, never by their root', () => {
    const rootImports = files.flatMap((file) => imports(file).filter((name) => /^@cdktf\/provider-[^/]+$/.test(name)).map((name) => `${file}: ${name}`));
    expect(rootImports).toEqual([]);
  });
});
