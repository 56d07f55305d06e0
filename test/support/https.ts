import * as http from 'http';
import * as https from 'https';

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface RequestOptions {
  readonly method?: string;
  /** PEM of the CA that signed the server certificate (https only). */
  readonly ca?: Buffer;
  /** `user:password` for basic authentication. */
  readonly auth?: string;
  readonly timeoutMs?: number;
}

/** One request with Node's own client, no keep-alive, bounded by a timeout. */
export function request(url: string, options: RequestOptions = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, {
      method: options.method ?? 'GET',
      agent: false,
      ca: options.ca,
      auth: options.auth,
      timeout: options.timeoutMs ?? 5_000,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 5_000} ms: ${url}`)));
    req.on('error', reject);
    req.end();
  });
}
