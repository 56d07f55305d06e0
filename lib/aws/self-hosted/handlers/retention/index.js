'use strict';
/*
 * The retention step of `RegistryGarbageCollection`'s maintenance window:
 * deletes, straight in the registry's S3 storage, the manifests the
 * environment's retention settings no longer keep (see retention.js), while
 * the registry is read-only. `registry garbage-collect` runs next and frees
 * their blobs.
 *
 * Plain CommonJS, no build step: it runs as shipped on the Lambda Node.js
 * runtime, whose AWS SDK is required lazily so that tests can inject a fake
 * `send` instead.
 *
 * Settings come from the function's environment, fixed at deployment, so
 * whoever may invoke it cannot widen what it deletes; the state machine
 * only passes the window's start time and where to continue.
 */
const { enforceRetention } = require('./retention');

/** Time kept back to answer before Lambda stops the function. */
const RESERVE_MS = 3 * 60 * 1000;
/** DeleteObjects takes at most 1,000 keys. */
const DELETE_BATCH = 1000;

let defaultSend;

/** Lambda entry point: `{ now, startAfter }` in, `{ done, next, summary }` out. */
exports.handler = async (event, context) => {
  if (defaultSend === undefined) {
    defaultSend = awsSend(require('@aws-sdk/client-s3'));
  }
  return handle(event, context, process.env, defaultSend);
};

/** Runs one invocation against a `send(commandName, input)` function (tests inject one). */
async function handle(event, context, env, send) {
  const settings = settingsFrom(env);
  const now = new Date(event && event.now);
  const remaining = context && typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  const result = await enforceRetention({
    store: s3Store(send, settings.bucket),
    rootDirectory: settings.rootDirectory,
    maxImageCount: settings.maxImageCount,
    untaggedRetentionDays: settings.untaggedRetentionDays,
    dryRun: settings.dryRun,
    now,
    startAfter: event && typeof event.startAfter === 'string' ? event.startAfter : undefined,
    deadline: remaining === undefined ? undefined : Date.now() + remaining - RESERVE_MS,
    log: (entry) => console.log(JSON.stringify({ level: 'INFO', message: settings.dryRun ? 'would delete' : 'deleted', ...entry })),
  });
  console.log(JSON.stringify({ level: 'INFO', message: 'retention pass', dryRun: settings.dryRun, ...result }));
  return result;
}

function settingsFrom(env) {
  const whole = (name) => {
    const value = Number(env[name]);
    if (!/^[0-9]+$/.test(env[name] || '') || !Number.isSafeInteger(value)) {
      throw new Error(`${name}: expected a whole number, got ${JSON.stringify(env[name])}`);
    }
    return value;
  };
  if (!env.BUCKET_NAME) {
    throw new Error('BUCKET_NAME: expected the bucket name, got nothing');
  }
  if (env.DRY_RUN !== 'true' && env.DRY_RUN !== 'false') {
    throw new Error(`DRY_RUN: expected "true" or "false", got ${JSON.stringify(env.DRY_RUN)}`);
  }
  return {
    bucket: env.BUCKET_NAME,
    rootDirectory: env.ROOT_DIRECTORY || '',
    maxImageCount: whole('MAX_IMAGE_COUNT'),
    untaggedRetentionDays: whole('UNTAGGED_RETENTION_DAYS'),
    dryRun: env.DRY_RUN === 'true',
  };
}

/** `send(name, input)` over the AWS SDK v3 S3 client. */
function awsSend(sdk, client = new sdk.S3Client({})) {
  return (name, input) => client.send(new sdk[`${name}Command`](input));
}

/**
 * The storage operations retention.js needs, over S3. `deleteTree` removes
 * everything below a prefix, like the S3 driver's Delete of a path.
 */
function s3Store(send, bucket) {
  const pages = async (input, collect) => {
    let token;
    do {
      const page = await send('ListObjectsV2', { Bucket: bucket, ...input, ContinuationToken: token });
      collect(page);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  };
  const list = async (prefix) => {
    const objects = [];
    await pages({ Prefix: prefix }, (page) => {
      for (const object of page.Contents || []) {
        objects.push({ key: object.Key, lastModified: new Date(object.LastModified) });
      }
    });
    return objects;
  };
  return {
    list,
    async listDirectories(prefix) {
      const names = [];
      await pages({ Prefix: prefix, Delimiter: '/' }, (page) => {
        for (const common of page.CommonPrefixes || []) {
          names.push(common.Prefix.slice(prefix.length, -1));
        }
      });
      return names;
    },
    async read(key) {
      const object = await send('GetObject', { Bucket: bucket, Key: key });
      return object.Body.transformToString('utf-8');
    },
    async deleteTree(prefix) {
      if (!prefix.endsWith('/')) {
        throw new Error(`deleteTree: expected a prefix ending in "/", got ${JSON.stringify(prefix)}`);
      }
      const keys = (await list(prefix)).map((object) => object.key);
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH);
        const answer = await send('DeleteObjects', { Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } });
        if (answer.Errors && answer.Errors.length > 0) {
          const first = answer.Errors[0];
          throw new Error(`could not delete ${answer.Errors.length} of ${batch.length} objects under ${prefix}: ${first.Key}: ${first.Code} ${first.Message}`);
        }
      }
      return keys.length;
    },
  };
}

exports.handle = handle;
exports.s3Store = s3Store;
exports.awsSend = awsSend;
