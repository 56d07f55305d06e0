import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'crypto';
import { captureLogs, CfnResponse, event, FakeSecretsManager, handlerModule, SECRET_ARN, SecretsManagerLike } from './cdn-key-pair-handler-harness';

/*
 * The custom resource handler of RegistryCdn, run in-process with a fake
 * Secrets Manager client and a captured CloudFormation response
 * (cdn-key-pair-handler-harness.ts). The key it makes is checked with Node
 * here and with the real openssl binary in cdn-key-pair-handler.system.test.ts.
 */

const OTHER_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:other-AbCdEf';

const VERSION_1 = 'registry-cdn-key-pair-version-0000001';
const VERSION_2 = 'registry-cdn-key-pair-version-0000002';

/** Runs one event and returns the response CloudFormation would receive. */
async function invoke(secretsManager: SecretsManagerLike, e: Record<string, unknown>, context?: Record<string, unknown>): Promise<CfnResponse> {
  const responses: CfnResponse[] = [];
  const handler = handlerModule.createHandler({ secretsManager, respond: async (_event, response) => { responses.push(response); } });
  const status = await handler(e, context);
  expect(responses).toHaveLength(1);
  expect(responses[0].Status).toBe(status);
  // Whatever happened, the response carries no private key.
  expect(JSON.stringify(responses[0])).not.toMatch(/PRIVATE KEY/);
  return responses[0];
}

const logs = captureLogs();

test('logs identify requests and never carry key material', async () => {
  await invoke(new FakeSecretsManager(), event('Create'));
  expect(logs.join('\n')).toContain('request-Create');
  expect(logs.join('\n')).not.toMatch(/PRIVATE KEY|PUBLIC KEY/);
});

describe('Create', () => {
  let sm: FakeSecretsManager;
  let response: CfnResponse;
  let privateKeyPem: string;
  beforeAll(async () => {
    sm = new FakeSecretsManager();
    response = await invoke(sm, event('Create'));
    privateKeyPem = sm.current(SECRET_ARN)!;
  });

  test('succeeds and echoes the request identifiers', () => {
    expect(response).toMatchObject({
      Status: 'SUCCESS',
      StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/cdn/0a1b2c3d',
      RequestId: 'request-Create',
      LogicalResourceId: 'CdnSigningKeyKeyPair2E244917',
      NoEcho: false,
    });
    expect(response.PhysicalResourceId).toMatch(/^cdn-key-pair-v1-[0-9a-f]{16}$/);
  });

  test('stores an RSA-2048 private key in PKCS#1 PEM as the secret version of key version 1, and only there', () => {
    expect(sm.calls).toEqual([`get ${SECRET_ARN} ${VERSION_1}`, `put ${SECRET_ARN} ${VERSION_1}`]);
    expect(privateKeyPem.startsWith('-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true);
    expect(privateKeyPem.trimEnd().endsWith('-----END RSA PRIVATE KEY-----')).toBe(true);
    const key = createPrivateKey(privateKeyPem);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  test('returns the matching public key as an SPKI PEM attribute', () => {
    const publicKeyPem = response.Data!.PublicKeyPem;
    expect(publicKeyPem.startsWith('-----BEGIN PUBLIC KEY-----\n')).toBe(true);
    expect(createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' })).toBe(publicKeyPem);
    expect(Object.keys(response.Data!)).toEqual(['PublicKeyPem']);
  });
});

describe('Update and Delete', () => {
  let sm: FakeSecretsManager;
  let created: CfnResponse;
  let firstPrivateKey: string;
  beforeEach(async () => {
    sm = new FakeSecretsManager();
    created = await invoke(sm, event('Create'));
    firstPrivateKey = sm.current(SECRET_ARN)!;
    sm.calls.length = 0;
  });

  const update = (from: string, to: string, secretArn = SECRET_ARN, physicalId?: string) => event('Update', {
    PhysicalResourceId: physicalId ?? created.PhysicalResourceId,
    ResourceProperties: { ServiceToken: 'token', SecretArn: secretArn, KeyVersion: to },
    OldResourceProperties: { ServiceToken: 'token', SecretArn: SECRET_ARN, KeyVersion: from },
  });

  test('an update without a new keyVersion keeps the pair: same public key, same id, no new secret version', async () => {
    const updated = await invoke(sm, update('1', '1'));
    expect(updated.Status).toBe('SUCCESS');
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(updated.Data).toEqual(created.Data);
    expect(sm.calls).toEqual([`get ${SECRET_ARN} ${VERSION_1}`, `describe ${SECRET_ARN}`]);
    expect(sm.current(SECRET_ARN)).toBe(firstPrivateKey);
  });

  test('a new keyVersion rotates: a new pair in a new secret version, a new physical id', async () => {
    const rotated = await invoke(sm, update('1', '2'));
    expect(rotated.Status).toBe('SUCCESS');
    expect(rotated.PhysicalResourceId).toMatch(/^cdn-key-pair-v2-[0-9a-f]{16}$/);
    expect(rotated.Data!.PublicKeyPem).not.toBe(created.Data!.PublicKeyPem);
    expect(sm.calls).toEqual([`get ${SECRET_ARN} ${VERSION_2}`, `put ${SECRET_ARN} ${VERSION_2}`]);
    expect(sm.current(SECRET_ARN)).not.toBe(firstPrivateKey);
    expect(createPublicKey(sm.current(SECRET_ARN)!).export({ type: 'spki', format: 'pem' })).toBe(rotated.Data!.PublicKeyPem);
  });

  test('rolling a rotation back restores the previous pair, as the old public key resource still expects', async () => {
    const rotated = await invoke(sm, update('1', '2'));
    sm.calls.length = 0;
    // CloudFormation's rollback: the old properties again, sent as an update of the new resource.
    const rolledBack = await invoke(sm, update('2', '1', SECRET_ARN, rotated.PhysicalResourceId));
    expect(rolledBack.Status).toBe('SUCCESS');
    expect(rolledBack.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(rolledBack.Data).toEqual(created.Data);
    expect(sm.current(SECRET_ARN)).toBe(firstPrivateKey);
    expect(sm.calls).toEqual([
      `get ${SECRET_ARN} ${VERSION_1}`,
      `describe ${SECRET_ARN}`,
      `stage ${SECRET_ARN} AWSCURRENT ${VERSION_2} -> ${VERSION_1}`,
    ]);
  });

  test('a repeated create (a retried invocation) answers with the pair already stored', async () => {
    const again = await invoke(sm, event('Create'));
    expect(again.Data).toEqual(created.Data);
    expect(again.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(sm.calls.filter((call) => call.startsWith('put'))).toEqual([]);
  });

  test('a new secret without a new keyVersion fails and says to bump keyVersion', async () => {
    const failed = await invoke(sm, update('1', '1', OTHER_SECRET_ARN));
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason).toMatch(/bump keyVersion/);
    expect(failed.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(sm.calls).toEqual([]);
  });

  test('an update fails when the stored version no longer holds a PKCS#1 RSA-2048 key', async () => {
    const pkcs8 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    for (const [stored, message] of [[pkcs8, /PKCS#1/], [small, /RSA-2048/]] as const) {
      sm.tamper(SECRET_ARN, VERSION_1, stored);
      const failed = await invoke(sm, update('1', '1'));
      expect(failed.Status).toBe('FAILED');
      expect(failed.Reason).toMatch(message);
      expect(failed.Reason).toContain(SECRET_ARN);
    }
  });

  test('delete leaves the secret alone: after a rotation it holds the new key', async () => {
    const deleted = await invoke(sm, event('Delete', { PhysicalResourceId: created.PhysicalResourceId }));
    expect(deleted).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.PhysicalResourceId });
    expect(deleted.Data).toBeUndefined();
    expect(sm.calls).toEqual([]);
    expect(sm.current(SECRET_ARN)).toBe(firstPrivateKey);
  });
});

describe('failures', () => {
  test('a Secrets Manager error fails the create with its message and a placeholder id', async () => {
    const sm = new FakeSecretsManager();
    sm.failPut = new Error('AccessDeniedException: not authorized to perform secretsmanager:PutSecretValue');
    const failed = await invoke(sm, event('Create'), { logStreamName: '2026/01/01/[$LATEST]abc' });
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason).toBe('AccessDeniedException: not authorized to perform secretsmanager:PutSecretValue (log stream 2026/01/01/[$LATEST]abc)');
    expect(failed.PhysicalResourceId).toBe('cdn-key-pair-failed-CdnSigningKeyKeyPair2E244917');
  });

  test('missing properties fail the create', async () => {
    const failed = await invoke(new FakeSecretsManager(), event('Create', { ResourceProperties: { KeyVersion: '1' } }));
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason).toBe('resource property SecretArn: expected a Secrets Manager secret ARN, got undefined');
    const badVersion = await invoke(new FakeSecretsManager(), event('Create', { ResourceProperties: { SecretArn: SECRET_ARN, KeyVersion: '0' } }));
    expect(badVersion.Reason).toBe('resource property KeyVersion: expected a whole number from 1 to 9999999, as a string, got "0"');
  });

  test('a hanging call fails before the Lambda deadline instead of leaving CloudFormation waiting', async () => {
    const never = () => new Promise<never>(() => undefined);
    const hanging: SecretsManagerLike = { putSecretValue: never, getSecretValue: never, describeSecret: never, updateSecretVersionStage: never };
    const failed = await invoke(hanging, event('Create'), { getRemainingTimeInMillis: () => 5_050 });
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason).toMatch(/ran out of time/);
  });

  test('a response that cannot be delivered does not throw, so Lambda does not run the event again', async () => {
    const handler = handlerModule.createHandler({
      secretsManager: new FakeSecretsManager(),
      respond: async () => { throw new Error('response upload returned HTTP 403'); },
    });
    await expect(handler(event('Create'))).resolves.toBe('RESPONSE_FAILED');
  });

  test('the module loads without the AWS SDK installed: the client is required on first use only', () => {
    expect(typeof handlerModule.handler).toBe('function');
  });
});
