/** What kubeling knows of an image: its OCI config (ENTRYPOINT, CMD, ENV, WORKDIR) and the files it implements. */

/** The built-in programs under programs/, each run as its own Node.js process. */
export type ProgramName = 'hello-app' | 'agnhost' | 'http-echo' | 'nginx' | 'pause';

/** Passed to a program as its first argument (JSON), before the container's own arguments. */
export interface ProgramMeta {
  /** argv[0] as the container gave it (`/agnhost`, `nginx` ...). */
  argv0: string;
  /** The image's version where the program prints one (hello-app, http-echo, nginx). */
  version?: string;
  /** Started through the image's entrypoint script (nginx logs the docker-entrypoint lines). */
  viaEntrypoint?: boolean;
  /** Default listen port where an image variant changes it (nginx-unprivileged listens on 8080). */
  port?: number;
}

/** An executable of the image that kubeling provides. */
export type ImageFile =
  /** A built-in program: `node <program script> <meta> <args...>`. */
  | { kind: 'program'; program: ProgramName; meta?: Omit<ProgramMeta, 'argv0'> }
  /**
   * An entrypoint script ending in `exec "$@"` (docker-entrypoint.sh, busybox as a multi-call binary): its arguments
   * are resolved as a new command. `defaultCommand` is put in front when the first argument is an option or not a
   * command (curlimages/curl's entrypoint); `metaForProgram` is merged into the meta of a program it starts.
   */
  | { kind: 'exec'; defaultCommand?: string; metaForProgram?: Omit<ProgramMeta, 'argv0'> };

export interface ImageConfig {
  entrypoint: readonly string[];
  cmd: readonly string[];
  /** ENV of the image (PATH included); the container's env overrides it. */
  env: Readonly<Record<string, string>>;
  /** Executables kubeling implements, by absolute path inside the image. */
  files: Readonly<Record<string, ImageFile>>;
  /**
   * Whether commands not among `files` run with the host's tools (`sh`, `sleep`, `wget` ...). False for images
   * without a shell (scratch, distroless): there such a command fails as it would in the real image.
   */
  hostTools: boolean;
  /** A host directory every process of the image starts in (local images' `--workdir`). */
  workingDir?: string;
}

/** The PATH of most Linux base images. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
