/**
 * Contracts between the parts of the node agent (the kubelet of kubeling): image resolution, the process runtime,
 * container logs, probes, and the kubelet endpoints the API server proxies to (logs, exec, attach, port-forward).
 * Each part lives in its own folder under src/node/ and depends only on these interfaces.
 */
import type { Duplex } from 'node:stream';
import type { Probe } from 'kubernetes-types/core/v1.js';

// ---------------------------------------------------------------------------------------------------------------
// Images

/** What to execute on the host for one container. */
export interface ProcessSpec {
  /** Executable (absolute path, or a name looked up in PATH). */
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface ContainerLaunch {
  /** `container.command` (overrides the image's ENTRYPOINT) and `container.args` (overrides its CMD). */
  command: string[] | undefined;
  args: string[] | undefined;
  /** The container's final environment (pod env, service links, POD_IP, HOSTNAME ...). */
  env: Record<string, string>;
  /** `container.workingDir` mapped to a real directory, or the pod's directory. */
  cwd: string;
}

/** A resolved image: turns a container's command/args into a host process, as a container runtime would. */
export interface Image {
  /** The normalized reference, e.g. `gcr.io/google-samples/hello-app:1.0`. */
  ref: string;
  /** `sha256:...`-like stable id reported as `imageID`. */
  id: string;
  processFor(launch: ContainerLaunch): ProcessSpec;
}

/** Raised when an image cannot be resolved: the pod shows ErrImagePull, then ImagePullBackOff. */
export class ImagePullError extends Error {
  constructor(
    readonly image: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImagePullError';
  }
}

export interface ImageResolver {
  /** Resolves an image reference (built-in or a local image added by the user); throws ImagePullError. */
  resolve(image: string): Promise<Image>;
}

// ---------------------------------------------------------------------------------------------------------------
// Process runtime

export interface ExitStatus {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Killed by the runtime for exceeding its memory limit. */
  oomKilled: boolean;
  finishedAt: Date;
}

export interface StartOptions extends ProcessSpec {
  /** File receiving the container's stdout and stderr (Kubernetes' CRI log format is up to the log store). */
  logPath: string;
  /** `resources.limits.memory` in bytes: above it the process is killed and reported OOMKilled. */
  memoryLimitBytes?: number;
  /** Keep stdin open for attach (`stdin: true`); otherwise stdin is /dev/null. */
  stdin?: boolean;
}

export interface ContainerProcess {
  pid: number;
  startedAt: Date;
  /** Resolves once when the process (and its process group) is gone. */
  exited: Promise<ExitStatus>;
  /** Sends a signal to the whole process group. */
  kill(signal: NodeJS.Signals): void;
  /** Resident memory in bytes (from /proc), or undefined once gone. */
  memoryBytes(): number | undefined;
  /** For attach: the process's stdin (undefined unless started with stdin). */
  stdin: NodeJS.WritableStream | undefined;
}

export interface ProcessRuntime {
  start(options: StartOptions): Promise<ContainerProcess>;
  /** Kills every process this runtime started (used on shutdown). */
  shutdown(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Logs

export interface LogOptions {
  container: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Probes

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

export interface ProbeTarget {
  podIP: string;
  /** Named container ports, for `port: http` in httpGet/tcpSocket. */
  namedPorts: ReadonlyMap<string, number>;
  /** Runs a command in the container's environment; resolves with its exit code and combined output. */
  exec(command: string[], timeoutMs: number): Promise<{ exitCode: number; output: string }>;
}

export interface ProbeOutcome {
  success: boolean;
  /** For failures, Kubernetes' wording, e.g. `Get "http://10.0.0.1:8080/healthz": dial tcp ...: connect: connection refused`. */
  message: string;
}

/** Runs one probe attempt (honouring timeoutSeconds). */
export type ProbeRunner = (probe: Probe, target: ProbeTarget) => Promise<ProbeOutcome>;

// ---------------------------------------------------------------------------------------------------------------
// Kubelet endpoints (the API server proxies pods/log, exec, attach and portforward to these)

/** A terminal size, as clients send it on the resize channel (`{"Width":80,"Height":24}`). */
export interface TerminalSize {
  width: number;
  height: number;
}

/** The client's end of an exec or attach session (src/apiserver/streaming serves the wire protocols). */
export interface ContainerStdio {
  /** What the client types; ends when the client closes its stdin. Absent unless the client asked for stdin. */
  stdin?: NodeJS.ReadableStream;
  /** The command's standard output (with `tty`, its terminal). Do not end it: the API server does. */
  stdout?: NodeJS.WritableStream;
  /** The command's standard error; absent with `tty` (a terminal has one output). */
  stderr?: NodeJS.WritableStream;
  /** Allocate a pseudo-terminal (`kubectl exec -t`). */
  tty: boolean;
  /** Registers a listener for terminal size changes (tty only); the last size received so far is replayed. */
  onResize?(listener: (size: TerminalSize) => void): void;
  /** Aborted when the client goes away: stop the command (exec) or detach (attach). */
  signal: AbortSignal;
}

export interface KubeletEndpoints {
  /** Streams a container's log; rejects with a StatusError (404 etc.) when there is nothing to read. */
  logs(
    namespace: string,
    pod: string,
    options: LogOptions,
    out: NodeJS.WritableStream,
    signal: AbortSignal,
  ): Promise<void>;
  /**
   * `kubectl exec`: runs `command` (argv, no shell) in the container, with the container's environment and
   * working directory. Resolves with the exit code once the command has exited AND all its output has been
   * written to `stdio.stdout`/`stdio.stderr` (wait for the child's 'close', not 'exit'). Kill it when
   * `stdio.signal` aborts. Rejects only when the command cannot be run at all; the client then sees
   * `Internal error occurred: error executing command in container: <message>`. The API server has already
   * checked that the pod exists, is bound, and that the container is running (per the pod's status).
   */
  exec(
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    stdio: ContainerStdio,
  ): Promise<{ exitCode: number }>;
  /**
   * `kubectl attach` / `kubectl run -i`: connects the client to the container's main process (its stdin when the
   * container has `stdin: true`, and its output from now on). Resolves when the process exits or when
   * `stdio.signal` aborts (the client detached). Rejects when the runtime cannot attach; the client then sees
   * `Internal error occurred: error attaching to container: <message>`.
   */
  attach(namespace: string, pod: string, container: string, stdio: ContainerStdio): Promise<void>;
  /**
   * `kubectl port-forward`: opens a TCP connection to `port` of the pod (on its pod IP) and resolves with it
   * once connected. Rejects when the connection is refused; the message is shown by kubectl on the error stream,
   * so use Go's wording where possible: `dial tcp 127.244.0.2:80: connect: connection refused`.
   */
  portForward(namespace: string, pod: string, port: number): Promise<Duplex>;
}
