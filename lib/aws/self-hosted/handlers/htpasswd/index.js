'use strict';
/*
 * CloudFormation custom resource of `HtpasswdUsers`: reads each registry
 * user's generated password from Secrets Manager, bcrypt-hashes it and writes
 * the whole htpasswd file into one secret that the registry's ECS task reads.
 *
 * Plain CommonJS, no build step: it runs as shipped on the Lambda Node.js
 * runtime. `bcryptjs` is staged next to this file as `node_modules/bcryptjs`
 * (see htpasswd-users.ts); in this repository's tests the same `require`
 * finds the installed package. The AWS SDK comes from the Lambda runtime and
 * is required lazily, so that tests can inject a fake store instead.
 *
 * Nothing here may log or report password or hash material: error messages
 * name users and secret ARNs only, and the event (whose ResponseURL lets
 * anyone answer for this resource) is never logged whole.
 */
const http = require('http');
const https = require('https');
const bcrypt = require('bcryptjs');

/** Same grammar as the construct checks at synthesis; checked again because properties can be edited in a template. */
const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MIN_COST = 10;
const MAX_COST = 14;
/** Time kept back to report a failure before Lambda stops the function (CloudFormation would otherwise wait for the service timeout). */
const RESPONSE_RESERVE_MS = 10_000;
const MAX_REASON_LENGTH = 1_000;

let defaultStore;

/** Lambda entry point. */
exports.handler = async (event, context) => {
  if (defaultStore === undefined) {
    defaultStore = awsSecretsStore();
  }
  return handle(event, context, { secrets: defaultStore, respond });
};

/**
 * Runs one request and always answers CloudFormation, with SUCCESS or
 * FAILED, so that a failure fails the stack operation instead of hanging it.
 * Returns the response sent (for tests).
 */
async function handle(event, context, deps) {
  let response;
  try {
    const result = await withDeadline(onEvent(event, deps.secrets), deadlineOf(context));
    response = { Status: 'SUCCESS', PhysicalResourceId: result.physicalResourceId, Data: result.data };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ level: 'ERROR', requestType: event.RequestType, message }));
    const where = context && context.logStreamName ? ` (log stream ${context.logStreamName})` : '';
    response = {
      Status: 'FAILED',
      Reason: `${message.slice(0, MAX_REASON_LENGTH)}${where}`,
      // A failed create still needs an id; the Delete that rollback sends for it is a no-op.
      PhysicalResourceId: event.PhysicalResourceId || 'htpasswd-not-created',
      Data: {},
    };
  }
  await deps.respond(event, response);
  return response;
}

/**
 * Create and Update write the htpasswd secret; Delete does nothing.
 *
 * Delete is a no-op on purpose: the htpasswd secret is its own
 * CloudFormation resource with the environment's removal policy, and when
 * this resource is replaced CloudFormation deletes the old one *after* the
 * new one has written the file, so clearing it here would lock every user out.
 */
async function onEvent(event, secrets) {
  const requestType = event && event.RequestType;
  if (requestType === 'Delete') {
    log({ requestType, action: 'none' });
    return { physicalResourceId: event.PhysicalResourceId, data: {} };
  }
  if (requestType !== 'Create' && requestType !== 'Update') {
    throw new Error(`RequestType: expected "Create", "Update" or "Delete", got ${JSON.stringify(requestType)}`);
  }
  const spec = parseProperties(event.ResourceProperties);
  const users = [];
  // One at a time: a handful of users, and it keeps the API call rate low.
  for (const user of spec.users) {
    const secret = await secrets.getSecretValue(user.passwordSecretArn);
    users.push({ name: user.name, password: passwordOf(secret.secretString, user) });
  }

  // Rewriting creates a new secret version and new salts, which would make
  // the registry's tasks see a change; keep the current file when every
  // user still verifies against it at the wanted cost.
  const current = await secrets.getSecretValue(spec.htpasswdSecretArn);
  const data = { SecretArn: spec.htpasswdSecretArn };
  if (await htpasswdMatches(current.secretString, users, spec.cost)) {
    log({ requestType, action: 'unchanged', users: users.map((u) => u.name), cost: spec.cost });
    return { physicalResourceId: spec.htpasswdSecretArn, data: { ...data, VersionId: String(current.versionId) } };
  }
  const content = await htpasswdContent(users, spec.cost);
  const written = await secrets.putSecretValue(spec.htpasswdSecretArn, content);
  log({ requestType, action: 'written', users: users.map((u) => u.name), cost: spec.cost });
  return { physicalResourceId: spec.htpasswdSecretArn, data: { ...data, VersionId: String(written.versionId) } };
}

/** Checks the resource properties (CloudFormation passes every scalar as a string). */
function parseProperties(props) {
  if (props === null || typeof props !== 'object') {
    throw new Error('ResourceProperties: expected an object, got none');
  }
  const htpasswdSecretArn = props.HtpasswdSecretArn;
  if (typeof htpasswdSecretArn !== 'string' || htpasswdSecretArn === '') {
    throw new Error(`HtpasswdSecretArn: expected a secret ARN, got ${JSON.stringify(htpasswdSecretArn)}`);
  }
  const cost = Number(props.BcryptCost);
  if (!Number.isInteger(cost) || cost < MIN_COST || cost > MAX_COST) {
    throw new Error(`BcryptCost: expected a whole number from ${MIN_COST} to ${MAX_COST}, got ${JSON.stringify(props.BcryptCost)}`);
  }
  if (!Array.isArray(props.Users) || props.Users.length === 0) {
    throw new Error(`Users: expected a non-empty list, got ${JSON.stringify(props.Users)}`);
  }
  const seen = new Set();
  const users = props.Users.map((user, index) => {
    const name = user && user.Name;
    if (typeof name !== 'string' || !USER_NAME.test(name)) {
      throw new Error(`Users[${index}].Name: expected a user name matching ${USER_NAME}, got ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) {
      throw new Error(`Users[${index}].Name: expected a user not already listed, got ${JSON.stringify(name)}`);
    }
    seen.add(name);
    const passwordSecretArn = user.PasswordSecretArn;
    if (typeof passwordSecretArn !== 'string' || passwordSecretArn === '') {
      throw new Error(`Users[${index}].PasswordSecretArn: expected a secret ARN, got ${JSON.stringify(passwordSecretArn)}`);
    }
    return { name, passwordSecretArn };
  });
  return { htpasswdSecretArn, cost, users };
}

/**
 * The password from a user's secret `{"username": ..., "password": ...}`.
 * Messages never quote the secret: even JSON.parse's own message would.
 */
function passwordOf(secretString, user) {
  const what = `secret ${user.passwordSecretArn} of user "${user.name}"`;
  let parsed;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object') {
    throw new Error(`${what}: expected a JSON object with "username" and "password"`);
  }
  if (parsed.username !== user.name) {
    throw new Error(`${what}: expected "username" to be "${user.name}", got ${JSON.stringify(parsed.username)}`);
  }
  const password = parsed.password;
  if (typeof password !== 'string' || password === '') {
    throw new Error(`${what}: expected a non-empty string in "password"`);
  }
  // bcrypt ignores everything after 72 bytes: a longer password would
  // silently accept any string sharing its first 72 bytes.
  if (bcrypt.truncates(password)) {
    throw new Error(`${what}: expected a password of at most 72 bytes (bcrypt ignores the rest)`);
  }
  return password;
}

/** The htpasswd file: `user:$2b$...` lines sorted by user name, with a trailing newline. */
async function htpasswdContent(users, cost) {
  const sorted = sortedByName(users);
  const lines = [];
  for (const user of sorted) {
    lines.push(`${user.name}:${await bcrypt.hash(user.password, cost)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Whether `content` is the htpasswd file of exactly `users`, hashed at `cost`, with their current passwords. */
async function htpasswdMatches(content, users, cost) {
  if (typeof content !== 'string' || !content.endsWith('\n')) {
    return false;
  }
  const lines = content.slice(0, -1).split('\n');
  const sorted = sortedByName(users);
  if (lines.length !== sorted.length) {
    return false;
  }
  for (let i = 0; i < sorted.length; i++) {
    const prefix = `${sorted[i].name}:`;
    if (!lines[i].startsWith(prefix)) {
      return false;
    }
    const hash = lines[i].slice(prefix.length);
    if (!/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(hash) || bcrypt.getRounds(hash) !== cost) {
      return false;
    }
    if (!(await bcrypt.compare(sorted[i].password, hash))) {
      return false;
    }
  }
  return true;
}

/** Sorted by UTF-16 code units, not locale, so that the order is the same everywhere. */
function sortedByName(users) {
  return [...users].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The store this handler needs, made from the SDK module (injected in tests) and a client. */
function secretsStoreFrom(sdk, client) {
  const secretsManager = client || new sdk.SecretsManagerClient({});
  return {
    async getSecretValue(secretId) {
      const out = await secretsManager.send(new sdk.GetSecretValueCommand({ SecretId: secretId }));
      return { secretString: out.SecretString, versionId: out.VersionId };
    },
    async putSecretValue(secretId, secretString) {
      const out = await secretsManager.send(new sdk.PutSecretValueCommand({ SecretId: secretId, SecretString: secretString }));
      return { versionId: out.VersionId };
    },
  };
}

/**
 * The Lambda runtime ships SDK v3; this repository does not install it. It
 * is required on first use, inside a request, so that even a missing SDK is
 * reported to CloudFormation as a failure instead of leaving the stack waiting.
 */
function awsSecretsStore() {
  let store;
  const real = () => {
    store = store || secretsStoreFrom(require('@aws-sdk/client-secrets-manager'));
    return store;
  };
  return {
    getSecretValue: (secretId) => real().getSecretValue(secretId),
    putSecretValue: (secretId, secretString) => real().putSecretValue(secretId, secretString),
  };
}

/** The time left before Lambda stops the function, less the time to report. */
function deadlineOf(context) {
  if (!context || typeof context.getRemainingTimeInMillis !== 'function') {
    return undefined;
  }
  return Math.max(context.getRemainingTimeInMillis() - RESPONSE_RESERVE_MS, 1_000);
}

/** bcryptjs's async functions yield between rounds, so this timer can fire during hashing. */
function withDeadline(promise, ms) {
  if (ms === undefined) {
    return promise;
  }
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms (lower bcryptCost, fewer users, or more memory)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends the response to the pre-signed URL CloudFormation gave. Plain http
 * is accepted on loopback only, for tests; CloudFormation's URLs are https.
 */
function respond(event, response) {
  const body = JSON.stringify({
    Status: response.Status,
    Reason: response.Reason,
    PhysicalResourceId: response.PhysicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: response.Data,
  });
  const url = new URL(event.ResponseURL);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return Promise.reject(new Error(`ResponseURL: expected an https URL, got protocol ${url.protocol}`));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: 'PUT',
      // S3 pre-signed URLs are signed for an empty content type.
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
      timeout: 10_000,
    }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode >= 200 && res.statusCode < 300) {
          resolve();
        } else {
          reject(new Error(`CloudFormation response rejected with HTTP ${res.statusCode}`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('CloudFormation response timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

function log(fields) {
  console.log(JSON.stringify({ level: 'INFO', ...fields }));
}

exports.handle = handle;
exports.onEvent = onEvent;
exports.respond = respond;
exports.htpasswdContent = htpasswdContent;
exports.htpasswdMatches = htpasswdMatches;
exports.secretsStoreFrom = secretsStoreFrom;
