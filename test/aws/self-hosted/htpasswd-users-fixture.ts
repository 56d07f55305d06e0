import { mkdtempSync as makeTempDir, rmSync } from 'fs';
import { App, Stack } from 'aws-cdk-lib';
import { RegistryEnvironment } from '../../../lib';

/*
 * What the unit tests of HtpasswdUsers (htpasswd-users.test.ts) and its
 * compliance checks (htpasswd-users.system.test.ts) both build on.
 */

/**
 * Temporary directories of the test file, removed when it ends: jest loads
 * this module once per test file, so the hook belongs to the file importing it.
 */
const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new temporary directory, removed when the test file ends. */
export function mkdtempSync(prefix: string): string {
  const dir = makeTempDir(prefix);
  tempDirs.push(dir);
  return dir;
}

/** A registry environment on example.com, primary in eu-west-1. */
export function environment(name: 'dev' | 'prod', extra: Partial<ConstructorParameters<typeof RegistryEnvironment>[0]> = {}): RegistryEnvironment {
  return new RegistryEnvironment({ environment: name, domain: 'example.com', primaryRegion: 'eu-west-1', ...extra });
}

/** A stack pinned to an account and eu-west-1. */
export function stackIn(app = new App({ analyticsReporting: false }), id = 'stack'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-1' } });
}
