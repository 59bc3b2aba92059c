/**
 * agnhost netexec's `/dial`: makes `tries` requests to `host:port` over HTTP (`GET http://host:port/<request>`) or
 * UDP (send `request`, read one datagram) with a 5 s limit each, and answers JSON `{"errors":[...],
 * "responses":[...]}` with Go's wording for failures.
 */
import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { get, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { goError, goJson, requestUrl, writeGo } from './go-http.js';
import { logPrintf } from './go-log.js';
import { joinHostPort } from './program-env.js';

const DIAL_TIMEOUT_MS = 5000;
const MAX_REDIRECTS = 10;

function httpFailure(url: string, hostPort: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `Get "${url}": dial tcp ${hostPort}: connect: connection refused`;
    case 'ETIMEDOUT':
      return `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
    case 'ECONNRESET':
      return `Get "${url}": read tcp ${hostPort}: read: connection reset by peer`;
    case 'EHOSTUNREACH':
      return `Get "${url}": dial tcp ${hostPort}: connect: no route to host`;
    default:
      return `Get "${url}": ${err.message}`;
  }
}

function httpGet(url: string, hostPort: string, deadline: number, redirects = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const timeout = (): NodeJS.ErrnoException => Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' });
    const req = get(url, { agent: false, timeout: Math.max(1, deadline - Date.now()) }, (res: IncomingMessage) => {
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location && redirects < MAX_REDIRECTS) {
        res.resume();
        const next = new URL(location, url).toString();
        httpGet(next, hostPort, deadline, redirects + 1).then(resolve, reject);
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', (err) => reject(new Error(httpFailure(url, hostPort, err))));
    });
    req.on('timeout', () => req.destroy(timeout()));
    req.on('error', (err: NodeJS.ErrnoException) => reject(new Error(httpFailure(url, hostPort, err))));
  });
}

function udpExchange(request: string, ip: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(ip) === 6 ? 'udp6' : 'udp4');
    const remote = joinHostPort(ip, port);
    let local = '';
    const finish = (err: Error | undefined, reply?: string): void => {
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(reply ?? '');
    };
    const timer = setTimeout(
      () => finish(new Error(`reading from udp connection failed. err:'read udp ${local}->${remote}: i/o timeout'`)),
      DIAL_TIMEOUT_MS,
    );
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const reason = err.code === 'ECONNREFUSED' ? 'read: connection refused' : err.message;
      finish(new Error(`reading from udp connection failed. err:'read udp ${local}->${remote}: ${reason}'`));
    });
    socket.on('message', (msg) => {
      if (msg.length === 0) {
        finish(new Error(`reading from udp connection failed. err:'<nil>'`));
        return;
      }
      finish(undefined, msg.toString('utf8'));
    });
    socket.connect(port, ip, () => {
      const address = socket.address();
      local = joinHostPort(address.address, address.port);
      socket.send(request, (err) => {
        if (err) finish(new Error(`udp connection write failed. err:${err.message}`));
      });
    });
  });
}

async function resolveHost(host: string): Promise<string> {
  if (isIP(host) !== 0) return host;
  const { address } = await lookup(host === '' ? 'localhost' : host);
  return address;
}

/** The `/dial` handler. */
export async function dialHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const query = requestUrl(req).searchParams;
  const host = query.get('host') ?? '';
  const port = query.get('port') ?? '';
  const request = query.get('request') ?? '';
  const protocol = (query.get('protocol') ?? '').toLowerCase();
  const tryParam = query.get('tries') ?? '';
  logPrintf(`GET /dial?host=${host}&protocol=${protocol}&port=${port}&request=${request}&tries=${tryParam}`);
  let tries = 1;
  if (tryParam !== '') {
    if (!/^[-+]?\d+$/.test(tryParam)) {
      return goError(res, `tries parameter is invalid. strconv.Atoi: parsing "${tryParam}": invalid syntax`, 400);
    }
    tries = Number(tryParam);
  }
  if (request === '') return goError(res, 'request parameter not specified. <nil>', 400);
  if (protocol !== '' && protocol !== 'http' && protocol !== 'udp') {
    return goError(res, `unsupported protocol. ${protocol}`, 400);
  }
  const portNumber = Number(port);
  if (!/^\d+$/.test(port) || portNumber > 65535) {
    return goError(res, `host and/or port param are invalid. address ${port}: invalid port`, 400);
  }
  let ip: string;
  try {
    ip = await resolveHost(host);
  } catch {
    return goError(res, `host and/or port param are invalid. lookup ${host}: no such host`, 400);
  }
  const hostPort = joinHostPort(ip, portNumber);
  const errors: string[] = [];
  const responses: string[] = [];
  let last = '';
  for (let i = 0; i < tries; i++) {
    try {
      last =
        protocol === 'udp'
          ? await udpExchange(request, ip, portNumber)
          : await httpGet(`http://${hostPort}/${request}`, hostPort, Date.now() + DIAL_TIMEOUT_MS);
      responses.push(last);
    } catch (err) {
      last = '';
      errors.push((err as Error).message);
    }
  }
  const output: Record<string, string[]> = {};
  if (last.length > 0) output.responses = responses;
  if (errors.length > 0) output.errors = errors;
  writeGo(res, 200, goJson(output));
}
