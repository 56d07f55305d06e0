import { invalid } from '../errors';
import { assertInteger, assertUnique } from '../validate';
import { assertDuration, assertMatches, compact } from './checks';

/**
 * The shared Redis behind `BlobDescriptorCache.REDIS`. Use the
 * `allkeys-lru` eviction policy: the registry sets no expiry. The password
 * is best supplied at run time as `REGISTRY_REDIS_PASSWORD`.
 */
export interface RedisProps {
  /** `host:port` of each Redis node; the first one is the only one 2.8 uses. */
  readonly addresses: string[];
  /**
   * The Redis database number, 0 to 15.
   * @default - not written (0)
   */
  readonly db?: number;
  /**
   * How long to wait for a connection to a node (Go duration, e.g. `5s`).
   *
   * @default - not written (the client's default)
   */
  readonly dialTimeout?: string;
  /**
   * How long to wait for a reply (Go duration, e.g. `1s`).
   *
   * @default - not written (the client's default)
   */
  readonly readTimeout?: string;
  /**
   * How long to wait for a command to be sent (Go duration, e.g. `1s`).
   *
   * @default - not written (the client's default)
   */
  readonly writeTimeout?: string;
}

export function renderRedis(redis: RedisProps): Record<string, unknown> {
  const addresses = redis.addresses ?? [];
  if (addresses.length === 0) {
    throw invalid('redis.addresses', addresses, 'at least one "host:port"');
  }
  addresses.forEach((a, i) => assertMatches(`redis.addresses[${i}]`, a, /^[A-Za-z0-9.-]+:\d{1,5}$/, 'a "host:port" address'));
  assertUnique('redis.addresses', addresses);
  if (redis.db !== undefined) {
    assertInteger('redis.db', redis.db, 0, 15);
  }
  for (const key of ['dialTimeout', 'readTimeout', 'writeTimeout'] as const) {
    if (redis[key] !== undefined) {
      assertDuration(`redis.${key}`, redis[key]);
    }
  }
  return compact({
    // 2.8 reads a single `addr`; 3.x reads the `addrs` list. Each ignores the other's key.
    addr: addresses[0],
    addrs: [...addresses],
    db: redis.db,
    dialtimeout: redis.dialTimeout,
    readtimeout: redis.readTimeout,
    writetimeout: redis.writeTimeout,
  });
}
