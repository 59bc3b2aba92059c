/**
 * `hashicorp/http-echo`: serves `-text` (or `ECHO_TEXT`) plus a newline on every path, `{"status":"ok"}` on
 * `/health`, on `-listen` (default `:5678`, the host part replaced by POD_IP when empty). Flags as Go's `flag`
 * package reads them; `-version` prints the version. On SIGTERM or SIGINT it shuts down gracefully (5 s at most)
 * and, like the real program, exits 2.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatGoDuration } from './go-duration.js';
import { FlagError, intFlag, parseFlags, stringFlag } from './go-flags.js';
import { requestUrl, writeGo } from './go-http.js';
import { goLogTimestamp, logFatal, logPrintf } from './go-log.js';
import { remoteAddr, serveUntilSignalled } from './graceful-http.js';
import { bindHost, programArgs } from './program-env.js';

const USAGE = `Usage of /http-echo:
  -listen string
    \taddress and port to listen (default ":5678")
  -status-code int
    \thttp response code, e.g.: 200 (default 200)
  -text string
    \ttext to put on the webpage
  -version
    \tdisplay version information
`;

const { meta, args } = programArgs();
const version = meta.version ?? '1.0.0';
let flags: ReturnType<typeof parseFlags>;
try {
  flags = parseFlags(args, { listen: 'string', text: 'string', version: 'bool', 'status-code': 'int' });
} catch (err) {
  if (!(err instanceof FlagError)) throw err;
  process.stderr.write(`flag provided but not defined: -${err.flag}\n${USAGE}`);
  process.exit(2);
}
if (flags.values.has('version') && flags.values.get('version') !== 'false') {
  process.stdout.write(`http-echo v${version} (kubeling)\nBuilt: kubeling built-in image\n`);
  process.exit(0);
}
const text = stringFlag(flags, 'text', '') || process.env.ECHO_TEXT || '';
if (text === '') {
  process.stderr.write('Missing -text option or ECHO_TEXT env var!\n');
  process.exit(127);
}
if (flags.positional.length > 0) {
  process.stderr.write('Too many arguments!\n');
  process.exit(127);
}
const status = intFlag(flags, 'status-code', 200);
const listen = stringFlag(flags, 'listen', ':5678');

function withAppHeaders(res: ServerResponse): void {
  res.setHeader('X-App-Name', 'http-echo');
  res.setHeader('X-App-Version', version);
}

function echo(req: IncomingMessage, res: ServerResponse): void {
  const started = process.hrtime.bigint();
  withAppHeaders(res);
  const body = `${text}\n`;
  writeGo(res, status, body);
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(
    `${goLogTimestamp()} ${req.headers.host ?? ''} ${remoteAddr(req)} "${req.method} ${requestUrl(req).pathname} ` +
      `HTTP/${req.httpVersion}" ${status} ${Buffer.byteLength(body)} "${req.headers['user-agent'] ?? ''}" ${formatGoDuration(elapsedMs)}\n`,
  );
}

const handler = (req: IncomingMessage, res: ServerResponse): void => {
  if (requestUrl(req).pathname === '/health') {
    withAppHeaders(res);
    writeGo(res, 200, '{"status":"ok"}\n');
    return;
  }
  echo(req, res);
};

const colon = listen.lastIndexOf(':');
const host = (colon === -1 ? '' : listen.slice(0, colon).replace(/^\[|\]$/g, '')) || bindHost();
const port = Number(colon === -1 ? listen : listen.slice(colon + 1));
logPrintf(`[INFO] server is listening on ${listen}`);
serveUntilSignalled(handler, host, port, {
  onSignal: () => logPrintf('[INFO] received interrupt, shutting down...'),
  exitCode: 2,
  timeoutMs: 5000,
}).catch((err: Error) => logFatal(`[ERR] server exited with: listen tcp ${listen}: bind: ${err.message}`));
