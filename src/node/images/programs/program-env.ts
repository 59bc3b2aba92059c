/** What every built-in program reads at start: its meta argument, the address to bind and its hostname. */
import { hostname as osHostname } from 'node:os';
import type { ProgramMeta } from '../image-config.js';

/** The program's meta (first argument, JSON) and the container's arguments after it. */
export function programArgs(argv: readonly string[] = process.argv): { meta: ProgramMeta; args: string[] } {
  const [, , rawMeta, ...args] = argv;
  let meta: ProgramMeta = { argv0: 'program' };
  try {
    const parsed: unknown = JSON.parse(rawMeta ?? '');
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as ProgramMeta).argv0 === 'string') {
      meta = parsed as ProgramMeta;
    }
  } catch {
    // Started by hand without meta: every argument is the container's.
    return { meta, args: argv.slice(2) };
  }
  return { meta, args };
}

/** The pod IP to listen on (`POD_IP`), or every address when unset. */
export function bindHost(): string {
  return process.env.POD_IP?.trim() || '0.0.0.0';
}

/** The container's hostname (the pod name, from `HOSTNAME`), as `os.Hostname()` reads in a real container. */
export function containerHostname(): string {
  return process.env.HOSTNAME?.trim() || osHostname();
}

/** `host:port` as Go's net.JoinHostPort writes it. */
export function joinHostPort(host: string, port: number | string): string {
  const plain = host.startsWith('::ffff:') && host.includes('.') ? host.slice('::ffff:'.length) : host;
  return plain.includes(':') ? `[${plain}]:${port}` : `${plain}:${port}`;
}
