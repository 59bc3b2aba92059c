/**
 * exec and attach over WebSocket channels (kubectl >= 1.30 uses v5; other clients v4 or older): stdin 0, stdout 1,
 * stderr 2, error/status 3, resize 4. An empty message on the lowest output channel tells the client the session
 * is open; at the end the status goes on channel 3, then a close frame, and the server waits for the client to
 * close.
 */
import { PassThrough, type Writable } from 'node:stream';
import type { ContainerStdio } from './backend.js';
import {
  type CommandRunner,
  internalErrorStatus,
  type RemoteCommandOptions,
  ResizeFeed,
  type StreamStatus,
  statusBytes,
} from './remote-command.js';
import type { UpgradeContext } from './upgrade-request.js';
import { ChannelConnection } from './ws-channels.js';
import { acceptWebSocket, negotiateWebSocketProtocol } from './ws-upgrade.js';

export const remoteCommandWsProtocols = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v4.base64.channel.k8s.io',
  'channel.k8s.io',
  'base64.channel.k8s.io',
] as const;

const finishMs = 15 * 60_000;

/** Negotiates first (throws before anything is written), then returns the function that takes the connection. */
export function prepareRemoteCommandWs(
  ctx: UpgradeContext,
  options: RemoteCommandOptions,
  run: CommandRunner,
): () => Promise<void> {
  const protocol = negotiateWebSocketProtocol(ctx.req, remoteCommandWsProtocols);
  const jsonStatus = protocol.startsWith('v4.') || protocol.startsWith('v5.');
  return async () => {
    const ws = await acceptWebSocket(ctx, protocol);
    const conn = new ChannelConnection(ws, protocol.includes('base64') ? 'base64' : 'binary');
    const abort = new AbortController();
    void conn.closed.then(() => abort.abort());
    const stdio: ContainerStdio = { tty: options.tty, signal: abort.signal };

    if (options.stdin) {
      const stdin = new PassThrough();
      conn.onChannel(0, (data) => {
        if (!stdin.write(data)) {
          conn.pause();
          stdin.once('drain', () => conn.resume());
        }
      });
      conn.onCloseSignal((channel) => {
        if (channel === 0) stdin.end();
      });
      void conn.closed.then(() => stdin.end());
      stdio.stdin = stdin;
    }
    const feed = new ResizeFeed();
    conn.onChannel(4, (data) => feed.push(data));
    if (options.tty) stdio.onResize = feed.onResize;
    const outputs: Writable[] = [];
    if (options.stdout) {
      const stdout = conn.writer(1);
      stdio.stdout = stdout;
      outputs.push(stdout);
    }
    if (options.stderr) {
      const stderr = conn.writer(2);
      stdio.stderr = stderr;
      outputs.push(stderr);
    }
    await conn.send(options.stdout ? 1 : options.stderr ? 2 : 3, Buffer.alloc(0));

    let status: StreamStatus;
    try {
      status = await run(stdio);
    } catch (err) {
      status = internalErrorStatus(err instanceof Error ? err.message : String(err));
    }
    // Everything the command wrote goes out before the status.
    await Promise.all(outputs.map((w) => new Promise<void>((resolve) => w.end(() => resolve()))));
    await conn.send(3, statusBytes(status, jsonStatus));
    await conn.close(1000, finishMs);
  };
}
