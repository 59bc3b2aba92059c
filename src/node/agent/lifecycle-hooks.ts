/**
 * postStart and preStop handlers (kubelet `lifecycle.HandlerRunner`): `exec` runs in the container and fails on
 * a non-zero exit; `httpGet` requests the pod IP (or `host`) on the port (named ports resolved from the
 * container) and fails only when the request does; `sleep` waits its seconds. Every handler is cut short at
 * `timeoutMs` or when `signal` aborts.
 */
import http from 'node:http';
import https from 'node:https';
import type { Container, LifecycleHandler } from 'kubernetes-types/core/v1.js';
import type { ExecResult } from './container-exec.js';

export interface HookTarget {
  podIP: string;
  container: Container;
  /** `<pod>_<namespace>(<uid>)`, for messages. */
  podDescription: string;
  exec(command: string[], timeoutMs: number): Promise<ExecResult>;
}

export class HookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookError';
  }
}

function resolvePort(port: number | string | undefined, container: Container): number {
  if (port === undefined || port === '') return 80;
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = container.ports?.find((p) => p.name === port);
  if (!named) throw new HookError(`couldn't find port: ${port} in ${container.name}`);
  return named.containerPort;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function httpGet(url: URL, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.get(url, { headers, timeout: timeoutMs, signal, rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => resolve());
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`Get "${url.href}": context deadline exceeded`)));
    req.on('error', reject);
  });
}

/** Runs one lifecycle handler; throws HookError with the kubelet's wording on failure. */
export async function runLifecycleHook(
  handler: LifecycleHandler,
  target: HookTarget,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const name = target.container.name;
  if (handler.exec) {
    const command = handler.exec.command ?? [];
    let result: ExecResult;
    try {
      result = await target.exec(command, timeoutMs);
    } catch (err) {
      throw new HookError(
        `Exec lifecycle hook (${JSON.stringify(command)}) for Container "${name}" in Pod "${target.podDescription}" failed - error: ${err instanceof Error ? err.message : String(err)}, message: ""`,
      );
    }
    if (result.exitCode !== 0) {
      throw new HookError(
        `Exec lifecycle hook (${JSON.stringify(command)}) for Container "${name}" in Pod "${target.podDescription}" failed - error: command '${command.join(' ')}' exited with ${result.exitCode}: ${result.output}, message: ${JSON.stringify(result.output)}`,
      );
    }
    return;
  }
  if (handler.httpGet) {
    const get = handler.httpGet;
    const scheme = (get.scheme ?? 'HTTP').toLowerCase();
    const host = get.host || target.podIP;
    const port = resolvePort(get.port, target.container);
    const path = (get.path ?? '').replace(/^\/?/, '/');
    const url = new URL(`${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${path}`);
    const headers: Record<string, string> = {};
    for (const h of get.httpHeaders ?? []) headers[h.name] = h.value;
    try {
      await httpGet(url, headers, timeoutMs, signal);
    } catch (err) {
      throw new HookError(
        `Http lifecycle hook (${get.path ?? ''}) for Container "${name}" in Pod "${target.podDescription}" failed - error: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return;
  }
  if (handler.sleep) {
    await sleep(Math.min(handler.sleep.seconds * 1000, timeoutMs), signal);
    return;
  }
  throw new HookError('Cannot run handler: invalid handler');
}
