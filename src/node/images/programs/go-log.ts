/** Go's `log` package output: `2009/11/10 23:00:00 message` on stderr (containers run in UTC). */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY/MM/DD HH:MM:SS` in UTC, the prefix of Go's standard logger. */
export function goLogTimestamp(date = new Date()): string {
  return (
    `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

/** `log.Printf`: one line (a newline is added when missing). */
export function logPrintf(message: string): void {
  process.stderr.write(`${goLogTimestamp()} ${message}${message.endsWith('\n') ? '' : '\n'}`);
}

/** `log.Fatalf`: logs, then exits 1 (writes to pipes and files are synchronous on Linux, so the line is kept). */
export function logFatal(message: string): never {
  logPrintf(message);
  process.exit(1);
}
