/** Kubernetes' rules for what a container runs: `command` replaces ENTRYPOINT (and drops CMD); `args` replaces CMD. */
import type { ImageConfig } from './image-config.js';

/**
 * A container whose command cannot start (no such executable, nothing to run). The node agent reports it as the
 * container runtime does: terminated with reason `StartError`, exit code 128, and this message.
 */
export class StartError extends Error {
  /** The runtime's short reason, e.g. `exec: "foo": executable file not found in $PATH`. */
  readonly detail: string;
  constructor(detail: string) {
    super(
      `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${detail}: unknown`,
    );
    this.name = 'StartError';
    this.detail = detail;
  }
}

/**
 * The argv a container runs, as containerd builds it from the image config and the container's command/args
 * (an empty list counts as unset, as in the CRI).
 */
export function containerArgv(
  config: Pick<ImageConfig, 'entrypoint' | 'cmd'>,
  command: readonly string[] | undefined,
  args: readonly string[] | undefined,
): string[] {
  const hasArgs = args !== undefined && args.length > 0;
  const argv =
    command !== undefined && command.length > 0
      ? [...command, ...(hasArgs ? args : [])]
      : [...config.entrypoint, ...(hasArgs ? args : config.cmd)];
  if (argv.length === 0) throw new StartError('no command specified');
  return argv;
}
