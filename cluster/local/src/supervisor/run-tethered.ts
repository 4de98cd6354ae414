/**
 * `node run-tethered.ts <command> [args...]`: runs a program that is not Node (redis-server) so that it
 * too ends with the local cluster. This process loads lifeline.ts like every child (NODE_OPTIONS), and
 * its SIGTERM, from the lifeline or from the supervisor, is passed on to the program; it exits with the
 * program's status. Both share the supervisor's process group, so a SIGKILL to the group takes both.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: node run-tethered.ts <command> [args...]\n');
  process.exit(2);
}
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
child.once('error', (error) => {
  process.stderr.write(`${command}: ${error.message}\n`);
  process.exit(127);
});
child.once('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
