/**
 * Command-line flags as Go programs read them (pflag/cobra for agnhost, the `flag` package for http-echo):
 * `-name=value`, `--name=value`, `--name value`, booleans as `--name` or `--name=false`, `--` ends the flags.
 */

export type FlagKind = 'string' | 'int' | 'bool' | 'duration';

export class FlagError extends Error {
  constructor(
    message: string,
    readonly flag: string,
  ) {
    super(message);
    this.name = 'FlagError';
  }
}

export interface ParsedFlags {
  /** Values of the flags given, as strings (`true`/`false` for booleans). */
  values: Map<string, string>;
  positional: string[];
}

/** Parses `args` against `spec` (flag name → kind); throws FlagError for unknown flags or missing values. */
export function parseFlags(args: readonly string[], spec: Readonly<Record<string, FlagKind>>): ParsedFlags {
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const kind = spec[name];
    if (kind === undefined) throw new FlagError(`unknown flag: ${arg.startsWith('--') ? '--' : '-'}${name}`, name);
    if (eq !== -1) {
      values.set(name, body.slice(eq + 1));
    } else if (kind === 'bool') {
      values.set(name, 'true');
    } else {
      const next = args[i + 1];
      if (next === undefined) throw new FlagError(`flag needs an argument: --${name}`, name);
      values.set(name, next);
      i++;
    }
  }
  return { values, positional };
}

/** An integer flag's value (or `fallback`); throws FlagError when it is not an integer. */
export function intFlag(flags: ParsedFlags, name: string, fallback: number): number {
  const raw = flags.values.get(name);
  if (raw === undefined) return fallback;
  if (!/^[-+]?\d+$/.test(raw)) throw new FlagError(`invalid argument "${raw}" for "--${name}" flag: parse error`, name);
  return Number(raw);
}

/** A boolean flag's value (or `fallback`); Go accepts 1, t, true, 0, f, false in any case. */
export function boolFlag(flags: ParsedFlags, name: string, fallback: boolean): boolean {
  const raw = flags.values.get(name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 't', 'true'].includes(raw)) return true;
  if (['0', 'f', 'false'].includes(raw)) return false;
  throw new FlagError(`invalid argument "${raw}" for "--${name}" flag: parse error`, name);
}

export function stringFlag(flags: ParsedFlags, name: string, fallback: string): string {
  return flags.values.get(name) ?? fallback;
}
