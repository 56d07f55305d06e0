/*
 * The committed bindings are what `npm run generate:tencentcloud` writes
 * from the repository's schema, and they stay cheap to load.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';

const ROOT = join(__dirname, '..', '..', '..');
const BINDINGS_DIR = join(ROOT, 'lib', 'tencentcloud', 'bindings');

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

/** Each file's text by its path below `dir`. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(filesBelow(dir).map((path) => [relative(dir, path), readFileSync(path, 'utf8')]));
}

test('regenerating from the repository schema gives the committed bindings, byte for byte', () => {
  const outdir = join(mkdtempSync(join(tmpdir(), 'bindings-check-')), 'bindings');
  try {
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'generate-tencentcloud-bindings.ts'), '--out', outdir], { cwd: ROOT, stdio: 'pipe' });
    const generated = tree(outdir);
    const committed = tree(BINDINGS_DIR);
    expect(Object.keys(committed).sort()).toEqual(Object.keys(generated).sort());
    const stale = Object.keys(generated).filter((path) => committed[path] !== generated[path]);
    // A stale file: run `npm run generate:tencentcloud` and commit the result.
    expect(stale).toEqual([]);
  } finally {
    rmSync(join(outdir, '..'), { recursive: true, force: true });
  }
});

test('the bindings import only constructs, and cdktf through the library\'s one import point', () => {
  const imported = new Set<string>();
  for (const path of filesBelow(BINDINGS_DIR)) {
    for (const match of readFileSync(path, 'utf8').matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)) {
      imported.add(match[1].startsWith('.') ? relative(ROOT, join(path, '..', match[1])) : match[1]);
    }
  }
  expect([...imported].sort()).toEqual(['constructs', join('lib', 'terraform', 'cdktf')]);
});

test('loading one binding loads no package but cdktf and constructs, and no other binding', () => {
  const entry = join(BINDINGS_DIR, 'tcr-instance', 'index.ts');
  const script = `require(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const loaded: string[] = JSON.parse(out.trim().split('\n').pop()!);
  const packages = new Set(loaded.filter((path) => path.includes('/node_modules/')).map((path) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)![1]));
  // tsx and esbuild are the loader this test runs the TypeScript source with.
  packages.delete('tsx');
  packages.delete('esbuild');
  expect([...packages].sort()).toEqual(['cdktf', 'constructs']);
  expect(loaded.filter((path) => path.startsWith(BINDINGS_DIR))).toEqual([entry]);
});
