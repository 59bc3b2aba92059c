/**
 * exec and attach over SPDY (kubectl 1.27–1.29, and the fallback of later versions), as the kubelet serves them:
 * the client opens one stream per `streamtype` (error, stdin, stdout, stderr, resize); once all expected streams
 * are there the command runs; at the end the status is written on the error stream, the output streams are
 * FINned, and the server waits for the client to close the connection (closing first could cut output still in
 * flight).
 */
import type { ContainerStdio } from './backend.js';
import {
  type CommandRunner,
  internalErrorStatus,
  type RemoteCommandOptions,
  ResizeFeed,
  type StreamStatus,
  statusBytes,
} from './remote-command.js';
import type { SpdySession } from './spdy-session.js';
import type { SpdyStream } from './spdy-stream.js';
import { acceptSpdy, negotiateStreamProtocol } from './spdy-upgrade.js';
import type { UpgradeContext } from './upgrade-request.js';

/** Sub-protocols in the server's order; v2 has no resize stream, v1 has no status JSON either. */
export const remoteCommandSpdyProtocols = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
] as const;

const streamTypes = ['error', 'stdin', 'stdout', 'stderr', 'resize'] as const;
type StreamType = (typeof streamTypes)[number];

/** How long the client may take to open its streams, and to close the connection after the status. */
const streamCreationMs = 30_000;
const finishMs = 15 * 60_000;

/** Negotiates first (throws before anything is written), then returns the function that takes the connection. */
export function prepareRemoteCommandSpdy(
  ctx: UpgradeContext,
  options: RemoteCommandOptions,
  run: CommandRunner,
): () => void {
  const protocol = negotiateStreamProtocol(ctx, remoteCommandSpdyProtocols);
  const withResize = options.tty && protocol !== 'v2.channel.k8s.io' && protocol !== 'channel.k8s.io';
  const jsonStatus = protocol === 'v5.channel.k8s.io' || protocol === 'v4.channel.k8s.io';
  const expected = new Set<StreamType>(['error']);
  if (options.stdin) expected.add('stdin');
  if (options.stdout) expected.add('stdout');
  if (options.stderr) expected.add('stderr');
  if (withResize) expected.add('resize');

  return () => {
    const streams = new Map<StreamType, SpdyStream>();
    let started = false;
    const session: SpdySession = acceptSpdy(ctx, protocol, (stream) => {
      const type = stream.header('streamtype') as StreamType | undefined;
      if (!type || !expected.has(type) || streams.has(type) || started) {
        stream.reset();
        return;
      }
      streams.set(type, stream);
      if (streams.size === expected.size) {
        started = true;
        clearTimeout(timer);
        void runCommand(session, streams, options.tty, run, jsonStatus);
      }
    });
    const timer = setTimeout(() => session.destroy(), streamCreationMs);
    timer.unref();
    session.on('close', () => clearTimeout(timer));
  };
}

async function runCommand(
  session: SpdySession,
  streams: Map<StreamType, SpdyStream>,
  tty: boolean,
  run: CommandRunner,
  jsonStatus: boolean,
): Promise<void> {
  const abort = new AbortController();
  session.once('close', () => abort.abort());
  const error = streams.get('error');
  error?.resume();
  const stdin = streams.get('stdin');
  const stdout = streams.get('stdout');
  const stderr = streams.get('stderr');
  const resize = streams.get('resize');
  for (const s of [stdout, stderr]) s?.resume();
  const feed = new ResizeFeed();
  resize?.on('data', (chunk: Buffer) => feed.push(chunk));
  const stdio: ContainerStdio = { tty, signal: abort.signal };
  if (stdin) stdio.stdin = stdin;
  if (stdout) stdio.stdout = stdout;
  if (stderr) stdio.stderr = stderr;
  if (resize) stdio.onResize = feed.onResize;

  let status: StreamStatus;
  try {
    status = await run(stdio);
  } catch (err) {
    status = internalErrorStatus(err instanceof Error ? err.message : String(err));
  }
  if (session.closed) return;
  // Input is over: drop what the client still sends. Output: FIN after everything written so far.
  stdin?.reset();
  resize?.reset();
  stdout?.end();
  stderr?.end();
  error?.end(statusBytes(status, jsonStatus));
  const timer = setTimeout(() => session.destroy(), finishMs);
  timer.unref();
  session.once('close', () => clearTimeout(timer));
}
