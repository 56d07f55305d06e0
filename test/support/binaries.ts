import { accessSync, constants } from 'fs';
import { delimiter, join } from 'path';

/** Absolute path of an executable on PATH, or `undefined`. */
export function findBinary(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') {
      continue;
    }
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Whether all binaries an integration suite needs are installed. Locally a
 * missing one skips the suite with a notice; in CI (`CI=true`) it fails the
 * run, because .ci/run installs them and a silent skip would hide a broken set-up.
 */
export function requireBinaries(suite: string, names: readonly string[]): boolean {
  const missing = names.filter((name) => findBinary(name) === undefined);
  if (missing.length === 0) {
    return true;
  }
  const message = `${suite}: missing binaries ${missing.join(', ')} (Debian packages: docker-registry, skopeo, openssl, apache2-utils)`;
  if (process.env.CI === 'true') {
    throw new Error(`${message}; CI must install them`);
  }
  const notice = `${message}; skipping these integration tests`;
  console.warn(notice);
  // Jest drops the console output of a file whose tests are all skipped, so say it on stderr as well.
  process.stderr.write(`\n[skip] ${notice}\n`);
  return false;
}
