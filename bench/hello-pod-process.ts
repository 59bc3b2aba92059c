/** A stand-in hello-app pod for benchmarks: a plain Node HTTP server on a pod IP, port 8080, as its own process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

const helloServer = `
const http = require('node:http');
const [ip, name] = process.argv.slice(1);
const body = 'Hello, world!\\nVersion: 1.0.0\\nHostname: ' + name + '\\n';
http.createServer((req, res) => { res.setHeader('content-type', 'text/plain'); res.end(body); })
  .listen(8080, ip, () => process.send('ready'));
`;

/** Starts the server on `ip:8080` answering as pod `name`; resolves once it listens. */
export async function startHelloPodProcess(ip: string, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', helloServer, ip, name], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await once(child, 'message');
  return child;
}
