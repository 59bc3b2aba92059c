/**
 * The Google sample `hello-app` (GoogleCloudPlatform/kubernetes-engine-samples quickstarts/hello-app): answers
 * every path with `Hello, world!`, its version and the hostname, on `PORT` (default 8080). Logs as the Go
 * program does (stderr). On SIGTERM it stops gracefully and exits 0.
 */
import { requestUrl, serveMux, writeGo } from './go-http.js';
import { logFatal, logPrintf } from './go-log.js';
import { serveUntilSignalled } from './graceful-http.js';
import { bindHost, containerHostname, programArgs } from './program-env.js';

const { meta } = programArgs();
const version = meta.version ?? '1.0.0';
const port = process.env.PORT || '8080';

const handler = serveMux({
  '/': (req, res) => {
    logPrintf(`Serving request: ${requestUrl(req).pathname}`);
    writeGo(res, 200, `Hello, world!\nVersion: ${version}\nHostname: ${containerHostname()}\n`);
  },
});

logPrintf(`Server listening on port ${port}`);
const portNumber = Number(port);
if (!/^\d+$/.test(port) || portNumber > 65535) logFatal(`listen tcp: address ${port}: invalid port`);
serveUntilSignalled(handler, bindHost(), portNumber).catch((err: Error) =>
  logFatal(`listen tcp ${bindHost()}:${port}: bind: ${err.message}`),
);
