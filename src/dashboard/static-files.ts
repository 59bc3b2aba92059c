/**
 * The web app's files (web/, plain ES modules: no build step) and the two libraries it imports, Preact and htm,
 * served from their installed packages under /vendor/ (the page's import map names them).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** /vendor/<file> → the package entry it is (resolved as an ES module import). */
const vendorModules: Record<string, string> = {
  'preact.mjs': 'preact',
  'preact-hooks.mjs': 'preact/hooks',
  'htm.mjs': 'htm',
};

/** Where web/ is: beside this file when run from source; from dist/, the source tree's copy. */
function webRoot(): string {
  const candidates = [new URL('./web/', import.meta.url), new URL('../../src/dashboard/web/', import.meta.url)];
  for (const c of candidates) {
    const dir = fileURLToPath(c);
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  throw new Error('dashboard: the web app (src/dashboard/web) was not found');
}

export interface StaticFile {
  contentType: string;
  body: Buffer;
}

export class StaticFiles {
  private readonly root = webRoot();

  /** A file of the web app by name (`index.html`, `app.js`), or undefined when there is none. */
  async app(name: string): Promise<StaticFile | undefined> {
    if (!/^[a-z0-9-]+\.(html|js|css|svg)$/.test(name)) return undefined;
    return this.read(join(this.root, name));
  }

  /** A vendored library module (`preact.mjs`, `preact-hooks.mjs`, `htm.mjs`). */
  async vendor(name: string): Promise<StaticFile | undefined> {
    const specifier = vendorModules[name];
    if (!specifier) return undefined;
    return this.read(fileURLToPath(import.meta.resolve(specifier)));
  }

  private async read(path: string): Promise<StaticFile | undefined> {
    try {
      const body = await readFile(path);
      return { contentType: contentTypes[extname(path)] ?? 'application/octet-stream', body };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}
