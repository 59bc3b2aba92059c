/** What every `kubeling` command gets from its surroundings, so tests can run commands in-process. */
import { homedir } from 'node:os';
import type { ForegroundDeps } from './up-foreground.js';

export interface CliContext {
  env: NodeJS.ProcessEnv;
  /** The user's home folder (`$HOME`, else the OS's idea of it). */
  home: string;
  cwd: string;
  /** Writes text to standard output (a newline is added when missing). */
  out(text: string): void;
  /** Writes text to standard error (a newline is added when missing). */
  err(text: string): void;
  /** argv prefix that runs this same `kubeling` (used by `up --detach` to start the background process). */
  selfCommand: string[];
  /** Replaces the real cluster and OS signals of a foreground `kubeling up` (tests). */
  foreground?: ForegroundDeps;
}

/** An error meant for the user: main prints `error: <message>` and exits 1, without a stack trace. */
export class CliError extends Error {
  /** Extra lines printed after the message (a log tail, a hint). */
  readonly details: string[];
  constructor(message: string, details: string[] = []) {
    super(message);
    this.name = 'CliError';
    this.details = details;
  }
}

const withNewline = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);

/** The context of the running process. */
export function processContext(): CliContext {
  return {
    env: process.env,
    home: process.env.HOME || homedir(),
    cwd: process.cwd(),
    out: (text) => process.stdout.write(withNewline(text)),
    err: (text) => process.stderr.write(withNewline(text)),
    selfCommand: [process.execPath, ...process.execArgv, ...(process.argv[1] ? [process.argv[1]] : [])],
  };
}
