/**
 * Loaded into every Node process the local cluster starts (`NODE_OPTIONS=--import <this file>`, set by
 * the supervisor), so a function's own code stays unaware of it: the process exits when the cluster
 * process is gone, however it went, SIGKILL included.
 *
 * The supervisor gives each child one end of a socket pair as file descriptor HELIOS_LIFELINE_FD and
 * keeps the other end, which no other process holds. The kernel closes that end when the cluster dies,
 * so the child reads end-of-file: no polling, no reliance on a signal reaching it, no PID that could be
 * reused. The child then SIGTERMs itself, so its own graceful shutdown runs, and exits regardless after
 * HELIOS_LIFELINE_GRACE_MS.
 *
 * The variable is removed from the environment once read: a process this one starts (a Next.js worker)
 * inherits NODE_OPTIONS and loads this module too, but without the variable it does nothing.
 */
import net from 'node:net';

const fd = Number(process.env['HELIOS_LIFELINE_FD']);
const graceMs = Number(process.env['HELIOS_LIFELINE_GRACE_MS'] ?? 5_000);
delete process.env['HELIOS_LIFELINE_FD'];

if (Number.isInteger(fd) && fd > 2) watch(fd);

function watch(fd: number): void {
  let lifeline: net.Socket;
  try {
    lifeline = new net.Socket({ fd, readable: true, writable: false });
  } catch (error) {
    // Not a socket: started by hand with the variable set. Run, but say so.
    process.stderr.write(`lifeline: descriptor ${fd} cannot be watched (${(error as Error).message})\n`);
    return;
  }
  // It must not keep the process alive, nor crash it: any end of the line means the parent is gone.
  lifeline.unref();
  const parentGone = () => {
    setTimeout(() => process.exit(0), graceMs).unref();
    process.kill(process.pid, 'SIGTERM');
  };
  lifeline.once('end', parentGone);
  lifeline.once('error', parentGone);
  lifeline.resume();
}
