#!/usr/bin/env bash
# Installs the package the way a platform team would before a release (from a
# git URL of this checkout's HEAD: npm runs `prepare`, which builds dist/),
# then type-checks a small consumer app under each module resolution a CDK
# app may use (node: older `cdk init` apps; node16; bundler) and runs it.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
version_of() { node -p "require('$repo/node_modules/$1/package.json').version"; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error \
  "git+file://$repo" \
  "aws-cdk-lib@$(version_of aws-cdk-lib)" "constructs@$(version_of constructs)" \
  "cdktf@$(version_of cdktf)" "@cdktf/provider-azurerm@$(version_of @cdktf/provider-azurerm)" \
  "typescript@$(version_of typescript)" "@types/node@$(version_of @types/node)"
test -f node_modules/env-container-registries/dist/aws/index.js || { echo "git install has no dist/ (prepare did not build)"; exit 1; }

cat > app.ts <<'TS'
import { App, Stack } from 'aws-cdk-lib';
import { RegistryEnvironment } from 'env-container-registries';
import { EcrRegistry } from 'env-container-registries/aws';
import * as azure from 'env-container-registries/azure';
import * as tencentcloud from 'env-container-registries/tencentcloud';

const app = new App();
const stack = new Stack(app, 'consumer', { env: { region: 'eu-west-1' } });
const environment = new RegistryEnvironment({ environment: 'dev', domain: 'example.com', primaryRegion: 'eu-west-1' });
const registry: EcrRegistry = new EcrRegistry(stack, 'Registry', { environment, repositories: ['app'] });
console.log(registry.repositoryPrefix, typeof azure, typeof tencentcloud);
TS

for resolution in node node16 bundler; do
  case "$resolution" in
    node) module=commonjs ;;
    node16) module=node16 ;;
    bundler) module=esnext ;;
  esac
  npx tsc --noEmit --strict --skipLibCheck --types node --target es2022 \
    --module "$module" --moduleResolution "$resolution" app.ts
  echo "consumer type-checks with moduleResolution $resolution"
done
npx tsc --strict --skipLibCheck --types node --target es2022 --module commonjs --moduleResolution node app.ts
node app.js | grep -q '^dev-registry object object$'
echo "consumer app runs: $(node app.js)"
