import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { ENTRY_POINTS } from '../support/public-api';

const root = join(__dirname, '..', '..');

/** Modules that `require(entry)` loads, seen from a fresh Node process. */
function modulesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(join(root, entry))}); console.log(JSON.stringify(Object.keys(require.cache)))`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('entry points', () => {
  test('the package exports ".", "./aws", "./azure" and "./tencentcloud" from lib/ sources', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    // ENTRY_POINTS is also what test/package/public-api.test.ts pins the exports of.
    expect(Object.keys(pkg.exports).filter((subpath) => subpath !== './package.json').sort()).toEqual(Object.keys(ENTRY_POINTS).sort());
    for (const [subpath, source] of Object.entries(ENTRY_POINTS)) {
      const target: string = pkg.exports[subpath].default;
      expect(target.replace(/^\.\/dist\//, 'lib/').replace(/\.js$/, '.ts')).toBe(source);
      expect(() => readFileSync(join(root, source))).not.toThrow();
    }
  });

  test('the root loads no cloud library', () => {
    const loaded = modulesLoadedBy('lib/index.ts');
    expect(loaded.filter((m) => /node_modules\/(aws-cdk-lib|cdktf|@cdktf)\//.test(m))).toEqual([]);
  });

  test('./aws loads no cdktf', () => {
    const loaded = modulesLoadedBy('lib/aws/index.ts');
    expect(loaded.some((m) => m.includes('node_modules/aws-cdk-lib/'))).toBe(true);
    expect(loaded.filter((m) => /node_modules\/(cdktf|@cdktf)\//.test(m))).toEqual([]);
  });

  test.each(['azure', 'tencentcloud'])('./%s loads cdktf but no aws-cdk-lib, and no provider package\'s root', (entry) => {
    const loaded = modulesLoadedBy(`lib/${entry}/index.ts`);
    expect(loaded.some((m) => m.includes('node_modules/cdktf/'))).toBe(true);
    expect(loaded.filter((m) => m.includes('node_modules/aws-cdk-lib/'))).toEqual([]);
    expect(loaded.filter((m) => /node_modules\/@cdktf\/provider-[^/]+\/lib\/index\.js$/.test(m))).toEqual([]);
  });
});
