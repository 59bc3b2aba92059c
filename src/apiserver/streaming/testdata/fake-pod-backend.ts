/**
 * A stand-in for the node agent's streaming endpoints, for tests whose pods are made Running by a fake kubelet:
 * port-forward dials the pod IP the test serves on (127.244.x.y), exec spawns the command on the host (argv, no
 * shell) with `KUBELING_POD`/`KUBELING_CONTAINER` in its environment, attach is not supported.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { notFound } from '../../../api/status-error.js';
import type { ContainerStdio, KubeletEndpoints } from '../../../node/node-types.js';

/** Resolves a pod's IP (undefined when the pod has none). */
export type PodIpLookup = (namespace: string, pod: string) => Promise<string | undefined>;

const dialErrors: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
};

/** Connects like Go's net.Dial and words failures like it: `dial tcp 1.2.3.4:80: connect: connection refused`. */
export function dialTcp(host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      reject(new Error(`dial tcp ${host}:${port}: connect: ${dialErrors[err.code ?? ''] ?? err.message}`));
    });
  });
}

function runOnHost(namespace: string, pod: string, container: string, command: string[], stdio: ContainerStdio) {
  return new Promise<{ exitCode: number }>((resolve, reject) => {
    const [file, ...args] = command;
    if (!file) {
      reject(new Error('no command'));
      return;
    }
    const child = spawn(file, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, KUBELING_NAMESPACE: namespace, KUBELING_POD: pod, KUBELING_CONTAINER: container },
    });
    let failed = false;
    child.once('error', (err: NodeJS.ErrnoException) => {
      failed = true;
      reject(
        new Error(
          err.code === 'ENOENT' ? `exec: "${file}": executable file not found in $PATH` : `exec: ${err.message}`,
        ),
      );
    });
    child.stdin.on('error', () => {});
    if (stdio.stdin) stdio.stdin.pipe(child.stdin);
    else child.stdin.end();
    const out = stdio.stdout;
    const err = stdio.stderr ?? stdio.stdout;
    if (out) child.stdout.pipe(out, { end: false });
    else child.stdout.resume();
    if (err) child.stderr.pipe(err, { end: false });
    else child.stderr.resume();
    const kill = () => child.kill('SIGKILL');
    stdio.signal.addEventListener('abort', kill, { once: true });
    child.once('close', (code, signal) => {
      stdio.signal.removeEventListener('abort', kill);
      if (stdio.stdin) stdio.stdin.unpipe(child.stdin);
      if (!failed) resolve({ exitCode: code ?? (signal ? 137 : 1) });
    });
  });
}

export function fakePodBackend(podIP: PodIpLookup): KubeletEndpoints {
  return {
    async logs(_namespace, pod) {
      throw notFound({ group: '', resource: 'pods' }, pod);
    },
    exec: runOnHost,
    async attach() {
      throw new Error('the stand-in node does not support attach');
    },
    async portForward(namespace, pod, port) {
      const ip = await podIP(namespace, pod);
      if (!ip) throw new Error(`pod ${namespace}/${pod} has no IP`);
      return dialTcp(ip, port);
    },
  };
}
