/**
 * What exec and attach share across transports: the query options, the terminal-resize feed, and the status the
 * kubelet writes on the error channel when the command is over (JSON for v4/v5; plain text, failures only, before).
 */
import { badRequest } from '../../api/status-error.js';
import type { ContainerStdio, TerminalSize } from './backend.js';

export interface RemoteCommandOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** Reads `stdin`, `stdout`, `stderr` and `tty` (`true`/`1`); with a tty there is no separate stderr. */
export function remoteCommandOptions(query: URLSearchParams): RemoteCommandOptions {
  const flag = (name: string) => {
    const v = query.get(name);
    return v === 'true' || v === '1';
  };
  const tty = flag('tty');
  const options = { stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr') && !tty, tty };
  if (!options.stdin && !options.stdout && !options.stderr) {
    throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  }
  return options;
}

/** The Status written on the error channel (metav1.Status; `kind` is left out as the kubelet does). */
export interface StreamStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason: string; message: string }[] };
  code?: number;
}

export const successStatus = (): StreamStatus => ({ metadata: {}, status: 'Success' });

/** A non-zero exit: kubectl prints `command terminated with exit code N` and exits N. */
export function exitStatus(exitCode: number, command: readonly string[]): StreamStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

export function internalErrorStatus(message: string): StreamStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    code: 500,
  };
}

/** The error-channel bytes: JSON for v4 and later; the bare message of a failure for older protocols. */
export function statusBytes(status: StreamStatus, jsonStatus: boolean): Buffer {
  if (jsonStatus) return Buffer.from(JSON.stringify(status));
  return Buffer.from(status.status === 'Success' ? '' : (status.message ?? ''));
}

/** Runs the command (or attaches) with the client's streams and says how it ended. */
export type CommandRunner = (stdio: ContainerStdio) => Promise<StreamStatus>;

/** Turns the resize channel's concatenated JSON objects into sizes for `ContainerStdio.onResize`. */
export class ResizeFeed {
  private text = '';
  private last: TerminalSize | undefined;
  private readonly listeners: ((size: TerminalSize) => void)[] = [];

  push(chunk: Buffer): void {
    this.text += chunk.toString('utf8');
    let depth = 0;
    let start = -1;
    let consumed = 0;
    for (let i = 0; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '{') {
        if (depth === 0) start = i;
        depth++;
      } else if (c === '}' && depth > 0) {
        depth--;
        if (depth === 0) {
          this.emit(this.text.slice(start, i + 1));
          consumed = i + 1;
        }
      }
    }
    this.text = this.text.slice(consumed);
    if (this.text.length > 4096) this.text = '';
  }

  readonly onResize = (listener: (size: TerminalSize) => void): void => {
    this.listeners.push(listener);
    if (this.last) listener(this.last);
  };

  private emit(json: string): void {
    try {
      const v = JSON.parse(json) as { Width?: unknown; Height?: unknown };
      if (typeof v.Width !== 'number' || typeof v.Height !== 'number') return;
      this.last = { width: v.Width, height: v.Height };
      for (const l of this.listeners) l(this.last);
    } catch {
      // not a size: ignore, as the kubelet's decoder would stop at it
    }
  }
}
