// Lambda handlers are plain JavaScript that tsc does not emit: copy them
// next to the compiled constructs so `Code.fromAsset` finds them in dist/.
const { cpSync, existsSync, readdirSync, statSync } = require('fs');
const { join, relative } = require('path');

const root = join(__dirname, '..');
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    if (name === 'handlers') {
      const target = join(root, 'dist', relative(join(root, 'lib'), path));
      cpSync(path, target, { recursive: true });
    } else {
      walk(path);
    }
  }
}
if (existsSync(join(root, 'lib'))) walk(join(root, 'lib'));
