import { readFileSync } from 'fs';
import { join } from 'path';
const { missingPublishMetadata } = require('../../scripts/check-publish-metadata.js');

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('publishing', () => {
  test('npm publish runs the metadata check first', () => {
    expect(pkg.scripts.prepublishOnly).toBe('node scripts/check-publish-metadata.js');
  });

  test('the check names every field a registry page needs and the package lacks', () => {
    expect(missingPublishMetadata({})).toEqual(['repository (an https git URL)', 'homepage (an https URL)', 'bugs (an https URL)']);
    expect(missingPublishMetadata({
      repository: { type: 'git', url: 'git+https://git.example.org/platform/env-container-registries.git' },
      homepage: 'https://git.example.org/platform/env-container-registries#readme',
      bugs: { url: 'https://git.example.org/platform/env-container-registries/issues' },
    })).toEqual([]);
  });

  test('the shipped files hold what the README links to', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const relative = [...readme.matchAll(/\]\((?!https?:|#)([^)#]+)/g)].map((m) => m[1]);
    expect(relative.length).toBeGreaterThan(0);
    for (const target of relative) {
      expect({ target, shipped: (pkg.files as string[]).some((f) => target === f || target.startsWith(`${f}/`)) }).toEqual({ target, shipped: true });
    }
  });
});
