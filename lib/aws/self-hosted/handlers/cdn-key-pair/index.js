'use strict';
/*
 * Custom resource `Custom::RegistryCdnKeyPair`: the signing key pair of the
 * registry's `cloudfront` storage middleware.
 *
 * The private key goes straight into a Secrets Manager secret and never into
 * the response: custom resource attributes are readable by anyone who can
 * describe the stack. Only the public key (not secret) is returned, as the
 * `PublicKeyPem` attribute, for the CloudFront public key resource.
 *
 * Properties: `SecretArn` (the secret that receives the private key) and
 * `KeyVersion` (a new value generates a new pair: deploy-time rotation).
 *
 * Each pair is stored as the secret version whose id is derived from its
 * KeyVersion. A pair is generated only when that version does not exist
 * yet; otherwise the stored one is made current again and its public key
 * returned. So the pair stays stable across updates, a retried invocation
 * cannot replace a key CloudFormation has already seen, and a rollback of a
 * rotation gets the previous key back (CloudFront cannot change the key of
 * an existing public key, so a new one there would break the rollback).
 *
 * Plain CommonJS without dependencies: `@aws-sdk/client-secrets-manager`
 * comes with the Lambda Node.js runtime and is required lazily, so tests can
 * pass a fake client to `createHandler` without the SDK installed.
 */
const crypto = require('crypto');
const https = require('https');

/** The header of a PKCS#1 RSA key: the registry parses only this form (PKCS#8 makes it panic). */
const PKCS1_HEADER = '-----BEGIN RSA PRIVATE KEY-----';
/** CloudFront accepts RSA-2048 public keys only. */
const MODULUS_BITS = 2048;
/** CloudFormation rejects responses larger than 4096 bytes; reasons are cut well below that. */
const MAX_REASON_LENGTH = 1000;
/** Time kept back from the Lambda deadline to send a FAILED response instead of timing out silently. */
const DEADLINE_MARGIN_MS = 5000;
/** The staging label of the version the registry reads. */
const CURRENT = 'AWSCURRENT';
/** Secrets Manager version ids are 32 to 64 characters. */
const VERSION_ID_PREFIX = 'registry-cdn-key-pair-version-';

function generateKeyPair() {
  return crypto.generateKeyPairSync('rsa', {
    modulusLength: MODULUS_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
}

/** The SPKI PEM public key of a stored private key, after checking it is what the registry can load. */
function publicKeyOf(privateKeyPem, secretArn) {
  // Error messages name the secret, never its content.
  if (typeof privateKeyPem !== 'string' || !privateKeyPem.startsWith(PKCS1_HEADER)) {
    throw new Error(`secret ${secretArn} does not hold a PKCS#1 PEM private key; bump keyVersion to generate a new key pair`);
  }
  const privateKey = crypto.createPrivateKey(privateKeyPem);
  const details = privateKey.asymmetricKeyDetails || {};
  if (privateKey.asymmetricKeyType !== 'rsa' || details.modulusLength !== MODULUS_BITS) {
    throw new Error(`secret ${secretArn} does not hold an RSA-${MODULUS_BITS} key; bump keyVersion to generate a new key pair`);
  }
  return crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
}

/** A short, non-secret identifier of a public key: the first 16 hex digits of the SHA-256 of its DER form. */
function fingerprintOf(publicKeyPem) {
  const der = crypto.createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('hex').slice(0, 16);
}

const SECRET_ARN = { pattern: /^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, shape: 'a Secrets Manager secret ARN' };
const KEY_VERSION = { pattern: /^[1-9]\d{0,6}$/, shape: 'a whole number from 1 to 9999999, as a string' };

function requireProperty(properties, name, expected) {
  const value = properties[name];
  if (typeof value !== 'string' || !expected.pattern.test(value)) {
    throw new Error(`resource property ${name}: expected ${expected.shape}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The secret version id that holds the pair of `keyVersion`. */
function versionIdOf(keyVersion) {
  return `${VERSION_ID_PREFIX}${keyVersion.padStart(7, '0')}`;
}

function result(keyVersion, publicKeyPem) {
  return {
    // Changes with each new pair, so CloudFormation sends Delete for the old one (a no-op, see below).
    PhysicalResourceId: `cdn-key-pair-v${keyVersion}-${fingerprintOf(publicKeyPem)}`,
    Data: { PublicKeyPem: publicKeyPem },
  };
}

function isNotFound(error) {
  return Boolean(error) && (error.name === 'ResourceNotFoundException' || error.Code === 'ResourceNotFoundException');
}

/** The private key stored for `versionId`, or undefined when there is none. */
async function storedKey(secretArn, versionId, secretsManager) {
  try {
    const stored = await secretsManager.getSecretValue({ SecretId: secretArn, VersionId: versionId });
    return stored.SecretString;
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

/** Moves AWSCURRENT to `versionId` unless it is there already. */
async function makeCurrent(secretArn, versionId, secretsManager) {
  const description = await secretsManager.describeSecret({ SecretId: secretArn });
  const stages = description.VersionIdsToStages || {};
  const current = Object.keys(stages).find((id) => (stages[id] || []).includes(CURRENT));
  if (current === versionId) {
    return;
  }
  await secretsManager.updateSecretVersionStage({
    SecretId: secretArn,
    VersionStage: CURRENT,
    MoveToVersionId: versionId,
    RemoveFromVersionId: current,
  });
}

/** The pair of `keyVersion`: the stored one made current, or a new one stored as current. */
async function ensurePair(secretArn, keyVersion, secretsManager) {
  const versionId = versionIdOf(keyVersion);
  const existing = await storedKey(secretArn, versionId, secretsManager);
  if (existing !== undefined) {
    const publicKeyPem = publicKeyOf(existing, secretArn);
    await makeCurrent(secretArn, versionId, secretsManager);
    return result(keyVersion, publicKeyPem);
  }
  const pair = generateKeyPair();
  // A new version becomes AWSCURRENT; the one before keeps AWSPREVIOUS for a rollback.
  await secretsManager.putSecretValue({ SecretId: secretArn, SecretString: pair.privateKey, ClientRequestToken: versionId });
  return result(keyVersion, pair.publicKey);
}

/**
 * The outcome of one event, without sending it: `{ PhysicalResourceId, Data? }`.
 * Throws on failure; the message never contains key material.
 */
async function onEvent(event, secretsManager) {
  const properties = event.ResourceProperties || {};
  switch (event.RequestType) {
    case 'Create':
      return ensurePair(requireProperty(properties, 'SecretArn', SECRET_ARN), requireProperty(properties, 'KeyVersion', KEY_VERSION), secretsManager);
    case 'Update': {
      const secretArn = requireProperty(properties, 'SecretArn', SECRET_ARN);
      const keyVersion = requireProperty(properties, 'KeyVersion', KEY_VERSION);
      const old = event.OldResourceProperties || {};
      if (old.KeyVersion === keyVersion && old.SecretArn !== secretArn) {
        // A new, empty secret would get a new pair under an unchanged public
        // key resource, which CloudFront cannot update: ask for a rotation.
        throw new Error(`the secret changed from ${old.SecretArn} to ${secretArn} while keyVersion stayed ${keyVersion}; bump keyVersion to generate a new key pair for the new secret`);
      }
      return ensurePair(secretArn, keyVersion, secretsManager);
    }
    case 'Delete':
      // Nothing to undo: the secret is its own resource, and after a rotation
      // it already holds the new key, which must survive the old pair's Delete.
      return { PhysicalResourceId: event.PhysicalResourceId };
    default:
      throw new Error(`RequestType: expected Create, Update or Delete, got ${JSON.stringify(event.RequestType)}`);
  }
}

function defaultSecretsManager() {
  // Required on first use only: the SDK ships with the Lambda runtime, not with this package.
  // eslint-disable-next-line global-require, import/no-extraneous-dependencies
  const sdk = require('@aws-sdk/client-secrets-manager');
  const client = new sdk.SecretsManagerClient({});
  return {
    putSecretValue: (input) => client.send(new sdk.PutSecretValueCommand(input)),
    getSecretValue: (input) => client.send(new sdk.GetSecretValueCommand(input)),
    describeSecret: (input) => client.send(new sdk.DescribeSecretCommand(input)),
    updateSecretVersionStage: (input) => client.send(new sdk.UpdateSecretVersionStageCommand(input)),
  };
}

/** PUTs the response document to CloudFormation's pre-signed URL, with a few retries. */
async function sendToCloudFormation(event, response) {
  const body = JSON.stringify(response);
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await put(event.ResponseURL, body);
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  }
  throw lastError;
}

function put(url, body) {
  return new Promise((resolve, reject) => {
    const request = https.request(url, {
      method: 'PUT',
      // The pre-signed URL is signed for an empty content type.
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
      timeout: 10000,
    }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode >= 200 && res.statusCode < 300 ? resolve() : reject(new Error(`response upload returned HTTP ${res.statusCode}`))));
    });
    request.on('timeout', () => request.destroy(new Error('response upload timed out')));
    request.on('error', reject);
    request.end(body);
  });
}

function withDeadline(promise, context) {
  const remaining = context && typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  if (remaining === undefined) {
    return promise;
  }
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('the handler ran out of time')), Math.max(remaining - DEADLINE_MARGIN_MS, 0));
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Builds the Lambda handler. `deps.secretsManager` has `putSecretValue`,
 * `getSecretValue`, `describeSecret` and `updateSecretVersionStage`, each
 * taking the SDK v3 input and returning a promise of its output;
 * `deps.respond(event, response)` delivers the response document. Both
 * default to the real thing.
 */
function createHandler(deps = {}) {
  let secretsManager = deps.secretsManager;
  const respond = deps.respond || sendToCloudFormation;
  return async function handler(event, context) {
    // Logs identify the request only: the event holds no secret, but results may.
    console.log(JSON.stringify({ requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, requestId: event.RequestId }));
    let response;
    try {
      secretsManager = secretsManager || defaultSecretsManager();
      const outcome = await withDeadline(onEvent(event, secretsManager), context);
      response = { Status: 'SUCCESS', PhysicalResourceId: outcome.PhysicalResourceId, Data: outcome.Data };
    } catch (error) {
      const message = error && error.message ? String(error.message) : String(error);
      console.error(JSON.stringify({ failed: message }));
      const logStream = context && context.logStreamName ? ` (log stream ${context.logStreamName})` : '';
      response = {
        Status: 'FAILED',
        Reason: `${message}${logStream}`.slice(0, MAX_REASON_LENGTH),
        // A failed Create has no id yet; CloudFormation then sends Delete with this one, a no-op.
        PhysicalResourceId: event.PhysicalResourceId || `cdn-key-pair-failed-${event.LogicalResourceId}`,
      };
    }
    try {
      await respond(event, {
        ...response,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
        NoEcho: false,
      });
    } catch (error) {
      // Returning normally stops Lambda from retrying the whole event;
      // CloudFormation fails the resource at its service timeout instead.
      console.error(JSON.stringify({ responseNotDelivered: String(error && error.message ? error.message : error) }));
      return 'RESPONSE_FAILED';
    }
    return response.Status;
  };
}

module.exports = { handler: createHandler(), createHandler, onEvent, PKCS1_HEADER, MODULUS_BITS };
