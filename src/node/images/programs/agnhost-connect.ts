/**
 * `agnhost connect [--timeout=3s] [--protocol=tcp|udp] host:port`: exits 0 when the connection works; otherwise
 * exits 1 with stderr starting with UNKNOWN, TIMEOUT, DNS, REFUSED or OTHER, as upstream.
 */
import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { connect, isIP } from 'node:net';
import { parseGoDuration } from './go-duration.js';
import { type ParsedFlags, stringFlag } from './go-flags.js';

export const CONNECT_FLAGS = {
  timeout: 'duration',
  protocol: 'string',
  'udp-data': 'string',
  'sctp-data': 'string',
} as const;

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

function splitHostPort(dest: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(dest);
  if (!match) {
    fail(
      dest.includes(':')
        ? `UNKNOWN: address ${dest}: too many colons in address`
        : `UNKNOWN: address ${dest}: missing port in address`,
    );
  }
  return { host: match[1] ?? match[2] ?? '', port: Number(match[3]) };
}

async function resolve(host: string): Promise<string> {
  if (isIP(host) !== 0) return host;
  try {
    return (await lookup(host === '' ? 'localhost' : host)).address;
  } catch {
    return fail(`DNS: lookup ${host}: no such host`);
  }
}

function connectTcp(ip: string, port: number, timeoutMs: number): void {
  const socket = connect({ host: ip, port });
  const timer = timeoutMs > 0 ? setTimeout(() => fail('TIMEOUT'), timeoutMs) : undefined;
  socket.on('connect', () => {
    if (timer) clearTimeout(timer);
    socket.destroy();
    process.exit(0);
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNREFUSED') fail('REFUSED');
    if (err.code === 'ETIMEDOUT') fail('TIMEOUT');
    fail(`OTHER: dial tcp ${ip}:${port}: ${err.message}`);
  });
}

function connectUdp(ip: string, port: number, timeoutMs: number, data: string): void {
  const socket = createSocket(isIP(ip) === 6 ? 'udp6' : 'udp4');
  const remote = `${ip}:${port}`;
  if (timeoutMs > 0) setTimeout(() => fail(`TIMEOUT: read udp ${remote}: i/o timeout`), timeoutMs);
  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNREFUSED') fail(`REFUSED: read udp ${remote}: read: connection refused`);
    fail(`UNKNOWN: ${err.message}`);
  });
  socket.on('message', (msg) => {
    if (msg.length === 0) {
      fail('OTHER: No data received from the server. Cannot guarantee the server received the request.');
    }
    process.exit(0);
  });
  socket.connect(port, ip, () => socket.send(`${data}\n`));
}

export async function runConnect(flags: ParsedFlags): Promise<void> {
  const dest = flags.positional[0];
  if (flags.positional.length !== 1 || dest === undefined) {
    fail(`Error: accepts 1 arg(s), received ${flags.positional.length}`);
  }
  const timeoutText = stringFlag(flags, 'timeout', '0');
  const timeoutMs = parseGoDuration(timeoutText);
  if (timeoutMs === undefined) fail(`Error: invalid argument "${timeoutText}" for "--timeout" flag`);
  const protocol = stringFlag(flags, 'protocol', 'tcp');
  if (protocol !== '' && protocol !== 'tcp' && protocol !== 'udp') fail('Unsupported protocol');
  const { host, port } = splitHostPort(dest);
  const ip = await resolve(host);
  if (protocol === 'udp') connectUdp(ip, port, timeoutMs, stringFlag(flags, 'udp-data', 'hostname'));
  else connectTcp(ip, port, timeoutMs);
}
