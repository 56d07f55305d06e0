import { randomBytes } from 'crypto';

/*
 * What the htpasswd handler's tests share: the handler module, run
 * in-process against an in-memory Secrets Manager, and the events
 * CloudFormation sends it. Used by htpasswd-handler.test.ts (the handler's
 * behaviour) and htpasswd-handler.system.test.ts (its file, read by the real
 * tools).
 */

export interface SecretValue { secretString?: string; versionId?: string }
export interface SecretsStore {
  getSecretValue(secretId: string): Promise<SecretValue>;
  putSecretValue(secretId: string, secretString: string): Promise<{ versionId?: string }>;
}
export interface CfnResponse { Status: string; Reason?: string; PhysicalResourceId: string; Data: Record<string, string> }
export interface HandlerModule {
  handler(event: unknown, context: unknown): Promise<CfnResponse>;
  handle(event: unknown, context: unknown, deps: { secrets: SecretsStore; respond: (event: unknown, response: CfnResponse) => Promise<void> }): Promise<CfnResponse>;
  respond(event: unknown, response: CfnResponse): Promise<void>;
  htpasswdContent(users: Array<{ name: string; password: string }>, cost: number): Promise<string>;
  secretsStoreFrom(sdk: unknown, client?: unknown): SecretsStore;
}

// Plain CommonJS shipped as is, so loaded with require (no types to import).
export const handlerModule: HandlerModule = require('../../../lib/aws/self-hosted/handlers/htpasswd/index.js');

const ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:';
export const HTPASSWD_ARN = `${ARN}htpasswd-AbCdEf`;
export const passwordArn = (user: string) => `${ARN}password-${user}-AbCdEf`;

/** An in-memory Secrets Manager: versions are counted, calls recorded. */
export class FakeSecrets implements SecretsStore {
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
export function generatedPassword(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** A user's password secret, as the construct stores it. */
export function userSecret(username: string, password: string): string {
  return JSON.stringify({ username, password });
}

/** A CloudFormation custom resource event for the handler. */
export function event(requestType: string, users: string[], cost = 10, extra: Record<string, unknown> = {}): Record<string, unknown> {
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
export async function invoke(secrets: SecretsStore, body: Record<string, unknown>, context: unknown = {}): Promise<CfnResponse> {
  const sent: CfnResponse[] = [];
  const response = await handlerModule.handle(body, context, { secrets, respond: async (_, r) => { sent.push(r); } });
  expect(sent).toEqual([response]);
  return response;
}

/** Silences the handler's logs; undo with jest.restoreAllMocks(). */
export const quiet = () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
};
