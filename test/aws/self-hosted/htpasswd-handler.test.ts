import { createServer, IncomingMessage, Server } from 'http';
import { CfnResponse, event, FakeSecrets, generatedPassword, handlerModule, HTPASSWD_ARN, invoke, passwordArn, quiet, userSecret } from './htpasswd-handler-harness';

/*
 * The custom resource handler, run in-process against a fake Secrets
 * Manager (htpasswd-handler-harness.ts). The file it writes is checked with
 * the real tools in htpasswd-handler.system.test.ts.
 */

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
