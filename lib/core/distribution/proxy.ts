import { invalid } from '../errors';
import { assertDuration, assertHttpsUrl, assertNonEmpty, compact } from './checks';

/**
 * Pull-through cache mode (`proxy`). Pushes are refused in this mode, so
 * the builder also refuses `deleteEnabled` and `readOnly` with it.
 */
export interface ProxyProps {
  /** https:// URL of the upstream registry, e.g. `https://registry-1.docker.io`. */
  readonly remoteUrl: string;
  /**
   * Upstream user name. Needs the password, best supplied at run time as `REGISTRY_PROXY_PASSWORD`.
   * @default - anonymous upstream pulls
   */
  readonly username?: string;
  /**
   * Upstream password or token. Written into the file; prefer `passwordFromEnvironment`.
   * @default - none written
   */
  readonly password?: string;
  /**
   * The password is supplied at run time as `REGISTRY_PROXY_PASSWORD`.
   * @default false
   */
  readonly passwordFromEnvironment?: boolean;
  /**
   * How long cached content is kept (Go duration, distribution 3.x; 2.8 ignores it and keeps 168h).
   * @default - not written (168h)
   */
  readonly ttl?: string;
}

export function renderProxy(proxy: ProxyProps): Record<string, unknown> {
  assertHttpsUrl('proxy.remoteUrl', proxy.remoteUrl);
  const fromEnv = proxy.passwordFromEnvironment ?? false;
  if (proxy.password !== undefined && fromEnv) {
    throw invalid('proxy.passwordFromEnvironment', fromEnv, 'false when proxy.password is set (one source for the password)');
  }
  const hasPassword = proxy.password !== undefined || fromEnv;
  if (proxy.username !== undefined) {
    assertNonEmpty('proxy.username', proxy.username);
    if (!hasPassword) {
      throw invalid('proxy.password', undefined, 'a password (or passwordFromEnvironment) when proxy.username is set');
    }
  } else if (hasPassword) {
    throw invalid('proxy.username', undefined, 'a user name when a password is given');
  }
  if (proxy.password !== undefined) {
    assertNonEmpty('proxy.password', proxy.password);
  }
  if (proxy.ttl !== undefined) {
    assertDuration('proxy.ttl', proxy.ttl);
  }
  return compact({
    remoteurl: proxy.remoteUrl,
    username: proxy.username,
    password: proxy.password,
    ttl: proxy.ttl,
  });
}
