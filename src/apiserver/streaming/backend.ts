/**
 * What the streaming endpoints need from the node agent, and from the API server itself. The shapes mirror
 * `KubeletEndpoints` in src/node/node-types.ts (the API server may not import the node agent; TypeScript checks
 * the two agree where src/cluster wires them together).
 */
import type { Duplex } from 'node:stream';
import type { Pod } from 'kubernetes-types/core/v1.js';

/** A terminal size, as clients send it on the resize channel (`{"Width":80,"Height":24}`). */
export interface TerminalSize {
  width: number;
  height: number;
}

/** The client's end of an exec or attach session. */
export interface ContainerStdio {
  /** What the client types; ends when the client closes its stdin. Absent unless `stdin=true`. */
  stdin?: NodeJS.ReadableStream;
  /** The command's standard output (with `tty`, its terminal). Left open: the API server ends it. */
  stdout?: NodeJS.WritableStream;
  /** The command's standard error; absent with `tty` (a terminal has one output). */
  stderr?: NodeJS.WritableStream;
  /** Allocate a pseudo-terminal (`kubectl exec -t`). */
  tty: boolean;
  /** Registers a listener for terminal size changes (tty only); sizes that came before are replayed (the last). */
  onResize?(listener: (size: TerminalSize) => void): void;
  /** Aborted when the client goes away: stop the command (exec) or detach (attach). */
  signal: AbortSignal;
}

/** The node side of exec, attach and port-forward. */
export interface PodStreamingBackend {
  /**
   * Runs `command` in the container with the container's environment and working directory. Resolves with the
   * exit code once the command has exited and all its output was written to `stdout`/`stderr`. Rejects when the
   * command cannot be run at all; the message reaches the client as
   * `Internal error occurred: error executing command in container: <message>`.
   */
  exec(
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    stdio: ContainerStdio,
  ): Promise<{ exitCode: number }>;
  /**
   * Attaches to the container's main process (its stdin, if the container has `stdin: true`, and its output).
   * Resolves when the process exits or the client detaches (`stdio.signal`). Rejects when the runtime cannot
   * attach; the message reaches the client as `Internal error occurred: error attaching to container: <message>`.
   */
  attach(namespace: string, pod: string, container: string, stdio: ContainerStdio): Promise<void>;
  /**
   * Opens a TCP connection to `port` of the pod (its pod IP). Rejects when the pod refuses it; the message reaches
   * kubectl on the port-forward error stream (e.g. `dial tcp 10.0.0.1:80: connect: connection refused`).
   */
  portForward(namespace: string, pod: string, port: number): Promise<Duplex>;
}

/** What the streaming endpoints need from the API server. */
export interface StreamingDeps {
  /** Reads a pod; rejects with a NotFound StatusError when there is none. */
  getPod(namespace: string, name: string): Promise<Pod>;
  /** The node agent's endpoints; undefined until the node is up (requests then get 503). */
  backend(): PodStreamingBackend | undefined;
  /** How often an open port-forward checks that its pod is still there (ms, default 1000). */
  podCheckIntervalMs?: number;
}
