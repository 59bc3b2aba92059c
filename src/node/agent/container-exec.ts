/**
 * Runs a command "in" a container: a host process with the container's environment, working directory and
 * mount table, the command mapped through its image like a container's own command (so `cat /etc/config/x`
 * reads the mounted file and built-in tools resolve). Used by exec probes and exec lifecycle hooks.
 */
import { spawn } from 'node:child_process';
import type { ContainerLaunch, Image } from '../node-types.js';

/** At most this much combined output is kept. */
const maxOutputBytes = 64 * 1024;

export interface ExecResult {
  exitCode: number;
  output: string;
}

/** No answer within the timeout (`name` is `TimeoutError`, as exec probes expect). */
export class ExecTimeoutError extends Error {
  constructor(command: readonly string[]) {
    super(`command ${JSON.stringify(command.join(' '))} timed out`);
    this.name = 'TimeoutError';
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs `command` with the container's `env` and `cwd`; resolves its exit code and combined output. A command
 * that cannot start resolves exit code 126 with the runtime's message; a timeout kills it and rejects with
 * ExecTimeoutError.
 */
export function execInContainer(
  image: Image,
  base: Pick<ContainerLaunch, 'env' | 'cwd'>,
  command: readonly string[],
  timeoutMs: number,
): Promise<ExecResult> {
  let spec: ReturnType<Image['processFor']>;
  try {
    spec = image.processFor({ command: [...command], args: undefined, env: base.env, cwd: base.cwd });
  } catch (err) {
    const detail = err instanceof Error ? ((err as { detail?: string }).detail ?? err.message) : String(err);
    return Promise.resolve({
      exitCode: 126,
      output: `OCI runtime exec failed: exec failed: unable to start container process: ${detail}: unknown`,
    });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const child = spawn(spec.file, spec.args, {
      env: spec.env,
      cwd: spec.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      if (size >= maxOutputBytes) return;
      chunks.push(chunk.subarray(0, maxOutputBytes - size));
      size += chunk.length;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      killGroup(child.pid);
      reject(new ExecTimeoutError(command));
    }, timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const why =
        err.code === 'ENOENT' ? `exec: "${command[0] ?? ''}": executable file not found in $PATH` : err.message;
      resolve({
        exitCode: 126,
        output: `OCI runtime exec failed: exec failed: unable to start container process: ${why}: unknown`,
      });
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Leftovers of the command (background jobs) go with it, as they would with the exec session.
      killGroup(child.pid);
      const exitCode = code ?? (signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : 255);
      resolve({ exitCode, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}
