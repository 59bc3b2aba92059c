/**
 * The kubelet endpoints the API server proxies to: `pods/log` reads the container's run chosen as the kubelet
 * does (`validateContainerLogStatus`): the running or last terminated run, or with `previous` the one before.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { notFound } from '../../api/status-error.js';
import { type LogStore, logSourceFor, resolveLogContainer } from '../logs/index.js';
import type { ContainerStdio, KubeletEndpoints, LogOptions } from '../node-types.js';
import { logRef, type PodObject } from './agent-context.js';
import type { ContainerRecord } from './container-record.js';

/** What the endpoints need from the running agent. */
export interface PodLookup {
  /** The pod with the status the agent would report now, and its container records; undefined when unknown. */
  find(
    namespace: string,
    name: string,
  ): { pod: PodObject; record(name: string): ContainerRecord | undefined } | undefined;
}

export function createKubeletEndpoints(lookup: () => PodLookup | undefined, logs: LogStore): KubeletEndpoints {
  return {
    async logs(namespace: string, name: string, options: LogOptions, out: NodeJS.WritableStream, signal: AbortSignal) {
      const found = lookup()?.find(namespace, name);
      if (!found) throw notFound({ group: '', resource: 'pods' }, name);
      const container = resolveLogContainer(found.pod, options.container || undefined);
      const source = logSourceFor(found.pod, container, options.previous ?? false);
      const rec = found.record(container);
      if (!rec) throw notFound({ group: '', resource: 'pods' }, name);
      const read = { ...options, container };
      if (source === 'current') {
        await logs.read(logRef(found.pod), rec.restartCount, { ...read, previous: false }, out, signal);
        return;
      }
      // The last terminated run: the latest one while the container waits to restart, else the one before.
      const lastRun = rec.state.waiting ? rec.restartCount : rec.restartCount - 1;
      await logs.read(logRef(found.pod), lastRun + 1, { ...read, previous: true }, out, signal);
    },

    exec(namespace, name, container, command, stdio) {
      const rec = lookup()?.find(namespace, name)?.record(container);
      if (!rec?.launch || !rec.running) return Promise.reject(new Error(`container ${container} is not running`));
      return runInteractive(rec.launch, command, stdio);
    },

    async attach(namespace, name, container, stdio) {
      const found = lookup()?.find(namespace, name);
      const rec = found?.record(container);
      if (!found || !rec?.process) throw new Error(`container ${container} is not running`);
      const proc = rec.process;
      if (stdio.stdin && proc.stdin) stdio.stdin.pipe(proc.stdin, { end: false });
      const out = stdio.stdout ?? stdio.stderr;
      const following = out
        ? logs.read(logRef(found.pod), rec.restartCount, { container, follow: true, tailLines: 0 }, out, stdio.signal)
        : Promise.resolve();
      await Promise.race([proc.exited, abortOf(stdio.signal)]);
      await Promise.race([following, new Promise((r) => setTimeout(r, 200))]);
    },

    portForward(namespace, name, port) {
      const found = lookup()?.find(namespace, name);
      const ip = found?.pod.status?.podIP;
      if (!ip) return Promise.reject(new Error(`pod ${name} has no IP`));
      return new Promise<Duplex>((resolve, reject) => {
        const socket = connect({ host: ip, port });
        socket.once('connect', () => resolve(socket));
        socket.once('error', (err: NodeJS.ErrnoException) => {
          const why = err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message;
          reject(new Error(`dial tcp ${ip}:${port}: ${why}`));
        });
      });
    },
  };
}

function abortOf(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * `kubectl exec`: the command as a host process with the container's environment and working directory,
 * mapped through its image like the container's own command. No pseudo-terminal (`-t` gets plain pipes).
 */
function runInteractive(
  launch: NonNullable<ContainerRecord['launch']>,
  command: string[],
  stdio: ContainerStdio,
): Promise<{ exitCode: number }> {
  let spec: ReturnType<typeof launch.image.processFor>;
  try {
    spec = launch.image.processFor({ command, args: undefined, env: launch.env, cwd: launch.cwd });
  } catch (err) {
    const detail = err instanceof Error ? ((err as { detail?: string }).detail ?? err.message) : String(err);
    return Promise.reject(
      new Error(`OCI runtime exec failed: exec failed: unable to start container process: ${detail}: unknown`),
    );
  }
  if (stdio.tty) {
    // No pty library is used (none installs without a native build here): say so rather than pretend.
    stdio.stdout?.write('kubeling: no pseudo-terminal in this runtime; the command runs with plain pipes\r\n');
  }
  return new Promise((resolve, reject) => {
    const child = spawn(spec.file, spec.args, {
      env: spec.env,
      cwd: spec.cwd,
      detached: true,
      stdio: [stdio.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    };
    stdio.signal.addEventListener('abort', kill, { once: true });
    if (stdio.stdin && child.stdin) {
      stdio.stdin.pipe(child.stdin);
      child.stdin.on('error', () => {});
    }
    if (stdio.stdout) child.stdout?.pipe(stdio.stdout, { end: false });
    const errOut = stdio.stderr ?? stdio.stdout;
    if (errOut) child.stderr?.pipe(errOut, { end: false });
    child.once('error', (err: NodeJS.ErrnoException) => {
      stdio.signal.removeEventListener('abort', kill);
      const why =
        err.code === 'ENOENT' ? `exec: "${command[0] ?? ''}": executable file not found in $PATH` : err.message;
      reject(new Error(`OCI runtime exec failed: exec failed: unable to start container process: ${why}: unknown`));
    });
    child.once('close', (code, signal) => {
      stdio.signal.removeEventListener('abort', kill);
      resolve({ exitCode: code ?? (signal === 'SIGKILL' ? 137 : 143) });
    });
  });
}
