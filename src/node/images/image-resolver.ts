/**
 * The node agent's image "registry": turns an image reference into an `Image` whose `processFor` gives the host
 * process a container runs. Local images (`kubeling image add`, re-read when their file changes) come first, then
 * the built-in images; anything else fails like a pull of a missing image.
 *
 * What `processFor` returns, for the agent and runtime:
 * - `file`/`args`: a built-in program (`node` running programs/<name>) or a host executable resolved to an
 *   absolute path; throws `StartError` when the command cannot start (report `StartError`, exit code 128).
 * - `env`: the whole environment for the process: the image's ENV, overridden by `launch.env`, with the host's
 *   PATH appended to PATH (so host tools are found wherever this machine keeps them). Local images also get the
 *   user's HOME when the container sets none. Built-in servers bind `POD_IP` (0.0.0.0 when unset) and name
 *   themselves after `HOSTNAME`.
 * - Volume mounts: the agent sets `KUBELING_MOUNTS` in `launch.env` (see `MOUNTS_ENV` below).
 * - `cwd`: `launch.cwd`, except for a local image, which always starts in its `--workdir` (its files live there).
 * - The agent expands `$(VAR)` in command/args before calling `processFor`, as the kubelet does.
 */
import { createHash } from 'node:crypto';
import {
  type ContainerLaunch,
  type Image,
  ImagePullError,
  type ImageResolver,
  type ProcessSpec,
} from '../node-types.js';
import { builtinImageConfig } from './builtin-images.js';
import { containerArgv } from './container-command.js';
import { mountsFromEnv } from './container-mounts.js';
import { resolveExecutable } from './executable-lookup.js';
import { DEFAULT_PATH, type ImageConfig } from './image-config.js';
import { type ImageReference, InvalidReferenceError, parseImageReference } from './image-reference.js';
import { type LocalImage, LocalImageStore } from './local-images.js';
import { programInvocation } from './program-launch.js';

/**
 * `KUBELING_MOUNTS`: how a container learns where its volumes really are. The agent sets it in `launch.env` to
 * the JSON object `{ "<containerPath>": "<hostPath>" }` (absolute paths, one entry per volumeMount; build it with
 * `mountsEnv(mounts)`). Built-in images read it (nginx serves `/usr/share/nginx/html` from the mounted folder and
 * reads a mounted `/etc/nginx/conf.d`), and `processFor` maps an executable on a mount
 * (`command: ["/scripts/run.sh"]`), arguments naming mounted files, and mounted paths inside a shell's `-c`
 * script to host paths. Only this JSON form is read (no per-path variables).
 */
export { MOUNTS_ENV, mountsEnv } from './container-mounts.js';

export interface ImageResolverOptions {
  /** `<data-dir>/images.json` (see local-images.ts); without it only built-in images resolve. */
  localImagesFile?: string;
}

/** An image as kubeling resolved it. */
export interface ResolvedImage extends Image {
  config: ImageConfig;
  /** True for a local image (`kubeling image add`). */
  local: boolean;
}

/** An image name that is not a valid reference: Kubernetes reports `InvalidImageName` (no pull retries). */
export class InvalidImageNameError extends ImagePullError {
  readonly reason = 'InvalidImageName';
  constructor(image: string, cause: InvalidReferenceError) {
    super(image, `Failed to apply default image tag "${image}": ${cause.message}`);
    this.name = 'InvalidImageNameError';
  }
}

const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

function imageId(ref: ImageReference, identity: string): string {
  if (ref.digest?.startsWith('sha256:') && /^sha256:[a-f0-9]{64}$/.test(ref.digest)) return ref.digest;
  return sha256(identity);
}

/** Joins PATH lists, keeping the first of each directory. */
function mergePath(...lists: (string | undefined)[]): string {
  const dirs = lists.flatMap((l) => (l ?? '').split(':')).filter((d) => d !== '');
  return [...new Set(dirs)].join(':');
}

function localConfig(image: LocalImage): ImageConfig {
  return {
    entrypoint: image.command,
    cmd: [],
    env: image.env,
    files: {},
    hostTools: true,
    ...(image.workdir === undefined ? {} : { workingDir: image.workdir }),
  };
}

function createImage(ref: ImageReference, config: ImageConfig, local: boolean, identity: string): ResolvedImage {
  return {
    ref: ref.normalized,
    id: imageId(ref, identity),
    config,
    local,
    processFor(launch: ContainerLaunch): ProcessSpec {
      const env: Record<string, string> = { ...config.env, ...launch.env };
      if (local && env.HOME === undefined && process.env.HOME) env.HOME = process.env.HOME;
      env.PATH = mergePath(env.PATH ?? DEFAULT_PATH, process.env.PATH);
      const cwd = config.workingDir ?? launch.cwd;
      const argv = containerArgv(config, launch.command, launch.args);
      const exe = resolveExecutable(argv, { config, path: env.PATH.split(':'), cwd, mounts: mountsFromEnv(env) });
      const command = exe.kind === 'program' ? programInvocation(exe.program, exe.meta, exe.args) : exe;
      return { file: command.file, args: command.args, env, cwd };
    },
  };
}

function notFound(image: string, ref: ImageReference): ImagePullError {
  const name = ref.normalized;
  return new ImagePullError(
    image,
    `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${name}": ` +
      `failed to resolve reference "${name}": ${name}: not found. kubeling runs built-in images and local ones: ` +
      `to run a program of yours under this name, add it with "kubeling image add ${image} -- <command> [args...]"`,
  );
}

/** The resolver, answering with kubeling's richer `ResolvedImage`. */
export interface LocalAwareImageResolver extends ImageResolver {
  resolve(image: string): Promise<ResolvedImage>;
}

/** Creates the resolver; local images are read from `options.localImagesFile` whenever it changed. */
export function createImageResolver(options: ImageResolverOptions = {}): LocalAwareImageResolver {
  const store = new LocalImageStore(options.localImagesFile);
  return {
    async resolve(image: string): Promise<ResolvedImage> {
      let ref: ImageReference;
      try {
        ref = parseImageReference(image);
      } catch (err) {
        if (err instanceof InvalidReferenceError) throw new InvalidImageNameError(image, err);
        throw err;
      }
      const local = await store.get(ref.normalized);
      if (local !== undefined) {
        return createImage(ref, localConfig(local), true, `kubeling-local:${ref.normalized}:${JSON.stringify(local)}`);
      }
      const config = builtinImageConfig(ref);
      if (config === undefined) throw notFound(image, ref);
      return createImage(ref, config, false, `kubeling-builtin:${ref.normalized}`);
    },
  };
}
