import { ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { requireBinaries } from '../../support/binaries';
import { request } from '../../support/https';
import { freePort } from '../../support/ports';
import { run, startTracked, stopProcess } from '../../support/processes';
import { event, FakeSecrets, generatedPassword, HTPASSWD_ARN, invoke, passwordArn, quiet, userSecret } from './htpasswd-handler-harness';

/*
 * The htpasswd file the handler writes, checked with the real tools: Apache's
 * `htpasswd -v`, and Debian's distribution registry (2.8) using it for basic
 * auth. In the system tier because they are programs; the handler's
 * behaviour is in htpasswd-handler.test.ts.
 */

describe('htpasswd handler: Create, Update, Delete', () => {
  const passwords: Record<string, string> = { 'ci-pusher': generatedPassword(), alice: generatedPassword(), bob: generatedPassword() };
  let content: string;

  // The file the unit tests' Create and Updates end with: three users, cost 10.
  beforeAll(async () => {
    quiet();
    const secrets = new FakeSecrets();
    for (const [user, password] of Object.entries(passwords)) {
      secrets.set(passwordArn(user), userSecret(user, password));
    }
    // What CloudFormation's GenerateSecretString leaves before the first write.
    secrets.set(HTPASSWD_ARN, 'Xq3!placeholder-random-32-chars!');
    expect((await invoke(secrets, event('Create', ['alice', 'bob', 'ci-pusher']))).Status).toBe('SUCCESS');
    content = secrets.value(HTPASSWD_ARN);
  });

  afterAll(() => jest.restoreAllMocks());

  describe('the written file, checked with real tools', () => {
    const haveTools = requireBinaries('htpasswd handler', ['htpasswd', 'docker-registry']);
    const suite = haveTools ? describe : describe.skip;
    const work = mkdtempSync(join(tmpdir(), 'htpasswd-handler-'));
    const htpasswdFile = join(work, 'htpasswd');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work };

    afterAll(() => rmSync(work, { recursive: true, force: true }));

    suite('htpasswd -v (apache2-utils)', () => {
      beforeAll(() => {
        writeFileSync(htpasswdFile, content, { mode: 0o600 });
      });

      test.each(['alice', 'bob', 'ci-pusher'])('verifies %s with the right password', async (user) => {
        const result = await run('htpasswd', ['-vb', htpasswdFile, user, passwords[user]], { env, timeoutMs: 20_000 });
        expect({ code: result.code, stderr: result.stderr.trim() }).toEqual({ code: 0, stderr: `Password for user ${user} correct.` });
      });

      test('rejects a wrong password', async () => {
        const result = await run('htpasswd', ['-vb', htpasswdFile, 'alice', passwords.bob], { env, timeoutMs: 20_000 });
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain('password verification failed');
      });
    });

    suite('distribution registry 2.8 (docker-registry) with the file as auth.htpasswd', () => {
      let registry: { child: ChildProcess; output: () => string } | undefined;
      let base = '';

      beforeAll(async () => {
        writeFileSync(htpasswdFile, content, { mode: 0o600 });
        const storage = join(work, 'storage');
        mkdirSync(storage);
        const port = await freePort();
        base = `http://127.0.0.1:${port}`;
        // Only keys that 2.8 and 3.x both accept; plain HTTP is fine on loopback.
        const config = [
          'version: 0.1',
          'log:',
          '  level: info',
          'storage:',
          '  filesystem:',
          `    rootdirectory: ${storage}`,
          'http:',
          `  addr: 127.0.0.1:${port}`,
          `  secret: ${randomBytes(16).toString('hex')}`,
          'auth:',
          '  htpasswd:',
          '    realm: registry',
          `    path: ${htpasswdFile}`,
          '',
        ].join('\n');
        const configPath = join(work, 'config.yml');
        writeFileSync(configPath, config);
        chmodSync(configPath, 0o600);
        // A clean environment: no AWS_* (AWS_CA_BUNDLE panics the S3 driver), no REGISTRY_*.
        registry = startTracked('docker-registry', ['serve', configPath], env);
        const deadline = Date.now() + 15_000;
        for (;;) {
          if (registry.child.exitCode !== null || registry.child.signalCode !== null) {
            throw new Error(`registry exited early:\n${registry.output()}`);
          }
          try {
            await request(`${base}/`, { timeoutMs: 1_000 });
            break;
          } catch {
            if (Date.now() > deadline) {
              throw new Error(`registry not listening after 15 s:\n${registry.output()}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      });

      afterAll(async () => {
        if (registry) {
          await stopProcess(registry.child);
        }
      });

      test('answers 401 without credentials', async () => {
        const res = await request(`${base}/v2/`);
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Basic realm="registry"');
      });

      test.each(['alice', 'bob', 'ci-pusher'])('answers 200 to %s with the right password', async (user) => {
        const res = await request(`${base}/v2/`, { auth: `${user}:${passwords[user]}` });
        expect(res.status).toBe(200);
      });

      test('answers 401 to a wrong password and to an unknown user', async () => {
        expect((await request(`${base}/v2/`, { auth: `alice:${passwords.bob}` })).status).toBe(401);
        expect((await request(`${base}/v2/`, { auth: `mallory:${passwords.alice}` })).status).toBe(401);
      });

      test('did not invent a user (2.8 does when the file is missing, and logs its password)', () => {
        expect(registry!.output()).toContain('listening on 127.0.0.1:');
        expect(registry!.output()).not.toMatch(/htpasswd is missing|provisioning with default user/);
      });
    });
  });
});
