/** The HTTP endpoints of agnhost netexec (k/k test/images/agnhost/netexec), answering as the Go program does. */
import { spawn } from 'node:child_process';
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { mountsFromEnv, rewriteMountedPaths } from '../container-mounts.js';
import { dialHandler } from './agnhost-dial.js';
import { formatGoDuration, parseGoDuration } from './go-duration.js';
import { goJson, requestUrl, writeGo } from './go-http.js';
import { logPrintf } from './go-log.js';
import { type RequestHandler, remoteAddr } from './graceful-http.js';
import { containerHostname } from './program-env.js';

export interface NetexecState {
  /** A UDP server is up (what `/healthz` and `/readyz` report). */
  serverReady: boolean;
  /** SIGTERM was received: `/readyz` answers 503 from then on. */
  sigtermReceived: boolean;
  /** Graceful shutdown of the HTTP server within `timeoutMs`, then exit with `code` (`/exit`). */
  exit(code: number, timeoutMs: number): void;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Go's `time.Now().String()` in UTC: `2006-01-02 15:04:05.999999999 +0000 UTC m=+0.000000001`. */
function goNow(): string {
  const nowMs = performance.timeOrigin + performance.now();
  const d = new Date(Math.floor(nowMs));
  const nanos = String(Math.round((nowMs % 1000) * 1e6))
    .padStart(9, '0')
    .replace(/0+$/, '');
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${nanos ? `.${nanos}` : ''} ` +
    `+0000 UTC m=+${process.uptime().toFixed(9)}`
  );
}

/** Go's canonical header key: `x-forwarded-for` → `X-Forwarded-For`. */
const canonicalKey = (key: string): string =>
  key
    .toLowerCase()
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');

function headerHandler(req: IncomingMessage, res: ServerResponse): void {
  const key = requestUrl(req).searchParams.get('key') ?? '';
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = canonicalKey(req.rawHeaders[i] ?? '');
    if (name === 'Host') continue; // Go moves it to r.Host
    headers[name] ??= [];
    headers[name].push(req.rawHeaders[i + 1] ?? '');
  }
  if (key !== '') {
    logPrintf(`GET /header?key=${key}`);
    writeGo(res, 200, headers[canonicalKey(key)]?.[0] ?? '');
    return;
  }
  logPrintf('GET /header');
  writeGo(res, 200, goJson(headers));
}

function echoHandler(req: IncomingMessage, res: ServerResponse): void {
  const query = requestUrl(req).searchParams;
  const msg = query.get('msg') ?? '';
  const code = query.get('code') ?? '';
  logPrintf(`GET /echo?msg=${msg}&code=${code}`);
  if (code !== '' && !/^[-+]?\d+$/.test(code)) {
    writeGo(res, 200, `argument 'code' must be an integer or empty, got ${JSON.stringify(code)}\n`);
    return;
  }
  writeGo(res, code === '' ? 200 : Number(code), msg);
}

function redirectHandler(req: IncomingMessage, res: ServerResponse): void {
  const query = requestUrl(req).searchParams;
  const location = query.get('location') ?? '';
  const code = query.get('code') ?? '';
  logPrintf(`${req.method} /redirect?msg=${location}&code=${code}`);
  if (code !== '' && !/^[-+]?\d+$/.test(code)) {
    writeGo(res, 200, `argument 'code' must be an integer or empty, got ${JSON.stringify(code)}\n`);
    return;
  }
  const status = code === '' ? 302 : Number(code);
  res.setHeader('Location', location);
  if (req.method === 'GET' || req.method === 'HEAD') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    writeGo(res, status, `<a href="${location.replace(/"/g, '&#34;')}">${STATUS_CODES[status] ?? ''}</a>.\n\n`);
    return;
  }
  writeGo(res, status);
}

/** Runs `/bin/sh -c cmd` with stdout and stderr combined, as Go's CombinedOutput. */
function runShell(cmd: string): Promise<{ output: string; error: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn('/bin/sh', ['-c', rewriteMountedPaths(cmd, mountsFromEnv(process.env))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (err) => resolve({ output: '', error: `fork/exec /bin/sh: ${err.message}` }));
    child.on('close', (code, signal) => {
      const error = signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : code ? `exit status ${code}` : '';
      resolve({ output: Buffer.concat(chunks).toString('utf8'), error });
    });
  });
}

async function shellHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const query = requestUrl(req).searchParams;
  const cmd = query.get('shellCommand') || query.get('cmd') || '';
  logPrintf(`GET /shell?cmd=${cmd}`);
  const { output, error } = await runShell(cmd);
  const result: Record<string, string> = {};
  if (output !== '') result.output = output;
  if (error !== '') result.error = error;
  logPrintf(
    `Output: map[${Object.keys(result)
      .sort()
      .map((k) => `${k}:${result[k]}`)
      .join(' ')}]`,
  );
  writeGo(res, 200, goJson(result));
}

function exitHandler(state: NetexecState): RequestHandler {
  return async (req, res) => {
    const query = requestUrl(req).searchParams;
    const waitText = query.get('wait') ?? '';
    const timeoutText = query.get('timeout') ?? '';
    const codeText = query.get('code') ?? '';
    logPrintf(`GET /exit?code=${codeText}&timeout=${timeoutText}&wait=${waitText}`);
    const timeout = timeoutText === '' ? 0 : parseGoDuration(timeoutText);
    if (timeout === undefined) {
      return writeGo(res, 200, `argument 'timeout' must be a valid golang duration or empty, got "${timeoutText}"\n`);
    }
    const wait = waitText === '' ? 0 : parseGoDuration(waitText);
    if (wait === undefined) {
      return writeGo(res, 200, `argument 'wait' must be a valid golang duration or empty, got "${waitText}"\n`);
    }
    if (codeText !== '' && !/^[-+]?\d+$/.test(codeText)) {
      return writeGo(res, 200, `argument 'code' must be an integer [0-127] or empty, got "${codeText}"\n`);
    }
    const code = codeText === '' ? 0 : Number(codeText);
    logPrintf(
      `Will begin shutdown in ${formatGoDuration(wait)}, allowing ${formatGoDuration(timeout)} for connections to close, then will exit with ${code}`,
    );
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (timeout <= 0) process.exit(code);
    writeGo(res, 200);
    state.exit(code, timeout);
  };
}

/** The netexec routes; `state` is shared with the UDP server and the signal handling. */
export function netexecRoutes(state: NetexecState): Record<string, RequestHandler> {
  const hostname: RequestHandler = (req, res) => {
    logPrintf(`GET ${requestUrl(req).pathname}`);
    writeGo(res, 200, containerHostname());
  };
  return {
    '/': (_req, res) => {
      logPrintf('GET /');
      writeGo(res, 200, `NOW: ${goNow()}`);
    },
    '/clientip': (req, res) => {
      logPrintf('GET /clientip');
      writeGo(res, 200, remoteAddr(req));
    },
    '/header': headerHandler,
    '/dial': dialHandler,
    '/echo': echoHandler,
    '/exit': exitHandler(state),
    '/healthz': (_req, res) => {
      logPrintf('GET /healthz');
      writeGo(res, state.serverReady ? 200 : 412);
    },
    '/readyz': (_req, res) => {
      logPrintf('GET /readyz');
      if (state.sigtermReceived) return writeGo(res, 503, 'shutting down');
      if (state.serverReady) return writeGo(res, 200, 'ok');
      writeGo(res, 412);
    },
    '/hostname': hostname,
    '/hostName': hostname,
    '/redirect': redirectHandler,
    '/shell': shellHandler,
    '/shutdown': () => {
      logPrintf('GET /shutdown');
      process.exit(0);
    },
    '/upload': (_req, res) => {
      logPrintf('GET /upload');
      writeGo(res, 200, '{"error":"Unable to upload file."}');
    },
  };
}
