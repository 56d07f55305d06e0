// Refuses `npm publish` until package.json says where the project lives:
// the registry page links `repository`, `homepage` and `bugs`, and renders
// the README's relative links (docs/, CHANGELOG.md) against `repository`.
// The project has no public address yet; inventing one would publish dead
// links, so the release that gets one fills these in and this check passes.
const { readFileSync } = require('fs');
const { join } = require('path');

/** The fields a registry page needs that `pkg` lacks. */
function missingPublishMetadata(pkg) {
  const missing = [];
  const url = (value) => (typeof value === 'string' ? value : value && value.url);
  if (!/^(git\+)?https:\/\//.test(url(pkg.repository) || '')) missing.push('repository (an https git URL)');
  if (!/^https:\/\//.test(pkg.homepage || '')) missing.push('homepage (an https URL)');
  if (!/^https:\/\//.test(url(pkg.bugs) || '')) missing.push('bugs (an https URL)');
  return missing;
}

if (require.main === module) {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  const missing = missingPublishMetadata(pkg);
  if (missing.length > 0) {
    console.error(`package.json: set ${missing.join(', ')} before publishing`);
    process.exit(1);
  }
}

module.exports = { missingPublishMetadata };
