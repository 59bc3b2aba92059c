/**
 * `agnhost netexec`: an HTTP server (`--http-port`, default 8080) with the test endpoints of
 * agnhost-netexec-routes.ts and a UDP server (`--udp-port`, default 8081, -1 disables) answering `hostname`,
 * `echo <msg>` and `clientip`. On SIGTERM `/readyz` turns 503 while it keeps serving for `--delay-shutdown`
 * seconds; then it stops gracefully (requests in flight finish) and exits 0.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { type NetexecState, netexecRoutes } from './agnhost-netexec-routes.js';
import { intFlag, type ParsedFlags, stringFlag } from './go-flags.js';
import { serveMux } from './go-http.js';
import { logFatal, logPrintf } from './go-log.js';
import { type GracefulServer, listenHttp, type RequestHandler } from './graceful-http.js';
import { bindHost, containerHostname, joinHostPort } from './program-env.js';

export const NETEXEC_FLAGS = {
  'http-port': 'int',
  'udp-port': 'int',
  'sctp-port': 'int',
  'tls-cert-file': 'string',
  'tls-private-key-file': 'string',
  'http-override': 'string',
  'udp-listen-addresses': 'string',
  'delay-shutdown': 'int',
} as const;

function udpReply(text: string, client: string): string | undefined {
  if (text === 'hostname') {
    logPrintf('Sending udp hostName response');
    return containerHostname();
  }
  if (text.startsWith('echo ')) {
    const reply = text.slice('echo '.length);
    logPrintf(`Echoing ${reply} to UDP client ${client}`);
    return reply;
  }
  if (text === 'clientip') {
    logPrintf(`Sending clientip back to UDP client ${client}`);
    return client;
  }
  if (text.length > 0) logPrintf(`Unknown UDP command received from ${client}: ${text}`);
  return undefined;
}

function startUdpServer(address: string, port: number, state: NetexecState): Socket {
  const socket = createSocket({ type: isIP(address) === 6 ? 'udp6' : 'udp4', reuseAddr: false });
  socket.on('error', (err) =>
    logFatal(`Error occurred: failed to create listener for UDP address ${address}:${err.message}`),
  );
  socket.on('message', (msg, rinfo) => {
    const client = joinHostPort(rinfo.address, rinfo.port);
    const reply = udpReply(msg.subarray(0, 2048).toString('utf8').trim().toLowerCase(), client);
    if (reply !== undefined) socket.send(reply, rinfo.port, rinfo.address);
  });
  socket.bind(port, address, () => {
    logPrintf(`Started UDP server on port ${address} ${port}`);
    state.serverReady = true;
  });
  return socket;
}

/** Runs netexec with parsed flags until SIGTERM (+ delay), `/exit` or `/shutdown`. */
export async function runNetexec(flags: ParsedFlags): Promise<void> {
  const httpPort = intFlag(flags, 'http-port', 8080);
  const udpPort = intFlag(flags, 'udp-port', 8081);
  const delayShutdown = intFlag(flags, 'delay-shutdown', 0);
  const override = stringFlag(flags, 'http-override', '');
  let server: GracefulServer | undefined;
  const udpSockets: Socket[] = [];
  const stopAndExit = (code: number, timeoutMs?: number): void => {
    for (const socket of udpSockets) socket.close();
    void (server?.shutdown(timeoutMs) ?? Promise.resolve()).then(() => {
      logPrintf('Graceful shutdown completed with: <nil>');
      process.exit(code);
    });
  };
  const state: NetexecState = { serverReady: false, sigtermReceived: false, exit: stopAndExit };
  process.on('SIGTERM', () => {
    if (state.sigtermReceived) return;
    state.sigtermReceived = true;
    if (delayShutdown > 0) logPrintf(`Sleeping ${delayShutdown} seconds before terminating...`);
    setTimeout(() => stopAndExit(0), Math.max(0, delayShutdown) * 1000);
  });

  const mux = serveMux(netexecRoutes(state));
  const handler: RequestHandler =
    override === ''
      ? mux
      : (req, res) => {
          req.url = override;
          req.method = 'GET';
          return mux(req, res);
        };

  if (udpPort !== -1) {
    const raw = stringFlag(flags, 'udp-listen-addresses', '');
    const addresses = raw === '' ? [bindHost()] : [...new Set(raw.split(','))].sort();
    for (const address of addresses) {
      if (isIP(address) === 0) logFatal(`parseAddress: invalid address ${address}`);
      udpSockets.push(startUdpServer(address, udpPort, state));
    }
  }
  if (intFlag(flags, 'sctp-port', -1) !== -1) logPrintf('SCTP is not supported by kubeling; --sctp-port ignored');
  if (stringFlag(flags, 'tls-cert-file', '') !== '') logPrintf('TLS is not supported by kubeling; serving plain HTTP');

  logPrintf(`Started HTTP server on port ${httpPort}`);
  try {
    server = await listenHttp(handler, bindHost(), httpPort);
  } catch (err) {
    logFatal(`listen tcp ${joinHostPort(bindHost(), httpPort)}: bind: ${(err as Error).message}`);
  }
}
