/**
 * The part of nginx's configuration kubeling honours: the first `server` block's `listen` port, `root` and
 * `index`, read from config files mounted into the container (`/etc/nginx/nginx.conf` and the files it includes,
 * or `/etc/nginx/conf.d/*.conf`). Everything else in the files is ignored. Without mounted config the image's
 * default applies: port 80, root `/usr/share/nginx/html`, index `index.html index.htm`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { hostPathOf, type MountTable } from '../container-mounts.js';

export const MAIN_CONFIG = '/etc/nginx/nginx.conf';
const CONF_D = '/etc/nginx/conf.d';

export interface NginxSite {
  port: number;
  /** Container path of the document root. */
  root: string;
  index: string[];
  /** Config files read (container paths). */
  files: string[];
}

function readMounted(containerPath: string, mounts: MountTable): string | undefined {
  const host = hostPathOf(containerPath, mounts);
  if (host === undefined) return undefined;
  try {
    return readFileSync(host, 'utf8');
  } catch {
    return undefined;
  }
}

/** Container paths matched by an `include` pattern such as `/etc/nginx/conf.d/*.conf`, when mounted. */
function expandInclude(pattern: string, mounts: MountTable): string[] {
  const dir = posix.dirname(pattern);
  const host = hostPathOf(dir, mounts);
  if (host === undefined) return [pattern];
  const base = posix.basename(pattern);
  const matcher = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  try {
    return readdirSync(host)
      .filter((name) => matcher.test(name) && !name.startsWith('..'))
      .sort()
      .map((name) => posix.join(dir, name));
  } catch {
    return [];
  }
}

const stripComments = (text: string): string => text.replace(/#[^\n]*/g, '');

/** Reads the site from the mounted configuration, or the image's default. */
export function readNginxSite(mounts: MountTable, defaultPort: number, configFile = MAIN_CONFIG): NginxSite {
  const site: NginxSite = {
    port: defaultPort,
    root: '/usr/share/nginx/html',
    index: ['index.html', 'index.htm'],
    files: [],
  };
  const main = readMounted(configFile, mounts);
  const sources: string[] = [];
  if (main !== undefined) {
    site.files.push(configFile);
    sources.push(stripComments(main));
    for (const m of stripComments(main).matchAll(/\binclude\s+([^;\s]+)\s*;/g)) {
      for (const file of expandInclude(m[1] ?? '', mounts)) {
        const text = readMounted(file, mounts);
        if (text !== undefined) {
          site.files.push(file);
          sources.push(stripComments(text));
        }
      }
    }
  } else {
    for (const file of expandInclude(`${CONF_D}/*.conf`, mounts)) {
      const text = readMounted(file, mounts);
      if (text !== undefined) {
        site.files.push(file);
        sources.push(stripComments(text));
      }
    }
  }
  const all = sources.join('\n');
  const server = /\bserver\s*\{([\s\S]*)/.exec(all)?.[1];
  if (server === undefined) return site;
  const listen = /\blisten\s+(?:[^;\s]*:)?(\d+)[^;]*;/.exec(server);
  if (listen) site.port = Number(listen[1]);
  const root = /\broot\s+([^;\s]+)\s*;/.exec(server);
  if (root?.[1]) site.root = root[1].replace(/^["']|["']$/g, '');
  const index = /\bindex\s+([^;]+);/.exec(server);
  if (index?.[1]) site.index = index[1].trim().split(/\s+/);
  return site;
}
