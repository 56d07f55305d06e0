import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';

/*
 * The README, docs/ and code comments point readers at the tests that prove
 * a claim. When a test moves (into the system tier, say), the pointer must
 * move with it.
 */
const root = join(__dirname, '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [relative(root, path)];
  });
}

/** The README, docs/, and the sources whose comments point at tests. */
const documents = [
  'README.md',
  ...filesUnder(join(root, 'docs')).filter((path) => path.endsWith('.md')),
  ...['lib', 'examples', 'scripts', 'test', 'bin', '.ci'].flatMap((dir) => filesUnder(join(root, dir)))
    .filter((path) => /\.(ts|js|sh)$|^\.ci\//.test(path) && !path.includes('node_modules')),
];
const testFiles = filesUnder(join(root, 'test')).filter((path) => path.endsWith('.test.ts'));

describe('test files named in the documentation', () => {
  const named = documents.flatMap((document) => [...readFileSync(join(root, document), 'utf8').matchAll(/(?<![*\w./-])\w[\w./-]*\.test\.ts/g)]
    .map((match) => ({ document, name: match[0] })));

  test('are named at all (the check reads the documents)', () => {
    expect(named.length).toBeGreaterThan(10);
  });

  test('exist: a path from test/ exactly, a bare file name somewhere under test/', () => {
    const missing = named.filter(({ name }) => (name.startsWith('test/')
      ? !testFiles.includes(name)
      : !testFiles.some((path) => path.endsWith(`/${name}`))));
    expect(missing).toEqual([]);
  });
});
