/** Asking a cluster's API server whether it is ready: `GET /readyz` over HTTPS, trusting only the cluster CA. */
import { request } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ApiCredentials {
  /** `https://127.0.0.1:<port>` */
  url: string;
  caCertPem: string;
  token: string;
}

/** One probe: true when /readyz answers 200 within `timeoutMs`; false on any other answer or error. */
export function probeReady(api: ApiCredentials, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const req = request(
      new URL('/readyz', api.url),
      {
        method: 'GET',
        ca: api.caCertPem,
        headers: { authorization: `Bearer ${api.token}`, accept: 'text/plain' },
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolvePromise(res.statusCode === 200));
        res.on('error', () => resolvePromise(false));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolvePromise(false));
    req.end();
  });
}

/**
 * Probes until ready or `timeoutMs` passes; `stillWorth()` returning false (the process serving the API died)
 * ends the wait early. Resolves true when ready.
 */
export async function waitForReady(
  api: () => Promise<ApiCredentials | undefined>,
  timeoutMs: number,
  stillWorth: () => boolean = () => true,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && stillWorth()) {
    const credentials = await api();
    if (credentials !== undefined && (await probeReady(credentials, Math.min(2000, deadline - Date.now()))))
      return true;
    await sleep(100);
  }
  return false;
}
