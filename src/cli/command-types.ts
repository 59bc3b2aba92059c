/** The shape every `kubeling` subcommand module shares: one file per command, each registering itself. */
import type { Command } from 'commander';
import type { CliContext } from './context.js';

/** Where a command's action leaves its exit code for `main` to return. */
export interface CommandResult {
  code: number;
}

/** Adds one subcommand to `program` (created with `program.command(...)`, so it inherits `exitOverride`). */
export type RegisterCommand = (program: Command, ctx: CliContext, result: CommandResult) => void;

/** Formats an "Examples:" help section. */
export function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}
