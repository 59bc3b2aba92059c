/**
 * Test helpers: run a container of a built-in image as a real process on its own 127.244.x.y address, talk to
 * it, and make sure every process started is gone when the test file ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { after } from 'node:test';
import { createImageResolver } from '../image-resolver.js';

export interface RunningContainer {
  child: ChildProcess;
  ip: string;
  /** stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when `pattern` appears in the output (rejects after `timeoutMs`). */
  waitForOutput(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
});

let nextHost = Math.floor(Math.random() * 200);
/** A fresh loopback address in 127.244.200.0/21 (away from the agent's allocations). */
export function podIp(): string {
  nextHost = (nextHost + 1) % 2000;
  return `127.244.${200 + Math.floor(nextHost / 250)}.${(nextHost % 250) + 2}`;
}

/** A TCP port free on `ip` now. */
export function freePort(ip: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, ip, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface StartOptions {
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  ip?: string;
  cwd?: string;
  /** Spawn as this user and group id (tests of unprivileged behaviour). */
  uid?: number;
}

/** Resolves `image`, starts its process with POD_IP and HOSTNAME set, and tracks it for cleanup. */
export async function startContainer(image: string, options: StartOptions = {}): Promise<RunningContainer> {
  const ip = options.ip ?? podIp();
  const resolved = await createImageResolver().resolve(image);
  const spec = resolved.processFor({
    command: options.command,
    args: options.args,
    env: { POD_IP: ip, HOSTNAME: 'test-pod', ...options.env },
    cwd: options.cwd ?? process.cwd(),
  });
  const child = spawn(spec.file, spec.args, {
    env: spec.env,
    cwd: spec.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  running.add(child);
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const check of waiters) check();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    child,
    ip,
    output: () => text,
    exited,
    waitForOutput(pattern, timeoutMs = 10_000) {
      const matches = (): boolean => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
      return new Promise((resolve, reject) => {
        if (matches()) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${String(pattern)}; output so far:\n${text}`));
        }, timeoutMs);
        const check = (): void => {
          if (!matches()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        void exited.then(() => setTimeout(check, 50));
      });
    },
  };
}

/**
 * Resolves once process `pid` has gone idle (its CPU time unchanged over several polls): a program that prints
 * nothing at start (pause) has then loaded and installed its signal handlers. Node itself catches SIGTERM from
 * its first instant (to restore the terminal), so /proc's SigCgt cannot tell.
 */
export async function waitForIdle(pid: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let stable = 0;
  while (stable < 4) {
    if (Date.now() > deadline) throw new Error(`process ${pid} never went idle`);
    await new Promise((r) => setTimeout(r, 75));
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).split(') ')[1]?.split(' ') ?? [];
    const cpu = `${fields[11]}:${fields[12]}`;
    stable = cpu === last ? stable + 1 : 0;
    last = cpu;
  }
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request on a fresh connection (no keep-alive), e.g. `httpGet('127.244.1.2', 8080, '/hostname')`. */
export function httpGet(
  ip: string,
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: ip, port, path, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Polls `httpGet` until the server answers (it may still be starting). */
export async function waitForHttp(ip: string, port: number, path = '/', timeoutMs = 10_000): Promise<HttpAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await httpGet(ip, port, path);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Sends one datagram and resolves with the first reply. */
export function udpAsk(ip: string, port: number, message: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no UDP reply from ${ip}:${port}`));
    }, timeoutMs);
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg.toString('utf8'));
    });
    socket.on('error', () => {});
    socket.send(message, port, ip);
  });
}
