#!/usr/bin/env bash
# Runs the tests (both tiers) against the lowest aws-cdk-lib and constructs versions
# the package declares (its peer dependency floors), in a copy of the
# checkout, so that the floors stay true: apps a few releases behind the
# newest aws-cdk-lib can install the package and get what the tests prove.
#
# Left out here, and run only against the pinned versions: the example
# snapshots (aws-cdk-lib's own handler bundles change their asset hashes in
# every release, and newer releases tag more resource types) and the
# real-registry integration tests (they exercise distribution, not
# aws-cdk-lib).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
floor_of() { node -p "require('$repo/package.json').peerDependencies['$1'].replace(/^[^0-9]*/, '')"; }
cdk_floor="$(floor_of aws-cdk-lib)"
constructs_floor="$(floor_of constructs)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git -C "$repo" archive HEAD | tar -x -C "$work"
cd "$work"
npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
# --legacy-peer-deps: the dev-only checkers (cdk-nag) declare newer floors
# than the package itself; they run fine against these versions.
npm install --no-save --no-audit --no-fund --loglevel=error --ignore-scripts --legacy-peer-deps \
  "aws-cdk-lib@$cdk_floor" "constructs@$constructs_floor"
echo "testing against aws-cdk-lib $(node -p "require('aws-cdk-lib/package.json').version"), constructs $(node -p "require('constructs/package.json').version")"
# TypeScript 5.9 (the build's compiler: node10 resolution, esModuleInterop off)
node node_modules/typescript/bin/tsc --noEmit
# Both tiers; a --testPathIgnorePatterns given here replaces the project's
# own, so the unit run repeats its exclusion of the system files.
CI=true npx jest --silent --selectProjects unit --testPathIgnorePatterns '\.system\.test\.ts$' '/test/examples/snapshots\.test\.ts$'
CI=true npx jest --silent --selectProjects system --testPathIgnorePatterns '/test/integration/'
