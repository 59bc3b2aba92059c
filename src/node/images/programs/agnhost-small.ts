/** The small agnhost subcommands: `pause`, `liveness`, `porter` and `entrypoint-tester`. */
import { createSocket } from 'node:dgram';
import { boolFlag, intFlag, type ParsedFlags } from './go-flags.js';
import { requestUrl, serveMux, writeGo } from './go-http.js';
import { logPrintf } from './go-log.js';
import { listenHttp, serveUntilSignalled } from './graceful-http.js';
import { bindHost } from './program-env.js';

export const PAUSE_FLAGS = { 'delay-shutdown': 'int' } as const;
export const PORTER_FLAGS = { 'json-response': 'bool' } as const;

/** `agnhost pause`: prints `Paused`; exits 2 on SIGTERM and 1 on SIGINT (after `--delay-shutdown` seconds). */
export function runPause(flags: ParsedFlags): void {
  const delay = intFlag(flags, 'delay-shutdown', 0);
  const keepAlive = setInterval(() => {}, 1 << 30);
  let done = false;
  const finish = (code: number): void => {
    if (done) return;
    done = true;
    if (delay > 0) process.stdout.write(`Sleeping ${delay} seconds before exit ...`);
    setTimeout(() => {
      clearInterval(keepAlive);
      process.stdout.write(`exiting ${code}\n`);
      process.exit(code);
    }, delay * 1000);
  };
  process.on('SIGINT', () => finish(1));
  process.on('SIGTERM', () => finish(2));
  process.stdout.write('Paused\n');
}

/** `agnhost liveness` on port 8080: `/healthz` is 200 `ok` for 10 s, then 500 `error: <seconds>`. */
export async function runLiveness(): Promise<void> {
  const started = Date.now();
  const mux = serveMux({
    '/started': (_req, res) => writeGo(res, 200, `${(Date.now() - started) / 1000}s`),
    '/healthz': (_req, res) => {
      const seconds = (Date.now() - started) / 1000;
      if (seconds > 10) return writeGo(res, 500, `error: ${seconds}`);
      writeGo(res, 200, 'ok');
    },
    '/redirect': (req, res) => {
      const loc = requestUrl(req).searchParams.get('loc') ?? '';
      res.setHeader('Location', loc);
      writeGo(res, 302);
    },
  });
  await serveUntilSignalled(mux, bindHost(), 8080, { signals: ['SIGTERM'] });
}

/** `agnhost porter`: serves each `SERVE_PORT_<n>` / `SERVE_TCP_PORT_<n>` value over HTTP, `SERVE_UDP_PORT_<n>` over UDP. */
export async function runPorter(flags: ParsedFlags): Promise<void> {
  const json = boolFlag(flags, 'json-response', false);
  const host = bindHost();
  for (const [key, value = ''] of Object.entries(process.env)) {
    const http = /^SERVE_(?:TCP_)?PORT_(\d+)$/.exec(key);
    const udp = /^SERVE_UDP_PORT_(\d+)$/.exec(key);
    if (http) {
      const port = http[1] ?? '';
      listenHttp(
        (req, res) => {
          if (!json) return writeGo(res, 200, value);
          res.setHeader('Content-Type', 'application/json');
          writeGo(res, 200, JSON.stringify({ Method: req.method, Body: value }));
        },
        host,
        Number(port),
      ).catch((err: Error) => logPrintf(`server on port "${port}" failed: ${err.message}`));
    } else if (udp) {
      const socket = createSocket('udp4');
      socket.on('message', (_msg, rinfo) => socket.send(value, rinfo.port, rinfo.address));
      socket.on('error', (err) => logPrintf(`UDP: failed to listen on port ${udp[1]}: ${err.message}`));
      socket.bind(Number(udp[1]), host, () => logPrintf(`Started UDP server on port ${udp[1]}`));
    }
  }
  setInterval(() => {}, 1 << 30);
}

/** `agnhost entrypoint-tester`: prints its whole argv as Go prints a slice, then exits 0. */
export function runEntrypointTester(argv0: string, args: readonly string[]): void {
  process.stdout.write(`[${[argv0, ...args].join(' ')}]\n`);
  process.exit(0);
}
