/** Process entry of the `kubeling` command (bin/kubeling.js imports the built copy; tests may run it with tsx). */
import { main } from './main.js';

const code = await main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
});
process.exitCode = code;
// Normally nothing is left and the process ends now; if a stray handle keeps it alive, do not hang.
setTimeout(() => process.exit(code), 2000).unref();
