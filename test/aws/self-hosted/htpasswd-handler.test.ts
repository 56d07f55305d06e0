import { ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer, IncomingMessage, Server } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import { requireBinaries } from '../../support/binaries';
import { request } from '../../support/https';
import { freePort } from '../../support/ports';
import { run, startTracked, stopProcess } from '../../support/processes';

/*
 * The custom resource handler, run in-process against a fake Secrets
 * Manager; the htpasswd file it writes is then checked with real tools:
 * Apache's `htpasswd -v`, and Debian's distribution registry (2.8) using it
 * for basic auth.
 */

interface SecretValue { secretString?: string; versionId?: string }
interface SecretsStore {
  getSecretValue(secretId: string): Promise<SecretValue>;
  putSecretValue(secretId: string, secretString: string): Promise<{ versionId?: string }>;
}
interface CfnResponse { Status: string; Reason?: string; PhysicalResourceId: string; Data: Record<string, string> }
interface HandlerModule {
  handler(event: unknown, context: unknown): Promise<CfnResponse>;
  handle(event: unknown, context: unknown, deps: { secrets: SecretsStore; respond: (event: unknown, response: CfnResponse) => Promise<void> }): Promise<CfnResponse>;
  respond(event: unknown, response: CfnResponse): Promise<void>;
  htpasswdContent(users: Array<{ name: string; password: string }>, cost: number): Promise<string>;
  secretsStoreFrom(sdk: unknown, client?: unknown): SecretsStore;
}

// Plain CommonJS shipped as is, so loaded with require (no types to import).
const handlerModule: HandlerModule = require('../../../lib/aws/self-hosted/handlers/htpasswd/index.js');

const ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:';
const HTPASSWD_ARN = `${ARN}htpasswd-AbCdEf`;
const passwordArn = (user: string) => `${ARN}password-${user}-AbCdEf`;

/** An in-memory Secrets Manager: versions are counted, calls recorded. */
class FakeSecrets implements SecretsStore {
  public readonly calls: string[] = [];
  private readonly values = new Map<string, { value: string; version: number }>();
  private versions = 0;

  public set(secretId: string, value: string): void {
    this.values.set(secretId, { value, version: ++this.versions });
  }

  public value(secretId: string): string {
    return this.values.get(secretId)!.value;
  }

  public async getSecretValue(secretId: string): Promise<SecretValue> {
    this.calls.push(`get ${secretId}`);
    const entry = this.values.get(secretId);
    if (!entry) {
      throw new Error(`ResourceNotFoundException: ${secretId}`);
    }
    return { secretString: entry.value, versionId: `v${entry.version}` };
  }

  public async putSecretValue(secretId: string, secretString: string): Promise<{ versionId?: string }> {
    this.calls.push(`put ${secretId}`);
    this.set(secretId, secretString);
    return { versionId: `v${this.versions}` };
  }
}

/** Passwords like the construct's generator makes: 32 letters and digits. */
function generatedPassword(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (byte) => alphabet[byte % alphabet.length]).join('');
}

function userSecret(username: string, password: string): string {
  return JSON.stringify({ username, password });
}

function event(requestType: string, users: string[], cost = 10, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RequestType: requestType,
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/presigned',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/s/1',
    RequestId: 'request-1',
    LogicalResourceId: 'UsersHash673A86DE',
    ResourceType: 'Custom::RegistryHtpasswd',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:f',
      HtpasswdSecretArn: HTPASSWD_ARN,
      Users: users.map((name) => ({ Name: name, PasswordSecretArn: passwordArn(name) })),
      BcryptCost: String(cost),
      PasswordGeneration: '0123456789abcdef',
    },
    ...extra,
  };
}

/** Runs the handler with the fake store; the response is captured instead of sent. */
async function invoke(secrets: SecretsStore, body: Record<string, unknown>, context: unknown = {}): Promise<CfnResponse> {
  const sent: CfnResponse[] = [];
  const response = await handlerModule.handle(body, context, { secrets, respond: async (_, r) => { sent.push(r); } });
  expect(sent).toEqual([response]);
  return response;
}

const quiet = () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
};

describe('htpasswd handler: Create, Update, Delete', () => {
  const passwords: Record<string, string> = { 'ci-pusher': generatedPassword(), alice: generatedPassword(), bob: generatedPassword() };
  const secrets = new FakeSecrets();
  let created: CfnResponse;
  let content: string;

  beforeAll(async () => {
    quiet();
    for (const [user, password] of Object.entries(passwords)) {
      secrets.set(passwordArn(user), userSecret(user, password));
    }
    // What CloudFormation's GenerateSecretString leaves before the first write.
    secrets.set(HTPASSWD_ARN, 'Xq3!placeholder-random-32-chars!');
    created = await invoke(secrets, event('Create', ['ci-pusher', 'alice']));
    content = secrets.value(HTPASSWD_ARN);
  });

  afterAll(() => jest.restoreAllMocks());

  test('Create writes sorted bcrypt lines with a trailing newline', () => {
    expect(created).toEqual({ Status: 'SUCCESS', PhysicalResourceId: HTPASSWD_ARN, Data: { SecretArn: HTPASSWD_ARN, VersionId: 'v5' } });
    expect(content).toMatch(/^alice:\$2b\$10\$[./A-Za-z0-9]{53}\nci-pusher:\$2b\$10\$[./A-Za-z0-9]{53}\n$/);
    expect(content).not.toContain(passwords.alice);
    expect(secrets.calls).toEqual([`get ${passwordArn('ci-pusher')}`, `get ${passwordArn('alice')}`, `get ${HTPASSWD_ARN}`, `put ${HTPASSWD_ARN}`]);
  });

  test('Update with nothing changed keeps the file and its version', async () => {
    secrets.calls.length = 0;
    const response = await invoke(secrets, event('Update', ['alice', 'ci-pusher'], 10, { PhysicalResourceId: HTPASSWD_ARN }));
    expect(response.Data).toEqual({ SecretArn: HTPASSWD_ARN, VersionId: 'v5' });
    expect(secrets.calls.filter((call) => call.startsWith('put'))).toEqual([]);
    expect(secrets.value(HTPASSWD_ARN)).toBe(content);
  });

  test('Update with another cost rewrites the file', async () => {
    const response = await invoke(secrets, event('Update', ['alice', 'ci-pusher'], 11, { PhysicalResourceId: HTPASSWD_ARN }));
    expect(response.Status).toBe('SUCCESS');
    expect(response.Data.VersionId).toBe('v6');
    expect(secrets.value(HTPASSWD_ARN)).toMatch(/^alice:\$2b\$11\$.{53}\nci-pusher:\$2b\$11\$.{53}\n$/);
  });

  test('Update with a changed password or another user rewrites the file', async () => {
    passwords.alice = generatedPassword();
    secrets.set(passwordArn('alice'), userSecret('alice', passwords.alice));
    const changed = await invoke(secrets, event('Update', ['alice', 'ci-pusher'], 11, { PhysicalResourceId: HTPASSWD_ARN }));
    expect(changed.Data.VersionId).toBe('v8');
    const added = await invoke(secrets, event('Update', ['alice', 'bob', 'ci-pusher'], 10, { PhysicalResourceId: HTPASSWD_ARN }));
    expect(added.Data.VersionId).toBe('v9');
    expect(secrets.value(HTPASSWD_ARN).split('\n').map((line) => line.split(':')[0])).toEqual(['alice', 'bob', 'ci-pusher', '']);
    content = secrets.value(HTPASSWD_ARN);
  });

  test('Delete touches no secret: the htpasswd secret has its own removal policy', async () => {
    secrets.calls.length = 0;
    const response = await invoke(secrets, event('Delete', ['alice'], 10, { PhysicalResourceId: HTPASSWD_ARN }));
    expect(response).toEqual({ Status: 'SUCCESS', PhysicalResourceId: HTPASSWD_ARN, Data: {} });
    expect(secrets.calls).toEqual([]);
    expect(secrets.value(HTPASSWD_ARN)).toBe(content);
  });

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

describe('htpasswd handler: failures', () => {
  beforeAll(quiet);
  afterAll(() => jest.restoreAllMocks());

  function storeWith(user: string, secretString: string): FakeSecrets {
    const secrets = new FakeSecrets();
    secrets.set(passwordArn(user), secretString);
    secrets.set(HTPASSWD_ARN, 'placeholder');
    return secrets;
  }

  test('a user secret that is not JSON fails without quoting it', async () => {
    const response = await invoke(storeWith('ci', 'hunter2-plain-text'), event('Create', ['ci']), { logStreamName: '2025/01/01/[$LATEST]abc' });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toBe(`secret ${passwordArn('ci')} of user "ci": expected a JSON object with "username" and "password" (log stream 2025/01/01/[$LATEST]abc)`);
    expect(response.Reason).not.toContain('hunter2');
    expect(response.PhysicalResourceId).toBe('htpasswd-not-created');
  });

  test('a secret of another user fails', async () => {
    const response = await invoke(storeWith('ci', userSecret('root', 'pw')), event('Create', ['ci']));
    expect(response.Reason).toBe(`secret ${passwordArn('ci')} of user "ci": expected "username" to be "ci", got "root"`);
  });

  test('a password longer than bcrypt uses fails instead of being cut', async () => {
    const response = await invoke(storeWith('ci', userSecret('ci', 'x'.repeat(73))), event('Create', ['ci']));
    expect(response.Reason).toBe(`secret ${passwordArn('ci')} of user "ci": expected a password of at most 72 bytes (bcrypt ignores the rest)`);
    expect(response.Reason).not.toContain('xxxx');
  });

  test.each([
    ['a cost out of range', event('Create', ['ci'], 15), 'BcryptCost: expected a whole number from 10 to 14, got "15"'],
    ['a user name with ":"', event('Create', ['c:i']), 'Users[0].Name: expected a user name matching'],
    ['a duplicate user', event('Create', ['ci', 'ci']), 'Users[1].Name: expected a user not already listed, got "ci"'],
    ['no users', event('Create', []), 'Users: expected a non-empty list, got []'],
    ['an unknown request type', event('Replace', ['ci']), 'RequestType: expected "Create", "Update" or "Delete", got "Replace"'],
  ])('%s fails the request', async (_, body, reason) => {
    const secrets = storeWith('ci', userSecret('ci', 'pw'));
    const response = await invoke(secrets, body, {});
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain(reason);
    expect(secrets.calls.filter((call) => call.startsWith('put'))).toEqual([]);
  });

  test('answers FAILED before Lambda would stop the function', async () => {
    const secrets = storeWith('ci', userSecret('ci', 'pw'));
    secrets.getSecretValue = () => new Promise(() => undefined);
    const started = Date.now();
    const response = await invoke(secrets, event('Create', ['ci']), { getRemainingTimeInMillis: () => 10_500 });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^timed out after 1000 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('htpasswd handler: AWS SDK and CloudFormation wiring', () => {
  beforeAll(quiet);
  afterAll(() => jest.restoreAllMocks());

  test('drives the SDK v3 client with GetSecretValue and PutSecretValue commands', async () => {
    const sent: Array<{ command: string; input: unknown }> = [];
    class Command {
      constructor(public readonly input: unknown) {}
    }
    const sdk = {
      SecretsManagerClient: class {},
      GetSecretValueCommand: class extends Command {},
      PutSecretValueCommand: class extends Command {},
    };
    const client = {
      send: async (command: Command) => {
        sent.push({ command: command.constructor === sdk.GetSecretValueCommand ? 'get' : 'put', input: command.input });
        return command.constructor === sdk.GetSecretValueCommand ? { SecretString: 's', VersionId: 'v1', ARN: 'x' } : { VersionId: 'v2' };
      },
    };
    const store = handlerModule.secretsStoreFrom(sdk, client);
    expect(await store.getSecretValue('id-1')).toEqual({ secretString: 's', versionId: 'v1' });
    expect(await store.putSecretValue('id-2', 'content')).toEqual({ versionId: 'v2' });
    expect(sent).toEqual([
      { command: 'get', input: { SecretId: 'id-1' } },
      { command: 'put', input: { SecretId: 'id-2', SecretString: 'content' } },
    ]);
  });

  describe('answering CloudFormation', () => {
    let server: Server;
    let url = '';
    const received: Array<{ method?: string; contentType?: string; body: Record<string, unknown> }> = [];

    beforeAll(async () => {
      server = createServer((req: IncomingMessage, res) => {
        let body = '';
        req.on('data', (chunk) => { body += chunk; });
        req.on('end', () => {
          received.push({ method: req.method, contentType: req.headers['content-type'], body: JSON.parse(body) });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/response?X-Amz-Signature=abc`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('PUTs the response with an empty content type and the request ids', async () => {
      received.length = 0;
      await handlerModule.respond(event('Create', ['ci'], 10, { ResponseURL: url }),
        { Status: 'SUCCESS', PhysicalResourceId: HTPASSWD_ARN, Data: { SecretArn: HTPASSWD_ARN, VersionId: 'v1' } });
      expect(received).toEqual([{
        method: 'PUT',
        contentType: '',
        body: {
          Status: 'SUCCESS',
          PhysicalResourceId: HTPASSWD_ARN,
          StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/s/1',
          RequestId: 'request-1',
          LogicalResourceId: 'UsersHash673A86DE',
          NoEcho: false,
          Data: { SecretArn: HTPASSWD_ARN, VersionId: 'v1' },
        },
      }]);
    });

    test('refuses plain http anywhere but loopback', async () => {
      await expect(handlerModule.respond(event('Create', ['ci'], 10, { ResponseURL: 'http://example.com/r' }), { Status: 'SUCCESS', PhysicalResourceId: 'x', Data: {} }))
        .rejects.toThrow('ResponseURL: expected an https URL, got protocol http:');
    });

    // Only meaningful while the SDK is not installed here (it would otherwise call AWS).
    const sdkInstalled = (() => {
      try {
        require.resolve('@aws-sdk/client-secrets-manager');
        return true;
      } catch {
        return false;
      }
    })();
    (sdkInstalled ? test.skip : test)('the Lambda entry point loads the SDK lazily and reports its absence as FAILED', async () => {
      received.length = 0;
      const response = await handlerModule.handler(event('Create', ['ci'], 10, { ResponseURL: url }), { getRemainingTimeInMillis: () => 60_000 });
      expect(response.Status).toBe('FAILED');
      expect(response.Reason).toMatch(/@aws-sdk\/client-secrets-manager/);
      expect(received.map((r) => r.body.Status)).toEqual(['FAILED']);
    });

    test('the written content matches what htpasswdContent makes for the same users', async () => {
      const content = await handlerModule.htpasswdContent([{ name: 'b', password: 'x' }, { name: 'a', password: 'y' }], 10);
      expect(content.split('\n').map((line) => line.slice(0, 9))).toEqual(['a:$2b$10$', 'b:$2b$10$', '']);
    });
  });
});
