/**
 * `kubeling image add|list|remove`: local images, i.e. image names mapped to a command on this machine, so a
 * user's own program runs as a pod (`kubeling image add myapp:dev --workdir ./app -- node server.js`, then
 * `kubectl create deployment myapp --image=myapp:dev`). They are kept per cluster in `<data-dir>/images.json`,
 * which the node agent re-reads when it changes (format: src/node/images/local-images.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../cluster/atomic-write.js';
import { DEFAULT_CLUSTER_NAME, findCluster } from '../cluster-target.js';
import { examples, type RegisterCommand } from '../command-types.js';
import { type CliContext, CliError } from '../context.js';
import { formatTable } from '../table.js';

/** Name of the local images file in a cluster's data dir (the node agent reads the same file). */
export const LOCAL_IMAGES_FILE = 'images.json';

export interface LocalImageEntry {
  name: string;
  command: string[];
  workdir: string;
  env: Record<string, string>;
  added: string;
}

const BUILTIN_IMAGES =
  'gcr.io/google-samples/hello-app:1.0|2.0, registry.k8s.io/e2e-test-images/agnhost, hashicorp/http-echo, nginx, ' +
  'nginxinc/nginx-unprivileged, registry.k8s.io/pause, busybox, alpine, ubuntu, debian, curlimages/curl';

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_NAME = new RegExp(
  `^(?:[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*(?::\\d+)?/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?$`,
);

/**
 * The name under which an image is listed: Docker Hub's defaults dropped, `:latest` added when no tag, so
 * `myapp`, `myapp:latest` and `docker.io/library/myapp:latest` are one image (as the node agent reads them).
 */
export function imageKey(name: string): string {
  if (name.includes('@')) throw new CliError(`invalid image name "${name}": local images are named by tag, not digest`);
  if (!IMAGE_NAME.test(name)) {
    const lower = name !== name.toLowerCase() ? ': repository names must be lowercase' : '';
    throw new CliError(`invalid image name "${name}"${lower}; use NAME[:TAG], e.g. myapp:dev`);
  }
  let key = name.replace(/^(?:index\.)?docker\.io\//, '').replace(/^library\/(?=[^/]+$)/, '');
  if (!/:[^/]+$/.test(key)) key += ':latest';
  return key;
}

interface ImagesFile {
  images: LocalImageEntry[];
}

async function readImages(file: string): Promise<ImagesFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { images: [] };
    throw err;
  }
  try {
    const doc = JSON.parse(text) as Partial<ImagesFile>;
    return { images: Array.isArray(doc.images) ? doc.images : [] };
  } catch {
    throw new CliError(`${file} is not valid JSON; fix or remove it`);
  }
}

const writeImages = (file: string, doc: ImagesFile): Promise<void> =>
  writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`, 0o644);

/** Quotes an argv for display as a shell would need it. */
const shellJoin = (argv: readonly string[]): string =>
  argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

async function imagesFile(ctx: CliContext, cluster: string): Promise<string> {
  return join((await findCluster(ctx, cluster)).dataDir, LOCAL_IMAGES_FILE);
}

interface AddFlags {
  cluster: string;
  workdir?: string;
  env?: string[];
}

export async function addImage(ctx: CliContext, name: string, command: string[], flags: AddFlags): Promise<number> {
  const key = imageKey(name);
  if (command.length === 0) throw new CliError(`missing command: kubeling image add ${name} -- COMMAND [ARGS...]`);
  const workdir = resolve(ctx.cwd, flags.workdir ?? '.');
  const info = await stat(workdir).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(`--workdir ${workdir} is not a directory`);
  const env: Record<string, string> = {};
  for (const pair of flags.env ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`invalid --env "${pair}": use KEY=VALUE`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const file = await imagesFile(ctx, flags.cluster);
  const doc = await readImages(file);
  const existing = doc.images.findIndex((i) => imageKey(i.name) === key);
  const entry: LocalImageEntry = { name: key, command, workdir, env, added: new Date().toISOString() };
  if (existing === -1) doc.images.push(entry);
  else doc.images[existing] = entry;
  await writeImages(file, doc);
  ctx.out(`image "${key}" ${existing === -1 ? 'added' : 'replaced'}: runs ${shellJoin(command)} in ${workdir}`);
  return 0;
}

export async function listImages(ctx: CliContext, flags: { cluster: string; output: string }): Promise<number> {
  if (flags.output !== 'table' && flags.output !== 'json') {
    throw new CliError(`unknown output format "${flags.output}": use table or json`);
  }
  const { images } = await readImages(await imagesFile(ctx, flags.cluster));
  if (flags.output === 'json') {
    ctx.out(JSON.stringify(images, null, 2));
    return 0;
  }
  if (images.length === 0) {
    ctx.out('no local images; add one with: kubeling image add NAME[:TAG] -- COMMAND [ARGS...]');
  } else {
    const rows = images.map((i) => [
      i.name,
      shellJoin(i.command),
      i.workdir,
      Object.entries(i.env ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '-',
    ]);
    ctx.out(formatTable(['NAME', 'COMMAND', 'WORKDIR', 'ENV'], rows));
  }
  ctx.out(`built-in images: ${BUILTIN_IMAGES}`);
  return 0;
}

export async function removeImage(ctx: CliContext, name: string, flags: { cluster: string }): Promise<number> {
  const key = imageKey(name);
  const file = await imagesFile(ctx, flags.cluster);
  const doc = await readImages(file);
  const kept = doc.images.filter((i) => imageKey(i.name) !== key);
  if (kept.length === doc.images.length) {
    throw new CliError(`no local image "${key}" in cluster "${flags.cluster}"; see: kubeling image list`);
  }
  await writeImages(file, { images: kept });
  ctx.out(`image "${key}" removed`);
  return 0;
}

const clusterOption = (command: Command): Command =>
  command.option('--cluster <name>', 'cluster whose local images to change', DEFAULT_CLUSTER_NAME);

export const registerImage: RegisterCommand = (program, ctx, result) => {
  const image = program
    .command('image')
    .description('local images: run your own programs as pods under an image name')
    .addHelpText(
      'after',
      `${examples([
        'kubeling image add myapp:dev --workdir ./app -- node server.js',
        'kubectl create deployment myapp --image=myapp:dev',
        'kubeling image list',
        'kubeling image remove myapp:dev',
      ])}\nBuilt-in images (no need to add): ${BUILTIN_IMAGES}\n`,
    );
  clusterOption(
    image
      .command('add <name> [command...]')
      .description('map an image name to a command (its ENTRYPOINT: container args are appended)')
      .option('--workdir <dir>', 'folder the command runs in (default: the current folder)')
      .option(
        '--env <KEY=VALUE>',
        'environment variable of the image (repeatable)',
        (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
      )
      .addHelpText(
        'after',
        examples([
          'kubeling image add myapp:dev -- node server.js',
          'kubeling image add api:1.0 --workdir ~/src/api --env PORT=8080 -- npm start',
        ]),
      ),
  ).action(async (name: string, command: string[], flags: AddFlags) => {
    result.code = await addImage(ctx, name, command, flags);
  });
  clusterOption(
    image
      .command('list')
      .alias('ls')
      .description('list local images')
      .option('-o, --output <format>', 'table or json', 'table'),
  ).action(async (flags: { cluster: string; output: string }) => {
    result.code = await listImages(ctx, flags);
  });
  clusterOption(image.command('remove <name>').alias('rm').description('remove a local image')).action(
    async (name: string, flags: { cluster: string }) => {
      result.code = await removeImage(ctx, name, flags);
    },
  );
};
