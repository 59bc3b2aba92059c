/**
 * The images kubeling ships: each maps image repositories (and tags) to an image config whose executables are
 * built-in programs or the host's tools. The configs mirror the real images' ENTRYPOINT, CMD and ENV.
 */
import { DEFAULT_PATH, type ImageConfig } from './image-config.js';
import type { ImageReference } from './image-reference.js';

interface BuiltinImage {
  /** Normalized repositories (`domain/path`) this image answers to. */
  repositories: readonly string[];
  /** Tags that exist (undefined: any tag). */
  tags?: readonly string[];
  config(ref: ImageReference): ImageConfig;
}

const NGINX_DEFAULT_VERSION = '1.27.5';
const HTTP_ECHO_DEFAULT_VERSION = '1.0.0';

/** `1.2.3` from a tag like `1.2.3`, `1.2.3-alpine`; `1.2` gives `1.2.0`; anything else gives `fallback`. */
function versionOfTag(tag: string | undefined, fallback: string): string {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag ?? '');
  return match ? `${match[1]}.${match[2]}.${match[3] ?? '0'}` : fallback;
}

const shellImage =
  (cmd: string[]): BuiltinImage['config'] =>
  () => ({
    entrypoint: [],
    cmd,
    env: { PATH: DEFAULT_PATH },
    files: { '/bin/busybox': { kind: 'exec' } },
    hostTools: true,
  });

const nginxConfig =
  (port: number | undefined): BuiltinImage['config'] =>
  (ref) => {
    const version = versionOfTag(ref.tag, NGINX_DEFAULT_VERSION);
    const meta = { version, ...(port === undefined ? {} : { port }) };
    return {
      entrypoint: ['/docker-entrypoint.sh'],
      cmd: ['nginx', '-g', 'daemon off;'],
      env: { PATH: DEFAULT_PATH, NGINX_VERSION: version },
      files: {
        '/docker-entrypoint.sh': { kind: 'exec', metaForProgram: { viaEntrypoint: true } },
        '/usr/sbin/nginx': { kind: 'program', program: 'nginx', meta },
        '/usr/sbin/nginx-debug': { kind: 'program', program: 'nginx', meta },
      },
      hostTools: true,
    };
  };

const pauseConfig: BuiltinImage['config'] = () => ({
  entrypoint: ['/pause'],
  cmd: [],
  env: {},
  files: { '/pause': { kind: 'program', program: 'pause' } },
  hostTools: false,
});

const BUILTIN_IMAGES: readonly BuiltinImage[] = [
  {
    repositories: ['gcr.io/google-samples/hello-app', 'us-docker.pkg.dev/google-samples/containers/gke/hello-app'],
    tags: ['1.0', '2.0'],
    config: (ref) => ({
      entrypoint: [],
      cmd: ['/hello-app'],
      env: { PATH: DEFAULT_PATH, PORT: '8080' },
      files: { '/hello-app': { kind: 'program', program: 'hello-app', meta: { version: `${ref.tag ?? '1.0'}.0` } } },
      // hello-app 1.0 and 2.0 ship on Alpine: `kubectl exec deploy/hello -- env` (or `sh`) works in them.
      hostTools: true,
    }),
  },
  {
    repositories: [
      'registry.k8s.io/e2e-test-images/agnhost',
      'k8s.gcr.io/e2e-test-images/agnhost',
      'gcr.io/kubernetes-e2e-test-images/agnhost',
    ],
    config: () => ({
      entrypoint: ['/agnhost'],
      cmd: ['pause'],
      env: { PATH: DEFAULT_PATH },
      files: {
        '/agnhost': { kind: 'program', program: 'agnhost' },
        '/agnhost-2': { kind: 'program', program: 'agnhost' },
      },
      hostTools: true,
    }),
  },
  {
    repositories: ['docker.io/hashicorp/http-echo'],
    config: (ref) => ({
      entrypoint: ['/http-echo'],
      cmd: [],
      env: { PATH: DEFAULT_PATH, ECHO_TEXT: 'hello-world' },
      files: {
        '/http-echo': {
          kind: 'program',
          program: 'http-echo',
          meta: { version: versionOfTag(ref.tag, HTTP_ECHO_DEFAULT_VERSION) },
        },
      },
      hostTools: false,
    }),
  },
  { repositories: ['docker.io/library/nginx'], config: nginxConfig(undefined) },
  { repositories: ['docker.io/nginxinc/nginx-unprivileged'], config: nginxConfig(8080) },
  {
    repositories: ['registry.k8s.io/pause', 'k8s.gcr.io/pause', 'gcr.io/google_containers/pause'],
    config: pauseConfig,
  },
  {
    repositories: [
      'docker.io/library/busybox',
      'registry.k8s.io/e2e-test-images/busybox',
      'k8s.gcr.io/e2e-test-images/busybox',
      'gcr.io/google-containers/busybox',
      'k8s.gcr.io/busybox',
    ],
    config: shellImage(['sh']),
  },
  { repositories: ['docker.io/library/alpine'], config: shellImage(['/bin/sh']) },
  { repositories: ['docker.io/library/ubuntu'], config: shellImage(['/bin/bash']) },
  { repositories: ['docker.io/library/debian'], config: shellImage(['bash']) },
  {
    repositories: ['docker.io/curlimages/curl'],
    config: () => ({
      entrypoint: ['/entrypoint.sh'],
      cmd: ['curl'],
      env: { PATH: DEFAULT_PATH },
      files: { '/entrypoint.sh': { kind: 'exec', defaultCommand: 'curl' } },
      hostTools: true,
    }),
  },
];

/** The config of the built-in image `ref` names, or undefined when kubeling has no such image (or tag). */
export function builtinImageConfig(ref: ImageReference): ImageConfig | undefined {
  const image = BUILTIN_IMAGES.find((i) => i.repositories.includes(ref.repository));
  if (image === undefined) return undefined;
  if (image.tags !== undefined && ref.tag !== undefined && !image.tags.includes(ref.tag)) return undefined;
  return image.config(ref);
}
