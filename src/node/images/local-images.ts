/**
 * Local images: image names a user maps to a command on this machine (`kubeling image add myapp:dev --workdir
 * ./app -- node server.js`), so their own programs run as pods.
 *
 * File format (`<data-dir>/images.json`, written by `kubeling image add|remove`, read here):
 * `{ "images": [ { "name": "myapp:dev", "command": ["node", "server.js"], "workdir": "/abs/app",
 *    "env": { "K": "V" }, "added": "<RFC 3339>" } ] }`. `name` is as the user typed it (normalized when read);
 * `command` is the image's ENTRYPOINT (its CMD is empty, so a container's `args` are appended to it);
 * `workdir` is an absolute host directory where every process of the image starts; `env` is the image's ENV.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { parseImageReference } from './image-reference.js';

/** Name of the local images file inside a cluster's data dir. */
export const LOCAL_IMAGES_FILE = 'images.json';

export interface LocalImage {
  /** The name as added (e.g. `myapp:dev`). */
  name: string;
  command: string[];
  workdir: string | undefined;
  env: Record<string, string>;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function toLocalImage(entry: unknown): LocalImage | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { name, command, workdir, env } = entry as Record<string, unknown>;
  if (typeof name !== 'string' || !isStringArray(command) || command.length === 0) return undefined;
  const envEntries =
    typeof env === 'object' && env !== null ? Object.entries(env).filter(([, v]) => typeof v === 'string') : [];
  return {
    name,
    command,
    workdir: typeof workdir === 'string' && isAbsolute(workdir) ? workdir : undefined,
    env: Object.fromEntries(envEntries) as Record<string, string>,
  };
}

/** Parses the file's text into images keyed by normalized reference; invalid entries are skipped. */
export function parseLocalImages(text: string): Map<string, LocalImage> {
  const images = new Map<string, LocalImage>();
  const doc: unknown = JSON.parse(text);
  const list = typeof doc === 'object' && doc !== null ? (doc as { images?: unknown }).images : undefined;
  if (!Array.isArray(list)) return images;
  for (const entry of list) {
    const image = toLocalImage(entry);
    if (image === undefined) continue;
    try {
      images.set(parseImageReference(image.name).normalized, image);
    } catch {
      // A name that is not a valid reference can never be asked for.
    }
  }
  return images;
}

/** Reads the local images file, re-reading it only when its size or modification time changed. */
export class LocalImageStore {
  private images = new Map<string, LocalImage>();
  private version = '';

  constructor(private readonly file: string | undefined) {}

  /** The local image for a normalized reference, from the file as it is now. */
  async get(normalized: string): Promise<LocalImage | undefined> {
    await this.refresh();
    return this.images.get(normalized);
  }

  private async refresh(): Promise<void> {
    if (this.file === undefined) return;
    const info = await stat(this.file).catch(() => undefined);
    const version = info === undefined ? 'missing' : `${info.mtimeMs}:${info.size}:${info.ino}`;
    if (version === this.version) return;
    try {
      this.images = info === undefined ? new Map() : parseLocalImages(await readFile(this.file, 'utf8'));
      this.version = version;
    } catch {
      // Half-written or hand-edited badly: keep what was read last and try again next time.
    }
  }
}
