/**
 * The nginx image (`nginx`, `nginx:alpine`, `nginxinc/nginx-unprivileged`): a static site on port 80 (8080 for
 * the unprivileged image) serving `/usr/share/nginx/html` — the welcome page unless a volume is mounted there.
 * Port, root and index can come from a mounted config (nginx-config.ts). Logs as the image does: the entrypoint
 * lines and access log on stdout, notices on stderr. SIGTERM/SIGINT/SIGQUIT stop gracefully (exit 0); SIGHUP
 * re-reads the root and index.
 *
 * Ports below 1024 need root: when binding fails with EACCES it logs nginx's `bind() ... (13: Permission denied)`
 * and a hint, and exits 1. Run kubeling as root for nginx pods, or use nginx-unprivileged or a config with
 * another `listen` port.
 */
import { hostPathOf, mountsFromEnv } from '../container-mounts.js';
import { goLogTimestamp } from './go-log.js';
import { type GracefulServer, listenHttp, type RequestHandler } from './graceful-http.js';
import { MAIN_CONFIG, readNginxSite } from './nginx-config.js';
import { DEFAULT_HTML_FILES } from './nginx-pages.js';
import { type StaticSite, staticSiteHandler } from './nginx-static.js';
import { bindHost, programArgs } from './program-env.js';

const IMAGE_ROOT = '/usr/share/nginx/html';
const ERRNO: Readonly<Record<string, number>> = { EACCES: 13, EADDRINUSE: 98, EADDRNOTAVAIL: 99 };
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 };

const { meta, args } = programArgs();
const version = meta.version ?? '1.27.5';
const notice = (level: string, message: string): void => {
  process.stderr.write(`${goLogTimestamp()} [${level}] ${process.pid}#${process.pid}: ${message}\n`);
};

let configFile = MAIN_CONFIG;
let testOnly = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '-v' || arg === '-V') {
    process.stderr.write(`nginx version: nginx/${version}\n`);
    if (arg === '-V') process.stderr.write('built by kubeling (a built-in image: static files only)\n');
    process.exit(0);
  } else if (arg === '-t' || arg === '-T') {
    testOnly = true;
  } else if (arg === '-c') {
    configFile = args[++i] ?? configFile;
  } else if (arg === '-g' || arg === '-p' || arg === '-e') {
    i++;
  } else if (arg === '-s') {
    process.stderr.write(`${goLogTimestamp()} [notice] ${process.pid}#${process.pid}: signal process started\n`);
    process.stderr.write(
      `${goLogTimestamp()} [error] ${process.pid}#${process.pid}: invalid PID number "" in "/run/nginx.pid"\n`,
    );
    process.stderr.write(`nginx: [error] invalid PID number "" in "/run/nginx.pid"\n`);
    process.exit(1);
  } else if (arg !== '-q') {
    process.stderr.write(`nginx: invalid option: "${(arg ?? '').replace(/^-/, '')}"\n`);
    process.exit(1);
  }
}

const mounts = mountsFromEnv(process.env);
function currentSite(): { port: number; site: StaticSite } {
  const conf = readNginxSite(mounts, meta.port ?? 80, configFile);
  const hostDir = hostPathOf(conf.root, mounts);
  const root = hostDir !== undefined ? { hostDir } : { files: conf.root === IMAGE_ROOT ? DEFAULT_HTML_FILES : {} };
  return { port: conf.port, site: { root, index: conf.index, version } };
}

if (testOnly) {
  currentSite();
  process.stderr.write(`nginx: the configuration file ${configFile} syntax is ok\n`);
  process.stderr.write(`nginx: configuration file ${configFile} test is successful\n`);
  process.exit(0);
}

if (meta.viaEntrypoint && !process.env.NGINX_ENTRYPOINT_QUIET_LOGS) {
  process.stdout.write(
    [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      '',
    ].join('\n'),
  );
}

let { port, site } = currentSite();
let handle = staticSiteHandler(site);
const handler: RequestHandler = (req, res) => handle(req, res);
let server: GracefulServer | undefined;
let stopping = false;

const stop = (): void => {
  stopping = true;
  void (server?.shutdown() ?? Promise.resolve()).then(() => {
    notice('notice', 'exit');
    process.exit(0);
  });
};
for (const signal of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    const verb = signal === 'SIGQUIT' ? 'shutting down' : 'exiting';
    notice('notice', `signal ${SIGNAL_NUMBERS[signal]} (${signal}) received, ${verb}`);
    stop();
  });
}
process.on('SIGHUP', () => {
  notice('notice', 'signal 1 (SIGHUP) received, reconfiguring');
  ({ site } = currentSite());
  handle = staticSiteHandler(site);
});

const host = bindHost();
try {
  server = await listenHttp(handler, host, port);
  server.server.keepAliveTimeout = 65_000;
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  const reason = `bind() to ${host}:${port} failed (${ERRNO[e.code ?? ''] ?? 0}: ${e.code === 'EACCES' ? 'Permission denied' : e.code === 'EADDRINUSE' ? 'Address already in use' : e.message})`;
  notice('emerg', reason);
  process.stderr.write(`nginx: [emerg] ${reason}\n`);
  if (e.code === 'EACCES') {
    process.stderr.write(
      `kubeling: port ${port} is below 1024 and needs root: run kubeling as root, use the image nginxinc/nginx-unprivileged (port 8080), or mount a config that listens on another port\n`,
    );
  }
  process.exit(1);
}
notice('notice', 'using the "epoll" event method');
notice('notice', `nginx/${version}`);
notice('notice', 'OS: Linux');
notice('notice', 'start worker processes');
notice('notice', `start worker process ${process.pid}`);
if (stopping) stop();
