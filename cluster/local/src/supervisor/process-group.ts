import { readdirSync, readFileSync } from 'node:fs';

/**
 * The live processes of a process group. On Linux it reads /proc and leaves zombies out: a child
 * orphaned by its shell is reaped by PID 1, which in a container may never do it, yet the process
 * is gone. Elsewhere it asks the kernel (signal 0) and answers [group] or [].
 */
export function liveProcessesInGroup(group: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return signalZero(group) ? [group] : [];
  }
  const live: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === group && state !== 'Z' && state !== 'X') live.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return live;
}

function signalZero(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}
