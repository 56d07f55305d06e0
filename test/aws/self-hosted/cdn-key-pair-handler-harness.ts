/*
 * What the tests of RegistryCdn's key pair handler share: the handler
 * module, an in-memory Secrets Manager, the events CloudFormation sends and
 * the capture of the handler's logs. Used by cdn-key-pair-handler.test.ts
 * (the handler's behaviour) and cdn-key-pair-handler.system.test.ts (its key,
 * read by the real openssl).
 */

export interface SecretsManagerLike {
  putSecretValue(input: { SecretId: string; SecretString: string; ClientRequestToken?: string }): Promise<unknown>;
  getSecretValue(input: { SecretId: string; VersionId?: string }): Promise<{ SecretString?: string; VersionId?: string }>;
  describeSecret(input: { SecretId: string }): Promise<{ VersionIdsToStages?: Record<string, string[]> }>;
  updateSecretVersionStage(input: { SecretId: string; VersionStage: string; MoveToVersionId?: string; RemoveFromVersionId?: string }): Promise<unknown>;
}

export interface CfnResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  NoEcho: boolean;
  Data?: { PublicKeyPem: string };
}

export type Handler = (event: Record<string, unknown>, context?: Record<string, unknown>) => Promise<string>;

export interface HandlerModule {
  createHandler(deps: { secretsManager?: SecretsManagerLike; respond?: (event: unknown, response: CfnResponse) => Promise<void> }): Handler;
  handler: Handler;
  PKCS1_HEADER: string;
}

// Plain CommonJS, shipped as is: loaded the way Lambda loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const handlerModule: HandlerModule = require('../../../lib/aws/self-hosted/handlers/cdn-key-pair/index.js');

export const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:dev-registry-cdn-key-AbCdEf';

function notFound(message: string): Error {
  return Object.assign(new Error(message), { name: 'ResourceNotFoundException' });
}

/**
 * An in-memory Secrets Manager with versions and the two staging labels the
 * handler relies on, behaving like the service: a new version takes
 * AWSCURRENT and the old current one AWSPREVIOUS; a token reused with other
 * data is refused; moving AWSCURRENT away requires naming its holder.
 */
export class FakeSecretsManager implements SecretsManagerLike {
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

/** A CloudFormation custom resource event for the handler. */
export function event(requestType: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
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

/**
 * Captures console.log and console.error for the file (the handler logs each
 * request); returns what was logged, one entry a call.
 */
export function captureLogs(): string[] {
  const logs: string[] = [];
  beforeAll(() => {
    const capture = (...args: unknown[]) => { logs.push(args.map(String).join(' ')); };
    jest.spyOn(console, 'log').mockImplementation(capture);
    jest.spyOn(console, 'error').mockImplementation(capture);
  });
  afterAll(() => {
    jest.restoreAllMocks();
  });
  return logs;
}
