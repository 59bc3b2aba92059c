/**
 * The framework's logger: one line per message, `<time> <level> <message> key=value ...`, to stderr by default.
 * The level comes from `KUBELING_LOG` (`silent`, `error`, `info`, `debug`; default `error`), so tests and a
 * quiet `kubeling up` print only failures.
 */
import type { Logger } from './framework-types.js';

export type LogLevel = 'silent' | 'error' | 'info' | 'debug';

const rank: Record<LogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Receives each formatted line (without newline); defaults to stderr. */
  write?: (line: string) => void;
  /** Fields added to every line (e.g. `{ controller: 'deployment' }`). */
  fields?: Record<string, unknown>;
  now?: () => Date;
}

/** The level named by `KUBELING_LOG`, `error` when unset or unknown. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const v = env.KUBELING_LOG?.toLowerCase();
  return v === 'silent' || v === 'error' || v === 'info' || v === 'debug' ? v : 'error';
}

function formatValue(v: unknown): string {
  const s = v instanceof Error ? v.message : typeof v === 'string' ? v : JSON.stringify(v);
  return s !== undefined && /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s ?? String(v));
}

/** `key=value` pairs, quoted where needed. */
export function formatFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(' ');
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = rank[options.level ?? logLevelFromEnv()];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const base = options.fields ?? {};
  const emit = (name: string, message: string, fields: Record<string, unknown> | undefined) => {
    const rest = formatFields({ ...base, ...fields });
    write(`${now().toISOString()} ${name} ${message}${rest ? ` ${rest}` : ''}`);
  };
  return {
    info(message, fields) {
      if (level >= rank.info) emit('INFO', message, fields);
    },
    error(message, fields) {
      if (level >= rank.error) emit('ERROR', message, fields);
    },
  };
}

/** A logger adding `fields` to every line of `log` (any Logger). */
export function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  return {
    info: (message, more) => log.info(message, { ...fields, ...more }),
    error: (message, more) => log.error(message, { ...fields, ...more }),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { info() {}, error() {} };
