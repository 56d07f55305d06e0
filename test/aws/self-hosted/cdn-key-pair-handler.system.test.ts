import { verify } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { requireBinaries } from '../../support/binaries';
import { runOk } from '../../support/processes';
import { captureLogs, event, FakeSecretsManager, handlerModule, SECRET_ARN } from './cdn-key-pair-handler-harness';

/*
 * The key pair RegistryCdn's handler makes, checked with the real openssl
 * binary. In the system tier because openssl is a program; the handler's
 * behaviour is in cdn-key-pair-handler.test.ts.
 */

captureLogs();

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
