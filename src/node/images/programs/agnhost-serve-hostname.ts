/**
 * `agnhost serve-hostname`: serves the hostname over HTTP (default), raw TCP (`--tcp`) or UDP (`--udp`) on
 * `--port` (9376); `--close` adds `Connection: close`. On SIGTERM it logs and keeps serving for 60 s, waiting
 * for the pod to be deleted, then exits 0 — as upstream does.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { boolFlag, intFlag, type ParsedFlags } from './go-flags.js';
import { writeGo } from './go-http.js';
import { logFatal, logPrintf } from './go-log.js';
import { listenHttp, type RequestHandler, remoteAddr } from './graceful-http.js';
import { bindHost, containerHostname, joinHostPort } from './program-env.js';

export const SERVE_HOSTNAME_FLAGS = { tcp: 'bool', udp: 'bool', http: 'bool', close: 'bool', port: 'int' } as const;

/** How long upstream keeps serving after SIGTERM. */
export const SERVE_HOSTNAME_GRACE_MS = 60_000;

export async function runServeHostname(flags: ParsedFlags): Promise<void> {
  const doTcp = boolFlag(flags, 'tcp', false);
  const doUdp = boolFlag(flags, 'udp', false);
  const doHttp = boolFlag(flags, 'http', true);
  const doClose = boolFlag(flags, 'close', false);
  const port = intFlag(flags, 'port', 9376);
  if (doHttp && (doTcp || doUdp)) logFatal("Can't server TCP/UDP mode and HTTP mode at the same time");
  const hostname = containerHostname();
  const host = bindHost();
  let signalled = false;
  process.on('SIGTERM', () => {
    if (signalled) return;
    signalled = true;
    logPrintf('Shutting down after receiving signal: terminated.');
    logPrintf('Awaiting pod deletion.');
    setTimeout(() => process.exit(0), SERVE_HOSTNAME_GRACE_MS);
  });
  if (doTcp) {
    const server = createServer((socket) => {
      logPrintf(`TCP request from ${joinHostPort(socket.remoteAddress ?? '', socket.remotePort ?? 0)}`);
      socket.on('error', () => {});
      socket.end(hostname);
    });
    await new Promise<void>((resolve) => {
      server.once('error', (err) => logFatal(`Error from net.Listen(): ${err.message}`));
      server.listen({ host, port, exclusive: true }, resolve);
    });
  }
  if (doUdp) {
    const socket = createSocket('udp4');
    socket.on('message', (_msg, rinfo) => {
      logPrintf(`UDP request from ${joinHostPort(rinfo.address, rinfo.port)}`);
      socket.send(hostname, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => {
      socket.once('error', (err) => logFatal(`Error from ListenUDP(): ${err.message}`));
      socket.bind(port, host, resolve);
    });
  }
  if (doHttp) {
    const handler: RequestHandler = (req, res) => {
      logPrintf(`HTTP request from ${remoteAddr(req)}`);
      if (doClose) res.setHeader('Connection', 'close');
      writeGo(res, 200, hostname);
    };
    await listenHttp(handler, host, port).catch((err: Error) => logFatal(`listen tcp :${port}: bind: ${err.message}`));
  }
  logPrintf(`Serving on port ${port}.`);
}
