/**
 * Test fixture: a stand-in kubeling that starts containers with the process runtime, prints their pids as one
 * JSON line, and waits to be killed (the no-orphan test SIGKILLs it).
 * Usage: node --import tsx runtime-child.ts <stateDir> <logDir>
 */
import { join } from 'node:path';
import { createProcessRuntime } from '../process-runtime.js';

const [stateDir, logDir] = process.argv.slice(2) as [string, string];
const runtime = createProcessRuntime({ stateDir });
const env = { PATH: process.env.PATH ?? '' };
const server = `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', () => console.log('listening'))`;
const containers = await Promise.all([
  runtime.start({ file: 'sleep', args: ['1000'], env, cwd: '/', logPath: join(logDir, 'sleep.log') }),
  runtime.start({ file: process.execPath, args: ['-e', server], env, cwd: '/', logPath: join(logDir, 'server.log') }),
  // A container whose main process has a child of its own.
  runtime.start({ file: 'sh', args: ['-c', 'sleep 1000 & wait'], env, cwd: '/', logPath: join(logDir, 'tree.log') }),
]);
process.stdout.write(`${JSON.stringify(containers.map((c) => c.pid))}\n`);
setInterval(() => {}, 1000);
