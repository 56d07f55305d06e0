import { createPrivateKey, createPublicKey, generateKeyPairSync, verify } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { requireBinaries } from '../../support/binaries';
import { runOk } from '../../support/processes';

/*
 * The custom resource handler of RegistryCdn, run in-process with a fake
 * Secrets Manager client and a captured CloudFormation response. The key it
 * makes is checked with Node and with the real openssl binary.
 */

interface SecretsManagerLike {
  putSecretValue(input: { SecretId: string; SecretString: string; ClientRequestToken?: string }): Promise<unknown>;
  getSecretValue(input: { SecretId: string; VersionId?: string }): Promise<{ SecretString?: string; VersionId?: string }>;
  describeSecret(input: { SecretId: string }): Promise<{ VersionIdsToStages?: Record<string, string[]> }>;
  updateSecretVersionStage(input: { SecretId: string; VersionStage: string; MoveToVersionId?: string; RemoveFromVersionId?: string }): Promise<unknown>;
}

interface CfnResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  NoEcho: boolean;
  Data?: { PublicKeyPem: string };
}

type Handler = (event: Record<string, unknown>, context?: Record<string, unknown>) => Promise<string>;

interface HandlerModule {
  createHandler(deps: { secretsManager?: SecretsManagerLike; respond?: (event: unknown, response: CfnResponse) => Promise<void> }): Handler;
  handler: Handler;
  PKCS1_HEADER: string;
}

// Plain CommonJS, shipped as is: loaded the way Lambda loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const handlerModule: HandlerModule = require('../../../lib/aws/self-hosted/handlers/cdn-key-pair/index.js');

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:dev-registry-cdn-key-AbCdEf';
const OTHER_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:other-AbCdEf';

function notFound(message: string): Error {
  return Object.assign(new Error(message), { name: 'ResourceNotFoundException' });
}

/**
 * An in-memory Secrets Manager with versions and the two staging labels the
 * handler relies on, behaving like the service: a new version takes
 * AWSCURRENT and the old current one AWSPREVIOUS; a token reused with other
 * data is refused; moving AWSCURRENT away requires naming its holder.
 */
class FakeSecretsManager implements SecretsManagerLike {
  public readonly calls: string[] = [];
  public failPut?: Error;
  private readonly versions = new Map<string, Map<string, { value: string; stages: string[] }>>();

  /** The current private key of a secret. */
  public current(secretId: string): string | undefined {
    return [...(this.versions.get(secretId)?.values() ?? [])].find((v) => v.stages.includes('AWSCURRENT'))?.value;
  }

  /** Replaces the value of a stored version, as an operator with console access could. */
  public tamper(secretId: string, versionId: string, value: string): void {
    this.versions.get(secretId)!.get(versionId)!.value = value;
  }

  public async putSecretValue(input: { SecretId: string; SecretString: string; ClientRequestToken?: string }): Promise<unknown> {
    this.calls.push(`put ${input.SecretId} ${input.ClientRequestToken}`);
    if (this.failPut) {
      throw this.failPut;
    }
    const versionId = input.ClientRequestToken ?? `generated-${this.calls.length}`;
    expect(versionId.length).toBeGreaterThanOrEqual(32);
    expect(versionId.length).toBeLessThanOrEqual(64);
    const versions = this.versions.get(input.SecretId) ?? new Map();
    this.versions.set(input.SecretId, versions);
    const existing = versions.get(versionId);
    if (existing) {
      if (existing.value !== input.SecretString) {
        throw Object.assign(new Error('You can\'t modify an existing version, you can only create a new version.'), { name: 'ResourceExistsException' });
      }
      return { VersionId: versionId };
    }
    this.moveCurrent(versions, versionId, { value: input.SecretString, stages: [] });
    return { VersionId: versionId };
  }

  public async getSecretValue(input: { SecretId: string; VersionId?: string }): Promise<{ SecretString?: string; VersionId?: string }> {
    this.calls.push(`get ${input.SecretId} ${input.VersionId ?? 'AWSCURRENT'}`);
    const versions = [...(this.versions.get(input.SecretId)?.entries() ?? [])];
    const found = versions.find(([id, v]) => (input.VersionId ? id === input.VersionId : v.stages.includes('AWSCURRENT')));
    if (!found) {
      throw notFound(`Secrets Manager can't find the specified secret value for VersionId: ${input.VersionId}`);
    }
    return { SecretString: found[1].value, VersionId: found[0] };
  }

  public async describeSecret(input: { SecretId: string }): Promise<{ VersionIdsToStages?: Record<string, string[]> }> {
    this.calls.push(`describe ${input.SecretId}`);
    const versions = [...(this.versions.get(input.SecretId)?.entries() ?? [])].filter(([, v]) => v.stages.length > 0);
    return versions.length === 0 ? {} : { VersionIdsToStages: Object.fromEntries(versions.map(([id, v]) => [id, [...v.stages]])) };
  }

  public async updateSecretVersionStage(input: { SecretId: string; VersionStage: string; MoveToVersionId?: string; RemoveFromVersionId?: string }): Promise<unknown> {
    this.calls.push(`stage ${input.SecretId} ${input.VersionStage} ${input.RemoveFromVersionId} -> ${input.MoveToVersionId}`);
    expect(input.VersionStage).toBe('AWSCURRENT');
    const versions = this.versions.get(input.SecretId)!;
    const holder = [...versions.entries()].find(([, v]) => v.stages.includes('AWSCURRENT'))?.[0];
    if (holder !== input.RemoveFromVersionId) {
      throw Object.assign(new Error(`The staging label AWSCURRENT is currently attached to version ${holder}`), { name: 'InvalidParameterException' });
    }
    this.moveCurrent(versions, input.MoveToVersionId!, versions.get(input.MoveToVersionId!)!);
    return {};
  }

  private moveCurrent(versions: Map<string, { value: string; stages: string[] }>, versionId: string, target: { value: string; stages: string[] }): void {
    for (const v of versions.values()) {
      v.stages = v.stages.filter((stage) => stage !== 'AWSPREVIOUS');
      if (v.stages.includes('AWSCURRENT')) {
        v.stages = [...v.stages.filter((stage) => stage !== 'AWSCURRENT'), 'AWSPREVIOUS'];
      }
    }
    target.stages = [...target.stages.filter((stage) => stage !== 'AWSPREVIOUS'), 'AWSCURRENT'];
    versions.set(versionId, target);
  }
}

const VERSION_1 = 'registry-cdn-key-pair-version-0000001';
const VERSION_2 = 'registry-cdn-key-pair-version-0000002';

function event(requestType: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:handler',
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/signed',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/cdn/0a1b2c3d',
    RequestId: `request-${requestType}`,
    LogicalResourceId: 'CdnSigningKeyKeyPair2E244917',
    ResourceType: 'Custom::RegistryCdnKeyPair',
    ResourceProperties: { ServiceToken: 'token', SecretArn: SECRET_ARN, KeyVersion: '1' },
    ...extra,
  };
}

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

const logs: string[] = [];
beforeAll(() => {
  const capture = (...args: unknown[]) => { logs.push(args.map(String).join(' ')); };
  jest.spyOn(console, 'log').mockImplementation(capture);
  jest.spyOn(console, 'error').mockImplementation(capture);
});
afterAll(() => {
  jest.restoreAllMocks();
});

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

describe('the key pair with the real openssl', () => {
  const available = requireBinaries('cdn key pair (openssl)', ['openssl']);
  const maybe = available ? test : test.skip;
  let dir: string;
  let privateKeyFile: string;
  let publicKeyPem: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdn-key-pair-'));
    const sm = new FakeSecretsManager();
    const handler = handlerModule.createHandler({ secretsManager: sm, respond: async (_e, response) => { publicKeyPem = response.Data!.PublicKeyPem; } });
    // Fail here, with the reason, rather than in each test below.
    expect(await handler(event('Create'))).toBe('SUCCESS');
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    privateKeyFile = join(dir, 'cloudfront.pem');
    writeFileSync(privateKeyFile, sm.current(SECRET_ARN)!, { mode: 0o600 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // A generous deadline: these share the machine with the rest of the suite.
  const env = { PATH: process.env.PATH };
  const timeoutMs = 60_000;

  maybe('openssl accepts the private key as a consistent RSA key', async () => {
    const result = await runOk('openssl', ['rsa', '-in', privateKeyFile, '-check', '-noout'], { env, timeoutMs });
    expect(result.stdout).toMatch(/RSA key ok/);
    const text = await runOk('openssl', ['rsa', '-in', privateKeyFile, '-noout', '-text'], { env, timeoutMs });
    expect(text.stdout).toMatch(/Private-Key: \(2048 bit/);
  });

  maybe('openssl derives exactly the public key the handler returned', async () => {
    const result = await runOk('openssl', ['rsa', '-in', privateKeyFile, '-pubout'], { env, timeoutMs });
    expect(result.stdout).toBe(publicKeyPem);
  });

  maybe('a CloudFront-style policy signed by openssl verifies with the returned public key', async () => {
    // What the middleware signs: a canned policy for one blob URL (SHA-1 with RSA, as CloudFront requires).
    const policy = JSON.stringify({
      Statement: [{
        Resource: 'https://d111111abcdef8.cloudfront.net/docker/registry/v2/blobs/sha256/ab/ab12cd34/data',
        Condition: { DateLessThan: { 'AWS:EpochTime': 1767225600 } },
      }],
    });
    const policyFile = join(dir, 'policy.json');
    const signatureFile = join(dir, 'policy.sig');
    writeFileSync(policyFile, policy);
    await runOk('openssl', ['dgst', '-sha1', '-sign', privateKeyFile, '-out', signatureFile, policyFile], { env, timeoutMs });
    const signature = readFileSync(signatureFile);
    // CloudFront's URL-safe base64 (+ -> -, = -> _, / -> ~) survives the round trip.
    const urlSafe = signature.toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');
    const decoded = Buffer.from(urlSafe.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
    expect(verify('sha1', Buffer.from(policy), publicKeyPem, decoded)).toBe(true);
    expect(verify('sha1', Buffer.from(policy.replace('ab12cd34', 'ab12cd35')), publicKeyPem, decoded)).toBe(false);
  });
});
